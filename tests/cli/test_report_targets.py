"""Several reports in one run (`-o FORMAT[=PATH]`), announced; option errors in one line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.errors import UsageError
from llmaudit.targets import OutputTarget, output_targets

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-project"


def _targets(formats=(), outputs=()):
    return output_targets(tuple(formats), tuple(outputs))


@pytest.mark.parametrize(
    ("formats", "outputs", "expected"),
    [
        ((), (), [("table", None)]),
        (("json",), (), [("json", None)]),
        (("json",), ("r.json",), [("json", "r.json")]),
        ((), ("findings.sarif",), [("sarif", "findings.sarif")]),
        ((), ("NOTICE.models",), [("notice", "NOTICE.models")]),
        (
            (),
            ("table", "sarif=a.sarif", "cyclonedx=bom.cdx.json"),
            [("table", None), ("sarif", "a.sarif"), ("cyclonedx", "bom.cdx.json")],
        ),
        (("table",), ("html=r.html",), [("html", "r.html"), ("table", None)]),
        (("junit",), ("out.txt", "table"), [("table", None), ("junit", "out.txt")]),
        ((), ("json=x=1.json",), [("json", "x=1.json")]),
        ((), ("report=v2.json",), [("json", "report=v2.json")]),
    ],
    ids=[
        "default-table",
        "format-stdout",
        "format-output-pair",
        "suffix-sarif",
        "notice-name",
        "sbom-style",
        "format-plus-named",
        "pair-plus-named",
        "equals-in-path",
        "non-format-prefix-is-a-path",
    ],
)
def test_output_targets(formats, outputs, expected):
    targets = _targets(formats, outputs)
    assert targets == tuple(OutputTarget(fmt=f, path=Path(p) if p else None) for f, p in expected)


@pytest.mark.parametrize(
    ("formats", "outputs", "needle"),
    [
        (("table", "sarif"), ("a.sarif",), "-o table -o sarif=PATH"),
        (("sarif", "html"), ("a.sarif", "r.html"), "-o sarif=PATH -o html=PATH"),
        (("json",), ("a.json", "b.json"), "-o FORMAT=PATH"),
        (("table", "concise"), (), "only one report can go to stdout"),
        ((), ("table", "json"), "only one report can go to stdout"),
        ((), ("sarif=",), "missing path"),
        ((), ("json=r.json", "sarif=r.json"), "r.json"),
        ((), ("report.unknown",), "-o FORMAT=report.unknown"),
    ],
    ids=[
        "two-formats-one-output",
        "pairs-by-position",
        "two-paths-one-format",
        "two-stdout-formats",
        "two-stdout-o",
        "empty-path",
        "same-path-twice",
        "no-suffix",
    ],
)
def test_ambiguous_or_conflicting_targets_are_usage_errors(formats, outputs, needle):
    with pytest.raises(UsageError) as raised:
        _targets(formats, outputs)
    assert needle in str(raised.value)


def test_several_reports_in_one_run_hold_their_formats(tmp_path):
    sarif, bom, junit = tmp_path / "audit.sarif", tmp_path / "bom.cdx.json", tmp_path / "j.xml"
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            str(DEMO),
            "--offline",
            "--policy",
            "commercial",
            "-o",
            "concise",
            "-o",
            f"sarif={sarif}",
            "-o",
            f"cyclonedx={bom}",
            "-o",
            f"junit={junit}",
        ],
    )
    assert result.exit_code == 1, result.output
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert json.loads(bom.read_text())["bomFormat"] == "CycloneDX"
    assert ET.fromstring(junit.read_text()).tag == "testsuites"
    assert result.stderr.splitlines() == [
        f"wrote {sarif} (SARIF 2.1.0)",
        f"wrote {bom} (CycloneDX 1.6 JSON)",
        f"wrote {junit} (JUnit XML)",
    ]
    assert result.stdout.splitlines()[-1].startswith("llmaudit: policy commercial: FAIL: ")


def test_files_only_run_ends_with_the_verdict_line_on_stderr(tmp_path):
    notice = tmp_path / "NOTICE"
    result = CliRunner().invoke(
        cli, ["scan", str(DEMO), "--offline", "--policy", "commercial", "-o", f"notice={notice}"]
    )
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"wrote {notice} (NOTICE text)",
        "llmaudit: policy commercial: FAIL: 7 model(s): 6 pass, 1 fail; 6 package(s): 6 pass"
        " (offline: cache and built-in facts only)",
    ]


def test_quiet_writes_without_announcing(tmp_path):
    target = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["scan", str(DEMO), "--offline", "-q", "-o", f"json={target}"])
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""
    assert target.is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["scan", "--bogus"], "No such option '--bogus'"),
        (["--bogus"], "No such option '--bogus'"),
        (["scan", "--format", "yaml"], "'yaml' is not one of"),
        (["check"], "Missing argument 'MODELS...'"),
        (["policy", "frob"], "No such command 'frob'"),
        (["scan", str(DEMO), "--offline", "--policy", ""], "--policy is empty"),
        (["baseline", str(DEMO), "--offline", "--policy", "  "], "--policy is empty"),
        (
            ["scan", str(DEMO), "--format", "table", "--format", "sarif", "--output", "x.sarif"],
            "-o table -o sarif=PATH",
        ),
    ],
    ids=[
        "unknown-option",
        "unknown-root-option",
        "bad-choice",
        "missing-argument",
        "unknown-subcommand",
        "empty-policy",
        "blank-policy-baseline",
        "positional-pairing",
    ],
)
def test_option_errors_are_one_line_and_exit_two(args, needle):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Usage:" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("llmaudit: error: ")
    assert needle in lines[0]


def test_problem_lines_say_the_model_once():
    result = CliRunner().invoke(
        cli, ["scan", str(DEMO), "--offline", "--policy", "commercial", "--format", "concise", "-v"]
    )
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()[:-1]
    assert any("facebook/nllb-200-distilled-600M is under " in line for line in lines)
    for line in lines:
        subject = line.split("] ", 1)[1].split(" ", 1)[0].rstrip(":")
        assert line.count(subject) == 1, line


def test_licenses_table_fits_columns():
    wide = CliRunner().invoke(cli, ["licenses"], env={"COLUMNS": "400"})
    narrow = CliRunner().invoke(cli, ["licenses"], env={"COLUMNS": "100"})
    assert wide.exit_code == narrow.exit_code == 0
    assert max(map(len, wide.stdout.splitlines())) > 100
    assert max(map(len, narrow.stdout.splitlines())) <= 100
    assert len(narrow.stdout.splitlines()) == len(wide.stdout.splitlines())
    assert "…" in narrow.stdout


def test_hook_output_shows_warnings_and_the_policy_when_it_passes():
    """The hook's concise output: a warning passes the commit (exit 0) but is still shown."""
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            "--format",
            "concise",
            "--files",
            "--offline",
            str(DEMO / "notebooks" / "translate-replies.ipynb"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(
        " warning [commercial-use] facebook/nllb-200-distilled-600M " in line for line in lines
    )
    assert lines[-1].startswith("llmaudit: policy default: WARN: ")


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_table_keeps_ids_and_paths_whole_when_there_is_room(columns):
    result = CliRunner().invoke(
        cli,
        ["scan", str(DEMO), "--offline", "--policy", "commercial"],
        env={"COLUMNS": str(columns), "NO_COLOR": "1"},
    )
    assert result.exit_code == 1, result.output
    table = result.stdout.split("\nWhy:")[0]
    assert max(map(len, table.splitlines())) <= columns
    assert "…" not in table  # 80 columns leave room for every id part and path part
    assert "translate-replies.ipynb" in table and "nllb-200-distilled-600M" in table
