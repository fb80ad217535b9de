"""Full-text license identification: hashed word shingles against a reference index.

The index (data/fingerprints.json, built by scripts/build_fingerprints.py) maps the CRC-32 of
every 5-word shingle of each reference text to the references holding it. A text's shingles
are looked up, each reference gets its coverage (share of its shingles found), and near
siblings (Llama 3.1 vs 3.2, GPL vs AGPL, BSD-2 vs BSD-3) are told apart by the shingles only
one of them explains. Ambiguous or weak evidence gives `unknown`, never a guess.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from llmaudit.licenses.combined import (
    POINTER_PREFIX,
    follow_pointer,
    identify_by_notice,
    join_choice,
    notice_match,
    pointed_files,
    read_postscript,
    read_preamble,
)
from llmaudit.licenses.deviations import (
    count_code_lines,
    count_conflicts,
    count_copyright_shingles,
    find_span,
    find_unnegated_endorsement,
    mark_copyright_lines,
    measure_departures,
    measure_edits,
    measure_gap,
)
from llmaudit.licenses.fingerprint_index import (
    INDEX_PATH,
    FingerprintIndex,
    Reference,
    drop_references,
    load_index,
)
from llmaudit.licenses.normalize import (
    SHINGLE_SIZE,
    TokenStream,
    find_markers,
    hash_number_contexts,
    hash_shingles,
    tokenize_text,
)
from llmaudit.licenses.notices import Notice, find_notices, text_may_hold_notices
from llmaudit.models import (
    UNKNOWN_LICENSE,
    LicenseMatch,
    LicenseSource,
    TextIdentification,
    TextMatch,
)

__all__ = [
    "INDEX_PATH",
    "MAX_FILE_BYTES",
    "drop_references",
    "identify_path",
    "identify_text",
    "load_index",
    "read_license_file",
    "unknown_identification",
]

MAX_FILE_BYTES = 2 * 1024 * 1024
MIN_COVERAGE = 0.5  # below this a reference is only quoted, not present
MIN_HITS = 20  # absolute floor so tiny overlaps never count as a license
NOVEL_SHARE = 0.2  # a further match must bring this share of its own text
MIN_EVIDENCE = 3  # shingles only the winner explains, needed to beat a sibling
SIBLING_OVERLAP = 0.5  # share of hits two references must have in common to compete
# A LICENSE file is mostly license: a README or source file that merely quotes one is unknown.
MIN_CONTAINMENT = 0.5
# ... unless the file starts with a complete license text and bundles others after it (#14)
COMPLETE_COVERAGE = 0.9
# Doubt: beyond these a text is "like X but not X" (a version or sibling we do not know).
# Measured on corpus perturbations (max 4 departures of 5 shingles) vs leave-one-out siblings.
MAX_CONFLICTS = 0  # places where a number differs in the same wording ("Llama 3.1" vs "3.2")
MAX_DEPARTURES = 7  # separate places where the text leaves the reference ...
# ... beyond which the text is aligned to the reference and judged by the share of its words
# edited: 5% of words edited at random reads as ~7% here (neighbouring edits merge), measured
# with the ladder in docs/identify.md; leave-one-out siblings stay above it.
MAX_EDITED_SHARE = 0.08
MAX_DEPARTURE_LENGTH = 17  # shingles: an inserted or rewritten clause ...
MIN_DEPARTURE_LENGTH = 10  # ... or 12% of a short text (0BSD + "provided that ..." is ISC)
DEPARTURE_SHARE = 0.12
LONG_TEXT = 1000  # shingles: GPL, LGPL, MPL, CC, the model licenses ...
LONG_DEPARTURE_LENGTH = 25  # ... where three edits within a dozen words are no added clause
MAX_REPEATED = 2  # the same change made in several places: a rename
MAX_GAP_SHARE = 0.12  # share of the reference missing inside the text (a cut clause)
MIN_GAP = 15  # shingles: below this a missing piece is a small edit
MAX_CODE_LINES = 3


@dataclass(frozen=True, kw_only=True)
class _Hits:
    """Distinct query shingles found in the index: first position and holders, in parallel."""

    positions: list[int]
    groups: dict[int, list[int]]  # posting id -> first positions of the hits sharing it
    total: int  # distinct shingles in the query


@dataclass(frozen=True, kw_only=True)
class _Pick:
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

    def doubt(self, size: int) -> str:
        """Why this pick may be a sibling we lack rather than the reference; "" if none."""
        if self.code:
            return "the file is source code quoting it"
        if self.unnamed:
            return "its name words never appear"
        if self.markers:
            return f"one of it and the reference says {self.markers!r}, the other not"
        if self.endorsement:
            return "its endorsement clause permits what the reference forbids"
        if self.conflicts > MAX_CONFLICTS:
            return f"{self.conflicts} version numbers or dates differ"
        if self.gap >= max(MIN_GAP, MAX_GAP_SHARE * size):
            return "a passage of the reference is missing"
        limit = max(MIN_DEPARTURE_LENGTH, min(MAX_DEPARTURE_LENGTH, DEPARTURE_SHARE * size))
        if size > LONG_TEXT:  # 5% of words edited at random cluster into longer runs
            limit = LONG_DEPARTURE_LENGTH
        if self.longest_departure > limit:
            return "the text adds or rewrites a passage"
        if self.departures > MAX_DEPARTURES and self.edited > MAX_EDITED_SHARE:
            return f"{self.edited:.0%} of its words differ"
        if self.repeated_departure > MAX_REPEATED:
            return "the same change recurs (renamed)"
        return ""


def _find_hits(shingles: list[int], held: list[int | None]) -> _Hits:
    """Distinct query shingles found in the index, with their first position."""
    # reversed, so the first occurrence of a repeated shingle is the one kept
    first = dict(zip(reversed(shingles), range(len(shingles) - 1, -1, -1), strict=True))
    positions = [pos for pos in first.values() if held[pos] is not None]
    groups: dict[int, list[int]] = {}
    for pos in positions:
        groups.setdefault(held[pos], []).append(pos)  # type: ignore[arg-type]
    return _Hits(
        positions=positions,
        groups=groups,
        total=len(first),
    )


def _count_hits(hits: _Hits, index: FingerprintIndex) -> Counter[int]:
    """Distinct query shingles each reference holds."""
    counts: Counter[int] = Counter()
    for pid, numbers in hits.groups.items():
        for ref in index.postings[pid]:
            counts[ref] += len(numbers)
    return counts


def _positions_by_ref(
    hits: _Hits, refs: list[int], index: FingerprintIndex
) -> dict[int, list[int]]:
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


def _open_groups(
    hits: _Hits, index: FingerprintIndex, picked: set[int]
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
) -> _Pick | None:
    """The reference best explaining the unexplained hits, with any sibling it ties with.

    `rivals` are references holding hits below MIN_COVERAGE: a passage they share with the
    winner (a BSD disclaimer alone fits BSD-2, BSD-3 and BSD-3-Clear) proves none of them.
    """
    refs = index.refs
    novel = {r: sum(n for holders, n in groups if r in holders) for r in {*pool, *rivals}}
    eligible = [r for r in pool if first_round or novel[r] / refs[r].size >= NOVEL_SHARE]
    if not eligible:
        return None
    seen: dict[tuple[int, int], tuple[int, int] | None] = {}

    def compare(a: int, b: int) -> tuple[int, int] | None:
        """(evidence for a, evidence for b) when a and b compete for the same text."""
        if (a, b) not in seen:
            seen[(a, b)] = _compare_siblings(a, b, index, novel, groups)
        return seen[(a, b)]

    best = eligible[0]
    for other in eligible[1:]:
        score = compare(best, other)
        if score is not None and score[1] > score[0]:
            best = other
    ties = []
    for other in dict.fromkeys([*eligible, *rivals]):
        score = compare(best, other) if other != best else None
        if score is None or score[1] / refs[other].size >= NOVEL_SHARE:
            continue  # unrelated, or a second text of its own rather than a sibling
        if score[0] < MIN_EVIDENCE or score[0] < 2 * score[1]:
            ties.append(other)
    coverage = counts[best] / refs[best].size
    return _Pick(ref=best, coverage=min(1.0, coverage), ambiguous_with=tuple(ties))


def _compare_siblings(
    a: int,
    b: int,
    index: FingerprintIndex,
    novel: dict[int, int],
    groups: list[tuple[frozenset[int], int]],
) -> tuple[int, int] | None:
    """Unexplained hits only `a` holds and only `b` holds, or None if they do not compete."""
    refs = index.refs
    if refs[a].key == refs[b].key or refs[a].kind != refs[b].kind:
        return None
    ours = sum(n for holders, n in groups if a in holders and b not in holders)
    theirs = sum(n for holders, n in groups if b in holders and a not in holders)
    # mostly disjoint hits: two texts side by side (MIT + Apache), not two candidates
    if novel[a] - ours < SIBLING_OVERLAP * min(novel[a], novel[b]):
        return None
    return ours, theirs


def _check_departures(
    picks: list[_Pick],
    index: FingerprintIndex,
    by_ref: dict[int, list[int]],
    held: list[int | None],
    stream: TokenStream,
    shingles: list[int],
    contexts: dict[int, int],
) -> list[_Pick]:
    """Each pick with the places inside its span that no accepted reference explains."""
    tokens = stream.tokens
    marked = mark_copyright_lines(tokens, stream.lines)
    keys = {index.refs[p.ref].key for p in picks}
    accepted = frozenset(i for i, ref in enumerate(index.refs) if ref.key in keys)
    present = set(shingles)
    words = {zlib.crc32(token.encode()) for token in set(tokens)}
    measured = []
    for pick in picks:
        first, last = find_span(by_ref[pick.ref], index.refs[pick.ref].size)
        runs, longest, repeated = measure_departures(
            first, last, held, index, accepted, tokens, marked
        )
        conflicts = count_conflicts(pick.ref, index, shingles, contexts, (first, last), tokens)
        edited = 0.0
        if runs > MAX_DEPARTURES:  # many small edits: align to judge them as a share
            edited_words = measure_edits(index.refs[pick.ref], shingles, (first, last), marked)
            edited = edited_words / index.refs[pick.ref].size
        measured.append(
            replace(
                pick,
                span=(first, last),
                departures=runs,
                conflicts=conflicts,
                edited=round(edited, 4),
                endorsement=find_unnegated_endorsement(tokens, (first, last)),
                longest_departure=longest,
                repeated_departure=repeated,
                gap=measure_gap(index.refs[pick.ref], present),
                ambiguous_with=_drop_cut_siblings(pick, index, present),
                unnamed=not index.refs[pick.ref].name_tokens <= words,
                markers=_marker_difference(
                    index.refs[pick.ref], tokens, (first, last), pick.coverage
                ),
            )
        )
    return measured


def _marker_difference(
    ref: Reference, tokens: tuple[str, ...], span: tuple[int, int], coverage: float
) -> str:
    """The sibling-telling words ("noncommercial", "affero") the text and reference disagree
    on, inside the matched span; "" when they agree. A word the reference has and a copy
    lacks counts only when the copy is nearly complete (a truncated copy may lack it)."""
    found = find_markers(tokens[max(0, span[0] - SHINGLE_SIZE) : span[1] + SHINGLE_SIZE])
    differ = found - ref.markers
    if coverage >= COMPLETE_COVERAGE:
        differ |= ref.markers - found
    return ", ".join(sorted(differ))


def _drop_cut_siblings(pick: _Pick, index: FingerprintIndex, present: set[int]) -> tuple[int, ...]:
    """The siblings a pick ties with, less those whose text lacks a whole passage of theirs
    (0BSD read against ISC lacks ISC's notice condition: it is not ISC)."""
    refs = index.refs
    return tuple(
        r
        for r in pick.ambiguous_with
        if measure_gap(refs[r], present) < max(MIN_GAP, MAX_GAP_SHARE * refs[r].size)
    )


def _confidence(pick: _Pick, size: int) -> float:
    """Coverage mapped to [0.6, 1] from MIN_COVERAGE to 0.9; at most 0.4 when in doubt."""
    score = 0.6 + 0.4 * min(1.0, max(0.0, pick.coverage - MIN_COVERAGE) / 0.4)
    unsure = bool(pick.ambiguous_with) or bool(pick.doubt(size))
    return round(min(score, 0.4) if unsure else score, 3)


def _to_match(
    pick: _Pick,
    index: FingerprintIndex,
    counts: Counter[int],
    lines: tuple[int, ...],
    total: int,
) -> TextMatch:
    ref = index.refs[pick.ref]
    first, last = pick.span
    return TextMatch(
        key=ref.key,
        kind=ref.kind,
        coverage=round(pick.coverage, 3),
        containment=round(min(1.0, counts[pick.ref] / total), 3),
        confidence=_confidence(pick, ref.size),
        start_line=lines[first],
        end_line=lines[min(last + SHINGLE_SIZE - 1, len(lines) - 1)],
    )


def unknown_identification(reason: str, matches: tuple[TextMatch, ...] = ()) -> TextIdentification:
    """An identification that names no license, with the reason as evidence."""
    match = LicenseMatch(
        key=UNKNOWN_LICENSE,
        spdx="NOASSERTION",
        name="Unknown license",
        source=LicenseSource.LICENSE_FILE,
        evidence=reason,
    )
    return TextIdentification(license=match, matches=matches)


def identify_text(text: str, index: FingerprintIndex | None = None) -> TextIdentification:
    """Identify every known license (and acceptable-use policy) in `text`."""
    index = index or load_index()
    stream = tokenize_text(text)
    shingles = hash_shingles(stream.tokens)
    held = list(map(index.table.get, shingles))
    hits = _find_hits(shingles, held)
    # copyright statements belong in a LICENSE file: they do not make it "mostly not license"
    total = max(1, hits.total - count_copyright_shingles(stream.tokens, stream.lines))
    if not hits.positions and not text_may_hold_notices(stream):
        return unknown_identification("no known license text")
    counts = _count_hits(hits, index)
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
    picks: list[_Pick] = []
    contexts = hash_number_contexts(stream.tokens) if pool else {}
    while pool:
        groups = _open_groups(hits, index, picked)
        pick = _select(pool, index, counts, groups, first_round=not picks, rivals=rivals)
        if pick is None:
            break
        picks.append(pick)
        picked.add(pick.ref)
        chosen = index.refs[pick.ref]
        pool = [
            r for r in pool if (index.refs[r].key, index.refs[r].kind) != (chosen.key, chosen.kind)
        ]
    by_ref = _positions_by_ref(hits, [p.ref for p in picks], index)
    picks = _check_departures(picks, index, by_ref, held, stream, shingles, contexts)
    if picks and count_code_lines(text) > MAX_CODE_LINES:
        picks = [replace(p, code=True) for p in picks]
    matches = tuple(
        sorted(
            (_to_match(p, index, counts, stream.lines, total) for p in picks),
            key=lambda m: (m.start_line, m.kind, m.key),
        )
    )
    unexplained = sum(n for _, n in _open_groups(hits, index, picked))
    explained = min(1.0, (len(hits.positions) - unexplained) / total)
    # a notice inside a full text is part of it (GPL's "How to apply" appendix)
    notices = [
        n
        for n in find_notices(stream, text)
        if not any(p.span[0] <= n.start_token <= p.span[1] + SHINGLE_SIZE for p in picks)
    ]
    matches = tuple(
        sorted((*matches, *map(notice_match, notices)), key=lambda m: (m.start_line, m.kind, m.key))
    )
    first_text = min(
        (p.span[0] for p in picks if index.refs[p.ref].kind == "license"),
        default=len(stream.tokens),
    )
    opening = next((n for n in notices if n.spdx), None)
    if opening is not None and _notice_start(opening, stream) < first_text:
        if count_code_lines(text) > MAX_CODE_LINES:
            return unknown_identification("the file is source code with a license notice", matches)
        return identify_by_notice(opening, matches, stream, text)
    return _summarise(picks, matches, index, explained, stream)


def _notice_start(notice: Notice, stream: TokenStream) -> int:
    if notice.start_token >= 0:
        return notice.start_token
    return _first_token_on(stream, notice.start_line)


def _first_token_on(stream: TokenStream, line: int) -> int:
    return next((i for i, n in enumerate(stream.lines) if n >= line), len(stream.lines))


def _summarise(
    picks: list[_Pick],
    matches: tuple[TextMatch, ...],
    index: FingerprintIndex,
    explained: float,
    stream: TokenStream,
) -> TextIdentification:
    """Choose the file's license: its first license text, if that one raises no doubt.

    A bundled text further down never stands in for a first text we cannot name (#14).
    """
    if not matches:
        return unknown_identification("no known license text")
    refs = index.refs
    licenses = sorted(
        (p for p in picks if refs[p.ref].kind == "license"), key=lambda p: (p.span[0], p.ref)
    )
    if not licenses:
        pointer = next((m for m in matches if m.key.startswith(POINTER_PREFIX)), None)
        reason = (
            f"points to {' or '.join(pointed_files(pointer))}"
            if pointer and not picks
            else _explain_unknown(picks, index)
        )
        return unknown_identification(reason, matches)
    first = licenses[0]
    if first.ambiguous_with or first.doubt(refs[first.ref].size):
        return unknown_identification(_explain_unknown([first], index), matches)
    preamble = read_preamble(stream.tokens, stream.lines, first.span[0])
    end = first.span[1] + SHINGLE_SIZE
    following = min(
        (
            _first_token_on(stream, m.start_line)
            for m in matches
            if m.start_line > stream.lines[first.span[0]]
        ),
        default=len(stream.tokens),
    )
    postscript = read_postscript(stream.tokens, stream.lines, end, following)
    if problem := preamble.problem() or postscript:
        return unknown_identification(problem, matches)
    if explained < MIN_CONTAINMENT and first.coverage < COMPLETE_COVERAGE:
        return unknown_identification(
            f"known license text is only {explained:.0%} of the file", matches
        )
    ref = refs[first.ref]
    main = next(m for m in matches if m.kind == "license" and m.key == ref.key)
    offered = [p for p in licenses if not p.ambiguous_with and not p.doubt(refs[p.ref].size)]
    spdx = ref.spdx
    evidence = f"full text matches {main.key}: coverage {main.coverage:.0%}"
    if preamble.choice and len({refs[p.ref].key for p in offered}) > 1:
        spdx = join_choice([refs[p.ref].spdx for p in offered])
        evidence = f"the file offers a choice: {spdx}"
    others = [
        f"{m.key}{' (aup)' if m.kind == 'aup' else ''} l.{m.start_line}-{m.end_line}"
        for m in matches
        if m is not main
    ]
    if others:
        evidence += "; also " + ", ".join(others)
    license_match = LicenseMatch(
        key=main.key,
        spdx=spdx,
        name=ref.name,
        source=LicenseSource.LICENSE_FILE,
        confidence=round(main.confidence * (0.7 + 0.3 * max(explained, main.coverage)), 3),
        coverage=main.coverage,
        evidence=evidence,
    )
    return TextIdentification(license=license_match, matches=matches)


def _explain_unknown(picks: list[_Pick], index: FingerprintIndex) -> str:
    refs = index.refs
    for pick in picks:
        if refs[pick.ref].kind != "license":
            continue
        if pick.ambiguous_with:
            keys = sorted({refs[r].key for r in (pick.ref, *pick.ambiguous_with)})
            return "ambiguous between " + ", ".join(keys)
        if doubt := pick.doubt(refs[pick.ref].size):
            return f"resembles {refs[pick.ref].key} but {doubt}"
    kinds = sorted({f"{refs[p.ref].key} acceptable-use policy" for p in picks})
    return "only " + ", ".join(kinds)


def read_license_file(path: Path) -> tuple[str | None, str]:
    """Text of a file for identification (capped, utf-8 with replacement), or None + reason."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if b"\x00" in data[:8192]:
        return None, "binary file"
    note = f"truncated at {MAX_FILE_BYTES} bytes" if len(data) > MAX_FILE_BYTES else ""
    return data[:MAX_FILE_BYTES].decode("utf-8", errors="replace"), note


def identify_path(path: str | Path) -> TextIdentification:
    """Identify the license text in a file; binary files are unknown with a note."""
    text, note = read_license_file(Path(path))
    if text is None:
        return unknown_identification(note)
    found = identify_text(text)
    return follow_pointer(found, lambda name: _identify_sibling(Path(path), name))


def _identify_sibling(path: Path, name: str) -> TextIdentification | None:
    """The identification of the file `name` next to `path` (any case), None if absent."""
    wanted = name.lower()
    sibling = next(
        (p for p in sorted(path.parent.iterdir()) if p.name.lower() == wanted and p.is_file()), None
    )
    if sibling is None:
        return None
    text, _ = read_license_file(sibling)
    return identify_text(text) if text is not None else None
