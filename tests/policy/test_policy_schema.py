"""The hand-written validator agrees with jsonschema on the shipped schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from llmaudit.policy import shipped_policy_dir
from llmaudit.policy.schema import check_schema_keywords, policy_schema, validate_data
from llmaudit.policy.yamlfile import read_yaml_file
from tests.policy.policy_builders import write


def test_schema_is_valid_draft_2020_12_and_fully_understood():
    jsonschema.Draft202012Validator.check_schema(policy_schema())
    assert check_schema_keywords(policy_schema()) == ()


def test_rule_ids_in_schema_match_registry():
    from llmaudit.policy.rules import RULES

    assert sorted(policy_schema()["$defs"]["rule_id"]["enum"]) == sorted(RULES)


SAMPLES = [
    {"name": "ok", "rules": {"gated": "off"}, "organization": {"jurisdiction": "DE"}},
    {"organization": {"monthly_active_users": 1.5}},
    {"organization": {"monthly_active_users": 7.0e8}},
    {"organization": {"monthly_active_users": True}},
    {"organization": {"annual_revenue_usd": 10}},
    {"rules": {"bogus": "error"}},
    {
        "waivers": [
            {"rule": "gated", "subject": "a", "reason": "r", "owner": "o", "expires": "2026-13-01"}
        ]
    },
    {
        "waivers": [
            {"rule": "gated", "subject": "a", "reason": "", "owner": "o", "expires": "2026-01-01"}
        ]
    },
    {"models": {"deny": [{"revision": "x"}]}},
    {"publishers": {"countries": {"acme": "usa"}}},
    {"governing_law": {"allowed": ["EU", "EEA", "CH"]}},
    {"governing_law": {"allowed": ["Europe"]}},
    {"packages": {"deny_licenses": ["AGPL-3.0"], "copyleft_check": "yes"}},
    {"name": "../etc"},
    [],
]


@pytest.mark.parametrize("data", SAMPLES, ids=[json.dumps(s)[:40] for s in SAMPLES])
def test_validator_agrees_with_jsonschema(data):
    validator = jsonschema.Draft202012Validator(
        policy_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    expected_valid = validator.is_valid(data)
    assert (validate_data(data) == ()) == expected_valid


@pytest.mark.parametrize("path", sorted(shipped_policy_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_policies_pass_jsonschema(path):
    jsonschema.validate(read_yaml_file(path).data, policy_schema())


def test_lines_point_at_keys(tmp_path):
    doc = read_yaml_file(
        write(
            tmp_path / "p.yaml", "name: x\n\norganization:\n  usage: saas\nwaivers:\n  - rule: a\n"
        )
    )
    assert doc.line_of(("organization", "usage")) == 4
    assert doc.line_of(("waivers", 0)) == 6
    assert doc.line_of(("waivers", 0, "missing")) == 6


_KEYS = [
    "name",
    "description",
    "extends",
    "organization",
    "jurisdiction",
    "usage",
    "purpose",
    "monthly_active_users",
    "annual_revenue_usd",
    "rules",
    "gated",
    "threshold",
    "bogus",
    "governing_law",
    "allowed",
    "publishers",
    "deny",
    "allow",
    "countries",
    "models",
    "id",
    "revision",
    "packages",
    "version",
    "deny_licenses",
    "copyleft_check",
    "datasets",
    "inherit_obligations",
    "waivers",
    "rule",
    "subject",
    "reason",
    "owner",
    "expires",
]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**9),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "DE",
            "EU",
            "eu",
            "saas",
            "error",
            "off",
            "loud",
            "gated",
            "a/b",
            "2026-01-01",
            "2026-02-30",
            "AGPL-3.0",
            ">=1",
            "x" * 300,
        ]
    ),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)


@hyp_settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=5))
def test_validator_agrees_with_jsonschema_on_random_documents(data):
    validator = jsonschema.Draft202012Validator(
        policy_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert (validate_data(data) == ()) == validator.is_valid(data)
