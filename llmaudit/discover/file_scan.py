"""Scan files: size and binary checks, bytes prefilter, decode, readers, manifests; a large
tree is split across worker processes."""

from __future__ import annotations

import functools
import itertools
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from llmaudit.discover.candidates import Candidate
from llmaudit.discover.disk import Asked, Disk, FolderStats
from llmaudit.discover.imports import (
    AttributeSink,
    Helper,
    ImportedName,
    helpers_by_module,
    imported_helpers,
    module_name,
)
from llmaudit.discover.manifests import manifest_reader_for
from llmaudit.discover.python_prefilter import calls_and_settings
from llmaudit.discover.python_source import (
    imported_helper_candidates,
    module_attribute_sinks,
    module_helpers,
)
from llmaudit.discover.readers import Reader, readers_for
from llmaudit.discover.refs import FileContext, judge_candidates, not_a_repo_notes
from llmaudit.discover.walk import MAX_FILE_BYTES, SourceFile
from llmaudit.models import Location, ModelRef, Note, PackageRef
from llmaudit.records import record

if TYPE_CHECKING:
    from llmaudit.discover.inherited import Hierarchy
    from llmaudit.discover.result_cache import ResultCache

_BINARY_PROBE = 8192
_FIRST_READ = 64 * 1024
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
# Below this many files a scan takes well under a second and workers would cost more.
PARALLEL_MIN_FILES = 2_000
_MAX_JOBS = 8


@record
class FileResult:
    """What one file contributed."""

    refs: list[ModelRef] = field(default_factory=list)
    packages: list[PackageRef] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    exports: list[tuple[str, ModelRef]] = field(default_factory=list)  # (constant, definition)
    wanted: list[tuple[ImportedName, Location]] = field(default_factory=list)
    helpers: list[tuple[str, Helper]] = field(default_factory=list)  # (defining file, helper)
    deferred_helpers: list[tuple[str, str]] = field(default_factory=list)  # (file, name)
    attribute_sinks: list[tuple[str, AttributeSink]] = field(default_factory=list)  # (file, sink)
    # What judging asked about other paths (model folders, includes): a cached result holds
    # only while each answer does.
    disk_answers: list[Asked] = field(default_factory=list)


Found = TypeVar("Found")
# What the second look needs from the first: helpers, deferred helpers, attribute sinks.
HelperInputs = tuple[
    list[tuple[str, Helper]], list[tuple[str, str]], list[tuple[str, AttributeSink]]
]

_NOTHING = FileResult()  # what most files contribute (shared: results are only read)


@record
class SecondLook:
    """What the second look found: `refs`, and `callers`, the modules that may call a
    helper or set a sink attribute (kept so that a later run reads only those and the
    modules changed since)."""

    refs: list[ModelRef] = field(default_factory=list)
    callers: list[str] = field(default_factory=list)
    parsed_helpers: dict[str, list[Helper]] = field(default_factory=dict)  # deferred modules


class EarlierLook(Protocol):
    """What the last run's second look found about modules unchanged since."""

    def is_quiet(self, rel: str) -> bool:
        """Known to call no helper of this run and set no sink attribute."""
        ...

    def helpers_of(self, rel: str) -> list[Helper] | None:
        """The helpers parsing the module gave (None: not known)."""
        ...


def scan_file(source: SourceFile, root: Path) -> FileResult:
    """References and packages in one file; problems become notes, never exceptions."""
    readers = readers_for(source.name)
    manifest = manifest_reader_for(source.rel)
    if not readers and manifest is None:
        return _NOTHING
    notes: list[Note] = []
    data = _read_bytes(source, notes)
    if data is None:
        return FileResult(notes=notes)
    wanted = [r for r in readers if r.hint(data)]
    if not wanted and manifest is None:
        return _NOTHING  # the cheap path: most files stop here without being decoded
    result = FileResult(notes=notes)
    text = _decode(data, source, result.notes)
    if text is None:
        return result
    disk = Disk()
    if wanted:
        _run_readers(wanted, text, source, root, result, disk)
    if manifest is not None:
        scan = manifest.read(text, source.rel, source.path, root, disk)
        result.packages.extend(scan.packages)
        result.notes.extend(Note(message=m, path=source.rel, line=n) for m, n in scan.notes)
    result.disk_answers.extend(disk.asked())
    return result


def _read_bytes(source: SourceFile, notes: list[Note]) -> bytes | None:
    # os-level calls: one read of up to _FIRST_READ bytes holds nearly every file whole, and
    # only a file that fills it needs its size (fstat). Half the cost of an unbuffered `open`
    # (0.08 s vs 0.15-0.19 s for 15,000 files); a buffered read(cap) allocates the whole cap.
    try:
        handle = os.open(source.absolute, os.O_RDONLY | _O_BINARY)
    except OSError as error:
        notes.append(Note(message=f"cannot read file: {error.strerror or error}", path=source.rel))
        return None
    try:
        data = os.read(handle, _FIRST_READ)
        if len(data) == _FIRST_READ:
            size = os.fstat(handle).st_size
            if size > MAX_FILE_BYTES:
                notes.append(
                    Note(message=f"skipped large file ({size // 1024 // 1024} MB)", path=source.rel)
                )
                return None
            data = _read_rest(handle, data, size)
    except OSError as error:
        notes.append(Note(message=f"cannot read file: {error.strerror or error}", path=source.rel))
        return None
    finally:
        os.close(handle)
    if data.find(b"\x00", 0, _BINARY_PROBE) >= 0:  # no copy of the first 8 KB
        notes.append(Note(message="skipped binary file", path=source.rel))
        return None
    return data


def _read_rest(handle: int, data: bytes, size: int) -> bytes:
    """`data` and the rest of the file, up to `size` bytes in all (fewer if it shrank)."""
    parts = [data]
    have = len(data)
    while have < size:
        more = os.read(handle, size - have)
        if not more:
            break
        parts.append(more)
        have += len(more)
    return b"".join(parts)


def _decode(data: bytes, source: SourceFile, notes: list[Note]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        notes.append(
            Note(message=f"skipped file that is not UTF-8 (byte {error.start})", path=source.rel)
        )
        return None


def _run_readers(
    readers: list[Reader],
    text: str,
    source: SourceFile,
    root: Path,
    result: FileResult,
    disk: Disk,
) -> None:
    lines: list[str] | None = None
    for reader in readers:
        scan = reader.read(text)
        result.helpers.extend((source.rel, helper) for helper in scan.helpers)
        result.deferred_helpers.extend((source.rel, name) for name in scan.deferred_helpers)
        result.attribute_sinks.extend((source.rel, sink) for sink in scan.attribute_sinks)
        if not scan.candidates and not scan.notes and not scan.wanted and not scan.line_notes:
            continue
        lines = text.splitlines() if lines is None else lines
        context = FileContext(
            root=root,
            rel=source.rel,
            lines=lines,
            cell_lines=scan.cell_lines,
            cell_file_lines=scan.cell_file_lines,
            disk=disk,
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


def scan_helper_calls(
    modules: list[SourceFile],
    helpers: list[tuple[str, Helper]],
    deferred: list[tuple[str, str]],
    root: Path,
    attribute_sinks: list[tuple[str, AttributeSink]],
    disk: Disk | None = None,
    earlier: EarlierLook | None = None,
) -> SecondLook:
    """Ids the project's modules pass to helpers other modules define (`from utils import
    load_model` ... `load_model("org/x")`): a second look, after the scan, at the Python
    `modules` that call a helper with an id (most have no loader call of their own, so the
    first look did not parse them). `deferred` helpers, named by a module the first look did
    not parse, are confirmed by parsing it only when some module calls them. Each id is
    located where the caller writes it. Questions about other paths go through `disk`.
    What `earlier` runs found about modules unchanged since is not worked out again.
    """
    disk = Disk() if disk is None else disk
    names = {helper.name for _, helper in helpers} | {name for _, name in deferred}
    attributes = _sink_attributes(attribute_sinks)
    if not names and not attributes:
        return SecondLook()
    needles = tuple(sorted(name.encode() for name in names))
    look = functools.partial(_calling_bytes, helpers=needles, attributes=attributes)
    unknown = modules if earlier is None else [m for m in modules if not earlier.is_quiet(m.rel)]
    callers = [
        (source, *found)
        for source, found in zip(unknown, _each_file(unknown, look, None), strict=True)
        if found is not None
    ]
    caller_rels = [source.rel for source, *_ in callers]
    if not callers:
        return SecondLook(callers=caller_rels)
    parsed = _confirm_helpers(modules, deferred, [c[1] for c in callers if c[2]], earlier)
    confirmed = [*helpers, *((rel, helper) for rel, found in parsed.items() for helper in found)]
    table = helpers_by_module(confirmed)
    hierarchy: Hierarchy | None = None
    refs: list[ModelRef] = []
    for source, data, gives, sets in callers:
        text = _decode(data, source, [])
        if text is None:
            continue
        found: list[Candidate] = []
        if gives:
            found.extend(
                imported_helper_candidates(
                    text, functools.partial(imported_helpers, importer=source.rel, table=table)
                )
            )
        if sets:
            hierarchy = hierarchy or _hierarchy(modules, attribute_sinks)
            found.extend(hierarchy.candidates(text, source.rel))
        if found:
            context = FileContext(root=root, rel=source.rel, lines=text.splitlines(), disk=disk)
            refs.extend(judge_candidates(found, context))
    return SecondLook(refs=refs, callers=caller_rels, parsed_helpers=parsed)


def _calling_bytes(
    source: SourceFile, helpers: tuple[bytes, ...], attributes: tuple[bytes, ...]
) -> tuple[bytes, bool, bool] | None:
    """The module's bytes when it may call one of `helpers` with an id or set one of
    `attributes` to an id in a class body (and which), else None (the few callers' bytes
    come back from the workers instead of being read again)."""
    data = _read_bytes(source, [])  # unreadable: noted by the first look
    if data is None:
        return None
    gives, sets = calls_and_settings(data, helpers, attributes)
    return (data, gives, sets) if gives or sets else None


def _sink_attributes(sinks: list[tuple[str, AttributeSink]]) -> tuple[bytes, ...]:
    if not sinks:
        return ()  # inherited (its records and patterns) is imported only when needed
    from llmaudit.discover.inherited import sink_attributes

    return sink_attributes(sinks)


def _hierarchy(modules: list[SourceFile], sinks: list[tuple[str, AttributeSink]]) -> Hierarchy:
    """The project's classes, read on demand, for attributes a base class loads."""
    from llmaudit.discover.inherited import Hierarchy

    by_rel = {source.rel: source for source in modules}

    def read(rel: str) -> str | None:
        return _module_text(by_rel[rel]) if rel in by_rel else None

    known = {name: source.rel for source in modules if (name := module_name(source.rel))}
    return Hierarchy(known=known, sinks=sinks, read=read, confirm=module_attribute_sinks)


def _confirm_helpers(
    modules: list[SourceFile],
    deferred: list[tuple[str, str]],
    callers: list[bytes],
    earlier: EarlierLook | None,
) -> dict[str, list[Helper]]:
    """The helpers of each deferred module that some caller names, read by parsing it (or
    as an earlier run parsed it, unchanged since)."""
    wanted = sorted(
        {rel for rel, name in deferred if any(name.encode() in data for data in callers)}
    )
    by_rel = {source.rel: source for source in modules}
    confirmed: dict[str, list[Helper]] = {}
    for rel in wanted:
        known = None if earlier is None else earlier.helpers_of(rel)
        if known is not None:
            confirmed[rel] = known
            continue
        text = _module_text(by_rel[rel])
        if text is not None:
            confirmed[rel] = list(module_helpers(text))
    return confirmed


def _module_text(source: SourceFile) -> str | None:
    """A module's text read again for the second look (its problems were noted by the
    first look): None when it cannot be read, is binary or is not UTF-8."""
    data = _read_bytes(source, [])
    return None if data is None else _decode(data, source, [])


def _snippet(lines: list[str], line: int) -> str:
    return lines[line - 1].strip()[:120] if 1 <= line <= len(lines) else ""


def scan_files(
    sources: Iterable[SourceFile],
    root: Path,
    jobs: int | None = None,
    cache: ResultCache | None = None,
) -> list[FileResult]:
    """Every file's result, in the order given (`sources` may be a walk still under way).

    A large tree is scanned by worker processes (one per CPU by default) while this process
    walks it: the scan is CPU bound (byte searches, `ast.parse`), so threads would not help.
    Small scans such as a pre-commit run stay in this process, where starting workers would
    cost more than it saves. With a `cache`, a file it knows unchanged is not read, and only
    the others are scanned (in workers when there are enough of them).
    """
    if cache is None:
        found = _each_file(sources, functools.partial(_contribution, root=root), jobs)
        return [_NOTHING if result is None else result for result in found]
    results: list[FileResult] = []
    misses: list[tuple[int, str, tuple[int, ...] | None]] = []  # (position, rel, identity)
    unknown = _cache_misses(sources, cache, results, misses)
    found = _each_file(unknown, functools.partial(_contribution, root=root), jobs)
    for (position, rel, signature), result in zip(misses, found, strict=True):
        results[position] = _NOTHING if result is None else result
        cache.remember(rel, signature, results[position])
    return results


def _cache_misses(
    sources: Iterable[SourceFile],
    cache: ResultCache,
    results: list[FileResult],
    misses: list[tuple[int, str, tuple[int, ...] | None]],
) -> Iterator[SourceFile]:
    """The sources the cache does not answer for, in order; the cached results go into
    `results` on the way, with a place held for each miss (listed in `misses`). A file no
    reader opens contributes nothing and is left out (its name alone decides that). Its
    identity is taken before it is read, so a write during the scan is a later miss."""
    with FolderStats() as stats:
        for source in sources:
            # A file the cache holds had a reader when it was stored (same code: same answer).
            if (
                not cache.holds(source.rel)
                and not readers_for(source.name)
                and manifest_reader_for(source.rel) is None
            ):
                continue
            signature = stats.signature(source.absolute)
            cached = cache.lookup(source.rel, signature)
            if cached is not None:
                results.append(cached)
                continue
            misses.append((len(results), source.rel, signature))
            results.append(_NOTHING)
            yield source


def empty_result() -> FileResult:
    """What most files contribute (one shared, read-only value)."""
    return _NOTHING


def _each_file(
    sources: Iterable[SourceFile], look: Callable[[SourceFile], Found | None], jobs: int | None
) -> list[Found | None]:
    """`look(source)` for every source, in order: in worker processes for a large set (one
    per CPU unless `jobs` says), in this process for a small one."""
    remaining = iter(sources)
    head = list(itertools.islice(remaining, PARALLEL_MIN_FILES))
    jobs = parallel_jobs(len(head)) if jobs is None else jobs
    if jobs <= 1:
        return [look(source) for source in itertools.chain(head, remaining)]
    from llmaudit.discover.workers import scan_in_workers

    return scan_in_workers(itertools.chain(head, remaining), look, jobs)


def _contribution(source: SourceFile, root: Path) -> FileResult | None:
    """The file's result, None when it contributed nothing (most files: not sent back)."""
    result = scan_file(source, root)
    return None if result is _NOTHING or result == _NOTHING else result


def parallel_jobs(file_count: int) -> int:
    """Processes worth scanning with for `file_count` files (1: scan in this process only).

    Only where `fork` is the safe, cheap way to start workers (Linux) and no other thread
    runs, since forking a threaded process can deadlock the child.
    """
    if file_count < PARALLEL_MIN_FILES or threading.active_count() > 1:
        return 1
    import multiprocessing

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), _MAX_JOBS))
