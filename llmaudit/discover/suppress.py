"""Inline suppression: `# llmaudit: ignore` drops a reference, `ignore[rule]` mutes rules."""

from __future__ import annotations

import re

from llmaudit.records import record

_MARKER = re.compile(r"llmaudit:\s*ignore(?:\[([^\]]*)\])?")
_COMMENT_ONLY = re.compile(r"\s*(#|//|--|;|<!--)")


@record(frozen=True, kw_only=True)
class Suppression:
    """What the comments around one line say: drop it, or keep it with some rules muted."""

    drop: bool = False
    rules: tuple[str, ...] = ()


_NONE = Suppression()


def suppression_for(lines: list[str], line_numbers: tuple[int, ...]) -> Suppression:
    """The suppression that applies to any of `line_numbers` (1-based) in `lines`."""
    rules: list[str] = []
    for number in line_numbers:
        for text in _governing_lines(lines, number):
            for match in _MARKER.finditer(text):
                if match.group(1) is None:
                    return Suppression(drop=True)
                rules.extend(r.strip() for r in match.group(1).split(",") if r.strip())
    if not rules:
        return _NONE
    return Suppression(rules=tuple(sorted(set(rules))))


def _governing_lines(lines: list[str], number: int) -> list[str]:
    """The line itself and, when it is a comment-only line, the one above."""
    found = []
    if 1 <= number <= len(lines):
        found.append(lines[number - 1])
    if 2 <= number <= len(lines) + 1:
        above = lines[number - 2]
        if _COMMENT_ONLY.match(above):
            found.append(above)
    return found
