"""`scan` and `check` through CliRunner: exit codes 0-3, locations, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-project"


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def _assert_one_line_error(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("llmaudit: error: ")
    for needle in needles:
        assert needle in lines[0]


def test_demo_scan_offline_commercial_fails_only_the_noncommercial_model():
    result = _run("scan", str(DEMO), "--offline", "--policy", "commercial", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    verdicts = {m["id"]: m["verdict"] for m in report["models"]}
    assert verdicts["facebook/nllb-200-distilled-600M"] == "fail"
    assert verdicts["sentence-transformers/all-MiniLM-L6-v2"] == "pass"
    assert verdicts["meta-llama/Llama-3.1-8B-Instruct"] == "pass"
    assert len(verdicts) == 7
    for model in report["models"]:
        assert model["source"] == "builtin"
        assert model["license"]["source"] == "builtin"
        assert model["locations"], model["id"]
    chat = next(m for m in report["models"] if m["id"] == "meta-llama/Llama-3.1-8B-Instruct")
    assert {"path": "app/chat.py", "line": 10} in [
        {"path": loc["path"], "line": loc["line"]} for loc in chat["locations"]
    ]


def test_demo_table_names_model_location_license_and_reason():
    result = _run("scan", str(DEMO), "--offline", "--policy", "commercial")
    assert result.exit_code == 1
    out = result.stdout
    assert "facebook/nllb-200-distilled-600M" in out
    assert "cc-by-nc-4.0" in out
    assert "app/chat.py:10" in out
    assert "Built with Llama" in out
    assert "commercial-use" in out


def test_apache_model_under_commercial_exits_zero(tmp_path):
    (tmp_path / "app.py").write_text(
        "from sentence_transformers import SentenceTransformer\n"
        'm = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")\n'
    )
    result = _run("scan", str(tmp_path), "--offline", "--policy", "commercial")
    assert result.exit_code == 0, result.output


def test_unresolvable_model_offline_exits_three_never_zero(tmp_path):
    (tmp_path / "app.py").write_text(
        "from transformers import AutoModel\n"
        'AutoModel.from_pretrained("acme-internal/never-published-model")\n'
    )
    result = _run("scan", str(tmp_path), "--offline", "--policy", "commercial", "--format", "json")
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    (model,) = report["models"]
    assert model["id"] == "acme-internal/never-published-model"
    assert model["license"]["id"] == "unknown"
    assert model["findings"]
    assert report["errors"][0]["target"] == "acme-internal/never-published-model"


def test_check_named_models_offline():
    result = _run(
        "check",
        "google/gemma-2-9b-it",
        "facebook/nllb-200-distilled-600M",
        "--offline",
        "--policy",
        "commercial",
        "--format",
        "json",
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    licenses = {m["id"]: m["license"]["id"] for m in report["models"]}
    assert licenses == {
        "google/gemma-2-9b-it": "gemma",
        "facebook/nllb-200-distilled-600M": "cc-by-nc-4.0",
    }


def test_output_file_is_written_and_stdout_stays_quiet(tmp_path):
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    result = _run("scan", str(DEMO), "--offline", "--format", "json", "--output", str(target))
    assert result.exit_code in (0, 1), result.output
    assert json.loads(target.read_text())["schema"] == "llmaudit/report@2"
    assert result.stdout == ""
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["scan", "/no/such/folder"], "/no/such/folder"),
        (["check", "not a model id!"], "not a model id!"),
        (["check", "org/../../etc"], "org/../../etc"),
        (["scan", str(DEMO), "--offline", "--policy", "no-such-policy"], "no-such-policy"),
        (["identify", "/no/such/LICENSE"], "/no/such/LICENSE"),
        (["licenses", "no-such-license"], "no-such-license"),
    ],
    ids=[
        "missing-path",
        "malformed-id",
        "traversal-id",
        "unknown-policy",
        "missing-file",
        "unknown-license",
    ],
)
def test_bad_input_is_one_line_and_exit_two(args, needle):
    _assert_one_line_error(_run(*args), 2, needle)


@pytest.mark.parametrize(
    "content",
    [
        "name: broken\nrules: [unclosed\n",
        "- just\n- a list\n",
        "name: x\nrules:\n  no-such-rule: error\n",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    ],
    ids=["bad-yaml", "not-a-mapping", "unknown-rule", "yaml-bomb"],
)
def test_invalid_policy_file_is_one_line_and_exit_two(tmp_path, content):
    policy = tmp_path / "policy.yaml"
    policy.write_text(content)
    result = _run("scan", str(DEMO), "--offline", "--policy", str(policy))
    _assert_one_line_error(result, 2, "policy.yaml")


def test_more_outputs_than_formats_is_usage_error(tmp_path):
    result = _run(
        "scan",
        str(DEMO),
        "--offline",
        "--format",
        "json",
        "-o",
        str(tmp_path / "a.json"),
        "-o",
        str(tmp_path / "b.json"),
    )
    _assert_one_line_error(result, 2, "--output")


def test_output_format_inferred_from_suffix(tmp_path):
    target = tmp_path / "findings.sarif"
    result = _run("scan", str(DEMO), "--offline", "--policy", "commercial", "-o", str(target))
    assert result.exit_code == 1, result.output
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_error_line_escapes_control_characters():
    result = _run("check", "org/evil\nllmaudit: error: forged\x1b[2J")
    _assert_one_line_error(result, 2)
    assert "\x1b" not in result.stderr
    assert "\\n" in result.stderr
