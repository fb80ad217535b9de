"""The README's two set-up commands are the ones CI and a new user run."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    head = text[: text.index("## ")]  # the two commands come before the first section
    return re.findall(r"```sh\n(.+?)\n```", head)


def test_readme_starts_with_audit_command_then_test_command():
    audit, tests = _readme_commands()
    assert "llmaudit scan examples/demo-project --offline --policy commercial" in audit
    assert "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = _readme_commands()
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci_lines
