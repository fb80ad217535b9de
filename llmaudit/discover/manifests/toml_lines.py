"""Line numbers for values of parsed TOML, found by searching the raw text."""

from __future__ import annotations

import re


def line_of(text: str, pattern: str, start: int = 0) -> tuple[int | None, int]:
    """(1-based line, offset) of the first match of `pattern` at or after `start`."""
    match = re.compile(pattern, re.MULTILINE).search(text, start)
    if match is None:
        return None, start
    return text.count("\n", 0, match.start()) + 1, match.end()


def quoted_line(text: str, value: str, start: int = 0) -> int | None:
    """The 1-based line of the first `value` in quotes at or after `start`: what
    `line_of(text, quoted(value), start)` says, without compiling a pattern per value (a
    pyproject.toml of 85 requirements compiled 85, ~6.5 ms). As in the pattern, either
    quote may open and either close."""
    position = text.find(value, start + 1)
    end = position + len(value)
    while position >= 0 and not (text[position - 1] in "\"'" and text[end : end + 1] in ('"', "'")):
        position = text.find(value, position + 1)
        end = position + len(value)
    return None if position < 0 else text.count("\n", 0, position) + 1


def quoted(value: str) -> str:
    """A pattern for `value` in TOML single or double quotes."""
    return rf"""["']{re.escape(value)}["']"""


def key(name: str) -> str:
    """A pattern for `name = ...` at the start of a line (bare or quoted key)."""
    return rf"""^\s*["']?{re.escape(name)}["']?\s*="""


class LineCounter:
    """Line numbers of successive matches in one text, counting newlines only once: a lock
    file of thousands of entries would otherwise be recounted from its start per entry."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0  # where the next search starts
        self._line = 1  # the line of `_counted`
        self._counted = 0

    def next_match(self, pattern: str) -> int | None:
        """The 1-based line of the first match of `pattern` after the previous match."""
        match = re.compile(pattern, re.MULTILINE).search(self._text, self._offset)
        if match is None:
            return None
        self._line += self._text.count("\n", self._counted, match.start())
        self._counted = match.start()
        self._offset = match.end()
        return self._line
