"""Identify a license from a card's `license_link`: known URL patterns, or a file in the repo."""

from __future__ import annotations

import functools
import re
from fnmatch import fnmatchcase

from llmaudit.lazy_regex import lazy_compile
from llmaudit.licenses.knowledge import all_licenses
from llmaudit.records import record

_SCHEME = lazy_compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_LICENSE_FILE = lazy_compile(
    r"(?:^|/)(?:licen[cs]e|copying|notice|model[_-]?licen[cs]e[\w.-]*|licen[cs]e[\w.-]*)"
    r"(?:\.(?:md|txt|rst|pdf|html?))?$",
    re.IGNORECASE,
)


@record(frozen=True, kw_only=True)
class LinkMatch:
    """What a license_link points at: a known license (`key`) or a file of the repo (`path`)."""

    key: str | None = None
    path: str | None = None
    pattern: str = ""


def match_link(link: str | None) -> LinkMatch | None:
    """Classify a license_link; None when it is neither a known URL nor a repo file."""
    if not link or not link.strip():
        return None
    url = normalize_url(link)
    for key, pattern in _link_patterns():
        if fnmatchcase(url, pattern):
            return LinkMatch(key=key, pattern=pattern)
    path = repo_file_path(link)
    return LinkMatch(path=path) if path else None


def link_is_web_page(link: str) -> bool:
    """True for an http(s) URL (`https://example.com/terms`), not a path in the repo."""
    return bool(re.match(r"^https?://[^/\s]+\.[^/\s]+", link.strip(), re.IGNORECASE))


def normalize_url(link: str) -> str:
    """Lower-case URL without scheme, `www.`, query, fragment or trailing slash."""
    url = _SCHEME.sub("", link.strip().strip("<>").strip()).lower()
    url = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return url.removeprefix("www.")


def repo_file_path(link: str) -> str | None:
    """The repo-relative path of a LICENSE-like file the link names (relative or Hub blob URL)."""
    text = link.strip()
    if _SCHEME.match(text):
        url = _SCHEME.sub("", text).split("#", 1)[0].split("?", 1)[0].rstrip("/")
        # https://huggingface.co/<org>/<repo>/blob/<rev>/<path>: a file of that repo.
        parts = url.split("/")
        host = parts[0].lower().removeprefix("www.")
        if len(parts) >= 6 and host == "huggingface.co" and parts[3] in {"blob", "resolve"}:
            path = "/".join(parts[5:])
            return path if _LICENSE_FILE.search(path) else None
        return None
    path = text.removeprefix("./").split("#", 1)[0].split("?", 1)[0]
    if not path or path.startswith(("/", "..")) or " " in path:
        return None
    return path if _LICENSE_FILE.search(path) else None


@functools.cache
def _link_patterns() -> tuple[tuple[str, str], ...]:
    """(key, glob) pairs, longest glob first so the most specific pattern wins."""
    pairs = [
        (info.key, pattern.lower().rstrip("/"))
        for info in all_licenses()
        for pattern in info.link_patterns
    ]
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[1]), pair[0])))
