"""The shipped fingerprint index of reference license texts, loaded once on first use."""

from __future__ import annotations

import array
import base64
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

INDEX_PATH = Path(__file__).parent / "data" / "fingerprints.json"


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class FingerprintIndex:
    """Shingle hash -> posting id, posting id -> references holding that shingle."""

    refs: tuple[Reference, ...]
    table: dict[int, int]
    postings: tuple[frozenset[int], ...]
    masked: dict[int, int]  # number-masked shingle -> posting id (see hash_number_contexts)


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
        )
        for r in raw["refs"]
    )
    table = dict(zip(_unpack(raw["hashes"], "I"), _unpack(raw["posting_ids"], "H"), strict=True))
    masked = dict(
        zip(
            _unpack(raw["masked_hashes"], "I"), _unpack(raw["masked_posting_ids"], "H"), strict=True
        )
    )
    postings = tuple(frozenset(p) for p in raw["postings"])
    return FingerprintIndex(refs=refs, table=table, postings=postings, masked=masked)


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
