"""The shipped fingerprint index of reference license texts, loaded once on first use."""

from __future__ import annotations

import array
import base64
import json
import sys
from bisect import bisect_left
from dataclasses import replace
from functools import cache
from pathlib import Path

from llmaudit.records import record

INDEX_PATH = Path(__file__).parent / "data" / "fingerprints.json"


@record(frozen=True, kw_only=True)
class Reference:
    """One fingerprinted reference text."""

    ref: str
    key: str
    kind: str
    name: str
    spdx: str
    size: int
    sequence: str = ""  # base64 of its shingle hashes in text order, decoded on demand
    name_tokens: frozenset[int] = frozenset()  # CRC-32 of the title words its body repeats
    markers: frozenset[str] = frozenset()  # normalize.MARKERS its text uses
    # phrases taking commercial use away that its own text says (combined._USE_RESTRICTION)
    restrictions: frozenset[str] = frozenset()
    # the classes of clause its own text has (combined._ADDED_TERMS: "advertising", "patent")
    terms: frozenset[str] = frozenset()


class SortedTable:
    """A read-only map of strictly increasing keys to values, kept as the two arrays the
    index file stores: looked up by bisection instead of building a dict of ~54,000 entries
    on every load (most of the index's load time on the pre-commit path). The keys are not
    checked here (that would cost what it saves); a test checks the shipped index."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: array.array[int], values: array.array[int]) -> None:
        if len(keys) != len(values):
            raise ValueError("a SortedTable needs one value per key")
        self._keys = keys
        self._values = values

    def get(self, key: int, default: int | None = None) -> int | None:
        """The value of `key`, else `default` (dict.get)."""
        at = bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            return self._values[at]
        return default

    def __len__(self) -> int:
        return len(self._keys)

    def to_dict(self) -> dict[int, int]:
        """The same map as a dict (see with_hash_tables)."""
        return dict(zip(self._keys, self._values, strict=True))


# a dict after with_hash_tables: both answer `get` the same way
ShingleTable = SortedTable | dict[int, int]


@record(frozen=True, kw_only=True)
class FingerprintIndex:
    """Shingle hash -> posting id, posting id -> references holding that shingle."""

    refs: tuple[Reference, ...]
    table: ShingleTable
    postings: tuple[frozenset[int], ...]
    masked: ShingleTable  # number-masked shingle -> posting id (see hash_number_contexts)


def _unpack(data: str, typecode: str) -> array.array[int]:
    values = array.array(typecode)
    values.frombytes(base64.b64decode(data))
    if sys.byteorder == "big":
        values.byteswap()
    return values


@cache
def load_index(path: Path = INDEX_PATH) -> FingerprintIndex:
    """Load the fingerprint index (once per path)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    refs = tuple(
        Reference(
            ref=r["ref"],
            key=r["key"],
            kind=r["kind"],
            name=r["name"],
            spdx=r["spdx"],
            size=max(1, int(r["shingles"])),
            sequence=r.get("sequence", ""),
            name_tokens=frozenset(r.get("name_tokens", ())),
            markers=frozenset(r.get("markers", ())),
            restrictions=frozenset(r.get("restrictions", ())),
            terms=frozenset(r.get("terms", ())),
        )
        for r in raw["refs"]
    )
    # scripts/build_fingerprints.py writes both hash lists sorted
    table = SortedTable(_unpack(raw["hashes"], "I"), _unpack(raw["posting_ids"], "H"))
    masked = SortedTable(
        _unpack(raw["masked_hashes"], "I"), _unpack(raw["masked_posting_ids"], "H")
    )
    postings = tuple(frozenset(p) for p in raw["postings"])
    return FingerprintIndex(refs=refs, table=table, postings=postings, masked=masked)


def with_hash_tables(index: FingerprintIndex) -> FingerprintIndex:
    """The same index with its tables as dicts. Building them costs about what 10,000
    bisections do, and a dict lookup is ~7x faster than one: worth it for a batch of files
    (an Apache-2.0 text alone is ~1,600 lookups), not for the one file of a pre-commit run."""
    return replace(index, table=_as_dict(index.table), masked=_as_dict(index.masked))


def _as_dict(table: ShingleTable) -> dict[int, int]:
    return table if isinstance(table, dict) else table.to_dict()


def drop_references(index: FingerprintIndex, keys: frozenset[str]) -> FingerprintIndex:
    """The index without the references of `keys`: how a license we do not know looks."""
    gone = frozenset(i for i, ref in enumerate(index.refs) if ref.key in keys)
    # a shingle only the dropped references held stays in the table with no holder
    postings = tuple(p - gone for p in index.postings)
    return FingerprintIndex(
        refs=index.refs, table=index.table, postings=postings, masked=index.masked
    )


@cache
def decode_sequence(data: str) -> array.array[int]:
    """A reference's shingle hashes in text order."""
    return _unpack(data, "I")


def share_held_by(index: FingerprintIndex, part: str, whole: str) -> float:
    """Share of license `part`'s distinct shingles that license `whole`'s texts also hold
    (PSF-2.0 in the Python-2.0 stack: 0.99; BSD-3-Clause in BSD-3-Clause-Open-MPI: 0.88)."""
    ours: set[int] = set()
    theirs: set[int] = set()
    for ref in index.refs:
        if ref.key == part and ref.kind == "license":
            ours.update(decode_sequence(ref.sequence))
        elif ref.key == whole and ref.kind == "license":
            theirs.update(decode_sequence(ref.sequence))
    return len(ours & theirs) / len(ours) if ours else 0.0
