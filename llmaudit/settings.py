"""Settings: command-line options and environment merged into one frozen value."""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path

from llmaudit.hub_urls import HUB_URL
from llmaudit.models import Verdict
from llmaudit.records import record

DEFAULT_ENDPOINT = HUB_URL
CACHE_URL_ENV = "LLMAUDIT_CACHE_URL"
CACHE_PASSWORD_ENV = "LLMAUDIT_CACHE_PASSWORD"  # used when the URL carries no password
CACHE_URL_SCHEMES = ("redis", "rediss")
NO_CACHE_ENV = "LLMAUDIT_NO_CACHE"  # turns the per-file discovery cache off, like --no-cache
_TRUTHY = {"1", "true", "yes", "on"}


@record(frozen=True, kw_only=True)
class Settings:
    """Everything a run needs; passed down the pipeline instead of global state."""

    root: Path | None = None
    files: tuple[Path, ...] = ()
    models: tuple[str, ...] = ()
    policy: str = "default"
    policy_dirs: tuple[Path, ...] = ()
    offline: bool = False
    cache_dir: Path | None = None  # None: LLMAUDIT_CACHE_DIR, else the user cache dir
    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = field(default=None, repr=False)
    # No token in the environment: read the one `huggingface-cli login` stored, but only when
    # a request is sent (a warm-cache run never imports huggingface_hub for it).
    stored_token: bool = False
    fail_on: Verdict | None = Verdict.FAIL
    exclude: tuple[str, ...] = ()
    workers: int = 16
    timeout: float = 10.0
    max_retries: int = 3
    lineage_depth: int = 8
    cache_ttl: float = 86400.0  # seconds a cached Hub answer counts as fresh (resolve)
    # redis:// or rediss:// URL of a cache shared by many runners; may hold a password
    cache_url: str | None = field(default=None, repr=False)
    cache_password: str | None = field(default=None, repr=False)
    baseline: Path | None = None
    lock: Path | None = None
    waivers: Path | None = None
    verify: bool = False
    # Keep each file's discovery result across runs (result_cache); the CLI turns it on for
    # tree scans unless --no-cache or LLMAUDIT_NO_CACHE=1.
    scan_cache: bool = False
    ci: bool = False
    verbosity: int = 0
    environ: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def cache_path(self) -> Path:
        """The cache folder: `cache_dir` as given (`--cache-dir .` is the current folder),
        else the default (`default_cache_dir`)."""
        if self.cache_dir is not None:
            return self.cache_dir
        return default_cache_dir(self.environ or current_environ())


def env_flag(environ: dict[str, str], name: str) -> bool:
    """True when an environment variable is set to a truthy value."""
    return environ.get(name, "").strip().lower() in _TRUTHY


def default_cache_dir(environ: dict[str, str]) -> Path:
    """LLMAUDIT_CACHE_DIR, else the user cache dir (XDG_CACHE_HOME honoured)."""
    explicit = environ.get("LLMAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "llmaudit"


def hub_endpoint(environ: dict[str, str]) -> str:
    """HF_ENDPOINT read at run time (mirrors, in-house proxies), without a trailing slash."""
    return (environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def is_offline(environ: dict[str, str], flag: bool) -> bool:
    """--offline, HF_HUB_OFFLINE=1 or LLMAUDIT_OFFLINE=1."""
    return flag or env_flag(environ, "HF_HUB_OFFLINE") or env_flag(environ, "LLMAUDIT_OFFLINE")


def shared_cache_url(option: str | None, environ: dict[str, str]) -> str | None:
    """--cache-url, else LLMAUDIT_CACHE_URL, checked for shape (never connected here)."""
    url = (option or environ.get(CACHE_URL_ENV) or "").strip()
    if not url:
        return None
    check_cache_url(url)
    return url


def check_cache_url(url: str) -> None:
    """Raise UsageError unless `url` is redis://[user:password@]host[:port][/db] (or rediss://).

    The message shows the URL with its password masked.
    """
    from urllib.parse import urlsplit

    from llmaudit.errors import UsageError

    shown = redact_url(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UsageError(f"--cache-url {shown}: not a valid URL (bad port?)") from None
    if parts.scheme.lower() not in CACHE_URL_SCHEMES:
        raise UsageError(
            f"--cache-url {shown}: use redis://host:port/db or rediss:// "
            "(TLS); the local cache needs no URL (see --cache-dir)"
        )
    if not parts.hostname:
        raise UsageError(f"--cache-url {shown}: no host name")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise UsageError(f"--cache-url {shown}: the path must be a database number, like /0")
    if port == 0:
        raise UsageError(f"--cache-url {shown}: port 0 is not a port")


def redact_url(url: str) -> str:
    """`url` with any password replaced by ***, safe to print (also for unparsable URLs)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url if "@" not in url else "***@" + url.rsplit("@", 1)[1]
    if "@" in rest:  # the last "@" ends the user info, even when a password holds "/" or "@"
        userinfo, rest = rest.rsplit("@", 1)
        user = userinfo.split(":", 1)[0] if ":" in userinfo else ""
        rest = f"{user}:***@{rest}" if user else f"***@{rest}"
    path, mark, query = rest.partition("?")
    if mark:  # redis-py also reads ?password=...
        query = "&".join(
            f"{field.partition('=')[0]}=***"
            if "password" in field.partition("=")[0].lower()
            else field
            for field in query.split("&")
        )
    return f"{scheme}{sep}{path}{mark}{query}"


def current_environ() -> dict[str, str]:
    """A snapshot of the process environment (the only place settings read os.environ)."""
    return dict(os.environ)
