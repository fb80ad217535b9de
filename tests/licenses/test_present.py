"""format_license_table() and license_to_dict() for `llmaudit licenses [KEY]`."""

from __future__ import annotations

import json

from llmaudit.licenses import all_licenses, get_license
from llmaudit.licenses.present import format_license_detail, format_license_table, license_to_dict


def test_table_has_a_header_and_one_sorted_row_per_license():
    infos = all_licenses()
    lines = format_license_table(list(reversed(infos))).splitlines()
    assert lines[0].split() == ["KEY", "SPDX", "CATEGORY", "COMMERCIAL", "NAME"]
    assert len(lines) == len(infos) + 1
    keys = [line.split()[0] for line in lines[1:]]
    assert keys == sorted(keys)
    row = next(line for line in lines if line.startswith("llama3.2 "))
    assert row.split()[1:4] == ["LicenseRef-llama3.2", "community", "conditional"]


def test_license_to_dict_is_json_ready_with_sources_and_obligations():
    data = license_to_dict(get_license("llama3.2"))
    text = json.dumps(data)
    assert json.loads(text)["key"] == "llama3.2"
    assert data["commercial_use"] == "conditional"
    assert data["geographic"][0]["regions"] == ["EU"]
    assert data["geographic"][0]["scope"] == "multimodal"
    assert data["thresholds"][0]["limit"] == 700_000_000
    assert data["governing_law"]["region"] == "California"
    assert any("§2" in s for s in data["sources"])
    assert {o["kind"] for o in data["obligations"]} >= {"naming", "geographic"}


def test_format_license_detail_shows_facts_then_sources():
    text = format_license_detail(get_license("llama3.2"))
    assert text.startswith("Llama 3.2 Community License Agreement (llama3.2, LicenseRef-llama3.2)")
    assert "naming_prefix: Llama" in text
    assert "[geographic]" in text
    assert text.index("  sources:") > text.index("  obligations:")


def test_detail_lists_every_fact_field():
    from dataclasses import fields

    from llmaudit.licenses.present import _DETAIL_ORDER
    from llmaudit.models import LicenseInfo

    shown = set(_DETAIL_ORDER) | {"key", "name", "spdx", "sources"}
    # text_file names the knowledge base's own copy of the text: no reader can open it (#17)
    assert {f.name for f in fields(LicenseInfo)} - {"text_file"} <= shown
    assert "text_file" not in shown
