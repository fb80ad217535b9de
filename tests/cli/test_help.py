"""Every command answers --help, and the CLI's format list matches the report registry."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from llmaudit import __version__
from llmaudit.cli import FORMAT_NAMES, cli

COMMANDS = [
    [],
    ["scan"],
    ["check"],
    ["identify"],
    ["licenses"],
    ["policy"],
    ["policy", "list"],
    ["policy", "show"],
    ["policy", "validate"],
    ["baseline"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_help_exits_zero_and_describes_usage(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def test_version_prints_package_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_cli_format_choices_match_report_registry():
    from llmaudit.report import FORMATS

    assert set(FORMAT_NAMES) == set(FORMATS)
