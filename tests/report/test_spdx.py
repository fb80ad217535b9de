from __future__ import annotations

import dataclasses
import json

import pytest

from llmaudit.models import (
    FactSource,
    LicenseAssessment,
    LicenseDeclaration,
    LicenseFile,
    LicenseMatch,
    LicenseSource,
    LineageEntry,
    ModelFacts,
)
from llmaudit.report import render
from tests.report.conftest import official_schema


def _parse(tmp_path, result, fmt):
    from spdx_tools.spdx.parser.parse_anything import parse_file

    name = "bom.spdx.json" if fmt == "spdx-json" else "bom.spdx"
    path = tmp_path / name
    path.write_text(render(result, fmt), encoding="utf-8")
    return parse_file(str(path))


def _validate(document):
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    return [m.validation_message for m in validate_full_spdx_document(document)]


@pytest.mark.parametrize("fmt", ["spdx-json", "spdx-tv"])
def test_written_document_parses_back_and_validates(tmp_path, sample_result, fmt):
    document = _parse(tmp_path, sample_result, fmt)
    assert _validate(document) == []
    names = sorted(p.name for p in document.packages)
    assert names == sorted(
        [
            "demo-project",
            "acme-internal/support-router",
            "facebook/nllb-200-distilled-600M",
            "NousResearch/Hermes-3-Llama-3.1-8B",
            "sentence-transformers/all-MiniLM-L6-v2",
            "meta-llama/Llama-3.1-8B",
            "tatsu-lab/alpaca",
            "PyMuPDF",
            "transformers",
        ]
    )


def test_models_carry_huggingface_purls_and_licenses(tmp_path, sample_result):
    document = _parse(tmp_path, sample_result, "spdx-json")
    by_name = {p.name: p for p in document.packages}
    llama = by_name["NousResearch/Hermes-3-Llama-3.1-8B"]
    assert [r.locator for r in llama.external_references] == [
        "pkg:huggingface/NousResearch/Hermes-3-Llama-3.1-8B@"
        "896ea440e5a9e6070e3d8a2774daf2b481ab425b"
    ]
    assert str(llama.license_concluded) == "LicenseRef-llama3.1"
    assert "Built with Llama" in llama.attribution_texts
    assert str(by_name["facebook/nllb-200-distilled-600M"].license_concluded) == "CC-BY-NC-4.0"
    assert [r.locator for r in by_name["PyMuPDF"].external_references] == [
        "pkg:pypi/pymupdf@1.24.10"
    ]
    unknown = by_name["acme-internal/support-router"]
    assert str(unknown.license_concluded) == "NOASSERTION"


def test_relationships_describe_depend_and_descend(tmp_path, sample_result):
    document = _parse(tmp_path, sample_result, "spdx-json")
    ids = {p.spdx_id: p.name for p in document.packages}
    ids["SPDXRef-DOCUMENT"] = "DOCUMENT"
    edges = {
        (ids[r.spdx_element_id], r.relationship_type.name, ids[r.related_spdx_element_id])
        for r in document.relationships
    }
    assert ("DOCUMENT", "DESCRIBES", "demo-project") in edges
    assert ("demo-project", "DEPENDS_ON", "facebook/nllb-200-distilled-600M") in edges
    assert ("demo-project", "DEPENDS_ON", "PyMuPDF") in edges
    assert (
        "NousResearch/Hermes-3-Llama-3.1-8B",
        "DESCENDANT_OF",
        "meta-llama/Llama-3.1-8B",
    ) in edges
    assert ("demo-project", "DEPENDS_ON", "meta-llama/Llama-3.1-8B") not in edges


def _custom_license_result(sample_result, key, spdx, relation="finetune"):
    model = sample_result.models[0]
    match = LicenseMatch(
        key=key,
        spdx=spdx,
        name=f"The {key} license",
        source=LicenseSource.LICENSE_FILE,
        confidence=0.9,
    )
    facts = dataclasses.replace(
        model.facts,
        base_models=("org/base",),
        base_model_relation=relation,
        declaration=LicenseDeclaration(
            files=(
                LicenseFile(
                    path="LICENSE", text=f"{key} license text, verbatim.\n", sha256="1" * 64
                ),
            )
        ),
        ancestors=(ModelFacts(id="org/base", source=FactSource.HUB, base_models=("org/root",)),),
    )
    lineage = (
        LineageEntry(model_id="org/base", relation=relation, depth=1, license=match),
        LineageEntry(
            model_id="org/root",
            relation=None,
            depth=2,
            license=LicenseMatch(key="unknown", spdx="NOASSERTION", name="Unknown"),
        ),
    )
    audit = dataclasses.replace(
        model,
        facts=facts,
        license_info=None,
        lineage=lineage,
        assessment=LicenseAssessment(license=match),
    )
    return dataclasses.replace(sample_result, models=(audit,), packages=())


def test_custom_license_is_a_licenseref_with_the_model_license_text(tmp_path, sample_result):
    result = _custom_license_result(sample_result, "openrail++", "LicenseRef-openrail++")
    document = _parse(tmp_path, result, "spdx-tv")
    assert _validate(document) == []
    [extracted] = document.extracted_licensing_info
    assert extracted.license_id == "LicenseRef-openrail-plus-plus"
    assert extracted.extracted_text == "openrail++ license text, verbatim."
    names = {p.name: str(p.license_concluded) for p in document.packages}
    assert names["org/base"] == "LicenseRef-openrail-plus-plus"
    assert names["org/root"] == "NOASSERTION"


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        ("finetune", "DESCENDANT_OF"),
        ("adapter", "DESCENDANT_OF"),
        ("merge", "DESCENDANT_OF"),
        ("quantized", "GENERATED_FROM"),
    ],
)
def test_base_model_relation_maps_to_spdx_relationship(tmp_path, sample_result, relation, expected):
    result = _custom_license_result(sample_result, "mit", "MIT", relation)
    document = _parse(tmp_path, result, "spdx-json")
    ids = {p.spdx_id: p.name for p in document.packages}
    edges = {
        (ids.get(r.spdx_element_id), r.relationship_type.name, ids.get(r.related_spdx_element_id))
        for r in document.relationships
    }
    model = "sentence-transformers/all-MiniLM-L6-v2"
    assert (model, expected, "org/base") in edges
    assert ("org/base", "DESCENDANT_OF", "org/root") in edges


def test_namespace_is_derived_from_content(sample_result):
    first = json.loads(render(sample_result, "spdx-json"))["documentNamespace"]
    again = json.loads(render(sample_result, "spdx-json"))["documentNamespace"]
    changed = dataclasses.replace(sample_result, policy="default")
    other = json.loads(render(changed, "spdx-json"))["documentNamespace"]
    assert first == again != other
    assert (
        json.loads(render(sample_result, "spdx-json"))["creationInfo"]["created"]
        == "2026-01-02T03:04:05Z"
    )


def test_json_follows_the_official_spdx_23_schema(sample_result):
    from jsonschema import Draft7Validator

    schema = official_schema("spdx-schema.json")
    data = json.loads(render(sample_result, "spdx-json"))
    assert sorted(e.message for e in Draft7Validator(schema).iter_errors(data)) == []
    refs = [r["referenceCategory"] for p in data["packages"] for r in p.get("externalRefs", [])]
    assert set(refs) == {"PACKAGE-MANAGER"}
