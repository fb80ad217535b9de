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


def test_ci_lints_and_type_checks_before_the_tests_and_stops_on_failure():
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    _, tests = _readme_commands()
    assert "set -euo pipefail" in lines
    ruff = lines.index(".venv/bin/ruff check llmaudit tests scripts bench")
    mypy = lines.index(".venv/bin/mypy llmaudit")
    assert ruff < mypy < lines.index(tests)


def test_the_tools_ci_runs_are_in_the_test_extra():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    test_deps = " ".join(extra["project"]["optional-dependencies"]["test"])
    assert "ruff" in test_deps and "mypy" in test_deps and "pytest" in test_deps
