"""Never silent: an unreachable Hub is said once on stderr and noted in the report; --ci fails."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.resolve import open_hub

APP = (
    "from transformers import AutoModelForCausalLM\n"
    'model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n'
)


@pytest.fixture(autouse=True)
def _short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run still retries a refused connection, 1 ms apart instead of the CLI's 0.25 s
    doubling (1.75 s of sleep per test): what is said and the exit code are the same."""
    monkeypatch.setitem(open_hub.__kwdefaults__, "backoff", 0.001)


def _closed_port_endpoint() -> str:
    """A loopback address nothing listens on: every connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _scan(tmp_path, *args: str):
    (tmp_path / "app.py").write_text(APP)
    return CliRunner().invoke(
        cli,
        ["scan", str(tmp_path), "--format", "json", *args],
        env={"HF_ENDPOINT": _closed_port_endpoint()},
    )


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("llmaudit: warning:")]


def test_unreachable_hub_is_one_stderr_line_and_a_report_note(tmp_path):
    result = _scan(tmp_path)
    assert result.exit_code == 0, result.output
    [warning] = _warnings(result)
    assert "the Hub at http://127.0.0.1:" in warning
    # the model and its base model (meta-llama/Llama-3.1-8B), both from the built-in table
    assert "2 model(s) checked with older facts (2 from built-in facts checked 20" in warning
    report = json.loads(result.stdout)
    assert [note["message"] for note in report["notes"]] == [
        warning.removeprefix("llmaudit: warning: ")
    ]
    [model] = report["models"]
    assert model["source"] == "builtin"


def test_ci_fails_closed_when_the_hub_is_unreachable(tmp_path):
    result = _scan(tmp_path, "--ci")
    assert result.exit_code == 3, result.output
    assert len(_warnings(result)) == 1
    errors = json.loads(result.stdout)["errors"]
    assert [e["target"] for e in errors] == ["meta-llama/Llama-3.1-8B-Instruct"]
    assert errors[0]["message"].startswith("--ci: the Hub could not be used (")


def test_offline_run_says_nothing_about_the_hub(tmp_path):
    result = _scan(tmp_path, "--offline")
    assert result.exit_code == 0, result.output
    assert _warnings(result) == []
    assert json.loads(result.stdout)["notes"] == []


def test_baseline_also_says_the_hub_was_unreachable(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    result = CliRunner().invoke(
        cli,
        ["baseline", str(tmp_path), "--output", str(tmp_path / "b.json")],
        env={"HF_ENDPOINT": _closed_port_endpoint()},
    )
    assert result.exit_code == 0, result.output
    assert len(_warnings(result)) == 1
