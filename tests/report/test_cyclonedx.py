from __future__ import annotations

import dataclasses
import json

import pytest

from llmaudit.report import render


def _bom(result):
    return json.loads(render(result, "cyclonedx"))


def _strict_errors(text):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)


def test_sample_bom_passes_strict_16_validation(sample_result):
    text = render(sample_result, "cyclonedx")
    assert _strict_errors(text) is None
    bom = json.loads(text)
    assert (bom["bomFormat"], bom["specVersion"]) == ("CycloneDX", "1.6")


def test_models_are_ml_components_with_purl_license_and_model_card(sample_result):
    components = {c["name"]: c for c in _bom(sample_result)["components"]}
    llama = components["NousResearch/Hermes-3-Llama-3.1-8B"]
    assert llama["type"] == "machine-learning-model"
    assert llama["purl"] == (
        "pkg:huggingface/NousResearch/Hermes-3-Llama-3.1-8B@"
        "896ea440e5a9e6070e3d8a2774daf2b481ab425b"
    )
    assert llama["licenses"][0]["license"]["name"] == "Llama 3.1 Community License Agreement"
    uses = llama["modelCard"]["considerations"]["useCases"]
    assert any("Built with Llama" in use for use in uses)
    assert any("inherited from meta-llama/Llama-3.1-8B" in use for use in uses)
    assert [a["name"] for a in llama["pedigree"]["ancestors"]] == ["meta-llama/Llama-3.1-8B"]
    apache = components["sentence-transformers/all-MiniLM-L6-v2"]
    assert apache["licenses"] == [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}]
    assert apache["modelCard"]["modelParameters"]["task"] == "sentence-similarity"


def test_unknown_license_is_left_out_not_guessed(sample_result):
    components = {c["name"]: c for c in _bom(sample_result)["components"]}
    unresolved = components["acme-internal/support-router"]
    assert "licenses" not in unresolved
    props = {p["name"]: p["value"] for p in unresolved["properties"]}
    assert props["llmaudit:license"] == "unknown"
    assert props["llmaudit:facts-source"] == "unresolved"


def test_packages_are_libraries_and_project_depends_on_everything(sample_result):
    bom = _bom(sample_result)
    pymupdf = next(c for c in bom["components"] if c["name"] == "PyMuPDF")
    assert (pymupdf["type"], pymupdf["purl"]) == ("library", "pkg:pypi/pymupdf@1.24.10")
    assert pymupdf["licenses"][0]["license"]["id"] == "AGPL-3.0-only"
    project = next(d for d in bom["dependencies"] if d["ref"] == "project")
    used = [m for m in sample_result.models if m.ref.used]  # not the model only mentioned
    assert len(used) == len(sample_result.models) - 1
    assert len(project["dependsOn"]) == (
        len(used) + len(sample_result.datasets) + len(sample_result.packages)
    )
    assert not any("Mistral" in ref for ref in project["dependsOn"])
    assert bom["metadata"]["component"]["name"] == "demo-project"


def test_serial_and_timestamp_are_reproducible(sample_result):
    first, second = _bom(sample_result), _bom(sample_result)
    assert first["serialNumber"] == second["serialNumber"]
    assert first["serialNumber"].startswith("urn:uuid:")
    assert first["metadata"]["timestamp"] == "2026-01-02T03:04:05+00:00"
    other = _bom(dataclasses.replace(sample_result, generated_at="2026-02-01T00:00:00Z"))
    assert other["serialNumber"] != first["serialNumber"]


@pytest.mark.parametrize(
    ("spdx", "kind"),
    [("MIT", "id"), ("Apache-2.0 OR MIT", "expression"), ("LicenseRef-deepseek", "name")],
)
def test_license_shapes(sample_result, spdx, kind):
    from llmaudit.models import LicenseAssessment, LicenseMatch, LicenseSource

    model = sample_result.models[0]
    match = LicenseMatch(
        key="x", spdx=spdx, name="Some license", source=LicenseSource.LICENSE_NAME, confidence=0.8
    )
    audit = dataclasses.replace(
        model, assessment=LicenseAssessment(license=match), license_info=None
    )
    text = render(dataclasses.replace(sample_result, models=(audit,), packages=()), "cyclonedx")
    assert _strict_errors(text) is None
    [component] = [
        c for c in json.loads(text)["components"] if c["type"] == "machine-learning-model"
    ]
    [entry] = component["licenses"]
    if kind == "expression":
        assert entry["expression"] == spdx
    else:
        assert kind in entry["license"]
