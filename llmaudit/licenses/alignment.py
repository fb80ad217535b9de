"""Alignment: how the text a candidate matched departs from its reference.

For each picked reference: the span of the text it matched, the places inside that span no
accepted reference explains (and, when there are many, the share of words edited from a
sequence alignment, see deviations.measure_edits), version or date conflicts, a missing
passage, the sibling-telling words and the BSD endorsement clause. verdict.py judges them.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import replace

from llmaudit.licenses.candidates import COMPLETE_COVERAGE, Pick
from llmaudit.licenses.deviations import (
    CONFLICT_MARGIN,
    count_conflicts,
    find_span,
    find_unnegated_endorsement,
    mark_copyright_lines,
    mark_endorsement_names,
    measure_aligned_gap,
    measure_departures,
    measure_edits,
    measure_gap,
    measure_missing_words,
)
from llmaudit.licenses.fingerprint_index import FingerprintIndex, Reference, decode_sequence
from llmaudit.licenses.normalize import SHINGLE_SIZE, TokenStream, find_markers

# Beyond this many separate places where the text leaves the reference, the text is aligned
# to the reference and judged by the share of its words edited (verdict.MAX_EDITED_SHARE).
MAX_DEPARTURES = 7
# Words edited, all places together, beyond which a text is not its reference however few the
# places: the share verdict.DEPARTURE_SHARE allows one rewritten passage of a short text.
REWRITTEN_SHARE = 0.12
MAX_GAP_SHARE = 0.12  # share of the reference missing inside the text (a cut clause)
MIN_GAP = 15  # shingles: below this a missing piece is a small edit
TITLE_WORDS = 8  # a line of at most this many words before a text may be its title
# References shorter than this (shingles: the BSD, MIT, ISC, zlib families, whose clauses
# repeat each other's words) are also aligned for a missing passage (measure_aligned_gap)
ALIGNED_GAP_SIZE = 1000


def measure_picks(
    picks: list[Pick],
    index: FingerprintIndex,
    by_ref: dict[int, list[int]],
    held: list[int | None],
    stream: TokenStream,
    shingles: list[int],
    contexts: dict[int, int],
    contact_lines: frozenset[int] = frozenset(),
) -> list[Pick]:
    """Each pick with the places inside its span that no accepted reference explains;
    copyright, `contact_lines` (deviations.find_contact_lines) and the names filling in an
    endorsement clause (deviations.mark_endorsement_names) are the copier's own."""
    tokens = stream.tokens
    names = mark_endorsement_names(tokens)
    marked = [
        own or line in contact_lines or i in names
        for i, (own, line) in enumerate(
            zip(mark_copyright_lines(tokens, stream.lines), stream.lines, strict=True)
        )
    ]
    keys = {index.refs[p.ref].key for p in picks}
    accepted = frozenset(i for i, ref in enumerate(index.refs) if ref.key in keys)
    present = set(shingles)
    measured = []
    for pick in picks:
        first, last = find_span(by_ref[pick.ref], index.refs[pick.ref].size)
        runs, longest, repeated, changed, restriction, added = measure_departures(
            first, last, held, index, accepted, tokens, marked
        )
        conflicts = count_conflicts(pick.ref, index, shingles, contexts, (first, last), tokens)
        reference = index.refs[pick.ref]
        inside = set(shingles[first : last + 1])
        # a few places may still change a real share of a short text (the Biopython License
        # read against MIT-CMU: 7 places, a fifth of its words): what the text adds and what
        # it lacks of the reference are counted first, the alignment runs only beyond that
        estimate = max(changed, measure_missing_words(reference, inside))
        edited = 0.0
        if runs > MAX_DEPARTURES or estimate > REWRITTEN_SHARE * reference.size:
            edited_words = measure_edits(reference, shingles, (first, last), marked)
            edited = edited_words / reference.size
        measured.append(
            replace(
                pick,
                span=(first, last),
                departures=runs,
                conflicts=conflicts,
                edited=round(edited, 4),
                endorsement=find_unnegated_endorsement(tokens, (first, last)),
                longest_departure=longest,
                restriction=restriction,
                added_terms=added,
                repeated_departure=repeated,
                # inside the span: a clause found only in a later text (libyuv's BSD-3-Clause
                # after libavif's BSD-2-Clause) is missing from this one
                gap=_measure_gap(reference, inside, shingles, (first, last), pick.coverage),
                ambiguous_with=_drop_cut_siblings(pick, index, present),
                unnamed=not index.refs[pick.ref].name_tokens <= _words_near(stream, first, last),
                markers=_marker_difference(
                    index.refs[pick.ref], tokens, (first, last), pick.coverage
                ),
            )
        )
    return measured


def _measure_gap(
    reference: Reference,
    inside: set[int],
    shingles: list[int],
    span: tuple[int, int],
    coverage: float,
) -> int:
    """The longest passage of the reference missing inside the matched span: by the shingles
    found (measure_gap), and for a short reference not found whole by an alignment too."""
    gap = measure_gap(reference, inside)
    if reference.size >= ALIGNED_GAP_SIZE or coverage >= 1.0:
        return gap
    return max(gap, measure_aligned_gap(reference, shingles, span))


OPENING_SHINGLES = 10  # a reference's first shingles: where a copy of its text starts


def text_opening(pick: Pick, index: FingerprintIndex, shingles: list[int]) -> int:
    """Where the copy of the pick's reference starts in the text: the first position, inside
    the matched span, of one of the reference's first shingles; the span's start when none
    is found (a copy without its opening words)."""
    ref = index.refs[pick.ref]
    first, last = pick.span
    if not ref.sequence:
        return first
    opening = set(decode_sequence(ref.sequence)[:OPENING_SHINGLES])
    return next((i for i in range(first, last + 1) if shingles[i] in opening), first)


def _words_near(stream: TokenStream, first: int, last: int) -> set[int]:
    """CRC-32 of the words of the matched span, from the start of the line it starts on and
    with the short lines just before it (a title: The "Artistic License"): a license's name
    said only in a note before it (CPL's "IBM has assigned the Agreement Steward role for
    the CPL to the Eclipse Foundation") does not name the text."""
    tokens, lines = stream.tokens, stream.lines
    start = stream.first_token_on(lines[first]) if tokens else 0
    while start > 0 and first - start < CONFLICT_MARGIN:
        above = stream.first_token_on(lines[start - 1])
        if start - above > TITLE_WORDS:
            break
        start = above
    near = tokens[start : last + SHINGLE_SIZE]
    return {zlib.crc32(token.encode()) for token in set(near)}


def prefer_whole_siblings(
    picks: list[Pick], index: FingerprintIndex, counts: Counter[int], present: set[int]
) -> list[Pick]:
    """A pick whose text lacks a whole passage of its reference (BSD-3-Clause-Open-MPI's
    no-reassurances paragraph, read against dill's plain BSD-3-Clause) gives way to the one
    sibling it ties with that lacks none: the text is that sibling, not a cut copy."""
    refs = index.refs
    chosen = []
    for pick in picks:
        whole = [r for r in pick.ambiguous_with if not _is_cut(refs[r], present)]
        if len(whole) == 1 and _is_cut(refs[pick.ref], present):
            sibling = whole[0]
            others = tuple(r for r in pick.ambiguous_with if r != sibling)
            pick = Pick(
                ref=sibling,
                coverage=min(1.0, counts[sibling] / refs[sibling].size),
                ambiguous_with=(pick.ref, *others),
            )
        chosen.append(pick)
    return chosen


def _is_cut(ref: Reference, present: set[int]) -> bool:
    return measure_gap(ref, present) >= max(MIN_GAP, MAX_GAP_SHARE * ref.size)


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


def _drop_cut_siblings(pick: Pick, index: FingerprintIndex, present: set[int]) -> tuple[int, ...]:
    """The siblings a pick ties with, less those whose text lacks a whole passage of theirs
    (0BSD read against ISC lacks ISC's notice condition: it is not ISC)."""
    refs = index.refs
    return tuple(r for r in pick.ambiguous_with if not _is_cut(refs[r], present))
