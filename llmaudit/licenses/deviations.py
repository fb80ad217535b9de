"""How a text departs from the reference it matched: the measures behind "doubt"."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from itertools import compress, pairwise

from llmaudit.licenses.combined import (
    find_added_terms_spans,
    find_use_restriction,
    find_use_restriction_spans,
)
from llmaudit.licenses.fingerprint_index import FingerprintIndex, Reference, decode_sequence
from llmaudit.licenses.normalize import SHINGLE_SIZE, names_version_or_date

CLUSTER_GAP = 60  # shingles between hits that still belong to one cluster
MIN_CLUSTER = 10  # hits (and share of a match's hits) a cluster needs to bound its span
MIN_CLUSTER_SHARE = 0.05
ANCHOR_RUN = 10  # found shingles in a row that mark where a copy really starts and ends
_ANCHOR = re.compile(f"1{{{ANCHOR_RUN},}}")
_MISSING = re.compile("0+")
_PASSAGE = re.compile(f"1{{{SHINGLE_SIZE},}}")  # found shingles in a row: a passage held whole
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEARS_LOOKBACK = 16  # tokens: a list of copyright years ("2001, 2002, 2003, ...")
# "copyright notice", "copyright holder", "copyright law" open lines of license text too
_LICENSE_WORDS = frozenset(
    [
        "notice",
        "notices",
        "holder",
        "holders",
        "owner",
        "owners",
        "and",
        "law",
        "laws",
        "license",
        "licenses",
        "statement",
        "statements",
        "or",
        "of",
        "to",
        "in",
        "protection",
        "infringement",
    ]
)
CONFLICT_MARGIN = 20  # tokens before the span where a differing version or date still counts
_SECTION_WORDS = frozenset(["section", "sections", "clause", "clauses", "article", "paragraph"])
_ENDORSE_LOOKBACK = 60  # tokens: "Neither the name of <long holder> nor the names of ..."
# Source code that quotes a license in its header is code, not a license file.
_CODE_LINE = re.compile(
    r"^[ \t]*(?:def \w+\(.*\):|class \w+(?:\(.*\))?:|import [\w.]+(?: as \w+)?$|"
    r"from [\w.]+ import [\w*, ()]+$|#include\s*[<\"]|function \w+\s*\(|"
    r"(?:const|let|var) \w+ = |(?:public|private|protected) [\w<>\[\] ]+\(|"
    r"[A-Za-z_][\w.]* = \S)",
    re.MULTILINE,
)


def count_conflicts(
    ref: int,
    index: FingerprintIndex,
    shingles: list[int],
    contexts: dict[int, int],
    span: tuple[int, int],
    tokens: tuple[str, ...],
) -> int:
    """Places inside `span` worded as in `ref` but with another number: a sibling version we
    lack. Overlapping shingles around one number are one place; a bundled text after the
    matched span (version numbers of third-party code) does not count, but a title line just
    before it does (the span starts at the first shingle the reference holds)."""
    postings, masked = index.postings, index.masked
    first, last = span[0] - CONFLICT_MARGIN, min(span[1], _sample_notice_start(tokens))
    places = 0
    previous = -SHINGLE_SIZE - 1
    for position in sorted(p for p in contexts if first <= p <= last):
        if _ref_holds(index, shingles[position], ref):
            continue
        pid = masked.get(contexts[position])
        if (
            pid is not None
            and ref in postings[pid]
            and _has_unheld_number(ref, index, shingles, tokens, position)
            and not _cites_sections(tokens, position)
            and not _copyright_years(tokens, position)
        ):
            if position - previous > SHINGLE_SIZE:
                places += 1
            previous = position
    return places


_END_OF_TERMS = ("end", "of", "terms", "and", "conditions")


def _sample_notice_start(tokens: tuple[str, ...]) -> int:
    """Where the "How to apply these terms" appendix after END OF TERMS AND CONDITIONS starts
    (the GNU licenses, Apache-2.0), else past the end. Its notice is a sample for the
    licensee's own files: blosc2's copy of TinyCC's LGPL-2.1 says "either version 2 of the
    License" there, yet its title and terms are 2.1's."""
    if "conditions" not in tokens or "apply" not in tokens:
        return len(tokens)
    for end in _positions_of("end", tokens):
        if tokens[end : end + 5] != _END_OF_TERMS:
            continue
        after = tokens[end + 5 : end + 40]
        for i in range(len(after) - 2):
            if after[i : i + 3] == ("how", "to", "apply"):
                return end + 5 + i
    return len(tokens)


def _has_unheld_number(
    ref: int, index: FingerprintIndex, shingles: list[int], tokens: tuple[str, ...], start: int
) -> bool:
    """True when a number of the shingle at `start` sits in no shingle the reference holds.

    A word dropped or changed beside a date ("Dated: 21, 2023" for "Dated: November 21, 2023")
    leaves the numbers in wording the reference has elsewhere around them: no other version.
    """
    end = min(start + SHINGLE_SIZE, len(tokens))
    for i in range(start, end):
        if not names_version_or_date(tokens[i]):
            continue
        covering = range(max(0, i - SHINGLE_SIZE + 1), min(i, len(shingles) - 1) + 1)
        if not any(_ref_holds(index, shingles[j], ref) for j in covering):
            return True
    return False


def _ref_holds(index: FingerprintIndex, shingle: int, ref: int) -> bool:
    """True when reference `ref` holds this exact shingle."""
    pid = index.table.get(shingle)
    return pid is not None and ref in index.postings[pid]


def _cites_sections(tokens: tuple[str, ...], start: int) -> bool:
    """True when every number of the shingle at `start` follows "section" (renumbered
    cross-references are no other version of the license)."""
    numbers = [
        i for i in range(start, min(start + SHINGLE_SIZE, len(tokens))) if not tokens[i].isalpha()
    ]
    return bool(numbers) and all(i > 0 and tokens[i - 1] in _SECTION_WORDS for i in numbers)


def _copyright_years(tokens: tuple[str, ...], start: int) -> bool:
    """True when the numbers of the shingle at `start` are years of a copyright notice quoted
    in the license ("Copyright (c) 2001, 2002, ... Python Software Foundation")."""
    numbers = [t for t in tokens[start : start + SHINGLE_SIZE] if not t.isalpha()]
    if not numbers or not all(_YEAR.fullmatch(t) for t in numbers):
        return False
    if "copyright" in tokens[max(0, start - _YEARS_LOOKBACK) : start + SHINGLE_SIZE]:
        return True
    # a longer list (ansible's PSF-2.0 copy quotes the years 2001 to 2021): the word before
    # the whole run of years
    first = start
    while first > 0 and _YEAR.fullmatch(tokens[first - 1]):
        first -= 1
    return "copyright" in tokens[max(0, first - 2) : first]


def find_unnegated_endorsement(tokens: tuple[str, ...], span: tuple[int, int]) -> bool:
    """True when a BSD-style endorsement clause inside `span` grants instead of forbids.

    BSD-3-Clause says "Neither the name ... nor ... may be used to endorse" (xlrd: "None of
    the names of ... may be used to endorse"); a copy whose clause reads "The name ... may be
    used to endorse" inverts it with one word (issue #14).
    """
    first, last = span
    window = tokens[first : last + SHINGLE_SIZE]
    if "endorse" not in window:
        return False
    endorse = [i - 2 for i, token in enumerate(window) if token == "endorse" and i >= 4]
    for i in endorse:
        if window[i : i + 2] != ("used", "to"):
            continue
        before = window[max(0, i - _ENDORSE_LOOKBACK) : i]
        if window[i - 2] != "not" and "neither" not in before and not _says_none_of(before):
            return True
    return False


_HOLDER_SLOT = 20  # tokens: the longest list of names an endorsement clause's slot may hold
_POSSESSIVES = frozenset(["its", "their", "his", "her"])


def mark_endorsement_names(tokens: tuple[str, ...]) -> frozenset[int]:
    """Tokens that fill in the name slot of a BSD-style endorsement clause: "Neither the name
    of <NVIDIA CORPORATION, Lawrence Berkeley National Laboratory, the U.S. Department of
    Energy>, nor the names of <their> contributors may be used to endorse". The template
    says "the copyright holder" there (SPDX marks it a variable): the names are the copier's
    own, like a copyright line, not a change to the license; so is "names" for "name" before a
    list (configobj's "Neither the names of Michael Foord, Eli Courtwright or Rob Dennis, nor the
    name of Voidspace, may be used"). A slot whose words take commercial use away is license
    text and stays counted."""
    if "neither" not in tokens or "endorse" not in tokens:
        return frozenset()
    marked: set[int] = set()
    for start in _positions_of("neither", tokens):
        if tokens[start + 1 : start + 4] not in (("the", "name", "of"), ("the", "names", "of")):
            continue
        slot_start = start + 4
        window = tokens[slot_start : slot_start + _HOLDER_SLOT + 4]
        nor = next(
            (
                i
                for i in range(len(window) - 3)
                if window[i : i + 4] == ("nor", "the", "names", "of")
            ),
            None,
        )
        if nor is not None and "endorse" in tokens[slot_start + nor : slot_start + nor + 15]:
            # with the words between the names and the possessive the names chose ("their"),
            # so that the run of changed shingles lies wholly on the copier's own words
            after = slot_start + nor + 4
            end = after + 1 if after < len(tokens) and tokens[after] in _POSSESSIVES else after
            slot = range(slot_start, end)
        else:
            # no "nor the names of its contributors": names up to "may be used to endorse"
            # (pyfaidx's "Neither the name of The Johns Hopkins University, or the name of
            # any affiliate ..., or the names of any of their respective faculty, employees,
            # or students may be used to endorse")
            reach = tokens[slot_start : slot_start + _LONG_SLOT + 5]
            used = next(
                (i for i in range(len(reach) - 4) if reach[i : i + 5] == _MAY_BE_USED_TO_ENDORSE),
                None,
            )
            if used is None:
                continue
            slot = range(slot_start, slot_start + used)
        words = tokens[slot.start : slot.stop]
        if find_use_restriction_spans(words) or find_added_terms_spans(words):
            continue
        marked.update(slot)
        if tokens[start + 2] == "names":
            # "the names of" agrees in number with the list: part of filling in the slot
            marked.update(range(start + 2, slot_start))
    return frozenset(marked)


_LONG_SLOT = 50  # tokens: names, affiliates and their staff before "may be used to endorse"
_MAY_BE_USED_TO_ENDORSE = ("may", "be", "used", "to", "endorse")


def _positions_of(word: str, tokens: tuple[str, ...]) -> list[int]:
    """Every position of `word` in `tokens` (tuple.index runs in C: a Python loop over every
    token of every file cost 3% of identifying real package files)."""
    found: list[int] = []
    start = 0
    while True:
        try:
            start = tokens.index(word, start)
        except ValueError:
            return found
        found.append(start)
        start += 1


def _says_none_of(words: tuple[str, ...]) -> bool:
    return any(a == "none" and b == "of" for a, b in pairwise(words))


def measure_departures(
    first: int,
    last: int,
    held: list[int | None],
    index: FingerprintIndex,
    accepted: frozenset[int],
    tokens: tuple[str, ...],
    marked: list[bool],
) -> tuple[int, int, int, int, str, str]:
    """(number, longest, most repeated) runs of shingles between `first` and `last` that no
    accepted reference holds; a repeated run is a systematic rename ("Apache" -> "ECL"). The
    words those runs changed, at least (a run of n shingles is n - SHINGLE_SIZE + 1 words, at
    least one, as measure_edits counts a block). And the first phrase in such a run that takes
    commercial use away: however short, words the text adds inside the license ("Commercial
    use is prohibited.") make it another license; and the first clause phrase
    (combined.find_added_terms_spans) of a class no accepted reference has ("shall not be used in
    advertising" inside MIT's text)."""
    postings = index.postings
    window = held[first : last + 1]
    explained = {
        pid for pid in set(window) if pid is not None and not postings[pid].isdisjoint(accepted)
    }
    flags = "".join(["1" if pid in explained else "0" for pid in window])
    runs = [(first + m.start(), first + m.end() - 1) for m in _MISSING.finditer(flags)]
    # a copyright line inside the license is the copier's own, not a change to the license
    runs = [(a, b) for a, b in runs if not _on_copyright_lines(a, b, marked)]
    if not runs:
        return 0, 0, 0, 0, "", ""
    signatures = Counter(
        _changed_tokens(a, b, tokens) for a, b in runs if not _fills_in_a_version(a, b, tokens)
    )
    longest = max(b - a + 1 for a, b in runs)
    changed = sum(max(1, b - a + 2 - SHINGLE_SIZE) for a, b in runs)
    said = frozenset().union(*(index.refs[ref].restrictions for ref in accepted))
    restriction = next(
        (found for a, b in runs if (found := _added_restriction(a, b, tokens, said))), ""
    )
    has = frozenset().union(*(index.refs[ref].terms for ref in accepted))
    added = next((found for a, b in runs if (found := _added_clause(a, b, tokens, has))), "")
    return len(runs), longest, max(signatures.values(), default=0), changed, restriction, added


def _added_restriction(start: int, end: int, tokens: tuple[str, ...], said: frozenset[str]) -> str:
    """A phrase taking commercial use away that words the run changed are part of: read with
    a shingle's width of context each side ("commercial or non-commercial" is read whole),
    and never one the reference already says (CC BY-NC's "NonCommercial" beside an edit)."""
    _, changed, window = _changed_window(start, end, tokens)
    return next(
        (
            phrase
            for first, last, phrase in find_use_restriction_spans(window)
            if first < changed.stop and changed.start <= last and phrase not in said
        ),
        "",
    )


def _added_clause(start: int, end: int, tokens: tuple[str, ...], has: frozenset[str]) -> str:
    """A clause phrase (combined.find_added_terms_spans) that words the run changed are part of,
    of a class of clause the reference does not have ("governed by the laws of" added to
    zlib's text; an edit beside BSD-3-Clause's own endorsement clause adds none)."""
    _, changed, window = _changed_window(start, end, tokens)
    return next(
        (
            phrase
            for first, last, phrase, kind in find_added_terms_spans(window)
            if first < changed.stop and changed.start <= last and kind not in has
        ),
        "",
    )


def _changed_window(
    start: int, end: int, tokens: tuple[str, ...]
) -> tuple[int, range, tuple[str, ...]]:
    """The tokens around a run of changed shingles, a shingle's width each side, and which
    of them (as offsets into that window) the run changed."""
    low = max(0, start - SHINGLE_SIZE)
    if end - start + 1 < SHINGLE_SIZE:
        # fewer shingles than a word touches: words were dropped just before token
        # `end + 1`, which can make a phrase there ("for any purpose, [commercial or]
        # non-commercial"): one that holds that token reads differently now
        changed = range(end + 1 - low, end + 2 - low)
    elif end - start + 1 == SHINGLE_SIZE:
        changed = range(end - low, start + SHINGLE_SIZE - low)
    else:
        changed = range(start + SHINGLE_SIZE - 1 - low, end + 1 - low)
    return low, changed, tokens[low : end + 2 * SHINGLE_SIZE]


def measure_edits(
    reference: Reference,
    shingles: list[int],
    span: tuple[int, int],
    marked: list[bool],
) -> int:
    """Words edited when the matched span of the text is aligned to the reference, shingle
    by shingle.

    A sequence alignment (difflib) of the two shingle sequences: one edited word changes
    SHINGLE_SIZE shingles in a row, so a differing block of n shingles is about
    n - SHINGLE_SIZE + 1 words (at least one). A missing start or end is truncation and does
    not count, nor does a block on a copyright line (the copier's own).
    """
    sequence = decode_sequence(reference.sequence) if reference.sequence else []
    if not sequence:
        return 0
    first, last = span
    text = shingles[first : last + 1]
    matcher = SequenceMatcher(None, sequence, text, autojunk=False)
    edited = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "delete" and (i1 == 0 or i2 == len(sequence))):
            continue
        if j2 > j1 and _on_copyright_lines(first + j1, first + j2 - 1, marked):
            continue
        edited += max(1, max(i2 - i1, j2 - j1) - SHINGLE_SIZE + 1)
    return edited


def mark_copyright_lines(tokens: tuple[str, ...], lines: tuple[int, ...]) -> list[bool]:
    """Per token: does it sit on a copyright statement ("Copyright 2024 Acme", "(c) 2024")?

    "each copyright holder and contributor hereby grants" is license text, not such a line.
    """
    if "copyright" not in tokens:
        return [False] * len(lines)
    statements = {
        lines[i]
        for i in compress(range(len(tokens)), map("copyright".__eq__, tokens))
        if any(_YEAR.fullmatch(t) for t in tokens[i + 1 : i + 4])
        or (
            (i == 0 or lines[i - 1] != lines[i])
            and (i + 1 >= len(tokens) or tokens[i + 1] not in _LICENSE_WORDS)
        )
    }
    marked = list(map(statements.__contains__, lines))
    for line in statements:
        # its list of years goes on over the next line ("Copyright (c) 2001, ..., 2010," then
        # "2011, ..., 2021 Python Software Foundation" in ansible's PSF-2.0 copy)
        i = bisect_left(lines, line + 1)
        while 0 < i < len(tokens) and _YEAR.fullmatch(tokens[i]) and _YEAR.fullmatch(tokens[i - 1]):
            marked[i] = True
            i += 1
    return marked


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s)\]>]+")
_WORD = re.compile(r"[^\W\d_]+")
MAX_CONTACT_WORDS = 4  # "Developed by: Kevin Sheppard <kevin@...>": a name beside the address


def find_contact_lines(text: str) -> frozenset[int]:
    """Lines (1-based) that hold the copier's contact details: an e-mail address or a URL
    with at most a name beside it (NCSA's "Developed by: [fullname] [projecturl]" filled
    in). Like a copyright line, they are the copier's own, not a change to the license; a
    line that says more than a name beside its address is license text like any other."""
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if "@" not in line and "www." not in line and "://" not in line:
            continue
        rest = _URL.sub(" ", _EMAIL.sub(" ", line))
        words = _WORD.findall(rest.lower())
        if rest != line and len(words) <= MAX_CONTACT_WORDS and not find_use_restriction(words):
            found.add(number)
    return frozenset(found)


def _on_copyright_lines(start: int, end: int, marked: list[bool]) -> bool:
    """True when the tokens a run of shingles changed all sit on copyright lines."""
    core = (
        range(end, start + SHINGLE_SIZE)
        if end - start + 1 <= SHINGLE_SIZE
        else range(start + SHINGLE_SIZE - 1, end + 1)
    )
    inside = [marked[i] for i in core if i < len(marked)]
    return not inside or all(inside)


def _fills_in_a_version(start: int, end: int, tokens: tuple[str, ...]) -> bool:
    """True when a run only adds a version after the name it follows: a template that
    renders "Python |release|" as "Python Python 2.7.5" (the PSF agreement in Python's
    documentation) repeats that change wherever the name stands, yet renames nothing."""
    changed = _changed_tokens(start, end, tokens)
    first = start + SHINGLE_SIZE - 1 if end - start + 1 > SHINGLE_SIZE else end
    if not changed or first < 1:
        return False
    before = tokens[first - 1]
    versions = [t for t in changed if t[0].isdigit() and names_version_or_date(t)]
    return bool(versions) and all(t in versions or t == before for t in changed)


def _changed_tokens(start: int, end: int, tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The tokens a run of unexplained shingles has in common: what was changed there."""
    if end - start + 1 <= SHINGLE_SIZE:
        return tokens[end : start + SHINGLE_SIZE]
    return tokens[start + SHINGLE_SIZE - 1 : end + 1]


def measure_gap(ref: Reference, present: set[int]) -> int:
    """Longest run of the reference's shingles missing between its first and last found one.

    A missing start or end is truncation; a missing middle is another license (BSD-2 read
    against BSD-3) or a cut clause, and only this counts. Anchors are ANCHOR_RUN found in a
    row: a repeated boilerplate phrase found late in the reference does not turn a truncated
    copy into one with a missing middle.
    """
    return max(_missing_middle_runs(ref, present, _ANCHOR), default=0)


def measure_aligned_gap(reference: Reference, shingles: list[int], span: tuple[int, int]) -> int:
    """Longest passage of the reference the matched span lacks, read from a sequence
    alignment: the reference's shingles a differing block skips, less the text's shingles
    standing in their place.

    measure_gap only sees shingles the text holds nowhere; a clause worded like its
    neighbour is found in that neighbour (BSD-2-Clause's binary clause repeats "the above
    copyright notice, this list of conditions and the following disclaimer" of its source
    clause), so a text without it (BSD-1-Clause) lacked no passage. Anchors are ANCHOR_RUN
    shingles aligned in a row, as in measure_gap; a missing start or end is truncation.
    """
    sequence = decode_sequence(reference.sequence) if reference.sequence else []
    if not sequence:
        return 0
    first, last = span
    matcher = SequenceMatcher(None, sequence, shingles[first : last + 1], autojunk=False)
    opcodes = matcher.get_opcodes()
    anchors = [
        n
        for n, (tag, i1, i2, _, _) in enumerate(opcodes)
        if tag == "equal" and i2 - i1 >= ANCHOR_RUN
    ]
    if len(anchors) < 2:
        return 0
    found = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    longest = 0
    for n in range(anchors[0] + 1, anchors[-1]):
        tag, i1, i2, j1, j2 = opcodes[n]
        after = sum(b - a for t, a, b, _, _ in opcodes[n + 1 : anchors[-1] + 1] if t == "equal")
        if tag != "equal" and after >= 0.1 * found:
            longest = max(longest, (i2 - i1) - (j2 - j1))
    return longest


def measure_missing_words(ref: Reference, present: set[int]) -> int:
    """Words of the reference a text lacks between the first and last passage it holds (a
    run of SHINGLE_SIZE shingles found: nine words in a row): a missing run of n shingles is
    n - SHINGLE_SIZE + 1 words (at least one), as the text's own changes are counted
    (measure_departures). A missing start or end is truncation, as in measure_gap."""
    return sum(
        max(1, run - SHINGLE_SIZE + 1) for run in _missing_middle_runs(ref, present, _PASSAGE)
    )


def _missing_middle_runs(ref: Reference, present: set[int], anchor: re.Pattern[str]) -> list[int]:
    """Lengths of the runs of the reference's shingles missing between the first and last
    `anchor` of found ones, each followed by a real part of the copy (>= 10% of what was
    found: stray phrases after a cut do not make it a middle)."""
    if not ref.sequence:
        return []
    flags = "".join(["1" if v in present else "0" for v in decode_sequence(ref.sequence)])
    anchors = [m.span() for m in anchor.finditer(flags)]
    if not anchors:
        return []
    start, end = anchors[0][0], anchors[-1][1]
    found = flags.count("1")
    return [
        run.end() - run.start()
        for run in _MISSING.finditer(flags, start, end)
        if flags.count("1", run.end(), end) >= 0.1 * found
    ]


def find_span(positions: list[int], size: int | None = None) -> tuple[int, int]:
    """First and last shingle position of the text a reference matched.

    With the reference `size`, only the densest stretch of 1.5 x size shingles counts: in a
    file bundling many texts, MIT's boilerplate recurs far away and must not stretch MIT's
    span over the licenses in between. Inside it, hits split into clusters where CLUSTER_GAP
    shingles pass without one; clusters with a real share of the hits bound the span, so a
    rewritten preamble between them still counts while a stray boilerplate hit does not.
    """
    ordered = sorted(positions)
    if size is not None and ordered:
        ordered = _densest_stretch(ordered, int(1.5 * size) + 4 * CLUSTER_GAP)
    breaks = [i for i in range(1, len(ordered)) if ordered[i] - ordered[i - 1] > CLUSTER_GAP]
    clusters = list(pairwise([0, *breaks, len(ordered)]))
    floor = max(MIN_CLUSTER, MIN_CLUSTER_SHARE * len(ordered))
    kept = [c for c in clusters if c[1] - c[0] >= floor]
    if not kept:
        kept = [max(clusters, key=lambda run: run[1] - run[0])]
    return _trim_strays(ordered[kept[0][0] : kept[-1][1]])


def _trim_strays(ordered: list[int]) -> tuple[int, int]:
    """First and last hit that sit in a run of three: a lone hit in an introduction
    ("released under the Mozilla Public License v 2.0") does not start the copy."""
    low, high = 0, len(ordered) - 1
    while low + 2 <= high and ordered[low + 2] - ordered[low] != 2:
        low += 1
    while high - 2 >= low and ordered[high] - ordered[high - 2] != 2:
        high -= 1
    if high - low < 2:
        return ordered[0], ordered[-1]
    return ordered[low], ordered[high]


def _densest_stretch(ordered: list[int], width: int) -> list[int]:
    """The positions inside the window of `width` holding the most of them (first wins)."""
    best, best_start, low = 0, 0, 0
    for high, position in enumerate(ordered):
        while position - ordered[low] > width:
            low += 1
        if high - low + 1 > best:
            best, best_start = high - low + 1, low
    return ordered[best_start : best_start + best]


def count_code_lines(text: str) -> int:
    """Lines that read as program source (a LICENSE file has none)."""
    return len(_CODE_LINE.findall(text))


def count_copyright_shingles(tokens: tuple[str, ...], lines: tuple[int, ...]) -> int:
    """Shingles that start on a line holding "copyright"."""
    if "copyright" not in tokens:
        return 0
    marked = set(compress(lines, map("copyright".__eq__, tokens)))
    return sum(map(marked.__contains__, lines[: len(tokens) - SHINGLE_SIZE + 1]))
