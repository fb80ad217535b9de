from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest

from llmaudit.cli import FORMAT_NAMES
from llmaudit.errors import UsageError
from llmaudit.report import FORMATS, RenderContext, get_renderer, render

SUFFIXES = {"table": ".txt", "json": ".json", "markdown": ".md", "html": ".html",
            "sarif": ".sarif", "junit": ".xml", "spdx-json": ".spdx.json", "spdx-tv": ".spdx",
            "cyclonedx": ".cdx.json", "notice": ""}


def test_cli_format_choices_match_registry():
    assert tuple(FORMATS) == FORMAT_NAMES


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_sample_like_its_golden_file(fmt, sample_result, check_golden):
    renderer = get_renderer(fmt)
    assert renderer.name == fmt
    text = render(sample_result, fmt, RenderContext())
    assert text.endswith("\n")
    check_golden(f"sample.{fmt}", text)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_does_not_depend_on_input_order(fmt, sample_result):
    shuffled = list(sample_result.models)
    random.Random(7).shuffle(shuffled)
    shuffled[0] = dataclasses.replace(
        shuffled[0], findings=tuple(reversed(shuffled[0].findings)),
        obligations=tuple(reversed(shuffled[0].obligations)),
    )
    other = dataclasses.replace(sample_result, models=tuple(reversed(shuffled)),
                                packages=tuple(reversed(sample_result.packages)))
    assert render(other, fmt) == render(sample_result, fmt)


def test_unknown_format_is_a_usage_error(sample_result):
    with pytest.raises(UsageError, match="unknown report format 'pdf'"):
        render(sample_result, "pdf")


def test_importing_the_report_package_stays_light():
    code = ("import sys, llmaudit.report; "
            "heavy = [m for m in ('jinja2', 'rich', 'spdx_tools', 'cyclonedx', 'jsonschema',"
            " 'requests') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_hooks_concise_output_does_not_load_rich(sample_result):
    code = ("import sys\nfrom tests.report.conftest import build_sample_result\n"
            "from llmaudit.report import render\n"
            "render(build_sample_result(), 'concise')\n"
            "print('rich' in sys.modules, 'jinja2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False False"
