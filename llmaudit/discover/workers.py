"""A large tree scanned by forked worker processes while this process is still walking it.

The walk (listing folders, .gitignore tests) is a tenth of a large tree's work and cannot be
split without changing what it finds, so it runs here and hands batches of files to the
workers as it goes: walking and scanning overlap instead of following one another.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from llmaudit.discover.walk import SourceFile

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

# Files handed over at a time: small enough that slow files (large modules to parse) even
# out across workers, large enough that the queue's cost per batch stays negligible.
BATCH_FILES = 64

_GC_THRESHOLD = 10_000

Batch = tuple[int, list[tuple[str, str]]]  # (position of the first file, [(absolute, rel)])
Found = list[tuple[int, Any]]  # (position, what the scan returned for that file)
Scan = Callable[[SourceFile], Any]
Result = TypeVar("Result")


def scan_in_workers(
    sources: Iterable[SourceFile], scan: Callable[[SourceFile], Result | None], jobs: int
) -> list[Result | None]:
    """`scan(source)` for every source, in order (None where a file contributed nothing),
    computed by `jobs` forked workers that take batches from a queue as the walk fills it."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    tasks: Queue[Batch | None] = context.Queue()
    workers: list[tuple[BaseProcess, Connection]] = []
    # Frozen objects are never visited by a worker's garbage collector, so the pages it
    # shares with this process stay shared (a collection writes to every object it visits).
    gc.freeze()
    try:
        for _ in range(jobs):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(tasks, scan, sender), daemon=True)
            process.start()
            sender.close()
            workers.append((process, receiver))
        gc.unfreeze()
        count = _hand_out(sources, tasks)
        for _ in workers:
            tasks.put(None)  # one stop sign per worker, after every batch
        results: list[Result | None] = [None] * count
        for position, result in _collect(workers):
            results[position] = result
        tasks.close()
        tasks.join_thread()
        return results
    finally:
        gc.unfreeze()
        drained = True  # every worker took batches to the stop sign, so the queue is empty
        for worker, receiver in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
            drained = drained and worker.exitcode == 0
            receiver.close()
        tasks.close()  # ends the queue's feeder thread, which would stay on after an error
        if drained:
            tasks.join_thread()
        else:
            tasks.cancel_join_thread()  # a killed worker may leave batches no one reads


def _hand_out(sources: Iterable[SourceFile], tasks: Queue[Batch | None]) -> int:
    """Put the sources on the queue in batches (plain strings pickle fastest); their count."""
    batch: list[tuple[str, str]] = []
    first = count = 0
    for source in sources:
        batch.append((source.absolute, source.rel))
        count += 1
        if len(batch) == BATCH_FILES:
            tasks.put((first, batch))
            first, batch = count, []
    if batch:
        tasks.put((first, batch))
    return count


def _collect(workers: list[tuple[BaseProcess, Connection]]) -> Found:
    """Every worker's findings; an error in a worker is raised here, and a worker that died
    without a word (killed) stops the scan, since its files would be missing."""
    from multiprocessing.connection import wait

    found: Found = []
    waiting = {receiver: process for process, receiver in workers}
    while waiting:
        ready = wait([*waiting, *(p.sentinel for p in waiting.values())])
        for receiver in [r for r in waiting if r in ready or r.poll()]:
            found.extend(_receive(receiver))
            del waiting[receiver]
        if any(process.sentinel in ready for process in waiting.values()):
            raise RuntimeError("a discovery worker process stopped unexpectedly")
    return found


def _receive(receiver: Connection) -> Found:
    try:
        outcome = receiver.recv()
    except EOFError:
        raise RuntimeError("a discovery worker process stopped unexpectedly") from None
    if isinstance(outcome, BaseException):
        raise outcome
    found: Found = outcome
    return found


def _work(tasks: Queue[Batch | None], scan: Scan, sender: Connection) -> None:
    """A worker: scan batches until the stop sign, then send what it found (or its error).

    After an error it keeps taking batches, unscanned, so the queue always drains.
    """
    _ignore_interrupts()
    # Scanning allocates many short-lived objects (syntax trees, YAML nodes): collect the
    # youngest generation less often (~5% of a worker's time at the default threshold).
    gc.set_threshold(_GC_THRESHOLD, *gc.get_threshold()[1:])
    found: Found = []
    error: BaseException | None = None
    while (batch := tasks.get()) is not None:
        if error is not None:
            continue
        first, files = batch
        try:
            for offset, (absolute, rel) in enumerate(files):
                result = scan(SourceFile(absolute, rel))
                if result is not None:
                    found.append((first + offset, result))
        except BaseException as exc:  # handed to the parent, which raises it
            error = exc
    try:
        sender.send(error if error is not None else found)
    except Exception as exc:  # an exception that cannot be pickled
        sender.send(RuntimeError(f"discovery worker failed: {exc!r}"))
    sender.close()


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and reports once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def usable_cpus() -> int:
    """CPUs this process may run on."""
    return len(os.sched_getaffinity(0))
