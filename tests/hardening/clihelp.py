"""Run the CLI in-process and check the one-line error contract."""

from __future__ import annotations

from click.testing import CliRunner, Result

from llmaudit.cli import cli


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke `llmaudit ARGS` with click's runner (stdout and stderr kept apart)."""
    return CliRunner().invoke(cli, list(args), env=env)


def assert_one_line_error(result: Result, code: int, *fragments: str) -> str:
    """Exit `code`, exactly one `llmaudit: error:` line on stderr, no traceback anywhere."""
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("llmaudit: error: ")
    assert "Traceback" not in result.output + result.stderr
    assert "unexpected" not in lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]
