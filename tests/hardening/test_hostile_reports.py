"""Hostile strings from a card reach every report format escaped, parseable and one field each."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from llmaudit.models import Discovery, ModelRef
from llmaudit.pipeline import audit_discovery
from llmaudit.report import RenderContext, render
from llmaudit.report.formats import FORMAT_NAMES
from llmaudit.settings import Settings

CARD = (
    "---\nlicense: other\n"
    'license_name: "<script>alert(1)</script> ]]> \\x1b[31mRED \\x00nul \\u202eevil"\n'
    'license_link: "javascript:alert(1)"\n'
    'base_model: "org/base\\nPackageName: injected"\n'
    'datasets: ["data\\x1b[2J\\x07", "d2|x\\n# heading"]\n---\n'
)


@pytest.fixture(scope="module")
def hostile_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "model"
    folder.mkdir()
    (folder / "README.md").write_text(CARD, encoding="utf-8")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    settings = Settings(
        root=folder.parent, offline=True, policy="commercial", cache_dir=folder.parent / "cache"
    )
    ref = ModelRef(id="model", local_path=str(folder))
    return audit_discovery(Discovery(models=(ref,)), settings)


def _render(result, fmt: str) -> str:
    return render(result, fmt, RenderContext(width=120))


def test_the_hostile_model_fails_and_keeps_its_strings(hostile_result):
    (audit,) = hostile_result.models
    assert audit.verdict.value == "fail"
    assert audit.assessment.license.is_unknown
    assert "\x1b" in "".join(d.id for d in audit.facts.datasets)  # the hostile data is there


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_no_format_passes_raw_control_characters_or_markup(hostile_result, fmt):
    text = _render(hostile_result, fmt)
    if fmt in ("json", "sarif", "spdx-json", "cyclonedx"):
        json.loads(text)  # still valid JSON: control characters are escaped
    if fmt in ("junit", "spdx-tv", "table"):
        assert "\x1b" not in text
    if fmt == "html":
        assert "<script>" not in text
        assert 'href="javascript:' not in text


def test_junit_stays_well_formed_xml(hostile_result):
    root = ET.fromstring(_render(hostile_result, "junit").encode("utf-8"))
    assert root.tag == "testsuites"
    assert "\ufffd" in ET.tostring(root, "unicode")  # the ESC was replaced, not dropped silently


def test_spdx_tag_value_has_one_field_per_line(hostile_result):
    text = _render(hostile_result, "spdx-tv")
    names = [line for line in text.splitlines() if line.startswith("PackageName:")]
    assert "PackageName: injected" not in names
    assert "PackageName: org/base PackageName: injected" in names
    assert not any(line.startswith("PackageName: injected") for line in text.splitlines())


def test_table_on_a_terminal_has_no_raw_escape_sequences(hostile_result):
    text = _render(hostile_result, "table")
    assert "\x1b[2J" not in text and "\x07" not in text
