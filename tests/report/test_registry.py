from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest

from llmaudit.errors import UsageError
from llmaudit.report import FORMATS, RenderContext, format_for_filename, get_renderer, render


@pytest.mark.parametrize(
    ("filename", "fmt"),
    [
        ("out/report.json", "json"),
        ("scan.sarif", "sarif"),
        ("scan.sarif.json", "sarif"),
        ("bom.cdx.json", "cyclonedx"),
        ("sbom.spdx.json", "spdx-json"),
        ("sbom.spdx", "spdx-tv"),
        ("REPORT.HTML", "html"),
        ("summary.md", "markdown"),
        ("junit.xml", "junit"),
        ("NOTICE", "notice"),
        ("dist/notice.txt", "notice"),
        ("report.txt", None),  # table or concise: the user must say
        ("report", None),
    ],
)
def test_file_name_selects_the_format(filename, fmt):
    assert format_for_filename(filename) == fmt


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_declared_suffix_selects_its_own_format(fmt):
    for suffix in FORMATS[fmt].suffixes:
        assert format_for_filename(f"dir/report{suffix}") == fmt


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
        shuffled[0],
        findings=tuple(reversed(shuffled[0].findings)),
        obligations=tuple(reversed(shuffled[0].obligations)),
    )
    other = dataclasses.replace(
        sample_result,
        models=tuple(reversed(shuffled)),
        packages=tuple(reversed(sample_result.packages)),
    )
    assert render(other, fmt) == render(sample_result, fmt)


def test_unknown_format_is_a_usage_error(sample_result):
    with pytest.raises(UsageError, match="unknown report format 'pdf'"):
        render(sample_result, "pdf")


def test_importing_the_report_package_stays_light():
    code = (
        "import sys, llmaudit.report; "
        "heavy = [m for m in ('jinja2', 'rich', 'spdx_tools', 'cyclonedx', 'jsonschema',"
        " 'requests', 'llmaudit.models') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_hooks_concise_output_does_not_load_rich(sample_result):
    code = (
        "import sys\nfrom tests.report.conftest import build_sample_result\n"
        "from llmaudit.report import render\n"
        "render(build_sample_result(), 'concise')\n"
        "print('rich' in sys.modules, 'jinja2' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "False False"
