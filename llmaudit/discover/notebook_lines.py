"""Where each notebook cell line sits in the .ipynb file, so SARIF can point at a file line."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

_SOURCE_KEY = re.compile(r'"source"\s*:\s*')
_SPACE = re.compile(r"\s*")
_NEWLINE = re.compile("\n")


def map_cell_lines(text: str, sources: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """For each cell (by index), the 1-based .ipynb file line of each of its source lines.

    Cells are matched in order to the `"source":` values whose decoded text equals the
    cell's source, so a `"source"` key inside metadata or outputs is skipped. A cell that
    cannot be placed gets an empty tuple (callers fall back to the file without a line).
    """
    # re finds the newlines at C speed; a loop over the characters of a notebook with
    # outputs (often megabytes of base64 images) took 35 ms per file.
    breaks = [match.start() for match in _NEWLINE.finditer(text)]

    def line_of(offset: int) -> int:
        return bisect_right(breaks, offset - 1) + 1

    decoder = json.JSONDecoder()
    mapped: list[tuple[int, ...]] = []
    position = 0
    for source in sources:
        lines: tuple[int, ...] = ()
        for match in _SOURCE_KEY.finditer(text, position):
            placed = _value_lines(text, match.end(), decoder, line_of)
            if placed is not None and placed[0] == source:
                lines, position = placed[1], placed[2]
                break
        mapped.append(lines)
    return tuple(mapped)


def _value_lines(
    text: str, start: int, decoder: json.JSONDecoder, line_of: Callable[[int], int]
) -> tuple[str, tuple[int, ...], int] | None:
    """(joined source, file line of each source line, end offset) of the value at `start`."""
    try:
        if text.startswith("[", start):
            parts, index = [], _skip(text, start + 1)
            while not text.startswith("]", index):
                value, end = decoder.raw_decode(text, index)
                if not isinstance(value, str):
                    return None
                parts.append((value, line_of(index)))
                index = _skip(text, end)
                if text.startswith(",", index):
                    index = _skip(text, index + 1)
            end = index + 1
        else:
            value, end = decoder.raw_decode(text, start)
            if not isinstance(value, str):
                return None
            parts = [(value, line_of(start))]
    except ValueError:
        return None
    return "".join(p for p, _ in parts), _source_line_map(parts), end


def _skip(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def _source_line_map(parts: list[tuple[str, int]]) -> tuple[int, ...]:
    """File line of each line of the joined source: a line starts in the element that holds
    its first character (JSON strings cannot span file lines)."""
    lines: list[int] = []
    at_line_start = True
    for value, file_line in parts:
        for char in value:
            if at_line_start:
                lines.append(file_line)
                at_line_start = False
            if char == "\n":
                at_line_start = True
    return tuple(lines)
