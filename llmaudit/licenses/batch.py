"""Identify many license files at once, split across processes (`llmaudit identify` on a tree).

One file takes a few milliseconds, so a batch only pays for worker processes from a few
hundred files on. The index is loaded before the workers are forked, so they share it
instead of each reading it again. Like discovery's workers: only where `fork` is the cheap,
safe way to start them (Linux) and no other thread runs.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from llmaudit.licenses.fingerprint import identify_path, load_index
from llmaudit.models import TextIdentification

PARALLEL_MIN_FILES = 200  # below this, starting workers costs more than it saves
MAX_JOBS = 8
CHUNK = 16  # files per task handed to a worker


def identify_paths(paths: Sequence[Path]) -> list[TextIdentification]:
    """The identification of each file, in the order given."""
    jobs = _parallel_jobs(len(paths))
    if jobs == 1:
        return [identify_path(p) for p in paths]
    import multiprocessing

    load_index()  # once, before the fork: the workers share it
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(identify_path, paths, chunksize=CHUNK)


def _parallel_jobs(file_count: int) -> int:
    if file_count < PARALLEL_MIN_FILES or threading.active_count() > 1:
        return 1
    import multiprocessing

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_JOBS))
