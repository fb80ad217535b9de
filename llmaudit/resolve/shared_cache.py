"""A cache on Redis shared by many runners (--cache-url): one connection per run.

Every value is written whole with one SET (atomic on the server; no read-modify-write), and
every value read back is checked: a damaged or foreign entry reads as a miss. The first
failed call marks the cache down for the rest of the run, so a lost server costs at most
one socket timeout; the caller then carries on with the local cache (see docs/fleet.md).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from llmaudit.errors import ConfigError
from llmaudit.settings import Settings, redact_url

if TYPE_CHECKING:
    from redis import Redis

SCHEMA = 1  # bump when what llmaudit stores in Redis changes shape: old keys are then unseen
CONNECT_TIMEOUT = 2.0  # seconds to open a connection to Redis
OPERATION_TIMEOUT = 5.0  # seconds for one command's answer
# Redis drops an entry this long after it went stale: expired entries stay usable while the
# Hub is down (as in the local cache), but an abandoned model does not stay forever.
STALE_GRACE = 7 * 86400
Note = Callable[[str], None]


class SharedCache:
    """A thread-safe Redis client under one key prefix; `up` turns False after a failure."""

    def __init__(
        self,
        client: Redis,
        *,
        prefix: str,
        label: str,
        note: Note,
        fallback: str,
        secrets: tuple[str, ...],
    ) -> None:
        self._client = client
        self.prefix = prefix
        self.label = label
        self._note = note
        self._fallback = fallback
        self._secrets = secrets
        self._lock = threading.Lock()
        self.up = True

    def get(self, key: str) -> bytes | None:
        """The stored bytes for `key`, or None (missing, or the server was lost)."""
        value = self._call(lambda: self._client.get(self.prefix + key))
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes | str, ttl: float) -> None:
        """Store `value` whole, expiring after `ttl` seconds (a failure only skips caching)."""
        seconds = max(int(ttl), 1)
        self._call(lambda: self._client.set(self.prefix + key, value, ex=seconds))

    def claim(self, key: str, ttl: float) -> bool:
        """True when this call created `key` (SET NX: exactly one runner wins); False when
        another runner holds it, or Redis is lost."""
        seconds = max(int(ttl), 1)
        return bool(
            self._call(lambda: self._client.set(self.prefix + key, b"1", nx=True, ex=seconds))
        )

    def exists(self, key: str) -> bool:
        """Whether `key` is there (False once Redis is lost)."""
        return bool(self._call(lambda: self._client.exists(self.prefix + key)))

    def delete(self, key: str) -> None:
        """Forget `key` (no error when it is missing)."""
        self._call(lambda: self._client.delete(self.prefix + key))

    def keys(self, pattern: str = "*") -> Iterator[str]:
        """Keys under the prefix (without it); empty once the server is lost."""
        found = self._call(lambda: list(self._client.scan_iter(self.prefix + pattern, 1000)))
        for key in found or ():
            yield key.decode("utf-8", "replace")[len(self.prefix) :]

    def close(self) -> None:
        """Close the connection pool."""
        import contextlib

        with contextlib.suppress(Exception):
            self._client.close()

    def _call(self, command: Callable[[], Any]) -> Any:
        if not self.up:
            return None
        import redis

        try:
            return command()
        except (redis.RedisError, OSError, ValueError) as exc:  # ValueError: a garbled reply
            self._mark_down(exc)
            return None

    def _mark_down(self, exc: BaseException) -> None:
        with self._lock:
            if not self.up:
                return
            self.up = False
        self._note(
            f"lost the shared cache {self.label} ({describe_error(exc, self._secrets)});"
            f" the rest of this run uses {self._fallback}"
        )


def connect(settings: Settings, *, note: Note, fallback: str) -> SharedCache | None:
    """Connect to settings.cache_url and PING it.

    Unreachable: a note and None (the run uses the local cache). A server that answers but
    refuses us (wrong password, no permission, no such database): ConfigError (exit 2), since
    it stays broken until someone fixes the configuration.
    """
    assert settings.cache_url is not None
    label = redact_url(settings.cache_url)
    secrets = tuple(s for s in (settings.cache_password, _url_password(settings.cache_url)) if s)
    try:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry
    except ImportError:
        raise ConfigError(
            "--cache-url needs the Redis client: pip install 'llmaudit-cli[redis]'"
        ) from None
    try:
        client = redis.Redis.from_url(
            settings.cache_url,
            password=None if _url_password(settings.cache_url) else settings.cache_password,
            socket_connect_timeout=CONNECT_TIMEOUT,
            socket_timeout=OPERATION_TIMEOUT,
            retry=Retry(NoBackoff(), 0),  # a retry would double the wait on a lost server
            health_check_interval=0,
        )
    except (ValueError, TypeError) as exc:  # e.g. an unknown ?option= in the URL
        raise ConfigError(f"--cache-url {label}: {describe_error(exc, secrets)}") from None
    try:
        client.ping()
    except (redis.AuthenticationError, redis.ResponseError) as exc:
        client.close()
        raise ConfigError(
            f"--cache-url {label}: the server refused the connection "
            f"({describe_error(exc, secrets)}); check the password "
            "(LLMAUDIT_CACHE_PASSWORD), user and database number"
        ) from None
    except (redis.RedisError, OSError) as exc:
        client.close()
        note(
            f"shared cache {label} is unreachable ({describe_error(exc, secrets)}); "
            f"this run uses {fallback}"
        )
        return None
    prefix = f"llmaudit:v{SCHEMA}:{settings.endpoint.rstrip('/')}:"
    return SharedCache(
        client, prefix=prefix, label=label, note=note, fallback=fallback, secrets=secrets
    )


def describe_error(exc: BaseException, secrets: tuple[str, ...]) -> str:
    """A one-line reason without any secret in it, cut to 160 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for secret in secrets:
        text = text.replace(secret, "***")
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:157] + "..."


def _url_password(url: str) -> str | None:
    from urllib.parse import parse_qs, unquote, urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.password:
        return unquote(parts.password)
    for value in parse_qs(parts.query).get("password", []):
        return value
    return None


class SharedDocuments:
    """JSON documents in the shared cache, with the same get/put as the local JsonStore."""

    def __init__(self, shared: SharedCache, *, kind: str, ttl: float, writable: bool) -> None:
        self._shared = shared
        self._kind = kind
        self._ttl = ttl
        self._writable = writable

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored document, or None (missing, not JSON, not ours, or Redis lost)."""
        raw = self._shared.get(f"{self._kind}:{key}")
        if raw is None:
            return None
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if not isinstance(document, dict) or document.get("key") != key:
            return None
        return document

    def put(self, key: str, document: Mapping[str, Any]) -> None:
        """Store the whole document with one SET."""
        if not self._writable:
            return
        value = json.dumps({**document, "key": key}, separators=(",", ":"))
        self._shared.set(f"{self._kind}:{key}", value, self._ttl + STALE_GRACE)
