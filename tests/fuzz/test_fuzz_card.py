"""Model card front matter (resolve/card.py): never raises, only safe types, faithful round trip."""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from llmaudit.licenses import classify, get_license
from llmaudit.models import FactSource
from llmaudit.resolve.card import parse_card, read_card_licenses
from llmaudit.resolve.metadata import RepoMetadata, build_facts

from .profile import fuzz_settings
from .strategies import JSON_SCALARS, json_values

pytestmark = pytest.mark.fuzz

YAML_PIECES = st.sampled_from(
    [
        "license:",
        "base_model:",
        "tags:",
        " mit",
        " apache-2.0",
        " llama3.1",
        "\n",
        "  ",
        "&a ",
        "*a",
        "&b ",
        "*b",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "- ",
        "? ",
        ": ",
        "'",
        '"',
        "---",
        "...",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
        "\t",
        "<<: *a",
        "!!binary aGk=",
        "!!set {a}",
        "!!python/object/apply:os.system ['id']",
        "!!timestamp 2024-01-01",
        "!!int x",
        "~",
        "|\n",
        ">-\n",
        "#",
        "\ufeff",
        "\r\n",
        "\x85",
        "\u2028",
        "0x1F",
        "1e400",
        ".nan",
        "2024-02-30",
        "1" + "0" * 5000,
    ]
)
SAFE_TYPES = (dict, list, str, int, float, bool, type(None), bytes, set, datetime.date)


def _assert_safe(value: object, depth: int = 0) -> None:
    assert isinstance(value, SAFE_TYPES), type(value)
    if depth > 60 or not isinstance(value, (dict, list, set)):
        return
    items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
    for key, item in items[:50]:
        if key is not None:
            _assert_safe(key, depth + 1)
        _assert_safe(item, depth + 1)


def _check_downstream(data) -> None:
    licenses, notes = read_card_licenses(data)
    assert all(isinstance(v, str) and v and v == v.strip() for v in licenses)
    assert all(isinstance(n, str) for n in notes)
    facts = build_facts(
        RepoMetadata(model_id="org/fuzz", card=data), source=FactSource.LOCAL, revision=None
    )
    assert all(isinstance(b, str) for b in facts.base_models)
    match = classify(facts.declaration).license
    assert match.is_unknown or get_license(match.key) is not None


@fuzz_settings()
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_yaml_soup_front_matter_never_raises_and_stays_safe(body):
    card = parse_card(f"---\n{body}\n---\n# card\n")
    assert isinstance(card.data, dict)
    assert all(isinstance(k, str) for k in card.data)
    assert card.data == {} or not card.notes
    _assert_safe(card.data)
    _check_downstream(card.data)


@fuzz_settings()
@given(st.text(max_size=300))
def test_any_text_is_a_card(text):
    card = parse_card(text)
    assert isinstance(card.data, dict)
    if not text.lstrip("\ufeff").lstrip().startswith("---"):
        assert card.data == {} and not card.has_front_matter
    _check_downstream(card.data)


@fuzz_settings()
@given(
    st.dictionaries(st.text(min_size=1, max_size=12), json_values(), max_size=6),
    st.one_of(st.none(), st.text(max_size=20), st.lists(JSON_SCALARS, max_size=3)),
)
def test_dumped_mappings_round_trip(mapping, license_value):
    mapping = {**mapping, "license": license_value}
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    card = parse_card(f"---\n{text}---\nbody text\n")
    if card.notes:  # a dumped document whose lines hit a closing fence is not a round trip
        assert "---" in text or "..." in text
        return
    loaded = yaml.safe_load(text)  # (PyYAML's dumper can fold a NEL: compare with its reading)
    assert card.data == loaded
    licenses, _ = read_card_licenses(card.data)
    value = loaded["license"]
    expected = [value] if isinstance(value, str) else (value if isinstance(value, list) else [])
    assert licenses == tuple(v.strip() for v in expected if isinstance(v, str) and v.strip())
