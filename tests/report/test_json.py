from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from llmaudit.report import render

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "llmaudit" / "schemas" / "report-2.schema.json"


def test_packaged_schema_is_the_repo_file():
    from llmaudit.report.document import report_schema

    assert report_schema() == json.loads(SCHEMA_PATH.read_text())
    assert report_schema()["properties"]["schema"] == {"const": "llmaudit/report@2"}


@pytest.fixture(scope="module")
def validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _report(result):
    return json.loads(render(result, "json"))


def test_sample_report_validates_against_shipped_schema(sample_result, validator):
    errors = sorted(validator.iter_errors(_report(sample_result)), key=str)
    assert errors == []


def test_report_carries_contract_header(sample_result):
    report = _report(sample_result)
    assert report["schema"] == "llmaudit/report@2"
    assert report["tool"] == {"name": "llmaudit", "version": "0.1.0"}
    assert report["policy"] == "commercial"
    assert report["generated_at"] == "2026-01-02T03:04:05Z"
    assert report["verdict"] == "fail"


def test_every_model_appears_with_license_locations_and_verdict(sample_result):
    models = {m["id"]: m for m in _report(sample_result)["models"]}
    assert sorted(models) == sorted(m.ref.id for m in sample_result.models)
    apache = models["sentence-transformers/all-MiniLM-L6-v2"]
    assert apache["verdict"] == "pass"
    assert apache["license"] == {
        "id": "apache-2.0",
        "spdx": "Apache-2.0",
        "name": "Apache License 2.0",
        "source": "card",
        "confidence": 1.0,
    }
    assert apache["used"] is True
    assert apache["locations"] == [
        {"path": "README.md", "line": 8, "kind": "mention"},
        {"path": "app/search.py", "line": 12, "kind": "use"},
        {"path": "config/models.yaml", "line": 4, "kind": "use"},
    ]
    nc = models["facebook/nllb-200-distilled-600M"]
    assert nc["verdict"] == "fail"
    assert nc["findings"][0]["rule"] == "commercial-use"
    assert nc["findings"][0]["severity"] == "error"
    assert nc["files"]["unsafe_files"] == ["pytorch_model.bin"]


def test_unresolved_model_is_listed_as_unknown(sample_result):
    models = {m["id"]: m for m in _report(sample_result)["models"]}
    unresolved = models["acme-internal/support-router"]
    assert unresolved["source"] == "unresolved"
    assert unresolved["license"]["id"] == "unknown"
    assert [f["rule"] for f in unresolved["findings"]] == ["license-unknown"]


def test_schema_rejects_unresolved_model_with_a_known_license(sample_result, validator):
    report = _report(sample_result)
    unresolved = next(m for m in report["models"] if m["source"] == "unresolved")
    unresolved["license"]["id"] = "apache-2.0"
    assert list(validator.iter_errors(report))


def test_finetune_lists_lineage_obligations_and_waived_finding(sample_result):
    models = {m["id"]: m for m in _report(sample_result)["models"]}
    llama = models["NousResearch/Hermes-3-Llama-3.1-8B"]
    assert llama["base_models"] == ["meta-llama/Llama-3.1-8B"]
    assert llama["lineage"] == [
        {
            "id": "meta-llama/Llama-3.1-8B",
            "relation": "finetune",
            "depth": 1,
            "source": "builtin",
            "license": {
                "id": "llama3.1",
                "spdx": "LicenseRef-llama3.1",
                "name": "Llama 3.1 Community License Agreement",
                "source": "card",
                "confidence": 1.0,
            },
        }
    ]
    kinds = [o["kind"] for o in llama["obligations"]]
    assert kinds == ["attribution", "aup", "naming", "notice", "threshold"]
    assert llama["obligations"][-1]["inherited_from"] == "meta-llama/Llama-3.1-8B"
    waived = [f for f in llama["findings"] if f["waived_by"]]
    assert [(f["rule"], f["waived_by"]) for f in waived] == [("attribution", "W-2026-007")]
    assert llama["terms"]["notice"].startswith("Llama 3.1 is licensed under")


def test_packages_waivers_and_errors(sample_result):
    report = _report(sample_result)
    assert [(p["name"], p["verdict"], p["license"]["spdx"]) for p in report["packages"]] == [
        ("PyMuPDF", "fail", "AGPL-3.0-only"),
        ("transformers", "pass", "Apache-2.0"),
    ]
    assert report["waivers"][0]["expires"] == "2026-06-30"
    assert report["errors"] == [
        {
            "target": "acme-internal/support-router",
            "message": "not in the cache or built-in facts (offline)",
        }
    ]
    assert report["datasets"] == [
        {
            "id": "tatsu-lab/alpaca",
            "revision": None,
            "used": True,
            "locations": [{"path": "train/finetune.py", "line": 7, "kind": "use"}],
        }
    ]


def test_duplicate_locations_are_reported_once(sample_result):
    model = sample_result.models[0]
    doubled = dataclasses.replace(
        model,
        ref=dataclasses.replace(model.ref, locations=model.ref.locations + model.ref.locations),
    )
    result = dataclasses.replace(sample_result, models=(doubled,))
    assert len(_report(result)["models"][0]["locations"]) == len(model.ref.locations)


def test_empty_result_is_valid(sample_result, validator):
    empty = dataclasses.replace(
        sample_result, models=(), packages=(), datasets=(), errors=(), waivers=(), notes=()
    )
    report = _report(empty)
    assert list(validator.iter_errors(report)) == []
    assert report["summary"]["models"] == {"pass": 0, "warn": 0, "fail": 0}


@pytest.mark.parametrize(
    ("root", "expected"),
    [(None, "project"), ("examples/demo-project/", "demo-project"), ("C:\\work\\app", "app")],
)
def test_project_name(sample_result, root, expected):
    from llmaudit.report.document import project_name

    assert project_name(dataclasses.replace(sample_result, root=root)) == expected


def test_project_name_of_current_folder(sample_result, tmp_path, monkeypatch):
    from llmaudit.report.document import project_name

    monkeypatch.chdir(tmp_path)
    assert project_name(dataclasses.replace(sample_result, root=".")) == tmp_path.name


def test_mention_only_model_is_listed_unused_and_its_finding_does_not_count(sample_result):
    report = _report(sample_result)
    mentioned = {m["id"]: m for m in report["models"]}["mistralai/Mistral-7B-v0.1"]
    assert mentioned["used"] is False
    assert {loc["kind"] for loc in mentioned["locations"]} == {"mention"}
    assert mentioned["verdict"] == "pass"
    assert [(f["rule"], f["severity"], f["mention_only"]) for f in mentioned["findings"]] == [
        ("license-unknown", "error", True)
    ]
    assert report["summary"]["mention_only"] == 1
    assert all(e["target"] != mentioned["id"] for e in report["errors"])
