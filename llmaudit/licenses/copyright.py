"""Copyright and attribution lines of a LICENSE / NOTICE text, for the NOTICE report.

MIT §1, BSD-2/3 clause 1 and Apache-2.0 §4(c) require the copyright notices of the work to be
kept in redistributions: those notices are the `Copyright ...` lines of the work's own files,
not the license's template (`Copyright [yyyy] [name of copyright owner]`).
"""

from __future__ import annotations

import re

_MAX_LINES = 20
_MAX_LINE = 300
# A line that starts a copyright statement: "Copyright", "(c)", "©", "Copr." (after bullets,
# comment marks or markdown emphasis).
_START = re.compile(r"^[\s#*/>\-_.;]*(copyright\b|\(c\)\s|©|copr\.)", re.IGNORECASE)
# License prose that mentions copyright without being a notice.
_PROSE = re.compile(
    r"copyright\s+(notice|license|licence|owner|holder|statement|law|and\s+related|protection"
    r"|interest|or\s+other)|copyright\s+(is|are|shall|must|may|will)\b"
    r"|\b(permission|provided that|subject to|above copyright|this copyright)\b",
    re.IGNORECASE,
)
# Template placeholders of license texts: [yyyy], {year}, <name of author>, [fullname].
_PLACEHOLDER = re.compile(
    r"[\[{<]\s*(yyyy|year|name|fullname|owner|author|copyright)", re.IGNORECASE
)
_ENUMERATION = re.compile(r"^[\s#*/>\-_.;]*\(c\)\s", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_HOLDER_HINT = re.compile(r"(\b(19|20)\d\d\b|©|\(c\)|\ball rights reserved\b)", re.IGNORECASE)


def find_copyright_lines(text: str) -> tuple[str, ...]:
    """The distinct copyright notices of `text`, in order, stripped of comment marks."""
    found: dict[str, None] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not _START.match(line) or len(line) > _MAX_LINE:
            continue
        if _PROSE.search(line) or _PLACEHOLDER.search(line) or not _HOLDER_HINT.search(line):
            continue
        if _ENUMERATION.match(line) and not _YEAR.search(line):
            continue  # "(c) You must retain ..." is clause (c) of a license, not a notice
        cleaned = re.sub(r"^[\s#*/>\-_;]+", "", line).strip().strip("*_").strip()
        if len(cleaned.split()) >= 2:
            found.setdefault(" ".join(cleaned.split()), None)
        if len(found) >= _MAX_LINES:
            break
    return tuple(found)
