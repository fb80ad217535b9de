"""How a text departs from the reference it matched: the measures behind "doubt"."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from llmaudit.licenses.fingerprint_index import FingerprintIndex, Reference, decode_sequence
from llmaudit.licenses.normalize import SHINGLE_SIZE

CLUSTER_GAP = 60  # shingles between hits that still belong to one cluster
MIN_CLUSTER = 10  # hits (and share of a match's hits) a cluster needs to bound its span
MIN_CLUSTER_SHARE = 0.05
ANCHOR_RUN = 10  # found shingles in a row that mark where a copy really starts and ends
_ANCHOR = re.compile(f"1{{{ANCHOR_RUN},}}")
_MISSING = re.compile("0+")
# Source code that quotes a license in its header is code, not a license file.
_CODE_LINE = re.compile(
    r"^[ \t]*(?:def \w+\(.*\):|class \w+(?:\(.*\))?:|import [\w.]+(?: as \w+)?$|"
    r"from [\w.]+ import [\w*, ()]+$|#include\s*[<\"]|function \w+\s*\(|"
    r"(?:const|let|var) \w+ = |(?:public|private|protected) [\w<>\[\] ]+\(|"
    r"[A-Za-z_][\w.]* = \S)",
    re.MULTILINE,
)


def count_conflicts(
    ref: int, index: FingerprintIndex, shingles: list[int], contexts: dict[int, int]
) -> int:
    """Shingles worded as in `ref` but with another number: a sibling version we lack."""
    postings, table, masked = index.postings, index.table, index.masked
    conflicts = 0
    for position, value in contexts.items():
        exact = table.get(shingles[position])
        if exact is not None and ref in postings[exact]:
            continue
        pid = masked.get(value)
        if pid is not None and ref in postings[pid]:
            conflicts += 1
    return conflicts


def measure_departures(
    first: int, last: int, held: list[int | None], index: FingerprintIndex,
    accepted: frozenset[int], tokens: tuple[str, ...],
) -> tuple[int, int, int]:
    """(number, longest, most repeated) runs of shingles between `first` and `last` that no
    accepted reference holds; a repeated run is a systematic rename ("Apache" -> "ECL")."""
    postings = index.postings
    window = held[first : last + 1]
    explained = {pid for pid in set(window) if pid is not None
                 and not postings[pid].isdisjoint(accepted)}
    flags = "".join(["1" if pid in explained else "0" for pid in window])
    runs = [(first + m.start(), first + m.end() - 1) for m in _MISSING.finditer(flags)]
    # a copyright line inside the license is the copier's own, not a change to the license
    runs = [(a, b) for a, b in runs if "copyright" not in tokens[a : b + SHINGLE_SIZE]]
    if not runs:
        return 0, 0, 0
    signatures = Counter(_changed_tokens(a, b, tokens) for a, b in runs)
    longest = max(b - a + 1 for a, b in runs)
    return len(runs), longest, max(signatures.values())


def _changed_tokens(start: int, end: int, tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The tokens a run of unexplained shingles has in common: what was changed there."""
    if end - start + 1 <= SHINGLE_SIZE:
        return tokens[end : start + SHINGLE_SIZE]
    return tokens[start + SHINGLE_SIZE - 1 : end + 1]


def measure_gap(ref: Reference, present: set[int]) -> int:
    """Longest run of the reference's shingles missing between its first and last found one.

    A missing start or end is truncation; a missing middle is another license (BSD-2 read
    against BSD-3) or a cut clause, and only this counts.
    """
    if not ref.sequence:
        return 0
    flags = "".join(["1" if v in present else "0" for v in decode_sequence(ref.sequence)])
    # anchors are ANCHOR_RUN found in a row: a repeated boilerplate phrase found late in the
    # reference does not turn a truncated copy into one with a missing middle
    anchors = [m.span() for m in _ANCHOR.finditer(flags)]
    if not anchors:
        return 0
    start, end = anchors[0][0], anchors[-1][1]
    found = flags.count("1")
    # a gap counts only if a real part of the copy follows it (>= 10% of what was found)
    return max(
        (run.end() - run.start() for run in _MISSING.finditer(flags, start, end)
         if flags.count("1", run.end(), end) >= 0.1 * found),
        default=0,
    )


def find_span(positions: list[int]) -> tuple[int, int]:
    """First and last shingle position of the text a reference matched.

    Hits split into clusters where CLUSTER_GAP shingles pass without one; clusters with a
    real share of the hits bound the span, so a rewritten preamble between them still counts
    as part of the text while a stray boilerplate hit in a neighbouring license does not.
    """
    ordered = sorted(positions)
    breaks = [i for i in range(1, len(ordered)) if ordered[i] - ordered[i - 1] > CLUSTER_GAP]
    clusters = list(pairwise([0, *breaks, len(ordered)]))
    floor = max(MIN_CLUSTER, MIN_CLUSTER_SHARE * len(ordered))
    kept = [c for c in clusters if c[1] - c[0] >= floor]
    if not kept:
        kept = [max(clusters, key=lambda run: run[1] - run[0])]
    return ordered[kept[0][0]], ordered[kept[-1][1] - 1]


def count_code_lines(text: str) -> int:
    """Lines that read as program source (a LICENSE file has none)."""
    return len(_CODE_LINE.findall(text))


def count_copyright_shingles(tokens: tuple[str, ...], lines: tuple[int, ...]) -> int:
    """Shingles that start on a line holding "copyright"."""
    marked = {line for token, line in zip(tokens, lines, strict=True) if token == "copyright"}
    if not marked:
        return 0
    return sum(1 for line in lines[: len(tokens) - SHINGLE_SIZE + 1] if line in marked)


