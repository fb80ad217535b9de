"""docs/rules.md against the rule catalogue (each rule's RuleSpec): fails when the docs drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llmaudit.policy import load_policy, policy_names
from llmaudit.policy.rules import RULES
from llmaudit.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
HEADING = re.compile(r"^### `(?P<id>[a-z-]+)` \(default: (?P<severity>\w+)\)$", re.M)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    heads = list(HEADING.finditer(text))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return {h["id"]: text[h.end() : end] for h, end in zip(heads, ends, strict=True)}


def test_doc_lists_every_rule_in_registry_order_with_its_default_severity():
    text = DOC.read_text(encoding="utf-8")
    documented = [(m["id"], m["severity"]) for m in HEADING.finditer(text)]
    assert documented == [(spec.id, spec.default.value) for spec in RULES.values()]


@pytest.mark.parametrize("rule_id", list(RULES))
def test_doc_section_shows_the_rules_own_words(rule_id):
    spec = RULES[rule_id]
    section = _flat(_sections()[rule_id])
    assert f"**{spec.title}**: {spec.summary}" in section
    assert f"- **Fix**: {spec.help}" in section


def _severity_table() -> tuple[list[str], dict[str, list[str]]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("## Severity per shipped policy", 1)[1].split("\n## ", 1)[0]
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in block.splitlines()
        if line.startswith("|")
    ]
    header, body = rows[0], [r for r in rows[2:]]
    return header[2:], {r[0].strip("`"): r[1:] for r in body}


def test_severity_table_matches_catalogue_and_shipped_policies():
    policies, table = _severity_table()
    assert sorted(policies) == sorted(policy_names())
    assert list(table) == list(RULES)
    loaded = {name: load_policy(name, Settings(offline=True)) for name in policies}
    for rule_id, spec in RULES.items():
        expected = [spec.default.value]
        for name in policies:
            severity = loaded[name].severity_of(rule_id, spec.default)
            expected.append(severity.value if severity else "off")
        assert table[rule_id] == expected, rule_id


def test_every_rule_has_its_words_and_a_known_tag():
    for spec in RULES.values():
        assert spec.title and spec.summary and spec.help, spec.id
        assert "\n" not in spec.summary
        assert set(spec.tags) <= {"license", "security", "supply-chain"}, spec.id
