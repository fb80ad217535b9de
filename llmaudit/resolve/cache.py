"""Caches: requests-cache for Hub JSON, small stores for facts and capped file texts.

They live in the local cache dir (SQLite and JSON files), or with --cache-url in a Redis
shared by many runners (shared_cache.py), with the local dir as the fallback.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from llmaudit.errors import ResolveError
from llmaudit.records import record
from llmaudit.resolve.store import DocumentStore, JsonStore
from llmaudit.settings import Settings

if TYPE_CHECKING:
    from requests_cache import CachedSession

    from llmaudit.resolve.shared_cache import SharedCache

HTTP_CACHE_FILE = "http-cache.sqlite"
FILES_DIR = "files"
T = TypeVar("T")
CLAIM_POLL = 0.05  # seconds between looks at the shared cache while another runner fetches
# Kept in the cache: OK, redirects (renamed repos) and "not found", so offline runs agree.
CACHEABLE_CODES = (200, 301, 302, 307, 308, 404, 410)


def with_cache_dir(settings: Settings) -> Settings:
    """Settings whose cache_dir is set: an unset one (None) becomes the default folder."""
    if settings.cache_dir is not None:
        return settings
    from dataclasses import replace

    return replace(settings, cache_dir=settings.cache_path())


def print_note(message: str) -> None:
    """One `llmaudit: note:` line on stderr (a fact about the run, not an error)."""
    print(f"llmaudit: note: {message}", file=sys.stderr, flush=True)


class CacheStores:
    """Where one run keeps what it fetched: the local cache dir, or a shared Redis.

    The Redis connection opens on first use (a run that needs no lookup never connects) and
    is shared by the model and package lookups of the run; close() ends it.
    """

    def __init__(self, settings: Settings, *, note: Callable[[str], None] = print_note) -> None:
        self.settings = with_cache_dir(settings)
        self._print = note
        self._notes: list[str] = []
        self._lock = threading.Lock()
        self._connected = False
        self._shared: SharedCache | None = None

    @property
    def local_label(self) -> str:
        return f"the local cache in {self.settings.cache_path()}"

    @property
    def notes(self) -> tuple[str, ...]:
        """What the run should report about its caches (a shared cache it could not use)."""
        return tuple(self._notes)

    def _note(self, message: str) -> None:
        self._notes.append(message)
        self._print(message)

    def shared(self) -> SharedCache | None:
        """The shared cache while it answers, else None (no URL, unreachable or lost)."""
        if self.settings.cache_url is None:
            return None
        with self._lock:
            if not self._connected:
                from llmaudit.resolve.shared_cache import connect

                self._connected = True
                self._shared = connect(self.settings, note=self._note, fallback=self.local_label)
        return self._shared if self._shared is not None and self._shared.up else None

    def documents(self, name: str) -> DocumentStore:
        """JSON documents named `name` (facts, files): shared while Redis answers, else local."""
        return _Documents(self, name)

    def fetch_once(self, key: str, cached: Callable[[], T | None], fetch: Callable[[], T]) -> T:
        """`fetch()` (which stores its result), unless another runner of the fleet is already
        fetching `key`: then wait for its result to show up through `cached()`.

        Without this, runners that start together all miss and all ask the Hub. A claim
        expires after a few Hub timeouts, so a runner killed mid-fetch delays the others by
        at most that long; a fetch whose result is not cacheable (not found) just releases
        the claim and each waiter fetches (its HTTP cache then holds the 404).
        """
        shared = self.shared()
        if shared is None or self.settings.offline:  # offline runs fetch nothing to share
            return fetch()
        claim = f"claim:{key}"
        lifetime = max(4 * self.settings.timeout, 5.0)
        if shared.claim(claim, lifetime):
            try:
                return fetch()
            finally:
                shared.delete(claim)
        deadline = time.monotonic() + lifetime
        while shared.up and time.monotonic() < deadline:
            time.sleep(CLAIM_POLL)
            result = cached()
            if result is not None:
                return result
            if not shared.exists(claim):
                break
        result = cached() if shared.up else None
        return result if result is not None else fetch()

    def has_http_cache(self) -> bool:
        """Whether an HTTP cache exists to read (offline runs skip requests-cache without)."""
        return self.shared() is not None or (self.settings.cache_path() / HTTP_CACHE_FILE).exists()

    def __enter__(self) -> CacheStores:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        # On Ctrl-C, resolver threads may still be inside a Redis call: leave it to the exit.
        if exc_type is None or not issubclass(exc_type, KeyboardInterrupt):
            self.close()

    def close(self) -> None:
        """Close the Redis connection, if one was opened."""
        with self._lock:
            if self._shared is not None:
                self._shared.close()
            self._shared = None


class _Documents:
    """A DocumentStore that asks the shared cache while it is up, then the local dir."""

    def __init__(self, stores: CacheStores, name: str) -> None:
        settings = stores.settings
        self._stores = stores
        self._name = name
        self._local = JsonStore(settings.cache_path() / name, writable=not settings.offline)

    def get(self, key: str) -> dict[str, Any] | None:
        shared = self._stores.shared()
        if shared is not None:
            document = self._on(shared).get(key)
            if shared.up:
                return document
        return self._local.get(key)

    def put(self, key: str, document: dict[str, Any]) -> None:
        shared = self._stores.shared()
        if shared is not None:
            self._on(shared).put(key, document)
            if shared.up:
                return
        self._local.put(key, document)

    def _on(self, shared: SharedCache) -> DocumentStore:
        from llmaudit.resolve.shared_cache import SharedDocuments

        settings = self._stores.settings
        return SharedDocuments(
            shared, kind=self._name, ttl=settings.cache_ttl, writable=not settings.offline
        )


def open_http_session(stores: CacheStores, pool_size: int) -> CachedSession:
    """A CachedSession on the shared Redis or local SQLite; offline it never opens a socket."""
    import logging

    import requests
    import requests_cache
    from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS

    settings = stores.settings
    # requests-cache logs a traceback when it serves a stale copy after an error.
    logging.getLogger("requests_cache").setLevel(logging.CRITICAL)
    shared = stores.shared()
    backend: object
    if shared is not None:
        from llmaudit.resolve.shared_http import SharedHttpCache

        backend = SharedHttpCache(
            shared, local=lambda: _local_backend(settings).responses, ttl=settings.cache_ttl
        )
    else:
        backend = _local_backend(settings)
    session = requests_cache.CachedSession(
        backend=backend,  # type: ignore[arg-type]
        expire_after=settings.cache_ttl,
        allowable_codes=CACHEABLE_CODES,
        allowable_methods=("GET",),
        stale_if_error=True,
        match_headers=False,  # the Authorization header never becomes part of a key
        ignored_parameters=DEFAULT_IGNORED_PARAMS,  # ...and is redacted from stored requests
        only_if_cached=settings.offline,
        cache_control=False,
    )
    adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _local_backend(settings: Settings) -> Any:
    """requests-cache's SQLite backend in settings.cache_dir (memory when offline and new)."""
    import requests_cache
    from requests_cache.backends.base import BaseCache

    path = settings.cache_path() / HTTP_CACHE_FILE
    if not settings.offline:
        try:
            settings.cache_path().mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResolveError(
                f"{settings.cache_path()}: cannot create the cache directory "
                f"({exc.strerror or type(exc).__name__}); pass --cache-dir "
                "or set LLMAUDIT_CACHE_DIR"
            ) from None
    if settings.offline and not path.exists():
        # nothing cached yet: every lookup is a miss, nothing is written
        return BaseCache()
    _prepare_database(path, wal=not settings.offline)
    return requests_cache.SQLiteCache(str(path), busy_timeout=30_000)


def _prepare_database(path: Path, *, wal: bool) -> None:
    """Check the cache file is a usable SQLite database and switch it to WAL once.

    WAL is set here rather than with requests-cache's `wal=True`, which switches on every new
    connection and fails with "database is locked" when threads open them concurrently.
    A corrupted cache stops the run with one line: every model would fail the same way.
    """
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as connection:
            (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
            connection.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
            if wal and str(mode).lower() != "wal":
                with contextlib.suppress(sqlite3.OperationalError):  # busy: keep rollback mode
                    connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        raise ResolveError(
            f"{path}: the HTTP cache is unreadable ({exc}); delete it or pass --cache-dir"
        ) from None


@record(frozen=True, kw_only=True)
class CachedFile:
    """A capped file body as stored: status, text (None when binary) and flags."""

    status: int
    text: str | None
    binary: bool = False
    truncated: bool = False
    fetched_at: float = 0.0


class FileCache:
    """Capped texts of README / LICENSE files keyed by URL (never by token)."""

    def __init__(
        self, root: Path, *, ttl: float, writable: bool, store: DocumentStore | None = None
    ) -> None:
        self._store = store or JsonStore(root / FILES_DIR, writable=writable)
        self._ttl = ttl

    def get(self, url: str, *, immutable: bool) -> tuple[CachedFile | None, bool]:
        """The cached entry and whether it is expired (entries at a commit sha never expire)."""
        raw = self._store.get(url)
        if raw is None:
            return None, False
        entry = CachedFile(
            status=int(raw.get("status", 0)),
            text=raw.get("text") if isinstance(raw.get("text"), str) else None,
            binary=bool(raw.get("binary")),
            truncated=bool(raw.get("truncated")),
            fetched_at=float(raw.get("fetched_at", 0.0)),
        )
        expired = not immutable and time.time() - entry.fetched_at > self._ttl
        return entry, expired

    def put(self, url: str, entry: CachedFile) -> None:
        """Store an entry (atomically; a failure only skips caching)."""
        self._store.put(
            url,
            {
                "status": entry.status,
                "text": entry.text,
                "binary": entry.binary,
                "truncated": entry.truncated,
                "fetched_at": entry.fetched_at,
            },
        )
