"""License expressions over the knowledge base (custom LicenseRef symbols for Hub keys)."""

from __future__ import annotations

import pytest

from llmaudit.licenses.knowledge import all_licenses
from llmaudit.licenses.spdx import (
    _parse_with,
    choose_component,
    kb_licensing,
    knowledge_base_id,
    looks_like_expression,
    parse_kb_expression,
    parse_spdx_expression,
    spdx_licensing,
)


def test_hub_keys_parse_as_licenserefs():
    parsed = parse_kb_expression("llama3.1 AND (apache-2.0 OR mit)")
    assert parsed.expression == "LicenseRef-llama3.1 AND (Apache-2.0 OR MIT)"
    assert parsed.keys == ("llama3.1", "apache-2.0", "mit")
    assert parsed.operator == "AND" and parsed.unknown == ()


def test_openrail_pp_has_no_plus_in_its_licenseref():
    assert parse_kb_expression("openrail++").expression == "LicenseRef-openrail-pp"


def test_unknown_symbols_are_reported():
    parsed = parse_kb_expression("mit OR house-license")
    assert parsed.keys == ("mit",) and parsed.unknown == ("house-license",)


def test_garbage_does_not_parse():
    assert parse_kb_expression("mit/apache") is None
    assert parse_spdx_expression("MIT ((") is None


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("mit OR cc-by-nc-4.0", "mit"),
        ("mit AND cc-by-nc-4.0", "cc-by-nc-4.0"),
        ("mit AND gpl-3.0", "gpl-3.0"),
        ("mit AND something-else", "unknown"),
        ("llama3.1 OR apache-2.0", "apache-2.0"),
    ],
)
def test_choose_component(text, chosen):
    assert choose_component(parse_kb_expression(text)) == chosen


def test_every_entry_is_a_symbol():
    licensing = kb_licensing()
    assert licensing.validate("llama3.2 AND gemma").errors == []


def test_looks_like_expression():
    assert looks_like_expression("mit OR apache-2.0")
    assert looks_like_expression("(mit)")
    assert not looks_like_expression("gemma-terms-of-use")
    assert not looks_like_expression("Oracle")


def _spdx_id_spellings():
    for info in all_licenses():
        if info.spdx and info.key != "unknown":
            for spelling in dict.fromkeys((info.spdx, info.spdx.lower(), info.spdx.upper())):
                yield pytest.param(spelling, id=spelling)


@pytest.mark.parametrize("spelling", list(_spdx_id_spellings()))
def test_knowledge_base_ids_parse_as_the_spdx_list_parses_them(spelling):
    # parse_spdx_expression answers an entry's SPDX id without license-expression's SPDX index
    # (the pre-commit path); the index itself must give the same answer.
    by_index = _parse_with(spdx_licensing(), spelling)
    fast = knowledge_base_id(spelling)
    assert fast is None if spelling.lower().startswith("licenseref-") else fast == by_index
    assert parse_spdx_expression(spelling) == by_index


def test_ids_the_knowledge_base_does_not_hold_go_to_the_spdx_list():
    assert knowledge_base_id("Zimbra-1.4") is None
    assert parse_spdx_expression("Zimbra-1.4").keys == ("zimbra-1.4",)
    assert knowledge_base_id("MIT OR Apache-2.0") is None
    assert knowledge_base_id("other") is None
