"""Candidate search: which references a text's shingles point to, and which one wins.

Each reference's coverage is the share of its shingles found in the text; references with
enough coverage compete, and near siblings (Llama 3.1 vs 3.2, GPL vs AGPL, BSD-2 vs BSD-3)
are told apart by the shingles only one of them explains. The winners go on to alignment
(alignment.py), which measures how each departs from its reference.
"""

from __future__ import annotations

from collections import Counter

from llmaudit.licenses.fingerprint_index import FingerprintIndex
from llmaudit.records import record

MIN_COVERAGE = 0.5  # below this a reference is only quoted, not present
MIN_HITS = 20  # absolute floor so tiny overlaps never count as a license
NOVEL_SHARE = 0.2  # a further match must bring this share of its own text
MIN_EVIDENCE = 3  # shingles only the winner explains, needed to beat a sibling
SIBLING_OVERLAP = 0.5  # share of hits two references must have in common to compete
COMPLETE_COVERAGE = 0.9  # a reference this much of is present whole
# A rival holding the text as a small part of itself (less than this share of the winner's
# coverage) is no sibling: the text is the part, not the whole cut short.
RIVAL_SHARE = 0.5


@record(frozen=True, kw_only=True)
class Hits:
    """Distinct query shingles found in the index: first position and holders, in parallel."""

    positions: list[int]
    groups: dict[int, list[int]]  # posting id -> first positions of the hits sharing it
    total: int  # distinct shingles in the query


@record(frozen=True, kw_only=True)
class Pick:
    """A reference picked for the text; alignment.measure_picks fills in how it departs."""

    ref: int
    coverage: float
    ambiguous_with: tuple[int, ...]
    conflicts: int = 0  # same wording, other version number or date
    departures: int = 0  # places inside the matched span where the text leaves the reference
    edited: float = 0.0  # share of the reference's words edited (aligned; 0 when few places)
    longest_departure: int = 0  # shingles in the longest such place
    repeated_departure: int = 0  # how often the most frequent identical change occurs
    gap: int = 0  # shingles in the longest passage of the reference missing inside the text
    unnamed: bool = False  # the text never uses the reference's distinctive name words
    span: tuple[int, int] = (0, 0)  # first and last shingle position of the matched text
    code: bool = False  # the file is program source that quotes the license
    endorsement: bool = False  # its "may not be used to endorse" clause lost the "not"
    markers: str = ""  # sibling-telling words one of text and reference uses, the other not
    # a phrase the text adds inside the license that takes commercial use away
    restriction: str = ""
    # a clause phrase the text adds inside the license, of a class its reference lacks
    added_terms: str = ""


def find_hits(shingles: list[int], held: list[int | None]) -> Hits:
    """Distinct query shingles found in the index, with their first position."""
    # reversed, so the first occurrence of a repeated shingle is the one kept
    first = dict(zip(reversed(shingles), range(len(shingles) - 1, -1, -1), strict=True))
    positions = [pos for pos in first.values() if held[pos] is not None]
    groups: dict[int, list[int]] = {}
    for pos in positions:
        groups.setdefault(held[pos], []).append(pos)  # type: ignore[arg-type]
    return Hits(
        positions=positions,
        groups=groups,
        total=len(first),
    )


def count_hits(hits: Hits, index: FingerprintIndex) -> Counter[int]:
    """Distinct query shingles each reference holds."""
    totals = [0] * len(index.refs)
    postings = index.postings
    for pid, numbers in hits.groups.items():
        found = len(numbers)
        for ref in postings[pid]:
            totals[ref] += found
    return Counter({ref: found for ref, found in enumerate(totals) if found})


def positions_by_ref(hits: Hits, refs: list[int], index: FingerprintIndex) -> dict[int, list[int]]:
    """Positions of the hits of each reference in `refs`."""
    postings = index.postings
    return {
        ref: [
            pos
            for pid, positions in hits.groups.items()
            if ref in postings[pid]
            for pos in positions
        ]
        for ref in refs
    }


def open_groups(
    hits: Hits, index: FingerprintIndex, picked: set[int]
) -> list[tuple[frozenset[int], int]]:
    """(holders, hit count) of each group of hits that no picked reference explains yet."""
    postings = index.postings
    return [
        (postings[pid], len(numbers))
        for pid, numbers in hits.groups.items()
        if postings[pid].isdisjoint(picked)
    ]


def _select(
    pool: list[int],
    index: FingerprintIndex,
    counts: Counter[int],
    groups: list[tuple[frozenset[int], int]],
    first_round: bool,
    rivals: tuple[int, ...] = (),
) -> Pick | None:
    """The reference best explaining the unexplained hits, with any sibling it ties with.

    `rivals` are references holding hits below MIN_COVERAGE: a passage they share with the
    winner (a BSD disclaimer alone fits BSD-2, BSD-3 and BSD-3-Clear) proves none of them.
    """
    refs = index.refs
    wanted = {*pool, *rivals}
    # per reference: the open groups it holds (group number -> hits), so that comparing two
    # references walks their own groups, not every group
    held: dict[int, dict[int, int]] = {r: {} for r in wanted}
    for number, (holders, n) in enumerate(groups):
        for r in wanted.intersection(holders) if len(holders) > len(wanted) else holders:
            if r in held:
                held[r][number] = n
    novel = {r: sum(held[r].values()) for r in wanted}
    eligible = [r for r in pool if first_round or novel[r] / refs[r].size >= NOVEL_SHARE]
    if not eligible:
        return None
    seen: dict[tuple[int, int], tuple[int, int] | None] = {}

    def compare(a: int, b: int) -> tuple[int, int] | None:
        """(evidence for a, evidence for b) when a and b compete for the same text."""
        if (a, b) not in seen:
            seen[(a, b)] = _compare_siblings(a, b, index, novel, held)
        return seen[(a, b)]

    best = eligible[0]
    for other in eligible[1:]:
        score = compare(best, other)
        if score is not None and score[1] > score[0]:
            best = other
    ties = []
    coverage = counts[best] / refs[best].size
    for other in dict.fromkeys([*eligible, *rivals]):
        if other in rivals and counts[other] / refs[other].size < coverage * RIVAL_SHARE:
            continue  # a PSF-2.0 text is a small part of the Python-2.0 stack, not a cut stack
        score = compare(best, other) if other != best else None
        if score is None or score[1] / refs[other].size >= NOVEL_SHARE:
            continue  # unrelated, or a second text of its own rather than a sibling
        if score[0] < MIN_EVIDENCE or score[0] < 2 * score[1]:
            ties.append(other)
    return Pick(ref=best, coverage=min(1.0, coverage), ambiguous_with=tuple(ties))


def _compare_siblings(
    a: int,
    b: int,
    index: FingerprintIndex,
    novel: dict[int, int],
    held: dict[int, dict[int, int]],
) -> tuple[int, int] | None:
    """Unexplained hits only `a` holds and only `b` holds, or None if they do not compete."""
    refs = index.refs
    if refs[a].key == refs[b].key or refs[a].kind != refs[b].kind:
        return None
    ours_groups, theirs_groups = held[a], held[b]
    ours = sum(n for g, n in ours_groups.items() if g not in theirs_groups)
    theirs = sum(n for g, n in theirs_groups.items() if g not in ours_groups)
    # mostly disjoint hits: two texts side by side (MIT + Apache), not two candidates
    if novel[a] - ours < SIBLING_OVERLAP * min(novel[a], novel[b]):
        return None
    return ours, theirs


def pick_references(hits: Hits, counts: Counter[int], index: FingerprintIndex) -> list[Pick]:
    """The references the text holds, best first: each round takes the candidate that best
    explains the hits no earlier pick explains."""
    sizes = [ref.size for ref in index.refs]
    pool = sorted(
        (
            r
            for r, found in counts.items()
            if found >= min(MIN_HITS, sizes[r]) and found / sizes[r] >= MIN_COVERAGE
        ),
        key=lambda r: (-counts[r] / sizes[r], -counts[r], r),
    )
    rivals = tuple(
        r for r, found in counts.items() if r not in pool and found >= min(MIN_HITS, sizes[r])
    )
    picked: set[int] = set()
    picks: list[Pick] = []
    while pool:
        groups = open_groups(hits, index, picked)
        pick = _select(pool, index, counts, groups, first_round=not picks, rivals=rivals)
        if pick is None:
            break
        picks.append(pick)
        picked.add(pick.ref)
        chosen = index.refs[pick.ref]
        pool = [
            r for r in pool if (index.refs[r].key, index.refs[r].kind) != (chosen.key, chosen.kind)
        ]
    return picks
