"""Verdict: from the measured picks to the file's license, or unknown with the reason.

A pick is doubted when it may be a sibling we lack rather than its reference (thresholds
measured on corpus perturbations vs leave-one-out siblings, docs/identify.md). The file's
license is its first license text, if that one raises no doubt: a bundled text further down
never stands in for a first text we cannot name (#14).
"""

from __future__ import annotations

from collections import Counter

from llmaudit.licenses.alignment import (
    MAX_DEPARTURES,
    MAX_GAP_SHARE,
    MIN_GAP,
    REWRITTEN_SHARE,
)
from llmaudit.licenses.candidates import COMPLETE_COVERAGE, MIN_COVERAGE, Pick
from llmaudit.licenses.combined import (
    POINTER_PREFIX,
    join_choice,
    join_split,
    later_restrictive_license,
    pointed_files,
    read_postscript,
    read_preamble,
    unknown_identification,
)
from llmaudit.licenses.fingerprint_index import FingerprintIndex
from llmaudit.licenses.normalize import SHINGLE_SIZE, TokenStream
from llmaudit.models import (
    LicenseMatch,
    LicenseSource,
    TextIdentification,
    TextMatch,
)

# A LICENSE file is mostly license: a README or source file that merely quotes one is unknown.
MIN_CONTAINMENT = 0.5
MAX_CONFLICTS = 0  # places where a number differs in the same wording ("Llama 3.1" vs "3.2")
# Many small edits are judged by the share of words edited: 5% of words edited at random
# reads as ~7% here (neighbouring edits merge), measured with the ladder in docs/identify.md;
# leave-one-out siblings stay above it.
MAX_EDITED_SHARE = 0.08
MAX_DEPARTURE_LENGTH = 17  # shingles: an inserted or rewritten clause ...
MIN_DEPARTURE_LENGTH = 10  # ... or 12% of a short text (0BSD + "provided that ..." is ISC)
DEPARTURE_SHARE = 0.12
LONG_TEXT = 1000  # shingles: GPL, LGPL, MPL, CC, the model licenses ...
LONG_DEPARTURE_LENGTH = 25  # ... where three edits within a dozen words are no added clause
MAX_REPEATED = 2  # the same change made in several places: a rename
COPY_GAP = 30  # shingles without a hit that end a stretch of a second copy


def find_doubt(pick: Pick, size: int) -> str:
    """Why `pick` may be a sibling we lack rather than its reference; "" if none."""
    if pick.code:
        return "the file is source code quoting it"
    if pick.restriction:
        return f"the text adds terms inside it: {pick.restriction!r}"
    if pick.added_terms:
        return f"the text adds a clause inside it: {pick.added_terms!r}"
    if pick.unnamed:
        return "its name words never appear"
    if pick.markers:
        return f"one of it and the reference says {pick.markers!r}, the other not"
    if pick.endorsement:
        return "its endorsement clause permits what the reference forbids"
    if pick.conflicts > MAX_CONFLICTS:
        return f"{pick.conflicts} version numbers or dates differ"
    if lacks_passage(pick, size):
        return "a passage of the reference is missing"
    limit = max(MIN_DEPARTURE_LENGTH, min(MAX_DEPARTURE_LENGTH, DEPARTURE_SHARE * size))
    if size > LONG_TEXT:  # 5% of words edited at random cluster into longer runs
        limit = LONG_DEPARTURE_LENGTH
    if pick.longest_departure > limit:
        return "the text adds or rewrites a passage"
    # many small edits are judged by their share; a few places, only when together they
    # rewrite as much as one passage may (alignment.REWRITTEN_SHARE)
    if pick.edited > (MAX_EDITED_SHARE if pick.departures > MAX_DEPARTURES else REWRITTEN_SHARE):
        return f"{pick.edited:.0%} of its words differ"
    if pick.repeated_departure > MAX_REPEATED:
        return "the same change recurs (renamed)"
    return ""


def lacks_passage(pick: Pick, size: int) -> bool:
    """True when a passage of the reference is missing inside the text `pick` matched: the
    text is not that reference (BSD-2-Clause read against BSD-3-Clause), nor a part of it."""
    return pick.gap >= max(MIN_GAP, MAX_GAP_SHARE * size)


def first_text_cut(picks: list[Pick], index: FingerprintIndex) -> str | None:
    """The key of the file's first license text when a passage of its reference is missing
    inside it (lacks_passage), else None."""
    licenses = _license_picks_in_order(picks, index)
    if licenses and lacks_passage(licenses[0], index.refs[licenses[0].ref].size):
        return index.refs[licenses[0].ref].key
    return None


def _confidence(pick: Pick, size: int) -> float:
    """Coverage mapped to [0.6, 1] from MIN_COVERAGE to 0.9; at most 0.4 when in doubt."""
    score = 0.6 + 0.4 * min(1.0, max(0.0, pick.coverage - MIN_COVERAGE) / 0.4)
    unsure = bool(pick.ambiguous_with) or bool(find_doubt(pick, size))
    return round(min(score, 0.4) if unsure else score, 3)


def to_match(
    pick: Pick,
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


def summarise_picks(
    picks: list[Pick],
    matches: tuple[TextMatch, ...],
    index: FingerprintIndex,
    explained: float,
    stream: TokenStream,
    held: list[int | None],
) -> TextIdentification:
    """Choose the file's license: its first license text, if that one raises no doubt.

    A bundled text further down never stands in for a first text we cannot name (#14).
    """
    if not matches:
        return unknown_identification("no known license text")
    refs = index.refs
    licenses = _license_picks_in_order(picks, index)
    if not licenses:
        pointer = next((m for m in matches if m.key.startswith(POINTER_PREFIX)), None)
        reason = (
            f"points to {' or '.join(pointed_files(pointer))}"
            if pointer and not picks
            else _explain_unknown(picks, index)
        )
        return unknown_identification(reason, matches)
    first = licenses[0]
    if _in_doubt(first, index):
        return unknown_identification(
            _explain_unknown([first], index), matches, restriction=first.restriction
        )
    preamble = read_preamble(
        stream.tokens,
        stream.lines,
        first.span[0],
        _explained_by_key(refs[first.ref].key, index, held, first.span[0]),
    )
    end = first.span[1] + SHINGLE_SIZE
    following = min(
        (
            stream.first_token_on(m.start_line)
            for m in matches
            if m.start_line > stream.lines[first.span[0]]
        ),
        default=len(stream.tokens),
    )
    following = min(following, _next_copy(refs[first.ref].key, index, held, end))
    postscript = read_postscript(
        stream.tokens,
        stream.lines,
        end,
        following,
        _explained_by_key(refs[first.ref].key, index, held, following, start=end),
        refs[first.ref].terms,
    )
    if problem := preamble.problem() or postscript.problem:
        restriction = preamble.restriction or postscript.restriction
        return unknown_identification(problem, matches, restriction=restriction)
    if explained < MIN_CONTAINMENT and first.coverage < COMPLETE_COVERAGE:
        return unknown_identification(
            f"known license text is only {explained:.0%} of the file", matches
        )
    ref = refs[first.ref]
    main = next(m for m in matches if m.kind == "license" and m.key == ref.key)
    if banned := later_restrictive_license(main.key, matches, main.end_line):
        return banned  # never the first license alone
    offered = [p for p in licenses if not p.ambiguous_with and not find_doubt(p, refs[p.ref].size)]
    spdx = ref.spdx
    evidence = f"full text matches {main.key}: coverage {main.coverage:.0%}" + (
        preamble.note() or postscript.note()
    )
    if preamble.split:
        spdx = join_split(preamble.split, [refs[p.ref].spdx for p in licenses])
        if not spdx or len(offered) != len(licenses):
            parts = " and ".join(preamble.split)
            return unknown_identification(
                f"the file splits the work between {parts}, which its texts do not match",
                matches,
            )
        evidence = f"the work is split between its texts: {spdx}"
        main = _strictest_part(spdx, matches, main)
        ref = next(refs[p.ref] for p in licenses if refs[p.ref].key == main.key)
    elif preamble.choice and len({refs[p.ref].key for p in offered}) > 1:
        spdx = join_choice([refs[p.ref].spdx for p in offered])
        evidence = f"the file offers a choice: {spdx}"
    elif later := _or_later_notice(spdx, matches):
        spdx = later.key
        evidence += f"; its notice l.{later.start_line} offers any later version: {spdx}"
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


def _or_later_notice(spdx: str, matches: tuple[TextMatch, ...]) -> TextMatch | None:
    """The notice of the same GNU license and version "or (at your option) any later
    version" that the file holds beside the full text of `spdx` (an `-only` id), or None:
    the GPL's text alone names no choice of version, the notice after it does."""
    if not spdx.endswith("-only"):
        return None
    wanted = spdx.removesuffix("-only") + "-or-later"
    return next((m for m in matches if m.kind == "notice" and m.key == wanted), None)


def _strictest_part(spdx: str, matches: tuple[TextMatch, ...], first: TextMatch) -> TextMatch:
    """The match of the most restrictive license of an AND expression: every part applies,
    so the file's key is the one that asks the most (as for a declared AND expression)."""
    from llmaudit.licenses.spdx import choose_component, parse_spdx_expression

    parsed = parse_spdx_expression(spdx)
    key = choose_component(parsed) if parsed is not None else ""
    return next((m for m in matches if m.kind == "license" and m.key == key), first)


def first_text_in_doubt(picks: list[Pick], index: FingerprintIndex) -> frozenset[str]:
    """The keys of the file's first license text (its pick and the siblings it ties with)
    when it ties or raises a doubt: a candidate problem, which reading the file's texts one
    at a time may solve (unlike terms we do not know before or after it). Empty otherwise."""
    licenses = _license_picks_in_order(picks, index)
    if not licenses or not _in_doubt(licenses[0], index):
        return frozenset()
    first = licenses[0]
    return frozenset(index.refs[r].key for r in (first.ref, *first.ambiguous_with))


def _license_picks_in_order(picks: list[Pick], index: FingerprintIndex) -> list[Pick]:
    """The picks of license texts (no acceptable-use policies), in the order the file has them."""
    refs = index.refs
    return sorted(
        (p for p in picks if refs[p.ref].kind == "license"), key=lambda p: (p.span[0], p.ref)
    )


def _in_doubt(pick: Pick, index: FingerprintIndex) -> bool:
    """True when `pick` ties with a sibling or raises a doubt (find_doubt)."""
    return bool(pick.ambiguous_with) or bool(find_doubt(pick, index.refs[pick.ref].size))


def _explained_by_key(
    key: str, index: FingerprintIndex, held: list[int | None], end: int, start: int = 0
) -> frozenset[int]:
    """Tokens from `start` to `end` inside a shingle that some reference text of `key` holds."""
    refs, postings = index.refs, index.postings
    variants = frozenset(i for i, ref in enumerate(refs) if ref.key == key)
    covered: set[int] = set()
    for position, pid in enumerate(held[start:end], start=start):
        if pid is not None and not postings[pid].isdisjoint(variants):
            covered.update(range(position, position + SHINGLE_SIZE))
    return frozenset(covered)


def _next_copy(key: str, index: FingerprintIndex, held: list[int | None], start: int) -> int:
    """Where the text goes on with another copy of license `key` after `start` (sympy's
    LICENSE repeats BSD-3-Clause for patches from another project, dnspython's repeats ISC
    with the older holder's wording): a stretch holding at least MIN_COVERAGE of the
    reference. Phrases a later text shares with it (the BeOpen and CNRI parts of the Python
    stack word their disclaimers as PSF-2.0 does) are no copy: they stay unknown terms."""
    postings, refs = index.postings, index.refs
    variants = frozenset(i for i, ref in enumerate(refs) if ref.key == key)
    needed = MIN_COVERAGE * min(refs[i].size for i in variants)
    found = 0
    first = last = -1
    for position in range(start, len(held)):
        pid = held[position]
        if pid is None or postings[pid].isdisjoint(variants):
            continue
        if position - last > COPY_GAP:
            found, first = 0, position
        found += 1
        last = position
        if found >= needed:
            return first
    return len(held) + SHINGLE_SIZE - 1


def _explain_unknown(picks: list[Pick], index: FingerprintIndex) -> str:
    refs = index.refs
    for pick in picks:
        if refs[pick.ref].kind != "license":
            continue
        if pick.ambiguous_with:
            keys = sorted({refs[r].key for r in (pick.ref, *pick.ambiguous_with)})
            return "ambiguous between " + ", ".join(keys)
        if doubt := find_doubt(pick, refs[pick.ref].size):
            return f"resembles {refs[pick.ref].key} but {doubt}"
    kinds = sorted({f"{refs[p.ref].key} acceptable-use policy" for p in picks})
    if not kinds:
        # a GNU license named only by an exception to it ("an additional permission under
        # section 7 of the GNU General Public License"): no notice of the work's license
        return "no license text, and no notice of the work's own license"
    return "only " + ", ".join(kinds)
