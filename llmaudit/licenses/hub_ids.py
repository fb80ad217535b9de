"""Look a license up by any name it goes by: Hub id, alias, SPDX id, license_name or title."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from llmaudit.licenses.knowledge import all_licenses
from llmaudit.models import UNKNOWN_LICENSE, LicenseInfo

# Hub ids that say "not stated here": never an identification on their own.
PLACEHOLDER_IDS = frozenset(
    {
        "other",
        "unknown",
        "none",
        "noassertion",
        "n/a",
        "na",
        "",
        "license",
        "custom",
        "proprietary-or-other",
    }
)

_LOOSE_DROP = re.compile(r"[\s_\-,/()\"'`]+")
_LICENSEREF = re.compile(r"^licenseref-(?:scancode-)?", re.IGNORECASE)


def find_license(text_id: str | None) -> LicenseInfo | None:
    """The entry named by `text_id` (Hub id, alias, SPDX id, license_name), case-insensitive."""
    if not text_id:
        return None
    key = find_license_key(text_id)
    if key is None:
        return None
    from llmaudit.licenses.knowledge import get_license

    return get_license(key)


def find_license_key(text_id: str) -> str | None:
    """The knowledge-base key for `text_id`, or None; placeholders such as `other` give None."""
    text = text_id.strip().strip("\"'").strip()
    if text.lower() in PLACEHOLDER_IDS:
        return None
    exact, loose = _name_index()
    found = exact.get(text.lower()) or loose.get(loosen_name(text))
    if found is None and _LICENSEREF.match(text):
        stripped = _LICENSEREF.sub("", text)
        found = exact.get(stripped.lower()) or loose.get(loosen_name(stripped))
    return found


def find_publisher_aliases(text_id: str) -> tuple[LicenseInfo, ...]:
    """Entries that `text_id` names only for their own publishers (`publisher_aliases`)."""
    from llmaudit.licenses.knowledge import get_license

    keys = _publisher_alias_index().get(loosen_name(text_id.strip().strip("\"'")), ())
    return tuple(info for key in keys if (info := get_license(key)) is not None)


def loosen_name(text: str) -> str:
    """A spelling-insensitive form: lower case, no spaces, dashes, underscores or quotes."""
    return _LOOSE_DROP.sub("", text.lower())


def names_of(info: LicenseInfo) -> tuple[str, ...]:
    """Every string that names `info` (key, Hub ids, SPDX id, aliases, title)."""
    return (info.key, *info.hub_ids, info.spdx, *info.aliases, info.name)


@functools.cache
def _name_index() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """Exact (lower-case) and loose indexes from every name to its entry key."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for info in all_licenses():
        if info.key == UNKNOWN_LICENSE:
            continue
        for name in names_of(info):
            if not name or name.upper() == "NOASSERTION":
                continue
            exact.setdefault(name.lower(), info.key)
            loose.setdefault(loosen_name(name), info.key)
    return exact, loose


def find_name_collisions() -> tuple[str, ...]:
    """Names that point at more than one entry (the data must have none)."""
    seen: dict[str, str] = {}
    problems = []
    for info in all_licenses():
        if info.key == UNKNOWN_LICENSE:
            continue
        for name in {loosen_name(n) for n in names_of(info) if n}:
            other = seen.setdefault(name, info.key)
            if other != info.key:
                problems.append(f"{name!r}: {other} and {info.key}")
    return tuple(sorted(problems))


@functools.cache
def _publisher_alias_index() -> Mapping[str, tuple[str, ...]]:
    """Loose publisher-scoped name -> the keys of every entry that uses it, in key order."""
    index: dict[str, tuple[str, ...]] = {}
    for info in all_licenses():
        for name in info.publisher_aliases:
            loose = loosen_name(name)
            index[loose] = (*index.get(loose, ()), info.key)
    return index
