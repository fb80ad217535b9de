"""Jupyter notebooks: code cells scanned as Python (magics as shell), located by cell and line."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from llmaudit.discover import python_prefilter, python_source, urls
from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.shell_scripts import find_shell_candidates
from llmaudit.discover.urls import find_url_candidates


def has_hint(data: bytes) -> bool:
    """Notebooks are worth reading when their cells may hold Python, shell or link hints."""
    return python_prefilter.has_hint(data) or b"download" in data or urls.has_hint(data)


def read_notebook(text: str) -> Scan:
    """Candidates from every code cell; `cell` is the 0-based index in the notebook's cells."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return Scan(notes=("invalid notebook JSON, skipped",))
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return Scan(notes=("notebook without a cells list, skipped",))
    found: list[Candidate] = []
    notes: list[str] = []
    cell_lines: list[tuple[str, ...]] = []
    for index, cell in enumerate(cells):
        source = _cell_source(cell)
        cell_lines.append(tuple(source.splitlines()))
        if not source or not isinstance(cell, dict):
            continue
        if cell.get("cell_type") != "code":
            found.extend(replace(c, cell=index) for c in find_url_candidates(source))
            continue
        candidates, parsed = _scan_cell(source)
        if not parsed:
            notes.append(f"cell {index} is not valid Python; scanned by pattern only")
        found.extend(replace(c, cell=index) for c in candidates)
    return Scan(candidates=tuple(found), notes=tuple(notes), cell_lines=tuple(cell_lines))


def _cell_source(cell: object) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


_MAGIC = re.compile(r"^\s*(!|%%?)(.*)$")


def _scan_cell(source: str) -> tuple[list[Candidate], bool]:
    """Python candidates with magic lines blanked, plus shell candidates from `!` lines."""
    lines = source.splitlines()
    python_lines = []
    found: list[Candidate] = []
    shell_magic = bool(lines) and lines[0].strip().startswith(("%%bash", "%%sh", "%%script"))
    if shell_magic:
        return list(find_shell_candidates("\n".join(lines[1:]), 2)), True
    for number, line in enumerate(lines, start=1):
        magic = _MAGIC.match(line)
        if magic:
            if magic.group(1) == "!":
                found.extend(find_shell_candidates(magic.group(2), number))
            python_lines.append("")
        else:
            python_lines.append(line)
    code = "\n".join(python_lines)
    candidates, parsed = python_source.find_candidates(code)
    found.extend(candidates)
    found.extend(find_url_candidates(source))
    return found, parsed
