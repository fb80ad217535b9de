"""SBOMs stay valid when a project repeats a model: two revisions, or a dataset with its id."""

from __future__ import annotations

import dataclasses
import json

import pytest

from llmaudit.models import Location, ModelRef, RefKind
from llmaudit.report import render
from tests.report.conftest import official_schema

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def _repeated_result(sample_result):
    """The sample with its first model also pinned at v1.2 elsewhere and loaded as a dataset."""
    unpinned = sample_result.models[0]
    pinned_ref = dataclasses.replace(
        unpinned.ref, revision="v1.2", locations=(Location(path="services/app/embed.py", line=8),)
    )
    pinned = dataclasses.replace(
        unpinned,
        ref=pinned_ref,
        facts=dataclasses.replace(unpinned.facts, revision="v1.2", sha=None),
    )
    dataset = ModelRef(
        id=MODEL, kind=RefKind.DATASET, locations=(Location(path="train/data.py", line=3),)
    )
    return dataclasses.replace(
        sample_result,
        models=(pinned, *sample_result.models),
        datasets=(*sample_result.datasets, dataset),
    )


def _spdx_errors(tmp_path, text, name):
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    document = parse_file(str(path))
    return document, [m.validation_message for m in validate_full_spdx_document(document)]


@pytest.mark.parametrize(("fmt", "name"), [("spdx-json", "bom.spdx.json"), ("spdx-tv", "bom.spdx")])
def test_spdx_has_one_valid_package_per_revision_and_kind(tmp_path, sample_result, fmt, name):
    result = _repeated_result(sample_result)
    text = render(result, fmt)
    assert text == render(result, fmt)
    document, errors = _spdx_errors(tmp_path, text, name)
    assert errors == []
    ids = sorted(p.spdx_id for p in document.packages if p.name == MODEL)
    assert ids == [
        "SPDXRef-Dataset-sentence-transformers-all-MiniLM-L6-v2",
        "SPDXRef-Model-sentence-transformers-all-MiniLM-L6-v2",
        "SPDXRef-Model-sentence-transformers-all-MiniLM-L6-v2-v1.2",
    ]
    uses = {
        r.related_spdx_element_id: r.comment
        for r in document.relationships
        if r.spdx_element_id == "SPDXRef-Project"
    }
    assert (
        uses["SPDXRef-Model-sentence-transformers-all-MiniLM-L6-v2-v1.2"]
        == "used at services/app/embed.py:8"
    )
    assert (
        uses["SPDXRef-Model-sentence-transformers-all-MiniLM-L6-v2"]
        == "used at app/search.py:12, config/models.yaml:4"
    )
    assert (
        uses["SPDXRef-Dataset-sentence-transformers-all-MiniLM-L6-v2"] == "used at train/data.py:3"
    )


def test_spdx_json_with_repeats_follows_the_official_schema(sample_result):
    from jsonschema import Draft7Validator

    data = json.loads(render(_repeated_result(sample_result), "spdx-json"))
    errors = Draft7Validator(official_schema("spdx-schema.json")).iter_errors(data)
    assert sorted(e.message for e in errors) == []


def test_pinned_fine_tune_descends_from_its_base_from_its_own_revision(tmp_path, sample_result):
    llama = sample_result.models[1]
    unpinned = dataclasses.replace(llama, ref=dataclasses.replace(llama.ref, revision=None))
    result = dataclasses.replace(sample_result, models=(unpinned, *sample_result.models))
    document, errors = _spdx_errors(tmp_path, render(result, "spdx-json"), "bom.spdx.json")
    assert errors == []
    descends = sorted(
        r.spdx_element_id
        for r in document.relationships
        if r.relationship_type.name == "DESCENDANT_OF"
    )
    assert descends == [
        "SPDXRef-Model-NousResearch-Hermes-3-Llama-3.1-8B",
        "SPDXRef-Model-NousResearch-Hermes-3-Llama-3.1-8B-896ea44",
    ]
    base = [p for p in document.packages if p.name == "meta-llama/Llama-3.1-8B"]
    assert len(base) == 1


def test_cyclonedx_with_repeats_is_strictly_valid_with_distinct_refs(sample_result):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    result = _repeated_result(sample_result)
    text = render(result, "cyclonedx")
    assert text == render(result, "cyclonedx")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    components = [c for c in json.loads(text)["components"] if c["name"] == MODEL]
    by_ref = {c["bom-ref"]: c for c in components}
    assert sorted(by_ref) == [f"dataset:{MODEL}", f"model:{MODEL}", f"model:{MODEL}@v1.2"]
    assert by_ref[f"dataset:{MODEL}"]["type"] == "data"
    assert by_ref[f"model:{MODEL}@v1.2"]["modelCard"]["bom-ref"] == f"model:{MODEL}@v1.2#model-card"
    assert by_ref[f"model:{MODEL}@v1.2"]["evidence"]["occurrences"] == [
        {"location": "services/app/embed.py", "line": 8}
    ]
    assert by_ref[f"dataset:{MODEL}"]["evidence"]["occurrences"] == [
        {"location": "train/data.py", "line": 3}
    ]
