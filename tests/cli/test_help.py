"""Every command answers --help, and the CLI's format list matches the report registry."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from llmaudit import __version__
from llmaudit.cli import cli

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


def test_format_choices_come_from_the_format_table():
    from llmaudit.report.formats import FORMAT_TABLE

    formats = next(p for p in cli.commands["scan"].params if p.name == "formats")
    assert tuple(formats.type.choices) == tuple(f.name for f in FORMAT_TABLE)
