from __future__ import annotations

import dataclasses
import json

from llmaudit.models import Finding, Severity
from llmaudit.report import render
from tests.report.conftest import official_schema


def _validate(log):
    from jsonschema import Draft7Validator

    schema = official_schema("sarif-schema-2.1.0.json")
    return sorted(e.message for e in Draft7Validator(schema).iter_errors(log))


def _sarif(result):
    return json.loads(render(result, "sarif"))


def test_sample_validates_against_sarif_210_schema(sample_result):
    log = _sarif(sample_result)
    assert log["version"] == "2.1.0"
    assert _validate(log) == []


def test_results_only_for_warnings_failures_and_mentions(sample_result):
    results = _sarif(sample_result)["runs"][0]["results"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    notes = [(r["properties"]["subject"], r["ruleId"]) for r in results if r["level"] == "note"]
    assert notes == [("mistralai/Mistral-7B-v0.1", "license-unknown")]  # only mentioned
    assert all(r["ruleId"] != "threshold" for r in results)  # the INFO finding
    rules = [(r["properties"]["subject"], r["ruleId"]) for r in results]
    assert ("sentence-transformers/all-MiniLM-L6-v2", "commercial-use") not in rules
    assert ("facebook/nllb-200-distilled-600M", "commercial-use") in rules
    assert ("PyMuPDF", "package-license") in rules


def test_result_points_at_the_line_referencing_the_model(sample_result):
    results = _sarif(sample_result)["runs"][0]["results"]
    nc = next(r for r in results if r["ruleId"] == "commercial-use")
    physical = nc["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "app/translate.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 14}
    assert nc["level"] == "error"
    assert nc["message"]["text"].startswith("facebook/nllb-200-distilled-600M: cc-by-nc-4.0")


def test_rules_carry_help_and_indexes_match(sample_result):
    run = _sarif(sample_result)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["help"]["text"]
        assert rule["shortDescription"]["text"]


def test_model_level_finding_without_path_is_reported_at_every_reference(sample_result):
    model = sample_result.models[0]  # referenced in app/search.py:12 and config/models.yaml:4
    finding = Finding(rule="missing-card", severity=Severity.WARNING, message="no card")
    result = dataclasses.replace(
        sample_result, models=(dataclasses.replace(model, findings=(finding,)),), packages=()
    )
    places = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in _sarif(result)["runs"][0]["results"]
    ]
    assert places == ["app/search.py", "config/models.yaml"]


def test_waived_finding_is_suppressed_not_dropped(sample_result):
    results = _sarif(sample_result)["runs"][0]["results"]
    waived = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"][0]["justification"]) for r in waived] == [
        ("attribution", "waived by W-2026-007")
    ]


def test_fingerprints_are_stable_and_distinct(sample_result):
    results = _sarif(sample_result)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["llmauditFinding/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    assert prints == [
        r["partialFingerprints"]["llmauditFinding/v1"]
        for r in _sarif(sample_result)["runs"][0]["results"]
    ]


def test_notebook_reference_points_at_the_line_in_the_ipynb_file(sample_result):
    from llmaudit.models import Location

    model = sample_result.models[1]  # referenced from notebooks/eval.ipynb, cell index 2
    finding = Finding(
        rule="remote-code",
        severity=Severity.WARNING,
        message="runs code",
        path="notebooks/eval.ipynb",
        line=3,
    )
    placed = Location(path="notebooks/eval.ipynb", line=3, cell=2, file_line=41)
    ref = dataclasses.replace(model.ref, locations=(placed,))
    result = dataclasses.replace(
        sample_result,
        packages=(),
        models=(dataclasses.replace(model, ref=ref, findings=(finding,)),),
    )
    [entry] = _sarif(result)["runs"][0]["results"]
    assert entry["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "notebooks/eval.ipynb", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 41},
    }
    assert entry["message"]["text"].endswith("(notebook notebooks/eval.ipynb#cell3:3)")


def test_every_result_has_a_start_line(sample_result):
    results = _sarif(sample_result)["runs"][0]["results"]
    physical = [
        loc["physicalLocation"]
        for r in results
        for loc in r["locations"]
        if "physicalLocation" in loc
    ]
    assert len(physical) == len(results) > 3
    assert all(p["region"]["startLine"] >= 1 for p in physical)


def test_paths_are_relative_to_the_repository_top_level(sample_result):
    result = dataclasses.replace(sample_result, repository_path="services/app")
    log = _sarif(result)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert "services/app/app/translate.py" in uris
    assert all(uri.startswith("services/app/") for uri in uris)
    assert _validate(log) == []


def test_repeated_references_in_one_file_get_distinct_fingerprints(sample_result):
    from llmaudit.models import Location

    model = sample_result.models[0]
    ref = dataclasses.replace(
        model.ref, locations=(Location(path="a.py", line=3), Location(path="a.py", line=9))
    )
    finding = Finding(rule="missing-card", severity=Severity.WARNING, message="no card")
    audit = dataclasses.replace(model, ref=ref, findings=(finding,))
    result = dataclasses.replace(sample_result, models=(audit,), packages=())
    results = _sarif(result)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["llmauditFinding/v1"] for r in results]
    assert len(prints) == 2 and prints[0] != prints[1]
    moved = dataclasses.replace(
        ref, locations=(Location(path="a.py", line=30), Location(path="a.py", line=90))
    )
    again = dataclasses.replace(result, models=(dataclasses.replace(audit, ref=moved),))
    assert [
        r["partialFingerprints"]["llmauditFinding/v1"] for r in _sarif(again)["runs"][0]["results"]
    ] == prints


def test_rule_default_level_follows_the_policys_severity(sample_result):
    rules = {r.id: r for r in sample_result.rules}
    assert rules["license-conflict"].severity is Severity.WARNING  # commercial policy
    lowered = dataclasses.replace(
        sample_result,
        rules=tuple(
            dataclasses.replace(r, severity=Severity.INFO) if r.id == "commercial-use" else r
            for r in sample_result.rules
        ),
    )
    levels = {
        r["id"]: r["defaultConfiguration"]["level"]
        for r in _sarif(lowered)["runs"][0]["tool"]["driver"]["rules"]
    }
    assert levels["commercial-use"] == "note"
    assert levels["license-conflict"] == "warning"
    assert levels["license-unknown"] == "error"


def test_rule_help_is_the_rules_own_words(sample_result):
    from llmaudit.policy.rules import RULES

    for rule in _sarif(sample_result)["runs"][0]["tool"]["driver"]["rules"]:
        spec = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == spec.title
        assert rule["fullDescription"]["text"] == spec.summary
        assert spec.help in rule["help"]["text"]
        assert rule["properties"]["tags"] == list(spec.tags)
