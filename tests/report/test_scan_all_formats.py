"""One `llmaudit scan` of the example project writes every format, and each one validates."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.report import FORMATS
from tests.report.conftest import official_schema

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-project"
pytestmark = pytest.mark.slow

FILE_NAMES = {
    "table": "audit.txt",
    "json": "audit.json",
    "markdown": "audit.md",
    "html": "audit.html",
    "sarif": "audit.sarif",
    "junit": "audit.xml",
    "spdx-json": "sbom.spdx.json",
    "spdx-tv": "sbom.spdx",
    "cyclonedx": "sbom.cdx.json",
    "notice": "NOTICE",
    "concise": "problems.txt",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    if not DEMO.is_dir():
        pytest.skip("examples/demo-project is not present")
    out = tmp_path_factory.mktemp("reports")
    args = ["scan", str(DEMO), "--offline", "--policy", "commercial"]
    for fmt in FORMATS:
        args += ["-o", f"{fmt}={out / FILE_NAMES[fmt]}"]
    result = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1"})
    assert result.exit_code in (1, 3), result.output
    assert "Traceback" not in result.output
    announced = [line for line in result.stderr.splitlines() if line.startswith("wrote ")]
    assert len(announced) == len(FORMATS)
    assert f"wrote {out / 'audit.sarif'} (SARIF 2.1.0)" in announced
    assert result.stderr.splitlines()[-1].startswith("llmaudit: policy commercial: FAIL: ")
    return out


def test_every_format_was_written(reports):
    assert sorted(p.name for p in reports.iterdir()) == sorted(FILE_NAMES.values())


def test_json_validates_and_fails_only_the_noncommercial_model(reports):
    from jsonschema import Draft202012Validator

    from llmaudit.report.document import report_schema

    report = json.loads((reports / "audit.json").read_text())
    assert list(Draft202012Validator(report_schema()).iter_errors(report)) == []
    assert report["generated_at"] == "2026-01-01T00:00:00Z"
    verdicts = {m["id"]: m["verdict"] for m in report["models"]}
    assert verdicts["facebook/nllb-200-distilled-600M"] == "fail"
    assert verdicts["sentence-transformers/all-MiniLM-L6-v2"] == "pass"
    assert all(m["locations"] for m in report["models"])


def test_sboms_and_sarif_validate(reports):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from jsonschema import Draft7Validator
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    for name in ("sbom.spdx.json", "sbom.spdx"):
        assert validate_full_spdx_document(parse_file(str(reports / name))) == []
    cdx = (reports / "sbom.cdx.json").read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(cdx) is None
    sarif_schema = official_schema("sarif-schema-2.1.0.json")
    sarif = json.loads((reports / "audit.sarif").read_text())
    assert list(Draft7Validator(sarif_schema).iter_errors(sarif)) == []
    assert any(r["ruleId"] == "commercial-use" for r in sarif["runs"][0]["results"])


def test_human_formats_name_the_failing_model(reports):
    for name in ("audit.txt", "audit.md", "audit.html"):
        assert "facebook/nllb-200-distilled-600M" in (reports / name).read_text()
    assert "\x1b[" not in (reports / "audit.txt").read_text()
    notice = (reports / "NOTICE").read_text()
    assert (
        "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright \u00a9 "
        "Meta Platforms, Inc. All Rights Reserved."
    ) in notice
    assert "Built with Llama" in notice
    ET.fromstring((reports / "audit.xml").read_bytes())


def test_sarif_of_a_subfolder_scan_is_placed_from_the_repository_top(tmp_path):
    """Scanning services/app of a repository: paths GitHub code scanning can place, and the
    notebook finding on the .ipynb line of the cell line that loads the model."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    app = repo / "services" / "app"
    (app / "nb").mkdir(parents=True)
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Translate\n", "Uses NLLB."]},
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": [
                    "from transformers import pipeline\n",
                    'nllb = pipeline("translation", model="facebook/nllb-200-distilled-600M")',
                ],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1)
    (app / "nb" / "translate.ipynb").write_text(text, encoding="utf-8")
    out = tmp_path / "scan.sarif"
    run = CliRunner().invoke(
        cli,
        [
            "scan",
            str(app),
            "--offline",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--policy",
            "commercial",
            "--format",
            "sarif",
            "--output",
            str(out),
        ],
    )
    assert run.exit_code == 1, run.output
    log = json.loads(out.read_text())
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "commercial-use"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "services/app/nb/translate.ipynb"
    line = text.splitlines()[physical["region"]["startLine"] - 1]
    assert "facebook/nllb-200-distilled-600M" in line
    from jsonschema import Draft7Validator

    schema = official_schema("sarif-schema-2.1.0.json")
    assert list(Draft7Validator(schema).iter_errors(log)) == []
