"""Inline suppression comments."""

from __future__ import annotations

from llmaudit.discover.suppress import suppression_for

LINES = [
    'a = load("org/a")  # llmaudit: ignore',
    "# llmaudit: ignore[license-unknown, commercial-use]",
    'b = load("org/b")',
    'c = load("org/c")  # llmaudit: ignore',
    'd = load("org/d")',
    'e = load("org/e")  # llmaudit:ignore[remote-code]',
]


def test_ignore_on_the_line_drops():
    assert suppression_for(LINES, (1,)).drop


def test_ignore_rules_on_the_comment_line_above_mute_rules():
    result = suppression_for(LINES, (3,))
    assert not result.drop
    assert result.rules == ("commercial-use", "license-unknown")


def test_trailing_ignore_on_previous_code_line_does_not_leak():
    assert suppression_for(LINES, (5,)).drop is False
    assert suppression_for(LINES, (5,)).rules == ()


def test_rule_form_without_space_and_out_of_range_lines():
    assert suppression_for(LINES, (6,)).rules == ("remote-code",)
    assert suppression_for(LINES, (99,)).rules == ()
