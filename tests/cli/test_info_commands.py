"""`identify`, `licenses`, `policy` and `baseline` through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from llmaudit.cli import cli

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-project"


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_licenses_lists_the_knowledge_base():
    result = _run("licenses", "--format", "json")
    assert result.exit_code == 0
    keys = {entry["key"] for entry in json.loads(result.stdout)}
    assert len(keys) >= 80
    assert {"apache-2.0", "llama3.1", "gemma", "cc-by-nc-4.0", "mnpl", "deepseek"} <= keys


def test_licenses_key_shows_facts_with_sources():
    result = _run("licenses", "llama3.2")
    assert result.exit_code == 0
    assert "700" in result.stdout
    assert "multimodal" in result.stdout
    assert "https://www.llama.com/llama3_2/use-policy" in result.stdout


def test_identify_json_reports_license_and_unknown(tmp_path, corpus):
    prose = tmp_path / "notes.md"
    prose.write_text("# Release notes\n\nWe fixed the tokenizer and bumped the version.\n")
    result = _run(
        "identify", "--format", "json", str(corpus / "licenses" / "llama3.1.txt"), str(prose)
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["license"]["id"] for row in rows] == ["llama3.1", "unknown"]
    assert rows[0]["license"]["spdx"] == "LicenseRef-llama3.1"


def test_policy_list_names_every_shipped_policy():
    result = _run("policy", "list")
    assert result.exit_code == 0
    for name in ("default", "commercial", "eu-sovereign", "research", "strict"):
        assert name in result.stdout


def test_policy_validate_accepts_shipped_and_rejects_broken(tmp_path):
    ok = _run("policy", "validate", str(REPO / "policies" / "commercial.yaml"))
    assert ok.exit_code == 0, ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nrules:\n  commercial-use: sometimes\n")
    bad = _run("policy", "validate", str(broken))
    assert bad.exit_code == 2
    assert "broken.yaml" in bad.stderr
    assert "Traceback" not in bad.output


def test_baseline_then_scan_with_baseline_passes_known_findings(tmp_path):
    baseline = tmp_path / "baseline.json"
    made = _run("baseline", str(DEMO), "--offline", "--policy", "commercial", "-o", str(baseline))
    assert made.exit_code == 0, made.output
    rerun = _run(
        "scan", str(DEMO), "--offline", "--policy", "commercial", "--baseline", str(baseline)
    )
    assert rerun.exit_code == 0, rerun.output
    without = _run("scan", str(DEMO), "--offline", "--policy", "commercial")
    assert without.exit_code == 1
