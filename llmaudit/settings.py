"""Settings: command-line options and environment merged into one frozen value."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from llmaudit.models import Verdict

DEFAULT_ENDPOINT = "https://huggingface.co"
_TRUTHY = {"1", "true", "yes", "on"}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything a run needs; passed down the pipeline instead of global state."""

    root: Path | None = None
    files: tuple[Path, ...] = ()
    models: tuple[str, ...] = ()
    policy: str = "default"
    policy_dirs: tuple[Path, ...] = ()
    offline: bool = False
    cache_dir: Path = Path(".")
    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = field(default=None, repr=False)
    fail_on: Verdict | None = Verdict.FAIL
    exclude: tuple[str, ...] = ()
    workers: int = 16
    timeout: float = 10.0
    max_retries: int = 3
    lineage_depth: int = 8
    cache_ttl: float = 86400.0  # seconds a cached Hub answer counts as fresh (resolve)
    baseline: Path | None = None
    lock: Path | None = None
    waivers: Path | None = None
    verify: bool = False
    ci: bool = False
    verbosity: int = 0
    environ: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


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


def current_environ() -> dict[str, str]:
    """A snapshot of the process environment (the only place settings read os.environ)."""
    return dict(os.environ)
