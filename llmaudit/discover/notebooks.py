"""Jupyter notebooks: code cells scanned as Python (magics as shell), located by cell and line."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace

from llmaudit.discover import python_prefilter, python_source, urls
from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.config_files import read_yaml
from llmaudit.discover.notebook_lines import map_cell_lines
from llmaudit.discover.shell_scripts import find_shell_candidates
from llmaudit.discover.urls import find_url_candidates


def has_hint(data: bytes) -> bool:
    """Notebooks are worth reading when their cells may hold Python, shell or link hints."""
    return (
        python_prefilter.has_hint(data)
        or b"download" in data
        or urls.has_hint(data)
        or b"%%writefile" in data
    )


def read_notebook(text: str) -> Scan:
    """Candidates from every cell; `cell` is the 0-based index in the notebook's cells.

    Links in markdown (and raw) cells are mentions; code cells read like a Python file.

    Code cells are parsed together, as the kernel runs them, so a constant set in one cell
    and loaded in another resolves; a notebook whose cells do not parse together is scanned
    cell by cell.
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError, huge ints
        return Scan(notes=("invalid notebook JSON, skipped",))
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return Scan(notes=("notebook without a cells list, skipped",))
    found: list[Candidate] = []
    sources: list[str] = []
    cell_lines: list[tuple[str, ...]] = []
    code_cells: list[tuple[int, list[str]]] = []
    for index, cell in enumerate(cells):
        source = _cell_source(cell)
        sources.append(source)
        cell_lines.append(tuple(source.splitlines()))
        if not source or not isinstance(cell, dict):
            continue
        code = cell.get("cell_type") == "code"
        found.extend(replace(c, cell=index) for c in find_url_candidates(source, prose=not code))
        if code:
            python_lines, shell = _split_cell(source)
            found.extend(replace(c, cell=index) for c in shell)
            code_cells.append((index, python_lines))
    candidates, notes = _scan_code_cells(code_cells)
    # Placing cells in the file costs a pass over it: only when something was found.
    file_lines = map_cell_lines(text, sources) if found or candidates else ()
    return Scan(
        candidates=tuple(found + candidates),
        notes=tuple(notes),
        cell_lines=tuple(cell_lines),
        cell_file_lines=file_lines,
    )


def _cell_source(cell: object) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


_MAGIC = re.compile(r"^\s*(!|%%?)(.*)$")
_WRITEFILE = re.compile(r"^\s*%%writefile\s+(?:-a\s+)?(\S+)")


def _split_cell(source: str) -> tuple[list[str], list[Candidate]]:
    """The cell's Python lines (magics blanked, so lines keep their numbers) and the shell
    candidates of its `!` lines and `%%bash` body."""
    lines = source.splitlines()
    if lines and lines[0].strip().startswith(("%%bash", "%%sh", "%%script")):
        body = "\n".join(lines[1:])
        return [""] * len(lines), list(find_shell_candidates(body, 2))
    written = _WRITEFILE.match(lines[0]) if lines else None
    if written and written.group(1).lower().endswith((".yaml", ".yml")):
        # `%%writefile config.yaml`: the cell is a config the notebook writes and then runs.
        found = read_yaml("\n".join(lines[1:])).candidates
        return [""] * len(lines), [replace(c, line=(c.line or 0) + 1) for c in found]
    python_lines = []
    shell: list[Candidate] = []
    for number, line in enumerate(lines, start=1):
        magic = _MAGIC.match(line)
        if magic:
            if magic.group(1) == "!":
                shell.extend(find_shell_candidates(magic.group(2), number))
            python_lines.append("")
        else:
            python_lines.append(line)
    return python_lines, shell


def _scan_code_cells(code_cells: list[tuple[int, list[str]]]) -> tuple[list[Candidate], list[str]]:
    """Python candidates of all code cells, each mapped back to its cell and line."""
    origin: list[tuple[int, int]] = []  # combined line - 1 -> (cell, line in cell)
    combined: list[str] = []
    for index, lines in code_cells:
        origin.extend((index, number) for number in range(1, len(lines) + 1))
        combined.extend(lines)
    candidates, parsed = python_source.find_candidates("\n".join(combined))
    if parsed:
        return [_map_to_cell(c, origin) for c in candidates], []
    # Some cell is not valid Python: read the others together, so a name one cell assigns
    # still reaches the loader in a later cell, and that cell by pattern.
    valid = [(index, lines) for index, lines in code_cells if _parses("\n".join(lines))]
    if valid and len(valid) < len(code_cells):
        found, notes = _scan_code_cells(valid)
        read = {index for index, _ in valid}
        for index, lines in code_cells:
            if index not in read:
                cell_candidates, _ = python_source.find_candidates("\n".join(lines))
                notes.append(f"cell {index} is not valid Python; scanned by pattern only")
                found.extend(replace(c, cell=index) for c in cell_candidates)
        return found, notes
    found = []
    notes = []
    for index, lines in code_cells:
        cell_candidates, cell_parsed = python_source.find_candidates("\n".join(lines))
        if not cell_parsed:
            notes.append(f"cell {index} is not valid Python; scanned by pattern only")
        found.extend(replace(c, cell=index) for c in cell_candidates)
    return found, notes


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _map_to_cell(candidate: Candidate, origin: list[tuple[int, int]]) -> Candidate:
    if candidate.line is None or not 1 <= candidate.line <= len(origin):
        return candidate
    cell, line = origin[candidate.line - 1]
    same_cell = tuple(
        origin[extra - 1][1]
        for extra in candidate.also_lines
        if 1 <= extra <= len(origin) and origin[extra - 1][0] == cell
    )
    return replace(candidate, cell=cell, line=line, also_lines=same_cell)
