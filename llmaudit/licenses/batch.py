"""Identify many license files at once (`llmaudit identify` on a tree).

A batch repeats texts: many packages ship the same Apache-2.0 text, so each distinct text is
identified once. It reads the index with its tables as dicts (with_hash_tables). Identifying
takes ~0.6 us per character of text, so worker processes pay only from a few hundred
thousand characters on; what identification loads once per process (the index, the
knowledge base, the SPDX list) is loaded before they are forked, so they share it instead of
each loading it again. Like discovery's workers: only where `fork` is the cheap, safe way to
start them (Linux) and no other thread runs.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from llmaudit.licenses.fingerprint import (
    follow_file_pointer,
    identify_text,
    load_index,
    read_license_file,
    unknown_identification,
)
from llmaudit.licenses.fingerprint_index import (
    FingerprintIndex,
    decode_sequence,
    with_hash_tables,
)
from llmaudit.licenses.spdx import parse_spdx_expression
from llmaudit.models import TextIdentification

# below this many characters (~0.2 s of work), starting workers costs more than it saves
PARALLEL_MIN_CHARS = 300_000
# below this, building the dict tables (~7 ms) costs more than they save (~1 us a lookup, an
# average license file ~900 lookups)
HASHED_MIN_FILES = 16
MAX_JOBS = 8
CHUNKS_PER_JOB = 4  # a few tasks per worker, so that one that drew long texts is not waited on


def identify_paths(paths: Sequence[Path]) -> list[TextIdentification]:
    """The identification of each file, in the order given."""
    index = load_batch_index() if len(paths) >= HASHED_MIN_FILES else load_index()
    read = [read_license_file(path) for path in paths]
    texts = list(dict.fromkeys(text for text, _ in read if text is not None))
    found = dict(zip(texts, _identify_texts(texts, index), strict=True))
    return [
        unknown_identification(note)
        if text is None
        else follow_file_pointer(path, found[text], index)
        for path, (text, note) in zip(paths, read, strict=True)
    ]


@cache
def load_batch_index() -> FingerprintIndex:
    """The shipped index with dict tables (once per process)."""
    return with_hash_tables(load_index())


def _identify_texts(texts: list[str], index: FingerprintIndex) -> list[TextIdentification]:
    sizes = [len(text) for text in texts]
    jobs = _parallel_jobs(sum(sizes))
    if jobs == 1:
        return [identify_text(text, index) for text in texts]
    import multiprocessing

    _load_before_fork()
    chunks = _balanced_chunks(len(texts), sizes, jobs * CHUNKS_PER_JOB)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        done = pool.map(_identify_chunk, [[texts[i] for i in c] for c in chunks], chunksize=1)
    found: list[TextIdentification | None] = [None] * len(texts)
    for chunk, identified in zip(chunks, done, strict=True):
        for at, identification in zip(chunk, identified, strict=True):
            found[at] = identification
    return [f for f in found if f is not None]


def _load_before_fork() -> None:
    """What identifying texts loads once per process (~40 ms), loaded before the workers are
    forked so that they share it: the index with dict tables, its reference sequences, and
    the knowledge base and SPDX list that an expression (an OR notice) is parsed with."""
    for ref in load_batch_index().refs:
        decode_sequence(ref.sequence)
    parse_spdx_expression("MIT OR Apache-2.0")


def _identify_chunk(texts: list[str]) -> list[TextIdentification]:
    index = load_batch_index()
    return [identify_text(text, index) for text in texts]


def _balanced_chunks(count: int, sizes: list[int], chunks: int) -> list[list[int]]:
    """Item numbers split into `chunks` lists of about equal total size, the largest first:
    each item, longest first, goes to the lightest list so far."""
    loads = [0] * min(chunks, count)
    members: list[list[int]] = [[] for _ in loads]
    for item in sorted(range(count), key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        loads[lightest] += sizes[item]
        members[lightest].append(item)
    return [members[i] for i in sorted(range(len(loads)), key=lambda i: -loads[i])]


def _parallel_jobs(characters: int) -> int:
    if characters < PARALLEL_MIN_CHARS or threading.active_count() > 1:
        return 1
    import multiprocessing

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_JOBS))
