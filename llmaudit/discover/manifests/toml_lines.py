"""Line numbers for values of parsed TOML, found by searching the raw text."""

from __future__ import annotations

import re


def line_of(text: str, pattern: str, start: int = 0) -> tuple[int | None, int]:
    """(1-based line, offset) of the first match of `pattern` at or after `start`."""
    match = re.compile(pattern, re.MULTILINE).search(text, start)
    if match is None:
        return None, start
    return text.count("\n", 0, match.start()) + 1, match.end()


def quoted(value: str) -> str:
    """A pattern for `value` in TOML single or double quotes."""
    return rf"""["']{re.escape(value)}["']"""


def key(name: str) -> str:
    """A pattern for `name = ...` at the start of a line (bare or quoted key)."""
    return rf"""^\s*["']?{re.escape(name)}["']?\s*="""
