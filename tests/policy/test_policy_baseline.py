"""Baselines: fingerprints ignore lines, known findings stop failing, bad files are errors."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from llmaudit.errors import ConfigError
from llmaudit.models import AuditResult, Finding, Location, Severity, Verdict
from llmaudit.policy import evaluate, load_policy, write_baseline
from llmaudit.policy.baseline import BASELINE_MARK, fingerprint, message_key
from llmaudit.settings import Settings
from tests.policy.policy_builders import model, write


def _result(models) -> AuditResult:
    return AuditResult(
        tool_version="0",
        policy="commercial",
        verdict=Verdict.FAIL,
        generated_at="2026-01-01T00:00:00Z",
        models=models,
    )


def test_fingerprint_ignores_path_line_case_and_numbers():
    a = Finding(
        rule="threshold",
        severity=Severity.ERROR,
        subject="Org/M",
        path="a.py",
        line=3,
        message="Your  users (800,000,000) exceed 700,000,000",
    )
    b = replace(
        a,
        subject="org/m",
        path="b.py",
        line=99,
        message="Your users (900,000,000) exceed 700,000,000",
    )
    assert fingerprint(a) == fingerprint(b)
    assert message_key(a.message) == "your users (#) exceed #"
    assert fingerprint(a) != fingerprint(replace(a, rule="attribution"))
    assert fingerprint(a) != fingerprint(replace(a, subject="org/other"))


def test_baseline_marks_known_findings_and_new_ones_still_fail(stub_kb, tmp_path):
    settings = Settings()
    policy = load_policy("commercial", settings)
    old = evaluate((model("cc-by-nc-4.0", model_id="a/old"),), (), policy, settings)
    path = tmp_path / "baseline.json"
    assert write_baseline(_result(old.models), path) == 2  # commercial-use + attribution
    moved = model("cc-by-nc-4.0", model_id="a/old", locations=(Location(path="x.py", line=80),))
    with_baseline = Settings(baseline=path)
    result = evaluate((moved, model("qwen-research", model_id="a/new")), (), policy, with_baseline)
    old_audit, new_audit = result.models
    assert old_audit.verdict is Verdict.PASS
    assert {f.waived_by for f in old_audit.findings} == {BASELINE_MARK}
    assert new_audit.verdict is Verdict.FAIL
    assert all(f.waived_by is None for f in new_audit.findings)


def test_baseline_file_is_sorted_json_without_lines(stub_kb, tmp_path):
    settings = Settings()
    evaluation = evaluate(
        (model("cc-by-nc-4.0"),), (), load_policy("commercial", settings), settings
    )
    path = tmp_path / "b.json"
    write_baseline(_result(evaluation.models), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["llmaudit_baseline"] == 1
    prints = [f["fingerprint"] for f in data["findings"]]
    assert prints == sorted(prints)
    assert all(set(f) == {"fingerprint", "rule", "subject", "message"} for f in data["findings"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{not json", "corrupted baseline", id="corrupt"),
        pytest.param('{"llmaudit_baseline": 99, "findings": []}', "version 99", id="other-version"),
        pytest.param('{"findings": []}', "not an llmaudit baseline", id="foreign"),
        pytest.param(
            '{"llmaudit_baseline": 1, "findings": [1]}', "corrupted baseline", id="entries"
        ),
        pytest.param("\xff\xfe", "corrupted baseline", id="binary"),
    ],
)
def test_bad_baseline_is_config_error(stub_kb, tmp_path, text, expected):
    path = write(tmp_path / "b.json", text)
    settings = Settings(baseline=path)
    with pytest.raises(ConfigError, match=expected):
        evaluate((model(),), (), load_policy("default", settings), settings)


def test_missing_baseline_is_config_error(stub_kb, tmp_path):
    settings = Settings(baseline=tmp_path / "nope.json")
    with pytest.raises(ConfigError, match="cannot read baseline"):
        evaluate((model(),), (), load_policy("default", settings), settings)
