"""Each scanned file's result kept across runs: an unchanged file is neither read nor parsed
again (what ruff, mypy and eslint do; issue #13's warm figure).

One JSON file per scanned root, `<cache>/discover/<sha256 of the absolute root>.json`:
a header (format version, the root, a fingerprint of everything that shapes a file's
result) and, per file path relative to the root, the file's identity when it was scanned
(size, mtime_ns, inode, ctime_ns) followed by its result when there was one (most files
have none: four numbers). A file whose identity matches is not read: its result is decoded
from the entry (`record_codec`), provided every question its scan asked about other paths
(`disk.Disk`) still gets the same answer.

Never trusted blindly: a header that differs in any way drops the whole file; an entry that
does not decode is a miss; a file that cannot be read or parsed is no cache at all. Files
changed within two seconds of the run's start are not stored ("racily clean", as git's
index: a later write in the same timestamp tick would go unseen). Written to a temporary
file and renamed into place, so concurrent runs never see half a file (the last one wins).
JSON, never pickle: loading a cache must not be able to run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from llmaudit import __version__
from llmaudit.discover.disk import Asked, answers_hold
from llmaudit.discover.file_scan import (
    EarlierLook,
    FileResult,
    HelperInputs,
    SecondLook,
    empty_result,
)
from llmaudit.discover.imports import Helper
from llmaudit.discover.record_codec import UndecodableError, decoder_for, encode
from llmaudit.discover.walk import SourceFile
from llmaudit.models import ModelRef

FORMAT_VERSION = 1
RACY_NS = 2_000_000_000
MAX_CACHE_BYTES = 256 * 1024 * 1024
# Libraries whose behaviour shapes a file's result: a reinstall rewrites their files.
_LIBRARIES = ("yaml", "ahocorasick_rs", "tomli")

Signature = tuple[int, ...]  # (size, mtime_ns, inode, ctime_ns)


class ResultCache:
    """The cached results of one root: looked up while scanning, saved after it."""

    def __init__(self, path: Path, header: dict[str, Any], started_ns: int) -> None:
        self.path = path
        self._header = header
        self._racy_after = started_ns - RACY_NS
        data = _read_cache(path, header)
        entries, second_look = data.get("entries"), data.get("second_look")
        self._old: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._new: dict[str, Any] = {}
        self._old_second_look = second_look if isinstance(second_look, list) else None
        self._second_look: list[Any] | None = None
        callers, parsed = data.get("callers"), data.get("deferred_helpers")
        self._old_callers = callers if _is_callers_record(callers) else None
        self._callers: list[Any] | None = None
        self._old_parsed: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
        self._parsed: dict[str, Any] = {}
        self._unchanged: set[str] = set()  # files whose entry held: the same bytes as then
        self._identities: dict[str, Signature | None] = {}
        self._stored = 0
        self._decode = decoder_for(FileResult)

    def holds(self, rel: str) -> bool:
        """Whether the cache has an entry for the file at `rel` (current or not)."""
        return rel in self._old

    def lookup(self, rel: str, signature: Signature | None) -> FileResult | None:
        """The cached result of the file at `rel`, None unless it is known unchanged
        (`signature` is the file's identity now, None when it cannot be stat'ed)."""
        self._identities[rel] = signature
        entry = self._old.get(rel)
        if signature is None or type(entry) is not list:
            return None
        size = len(entry)
        if size == 4:
            result = empty_result() if entry == [*signature] else None
        elif size == 5 and entry[:4] == [*signature]:
            result = self._decoded(entry[4])
        else:
            return None
        if result is None:
            return None
        self._new[rel] = entry
        self._unchanged.add(rel)
        return result

    def _decoded(self, value: Any) -> FileResult | None:
        try:
            result: FileResult = self._decode(value)
        except UndecodableError:
            return None
        if result.disk_answers and not answers_hold(result.disk_answers):
            return None
        return result

    def remember(self, rel: str, signature: Signature | None, result: FileResult) -> None:
        """Keep `result` for the file, unless it changed too recently to be sure of."""
        if signature is None or self._is_racy(signature):
            return
        if result is empty_result():  # most files: no result, nothing else to check
            self._new[rel] = list(signature)
        elif self._reads_racy_files(result.disk_answers):
            return
        else:
            self._new[rel] = [*signature, encode(result)]
        self._stored += 1

    def _reads_racy_files(self, asked: list[Asked]) -> bool:
        return any(
            self._is_racy(answer)
            for question, _, answer in asked
            if question == "stat" and isinstance(answer, tuple)
        )

    def second_look(self, modules: list[SourceFile], inputs: HelperInputs) -> list[ModelRef] | None:
        """The second look's references of the last run, when no module has changed since
        and the first look handed it the same helpers (None otherwise)."""
        cached = self._old_second_look
        if (
            cached is None
            or len(cached) != 3
            or cached[0] != self._second_look_key(modules, _inputs_key(inputs))
        ):
            return None
        try:
            refs: list[ModelRef] = decoder_for(list[ModelRef])(cached[1])
            asked: list[Asked] = decoder_for(list[Asked])(cached[2])
        except UndecodableError:
            return None
        if not answers_hold(asked):
            return None
        self._second_look = cached
        return refs

    def remember_second_look(
        self,
        modules: list[SourceFile],
        inputs: HelperInputs,
        found: SecondLook,
        asked: list[Asked],
    ) -> None:
        """Keep what the second look worked out for the next run's `earlier_look`: the
        modules it found calling a helper (or setting a sink attribute) and the helpers of
        the deferred modules it parsed (a module changed too recently to be sure of has no
        entry, so the next run works it out again whatever these say); and its references,
        unless a module changed too recently."""
        inputs_key = _inputs_key(inputs)
        self._callers = [inputs_key, sorted(found.callers)]
        self._parsed = {rel: encode(helpers) for rel, helpers in found.parsed_helpers.items()}
        if self._callers != self._old_callers or self._parsed != self._old_parsed:
            self._stored += 1
        if any(self._is_racy(self._identities.get(module.rel)) for module in modules):
            return
        if self._reads_racy_files(asked):
            return
        key = self._second_look_key(modules, inputs_key)
        self._second_look = [key, encode(found.refs), encode(asked)]
        self._stored += 1

    def earlier_look(self, inputs: HelperInputs) -> EarlierLook:
        """What the last run's second look found about the modules unchanged since (their
        bytes, and so those answers, are the same): which call no helper and set no sink
        attribute (only when that run had the same helpers), and the helpers of the
        deferred modules it parsed."""
        old = self._old_callers
        same_helpers = old is not None and old[0] == _inputs_key(inputs)
        callers = frozenset(old[1]) if same_helpers and old is not None else None
        return _Earlier(self._unchanged, callers, self._old_parsed)

    def _second_look_key(self, modules: list[SourceFile], inputs_key: str) -> str:
        identities = [[module.rel, self._identities.get(module.rel)] for module in modules]
        return _digest([identities, inputs_key])

    def _is_racy(self, signature: Signature | None) -> bool:
        return signature is None or max(signature[1], signature[3]) >= self._racy_after

    def save(self) -> None:
        """Write the entries of this run (files gone since are dropped), when any changed;
        a folder that cannot be written to means no cache, never an error."""
        if not self._stored and len(self._new) == len(self._old):
            return
        data = {
            **self._header,
            "entries": self._new,
            "second_look": self._second_look,
            "callers": self._callers,
            "deferred_helpers": self._parsed,
        }
        text = json.dumps(data, separators=(",", ":"))
        _write_atomically(self.path, text.encode("utf-8"))


class _Earlier:
    """`EarlierLook` from a cache: `unchanged` files, the last run's `callers` (None: that
    run had other helpers) and its deferred modules' helpers, encoded."""

    def __init__(
        self, unchanged: set[str], callers: frozenset[str] | None, parsed: dict[str, Any]
    ) -> None:
        self._unchanged, self._callers, self._parsed = unchanged, callers, parsed
        self._decode = decoder_for(list[Helper])

    def is_quiet(self, rel: str) -> bool:
        return self._callers is not None and rel in self._unchanged and rel not in self._callers

    def helpers_of(self, rel: str) -> list[Helper] | None:
        if rel not in self._unchanged or rel not in self._parsed:
            return None
        try:
            helpers: list[Helper] = self._decode(self._parsed[rel])
        except UndecodableError:
            return None
        return helpers


def _inputs_key(inputs: HelperInputs) -> str:
    return _digest(encode(inputs))


def _digest(value: Any) -> str:
    """SHA-256 of a JSON value's compact text."""
    text = json.dumps(value, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _is_callers_record(value: Any) -> bool:
    """`[inputs key, [rel, ...]]`, as `remember_second_look` writes it (else: ignored)."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], list)
        and all(isinstance(rel, str) for rel in value[1])
    )


def cache_file(cache_dir: Path, root: Path) -> Path:
    """Where the results of the tree at `root` are kept."""
    digest = hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()
    return cache_dir / "discover" / f"{digest}.json"


def cache_header(root: Path, scan_settings: object) -> dict[str, Any]:
    """The header a usable cache file must carry: format, root and fingerprint.

    `scan_settings` is anything else the results may depend on (the project's
    `[tool.llmaudit]` and `--exclude` patterns), compared through its repr.
    """
    return {
        "format": FORMAT_VERSION,
        "root": os.path.abspath(root),
        "fingerprint": _fingerprint(repr(scan_settings)),
    }


def _fingerprint(scan_settings: str, package: Path | None = None) -> str:
    """A hash of what makes a file's result: llmaudit's version and the code and data it
    scans with (an editable install changes them without a new version), the Python
    version (`ast`), the libraries' installed files, and the scan settings."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, sys.platform, scan_settings):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    package = package or Path(__file__).resolve().parents[1]
    for path in _scanning_files(package):
        digest.update(os.fsencode(os.path.relpath(path, package)) + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read() + b"\0")
        except OSError:
            digest.update(b"unreadable\0")
    for name in _LIBRARIES:
        digest.update(_library_identity(name).encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _scanning_files(package: Path) -> list[str]:
    """The package's modules and data that discovery runs: the discover subpackage, the
    top-level modules it imports (models, records, ...) and the data tables."""
    found = [entry.path for entry in os.scandir(package) if entry.name.endswith(".py")]
    for folder in (package / "discover", package / "data"):
        for directory, subdirs, files in os.walk(folder):
            subdirs[:] = [d for d in subdirs if d != "__pycache__"]
            found.extend(os.path.join(directory, name) for name in files)
    return sorted(found)


def _library_identity(name: str) -> str:
    """A library's installed location and its file's identity, without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    origin = spec.origin if spec is not None else None
    if not origin:
        return f"{name}: absent"
    try:
        stat = os.stat(origin)
    except OSError:
        return f"{name}: {origin} unreadable"
    return f"{name}: {origin} {stat.st_size} {stat.st_mtime_ns}"


def _read_cache(path: Path, header: dict[str, Any]) -> dict[str, Any]:
    """The cache file's content when its header is exactly `header`, else nothing."""
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_CACHE_BYTES:
                return {}
            data = json.loads(handle.read())
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON, too deep
        return {}
    if not isinstance(data, dict) or any(data.get(key) != value for key, value in header.items()):
        return {}
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` through a temporary file beside it and a rename (concurrent runs:
    each temporary name is its own, and a rename is atomic)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
