"""HTTP access to a Hub endpoint: retries, Retry-After, redirects, token scoping, size caps."""

from __future__ import annotations

import codecs
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from llmaudit.errors import ResolveError
from llmaudit.lazy_regex import lazy_compile
from llmaudit.records import record
from llmaudit.resolve.cache import (
    FILES_DIR,
    HTTP_CACHE_FILE,
    CachedFile,
    CacheStores,
    FileCache,
    open_http_session,
)
from llmaudit.settings import Settings

if TYPE_CHECKING:
    import requests
    from requests_cache import CachedSession

MAX_REDIRECTS = 5
_ODD_CHARACTERS = lazy_compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
NOT_CACHED = 504  # requests-cache's answer to only_if_cached on a miss
_DEFAULT_PORTS = {"http": 80, "https": 443}


@record(frozen=True, kw_only=True)
class Fetched:
    """One HTTP answer reduced to what resolution needs; `problem` is a one-line reason."""

    status: int  # 0 when no answer came back at all
    body: bytes = b""
    text: str | None = None
    binary: bool = False
    truncated: bool = False
    from_cache: bool = False
    stale: bool = False
    fetched_at: float | None = None  # when a cached answer left the Hub (epoch seconds)
    error_code: str | None = None
    problem: str | None = None
    answered: bool = True  # False when no HTTP answer came back at all (connection, timeout)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not JSON (e.g. an HTML page with 200)."""
        import json

        try:
            return json.loads(self.body.decode("utf-8"))
        except RecursionError:  # absurdly nested JSON from a hostile server
            raise ValueError("JSON nested too deeply") from None


class HubClient:
    """A per-run Hub client; create it with `with HubClient(settings) as hub:`."""

    def __init__(
        self,
        settings: Settings,
        *,
        backoff: float = 0.25,
        retry_after_cap: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        stores: CacheStores | None = None,
    ) -> None:
        self.settings = settings
        # A client given no stores opens (and closes) its own; a pipeline shares one.
        self._own_stores = stores is None
        self.stores = stores if stores is not None else CacheStores(settings)
        self.endpoint = settings.endpoint.rstrip("/")
        self._origin = _origin(self.endpoint)
        self._backoff = backoff
        self._retry_after_cap = retry_after_cap
        self._sleep = sleep
        self._session_lock = threading.Lock()
        self._token_lock = threading.Lock()
        self._token: str | None = settings.token
        self._token_known = settings.token is not None or not settings.stored_token
        self._pause_until = 0.0  # after a 429, every worker waits, not just the one told to
        # Origins that failed to connect after all retries: later requests fail fast instead
        # of each retrying (a down Hub must not cost minutes on the pre-commit path).
        self._down: dict[tuple[str, str, int | None], str] = {}
        # With a lock file the point is upstream drift: ask the Hub even when the cache is fresh.
        self.refresh = settings.lock is not None and not settings.offline
        self._session: CachedSession | None = None
        self._stream_session: requests.Session | None = None
        self._files = FileCache(
            settings.cache_path(),
            ttl=settings.cache_ttl,
            writable=not settings.offline,
            store=self.stores.documents(FILES_DIR),
        )

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        # On Ctrl-C / SIGTERM, worker threads may still be inside a request: closing the
        # SQLite cache under them crashes the process, so the sessions die with it instead.
        if exc_type is None or not issubclass(exc_type, KeyboardInterrupt):
            self.close()

    def close(self) -> None:
        """Close the HTTP sessions (and the SQLite cache connection)."""
        with self._session_lock:
            for session in (self._session, self._stream_session):
                if session is not None:
                    session.close()
            self._session = self._stream_session = None
        if self._own_stores:
            self.stores.close()

    # ------------------------------------------------------------------ URLs

    def model_api_url(self, repo_id: str, revision: str | None) -> str:
        """`/api/models/{id}` or `/api/models/{id}/revision/{rev}`."""
        url = f"{self.endpoint}/api/models/{quote(repo_id)}"
        return f"{url}/revision/{quote(revision, safe='')}" if revision else url

    def dataset_api_url(self, dataset_id: str) -> str:
        """`/api/datasets/{id}`."""
        return f"{self.endpoint}/api/datasets/{quote(dataset_id)}"

    def file_url(self, repo_id: str, revision: str, path: str) -> str:
        """`/{id}/resolve/{rev}/{path}` (the raw file at a revision)."""
        rev = quote(revision, safe="")
        # `.` and `..` segments are percent-encoded so no client can collapse them out of
        # the repo (the token goes with this URL).
        segments = [
            "%2E" * len(s) if s in (".", "..") else quote(s, safe="") for s in path.split("/")
        ]
        return f"{self.endpoint}/{quote(repo_id)}/resolve/{rev}/{'/'.join(segments)}"

    # ------------------------------------------------------------------ requests

    def get_json(self, url: str) -> Fetched:
        """GET a JSON endpoint through the HTTP cache, with retries and redirects."""
        if self.settings.offline and not self.stores.has_http_cache():
            # nothing was ever cached: skip loading requests / requests-cache at all
            return Fetched(status=0, problem="offline and not in the cache")
        if self.refresh:
            response, problem = self._follow(url, lambda u: self._cached_get(u, force_refresh=True))
            if response is None or response.status_code >= 500 or response.status_code == 429:
                fallback = self._cached_copy(url)
                if fallback is not None:
                    return fallback
        else:
            response, problem = self._follow(url, self._cached_get)
        if response is None:
            return Fetched(status=0, problem=problem)
        from_cache = bool(getattr(response, "from_cache", False))
        if self.settings.offline and response.status_code == NOT_CACHED:
            return Fetched(status=0, problem="offline and not in the cache")
        return Fetched(
            status=response.status_code,
            body=response.content or b"",
            from_cache=from_cache,
            stale=from_cache and bool(getattr(response, "is_expired", False)),
            fetched_at=_created_at(response) if from_cache else None,
            error_code=response.headers.get("X-Error-Code"),
            problem=problem or _describe_status(response.status_code),
        )

    def get_text(self, url: str, *, cap: int, immutable: bool) -> Fetched:
        """GET a file as text, reading at most `cap` bytes; binary bodies are flagged, not read."""
        cached, expired = self._files.get(url, immutable=immutable)
        if cached is not None and (not expired or self.settings.offline) and not self.refresh:
            return _from_cached_file(cached, stale=expired)
        if self.settings.offline:
            return Fetched(status=0, problem="offline and not in the cache", answered=False)
        response, problem = self._follow(url, self._streamed_get)
        if response is None:
            if cached is not None:  # serve the expired copy rather than nothing
                return _from_cached_file(cached, stale=True)
            return Fetched(status=0, problem=problem, answered=False)
        import requests

        with response:
            status = response.status_code
            if not 200 <= status < 300:
                if status in (404, 410):
                    gone = CachedFile(status=status, text=None, fetched_at=time.time())
                    self._files.put(url, gone)
                elif cached is not None and (status >= 500 or status == 429):
                    return _from_cached_file(cached, stale=True)
                return Fetched(
                    status=status,
                    error_code=response.headers.get("X-Error-Code"),
                    problem=problem or _describe_status(status),
                )
            deadline = time.monotonic() + 6 * self.settings.timeout
            try:
                body, truncated = _read_capped(response, cap, deadline=deadline)
            except requests.RequestException as exc:
                if cached is not None:
                    return _from_cached_file(cached, stale=True)
                return Fetched(status=0, problem=f"download interrupted ({type(exc).__name__})")
        text = decode_text(body)
        entry = CachedFile(
            status=response.status_code,
            text=text,
            binary=text is None,
            truncated=truncated,
            fetched_at=time.time(),
        )
        self._files.put(url, entry)
        return _from_cached_file(entry, stale=False, from_cache=False)

    # ------------------------------------------------------------------ internals

    def _cached_get(self, url: str, **cache_options: bool) -> requests.Response:
        import sqlite3

        with self._session_lock:
            if self._session is None:
                pool = max(self.settings.workers, 1) * 2
                self._session = open_http_session(self.stores, pool)
            session = self._session
        try:
            return session.get(
                url,
                headers=self._auth_headers(url),
                timeout=self.settings.timeout,
                allow_redirects=False,
                **cache_options,
            )
        except sqlite3.DatabaseError as exc:
            # A damaged cache page breaks every model alike: one line for the whole run.
            path = self.settings.cache_path() / HTTP_CACHE_FILE
            raise ResolveError(
                f"{path}: the HTTP cache is damaged ({exc}); delete it or pass --cache-dir"
            ) from None

    def _cached_copy(self, url: str) -> Fetched | None:
        """The cached answer for `url` (following cached redirects), or None; never sends."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self._cached_get(url, only_if_cached=True)
            if response.status_code == NOT_CACHED:
                return None
            if not response.is_redirect:
                return Fetched(
                    status=response.status_code,
                    body=response.content or b"",
                    from_cache=True,
                    stale=True,
                    error_code=response.headers.get("X-Error-Code"),
                    problem=_describe_status(response.status_code),
                )
            url = urljoin(url, response.headers.get("Location", ""))
        return None

    def _streamed_get(self, url: str) -> requests.Response:
        with self._session_lock:
            if self._stream_session is None:
                self._stream_session = _open_plain_session(max(self.settings.workers, 1) * 2)
            session = self._stream_session
        return session.get(
            url,
            headers=self._auth_headers(url),
            timeout=self.settings.timeout,
            allow_redirects=False,
            stream=True,
        )

    def token(self) -> str | None:
        """The Hub token: from the environment, else (once) the one huggingface_hub stored."""
        with self._token_lock:
            if not self._token_known:
                from huggingface_hub import get_token

                self._token = get_token()
                self._token_known = True
            return self._token

    def _auth_headers(self, url: str) -> dict[str, str]:
        """The bearer token, only for URLs on the configured endpoint's own origin."""
        if _origin(url) != self._origin:
            return {}
        token = self.token()
        if token:
            return {"Authorization": f"Bearer {token}"}
        return {}

    def _follow(
        self, url: str, send: Callable[[str], requests.Response]
    ) -> tuple[requests.Response | None, str | None]:
        """Send with retries and follow redirects by hand, so auth is decided per hop."""
        for _ in range(MAX_REDIRECTS + 1):
            response, problem = self._send_with_retries(url, send)
            if response is None or not response.is_redirect:
                return response, problem
            location = response.headers.get("Location", "")
            response.close()
            url = urljoin(url, location)
        return None, f"too many redirects (more than {MAX_REDIRECTS})"

    def _send_with_retries(
        self, url: str, send: Callable[[str], requests.Response]
    ) -> tuple[requests.Response | None, str | None]:
        import requests

        retries = 0 if self.settings.offline else max(self.settings.max_retries, 0)
        origin = _origin(url)
        with self._session_lock:
            known_down = self._down.get(origin)
        if known_down is not None:
            return None, known_down
        problem = "no answer"
        unreachable = False
        for attempt in range(retries + 1):
            wait = self._backoff * (2**attempt)
            self._wait_for_rate_limit()
            try:
                response = send(url)
            except requests.Timeout:
                problem = f"timed out after {self.settings.timeout:g}s"
                unreachable = True
            except requests.ConnectionError as exc:
                problem = self._connection_problem(exc, url)
                unreachable = True
            except requests.RequestException as exc:
                return None, f"request failed ({type(exc).__name__})"
            else:
                status = response.status_code
                if status == 429:
                    problem = "rate limited (429)"
                    wait = min(_retry_after(response, wait), self._retry_after_cap)
                    with self._session_lock:
                        self._pause_until = max(self._pause_until, time.monotonic() + wait)
                elif status >= 500 and not getattr(response, "from_cache", False):
                    problem = f"server error ({status})"
                else:
                    return response, None
                if attempt == retries:
                    return response, _after_retries(problem, retries)
                response.close()
            if attempt < retries:
                self._sleep(wait)
        reason = _after_retries(problem, retries)
        if unreachable:
            with self._session_lock:
                self._down.setdefault(origin, reason)
        return None, reason

    def _connection_problem(self, exc: Exception, url: str) -> str:
        """requests reports a body that stops arriving as a ConnectionError wrapping
        urllib3's ReadTimeoutError; that host was reached, so say it timed out."""
        from urllib3.exceptions import ReadTimeoutError

        if any(isinstance(arg, ReadTimeoutError) for arg in exc.args) or "Read timed out" in str(
            exc
        ):
            return f"timed out after {self.settings.timeout:g}s while reading the answer"
        return f"could not connect to {urlsplit(url).hostname}"

    def _wait_for_rate_limit(self) -> None:
        with self._session_lock:
            remaining = self._pause_until - time.monotonic()
        if remaining > 0:
            self._sleep(remaining)


def _open_plain_session(pool_size: int) -> requests.Session:
    """An uncached session for streamed file downloads (requests-cache would read it all)."""
    import requests

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def decode_text(body: bytes) -> str | None:
    """UTF-8 text, else legacy 8-bit text (Latin-1 / Windows-1252), else None for binary
    content (NUL bytes, or control characters and undecodable bytes all over)."""
    if b"\x00" in body[:8192]:
        return None
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = decoder.decode(body, final=False)  # a capped body may end mid-character
    if _few_oddities(text):
        return text.lstrip("\ufeff")
    legacy = body.decode("cp1252", errors="replace")
    return legacy if _few_oddities(legacy) else None


def _few_oddities(text: str) -> bool:
    """At most 1% control or undecodable characters (tabs and line breaks are fine)."""
    return len(_ODD_CHARACTERS.findall(text)) <= max(8, len(text) // 100)


def _read_capped(response: requests.Response, cap: int, *, deadline: float) -> tuple[bytes, bool]:
    """Read at most `cap` bytes of a streamed body, then stop (the rest is never downloaded)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > cap or time.monotonic() > deadline:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def _created_at(response: object) -> float | None:
    """When requests-cache stored `response` (its `created_at`, naive UTC), in epoch seconds."""
    created = getattr(response, "created_at", None)
    if not isinstance(created, datetime):
        return None
    return created.replace(tzinfo=created.tzinfo or timezone.utc).timestamp()


def _from_cached_file(entry: CachedFile, *, stale: bool, from_cache: bool = True) -> Fetched:
    return Fetched(
        status=entry.status,
        text=entry.text,
        binary=entry.binary,
        truncated=entry.truncated,
        from_cache=from_cache,
        stale=stale,
        problem=None if 200 <= entry.status < 300 else _describe_status(entry.status),
    )


def _retry_after(response: requests.Response, default: float) -> float:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), else `default`."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return default
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(when.timestamp() - time.time(), 0.0)


def _after_retries(problem: str, retries: int) -> str:
    return f"{problem} after {retries} retries" if retries else problem


def _describe_status(status: int) -> str | None:
    if 200 <= status < 300:
        return None
    return {
        401: "not authorized (401)",
        403: "access denied (403)",
        404: "not found (404)",
        410: "gone (410)",
        429: "rate limited (429)",
    }.get(status, f"HTTP {status}")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port
