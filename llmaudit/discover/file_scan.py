"""Scan one file: size and binary checks, bytes prefilter, decode, readers, manifests."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from llmaudit.discover.manifests import manifest_reader_for
from llmaudit.discover.readers import readers_for
from llmaudit.discover.refs import FileContext, judge_candidates
from llmaudit.discover.walk import MAX_FILE_BYTES, SourceFile
from llmaudit.models import ModelRef, Note, PackageRef

_BINARY_PROBE = 8192


@dataclass
class FileResult:
    """What one file contributed."""

    refs: list[ModelRef] = field(default_factory=list)
    packages: list[PackageRef] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def scan_file(source: SourceFile, root: Path) -> FileResult:
    """References and packages in one file; problems become notes, never exceptions."""
    result = FileResult()
    readers = readers_for(source.path.name)
    manifest = manifest_reader_for(source.rel)
    if not readers and manifest is None:
        return result
    data = _read_bytes(source, result.notes)
    if data is None:
        return result
    wanted = [r for r in readers if r.hint(data)]
    if not wanted and manifest is None:
        return result  # the cheap path: most files stop here without being decoded
    text = _decode(data, source, result.notes)
    if text is None:
        return result
    if wanted:
        _run_readers(wanted, text, source, root, result)
    if manifest is not None:
        scan = manifest.read(text, source.rel, source.path, root)
        result.packages.extend(scan.packages)
        result.notes.extend(Note(message=m, path=source.rel, line=n) for m, n in scan.notes)
    return result


def _read_bytes(source: SourceFile, notes: list[Note]) -> bytes | None:
    try:
        size = os.stat(source.path).st_size
        if size > MAX_FILE_BYTES:
            notes.append(Note(message=f"skipped large file ({size // 1024 // 1024} MB)",
                              path=source.rel))
            return None
        with open(source.path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        notes.append(Note(message=f"cannot read file: {error.strerror or error}", path=source.rel))
        return None
    if len(data) > MAX_FILE_BYTES:
        notes.append(Note(message="skipped large file", path=source.rel))
        return None
    if b"\x00" in data[:_BINARY_PROBE]:
        notes.append(Note(message="skipped binary file", path=source.rel))
        return None
    return data


def _decode(data: bytes, source: SourceFile, notes: list[Note]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        notes.append(Note(message=f"skipped file that is not UTF-8 (byte {error.start})",
                          path=source.rel))
        return None


def _run_readers(readers: list, text: str, source: SourceFile, root: Path,
                 result: FileResult) -> None:
    lines: list[str] | None = None
    for reader in readers:
        scan = reader.read(text)
        if not scan.candidates and not scan.notes:
            continue
        lines = text.splitlines() if lines is None else lines
        context = FileContext(root=root, rel=source.rel, lines=lines, cell_lines=scan.cell_lines)
        result.refs.extend(judge_candidates(scan.candidates, context))
        result.notes.extend(Note(message=m, path=source.rel) for m in scan.notes)


# Below this many files a process pool costs more than it saves (fork + pickling).
_PARALLEL_MIN_FILES = 1000


def scan_files(sources: list[SourceFile], root: Path) -> Iterator[FileResult]:
    """Scan every file, on all cores for big trees (fork only), in the order given."""
    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < _PARALLEL_MIN_FILES or workers < 2 or not _can_fork():
        for source in sources:
            yield scan_file(source, root)
        return
    import multiprocessing  # deferred: only big trees pay for the pool
    from concurrent.futures import ProcessPoolExecutor

    chunks = [sources[index::workers * 4] for index in range(workers * 4)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for results in pool.map(_scan_chunk, chunks, [root] * len(chunks)):
            yield from results


def _scan_chunk(sources: list[SourceFile], root: Path) -> list[FileResult]:
    return [scan_file(source, root) for source in sources]


def _can_fork() -> bool:
    # fork is the only start method that does not re-import everything per worker;
    # macOS and Windows default to spawn, where a pool would be slower than one core.
    # Forking a process that runs other threads can deadlock on their locks: never do it.
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )
