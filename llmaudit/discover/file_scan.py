"""Scan files: size and binary checks, bytes prefilter, decode, readers, manifests; a large
tree is split across worker processes."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from llmaudit.discover.imports import ImportedName
from llmaudit.discover.manifests import manifest_reader_for
from llmaudit.discover.readers import Reader, readers_for
from llmaudit.discover.refs import FileContext, judge_candidates, not_a_repo_notes
from llmaudit.discover.walk import MAX_FILE_BYTES, SourceFile
from llmaudit.models import Location, ModelRef, Note, PackageRef

_BINARY_PROBE = 8192
# Below this many files a scan takes well under a second and workers would cost more.
PARALLEL_MIN_FILES = 2_000
_MAX_JOBS = 8
_CHUNKS_PER_JOB = 4  # a few chunks per worker even out folders of very different sizes


@dataclass
class FileResult:
    """What one file contributed."""

    refs: list[ModelRef] = field(default_factory=list)
    packages: list[PackageRef] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    exports: list[tuple[str, ModelRef]] = field(default_factory=list)  # (constant, definition)
    wanted: list[tuple[ImportedName, Location]] = field(default_factory=list)


_NOTHING = FileResult()  # what most files contribute (shared, never mutated)


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
    # Unbuffered, sized by fstat: a buffered read(cap) allocates the whole 5 MB cap for every
    # small file, which made reading 100,000 files three times slower.
    try:
        with open(source.path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                notes.append(
                    Note(message=f"skipped large file ({size // 1024 // 1024} MB)", path=source.rel)
                )
                return None
            data = _read_exactly(handle, size)
    except OSError as error:
        notes.append(Note(message=f"cannot read file: {error.strerror or error}", path=source.rel))
        return None
    if b"\x00" in data[:_BINARY_PROBE]:
        notes.append(Note(message="skipped binary file", path=source.rel))
        return None
    return data


def _read_exactly(handle: BinaryIO, size: int) -> bytes:
    """`size` bytes (fewer if the file shrank): one read, more only after a short one."""
    data = handle.read(size) or b""
    while len(data) < size:
        more = handle.read(size - len(data))
        if not more:
            break
        data += more
    return data


def _decode(data: bytes, source: SourceFile, notes: list[Note]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        notes.append(
            Note(message=f"skipped file that is not UTF-8 (byte {error.start})", path=source.rel)
        )
        return None


def _run_readers(
    readers: list[Reader], text: str, source: SourceFile, root: Path, result: FileResult
) -> None:
    lines: list[str] | None = None
    for reader in readers:
        scan = reader.read(text)
        if not scan.candidates and not scan.notes and not scan.wanted and not scan.line_notes:
            continue
        lines = text.splitlines() if lines is None else lines
        context = FileContext(
            root=root,
            rel=source.rel,
            lines=lines,
            cell_lines=scan.cell_lines,
            cell_file_lines=scan.cell_file_lines,
        )
        direct = [c for c in scan.candidates if c.binding is None]
        result.refs.extend(judge_candidates(direct, context))
        result.notes.extend(not_a_repo_notes(scan.candidates, context))
        for candidate in scan.candidates:
            if candidate.binding is not None:
                result.exports.extend(
                    (candidate.binding, ref) for ref in judge_candidates([candidate], context)
                )
        result.wanted.extend(
            (
                imported,
                Location(
                    path=source.rel,
                    line=imported.line,
                    column=imported.column,
                    snippet=_snippet(lines, imported.line),
                ),
            )
            for imported in scan.wanted
        )
        result.notes.extend(Note(message=m, path=source.rel) for m in scan.notes)
        result.notes.extend(Note(message=m, path=source.rel, line=n) for m, n in scan.line_notes)


def _snippet(lines: list[str], line: int) -> str:
    return lines[line - 1].strip()[:120] if 1 <= line <= len(lines) else ""


def scan_files(sources: list[SourceFile], root: Path, jobs: int | None = None) -> list[FileResult]:
    """Every file's result, in the order given.

    Large trees are split across worker processes (one per CPU by default): the scan is CPU
    bound (byte searches, `ast.parse`), so threads would not help. Small scans such as a
    pre-commit run stay in this process, where starting workers would cost more than it saves.
    """
    jobs = parallel_jobs(len(sources)) if jobs is None else jobs
    if jobs <= 1:
        return [scan_file(source, root) for source in sources]
    import functools
    import multiprocessing

    context = multiprocessing.get_context("fork")
    chunks = [sources[index :: jobs * _CHUNKS_PER_JOB] for index in range(jobs * _CHUNKS_PER_JOB)]
    with context.Pool(jobs, initializer=_ignore_interrupts) as pool:
        parts = pool.map(functools.partial(_scan_chunk, root=root), chunks, chunksize=1)
    results = [_NOTHING] * len(sources)
    for first, part in enumerate(parts):
        for offset, result in part:
            results[first + offset * len(chunks)] = result
    return results


def parallel_jobs(file_count: int) -> int:
    """Worker processes worth starting for `file_count` files (1: scan in this process).

    Only where `fork` is the safe, cheap way to start workers (Linux) and no other thread
    runs, since forking a threaded process can deadlock the child.
    """
    if file_count < PARALLEL_MIN_FILES or threading.active_count() > 1:
        return 1
    import multiprocessing

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), _MAX_JOBS))


def _scan_chunk(sources: list[SourceFile], root: Path) -> list[tuple[int, FileResult]]:
    """(position, result) for the files that contributed anything: most contribute nothing,
    and sending only the others back is most of a large tree's saving."""
    found = []
    for position, source in enumerate(sources):
        result = scan_file(source, root)
        if result != _NOTHING:
            found.append((position, result))
    return found


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and reports once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
