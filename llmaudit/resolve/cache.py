"""On-disk caches: requests-cache (SQLite) for Hub JSON, a small store for capped file texts."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from llmaudit.errors import ResolveError
from llmaudit.resolve.store import JsonStore
from llmaudit.settings import Settings

if TYPE_CHECKING:
    from requests_cache import CachedSession

HTTP_CACHE_FILE = "http-cache.sqlite"
FILES_DIR = "files"
# Kept in the cache: OK, redirects (renamed repos) and "not found", so offline runs agree.
CACHEABLE_CODES = (200, 301, 302, 307, 308, 404, 410)


def with_cache_dir(settings: Settings) -> Settings:
    """Settings whose cache_dir is real: the unset default (".") means the user cache dir."""
    if settings.cache_dir != Path("."):
        return settings
    from dataclasses import replace

    from llmaudit.settings import current_environ, default_cache_dir

    environ = settings.environ or current_environ()
    return replace(settings, cache_dir=default_cache_dir(environ))


def open_http_session(settings: Settings, pool_size: int) -> CachedSession:
    """A CachedSession on SQLite in settings.cache_dir; offline it never opens a socket."""
    import logging

    import requests
    import requests_cache
    from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS

    # requests-cache logs a traceback when it serves a stale copy after an error.
    logging.getLogger("requests_cache").setLevel(logging.CRITICAL)
    path = settings.cache_dir / HTTP_CACHE_FILE
    if not settings.offline:
        try:
            settings.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResolveError(f"{settings.cache_dir}: cannot create the cache directory "
                               f"({exc.strerror or type(exc).__name__}); pass --cache-dir "
                               "or set LLMAUDIT_CACHE_DIR") from None
    backend: object
    if settings.offline and not path.exists():
        backend = "memory"  # nothing cached yet: every lookup is a miss, nothing is written
    else:
        _prepare_database(path, wal=not settings.offline)
        backend = requests_cache.SQLiteCache(str(path), busy_timeout=30_000)
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
        raise ResolveError(f"{path}: the HTTP cache is unreadable ({exc}); delete it or pass "
                           "--cache-dir") from None


@dataclass(frozen=True, kw_only=True)
class CachedFile:
    """A capped file body as stored: status, text (None when binary) and flags."""

    status: int
    text: str | None
    binary: bool = False
    truncated: bool = False
    fetched_at: float = 0.0


class FileCache:
    """Capped texts of README / LICENSE files keyed by URL (never by token)."""

    def __init__(self, root: Path, *, ttl: float, writable: bool) -> None:
        self._store = JsonStore(root / FILES_DIR, writable=writable)
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
        self._store.put(url, {
            "status": entry.status, "text": entry.text, "binary": entry.binary,
            "truncated": entry.truncated, "fetched_at": entry.fetched_at,
        })
