"""Present full-text identifications: a dict per file for JSON, a table for the terminal."""

from __future__ import annotations

from typing import Any

from llmaudit.models import TextIdentification, TextMatch

_COLUMNS = ("PATH", "LICENSE", "SPDX", "CONFIDENCE", "MATCHES")


def match_to_dict(match: TextMatch) -> dict[str, Any]:
    """One text found in a file, as JSON-ready data."""
    return {
        "key": match.key,
        "kind": match.kind,
        "coverage": match.coverage,
        "containment": match.containment,
        "confidence": match.confidence,
        "start_line": match.start_line,
        "end_line": match.end_line,
    }


def identification_to_dict(path: str, ident: TextIdentification) -> dict[str, Any]:
    """`{"path", "license": {"id", "spdx", "confidence", ...}, "matches": [...]}` for one file."""
    found = ident.license
    return {
        "path": path,
        "license": {
            "id": found.key,
            "spdx": found.spdx,
            "name": found.name,
            "confidence": found.confidence,
            "coverage": found.coverage,
            "evidence": found.evidence,
        },
        "matches": [match_to_dict(match) for match in ident.matches],
    }


def _describe_matches(matches: tuple[TextMatch, ...]) -> str:
    parts = [
        f"{m.key}{' (aup)' if m.kind == 'aup' else ''} "
        f"{'named' if m.kind == 'named' else format(m.coverage, '.0%')} "
        f"l.{m.start_line}-{m.end_line}"
        for m in matches
    ]
    return ", ".join(parts) or "-"


def format_identifications(rows: list[tuple[str, TextIdentification]]) -> str:
    """A fixed-width table: one line per file, in the order given."""
    cells = [
        (
            path,
            ident.license.key,
            ident.license.spdx,
            f"{ident.license.confidence:.2f}",
            _describe_matches(ident.matches),
        )
        for path, ident in rows
    ]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(_COLUMNS)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [_COLUMNS, *cells]
    ]
    return "\n".join(lines) + "\n"
