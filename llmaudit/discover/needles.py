"""Many literal needles found in one pass over a file's bytes (Aho-Corasick).

A file is searched for ~30 loader names and markers; one `in` test per needle would read it
~30 times. `ahocorasick_rs` (Rust's aho-corasick, the engine behind ripgrep) reads it once.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick_rs


class Needles:
    """Every occurrence of a fixed set of byte strings, as `(needle, start)` in text order.

    Occurrences of one needle do not overlap each other (`\"\"\"\"` holds one `\"\"\"`, as
    `bytes.find` from the end of the previous one would see it); occurrences of different
    needles may overlap. No needle may contain another: a search reports every occurrence
    of each needle, which a needle inside another would make ambiguous.
    """

    def __init__(self, needles: Sequence[bytes]) -> None:
        self.needles = tuple(needles)
        _refuse_nested(self.needles)
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            self.needles, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )
        self._continuations: tuple[tuple[tuple[int, int], ...], ...] | None = None

    def _overlaps(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Per needle, the needles that can start inside a match of it (a suffix of one is a
        prefix of the other): a non-overlapping search would skip them, so `find` checks
        them there. Worked out on the first `find` (a pre-commit run on a few files that
        hold no needle never needs them: ~1 ms per set of ~100 needles)."""
        if self._continuations is None:
            by_prefix: dict[bytes, list[int]] = {}
            for index, needle in enumerate(self.needles):
                for length in range(1, len(needle)):
                    by_prefix.setdefault(needle[:length], []).append(index)
            self._continuations = tuple(
                tuple(
                    (other, len(first) - overlap)
                    for overlap in range(1, len(first))
                    for other in by_prefix.get(first[-overlap:], ())
                    if self.needles[other] != first
                )
                for first in self.needles
            )
        return self._continuations

    def occur_in(self, data: bytes) -> bool:
        """Whether any needle occurs in `data` (what `bool(find(data))` says, without
        listing the occurrences)."""
        return bool(self._automaton.find_matches_as_indexes(data))

    def find(self, data: bytes) -> list[tuple[bytes, int]]:
        """All occurrences in `data`, sorted by position (then needle order)."""
        matches = self._automaton.find_matches_as_indexes(data)
        if not matches:
            return []
        needles = self.needles
        found = [(needles[index], start) for index, start, _end in matches]
        continuations = self._overlaps()
        extra = [
            (needles[other], start + offset)
            for index, start, _end in matches
            if continuations[index]
            for other, offset in continuations[index]
            if data.startswith(needles[other], start + offset)
        ]
        if extra:
            order = {needle: rank for rank, needle in enumerate(needles)}
            found = _without_self_overlaps(
                sorted({*found, *extra}, key=lambda pair: (pair[1], order[pair[0]]))
            )
        return found


def _refuse_nested(needles: tuple[bytes, ...]) -> None:
    """Raise ValueError for an empty needle or one inside another. Each distinct needle is
    counted in all of them joined by a byte none holds: more than one occurrence means it
    is inside another (one `count` per needle instead of a test per pair of needles)."""
    distinct = sorted(set(needles))
    if not all(distinct):
        raise ValueError("an empty needle")
    unused = (bytes([b]) for b in range(256) if all(bytes([b]) not in n for n in distinct))
    separator = next(unused, None)
    joined = b"" if separator is None else separator.join(distinct)
    for needle in distinct:
        if separator is None or joined.count(needle) > 1:
            inside = [other for other in distinct if other != needle and needle in other]
            if inside:
                raise ValueError(f"needle {needle!r} is inside {inside!r}")


def _without_self_overlaps(found: list[tuple[bytes, int]]) -> list[tuple[bytes, int]]:
    """Drop an occurrence that starts inside the previous kept one of the same needle, as
    `bytes.find` from the end of that one would: in `datasets` followed by four quotes, a
    triple quote at 8 is kept and the one at 9 (found after the match of `datasets` and a
    quote, a needle too) is not."""
    ends: dict[bytes, int] = {}
    kept = []
    for needle, start in found:
        if start >= ends.get(needle, 0):
            kept.append((needle, start))
            ends[needle] = start + len(needle)
    return kept
