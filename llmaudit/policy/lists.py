"""Allow and deny lists: models pinned by revision, packages pinned by version specifier."""

from __future__ import annotations

from llmaudit.models import ModelFacts, ModelRef, PackageFacts, PackageRef
from llmaudit.package_names import canonical_name
from llmaudit.policy.document import ModelEntry, PackageEntry

_MIN_SHA_PREFIX = 7


def model_entry_matches(entry: ModelEntry, model_id: str, revisions: tuple[str, ...]) -> bool:
    """True when `entry` names `model_id` and, if pinned, one of the used `revisions`."""
    if entry.id.casefold() != model_id.casefold():
        return False
    if entry.revision is None:
        return True
    return any(_same_revision(entry.revision, used) for used in revisions if used)


def _same_revision(pinned: str, used: str) -> bool:
    if pinned == used:
        return True
    short, long = sorted((pinned.lower(), used.lower()), key=len)
    is_hex = all(c in "0123456789abcdef" for c in long)
    return is_hex and len(short) >= _MIN_SHA_PREFIX and long.startswith(short)


def model_revisions(ref: ModelRef | None, facts: ModelFacts | None) -> tuple[str, ...]:
    """Every name of the revision in use: the requested one, the resolved one, the commit sha."""
    names = (
        ref.revision if ref else None,
        facts.revision if facts else None,
        facts.sha if facts else None,
    )
    return tuple(n for n in names if n)


def find_model_entry(
    entries: tuple[ModelEntry, ...], model_id: str, revisions: tuple[str, ...]
) -> ModelEntry | None:
    """The first entry matching the model, or None."""
    return next((e for e in entries if model_entry_matches(e, model_id, revisions)), None)


def package_version(ref: PackageRef, facts: PackageFacts | None) -> str | None:
    """The resolved version, else the pinned one from the manifest."""
    return (facts.version if facts else None) or ref.version


def package_entry_matches(entry: PackageEntry, name: str, version: str | None) -> bool | None:
    """True / False when decidable; None when the entry is pinned but the version is unknown."""
    if canonical_name(entry.name) != canonical_name(name):
        return False
    if not entry.version:
        return True
    if version is None:
        return None
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    spec_text = entry.version if entry.version[:1] in "<>=!~" else f"=={entry.version}"
    try:
        return Version(version) in SpecifierSet(spec_text, prereleases=True)
    except (InvalidVersion, InvalidSpecifier):
        return entry.version == version


def find_package_entry(
    entries: tuple[PackageEntry, ...], name: str, version: str | None
) -> tuple[PackageEntry | None, bool]:
    """The first matching entry and whether the match is certain (False: version unknown)."""
    undecided = None
    for entry in entries:
        matched = package_entry_matches(entry, name, version)
        if matched:
            return entry, True
        if matched is None and undecided is None:
            undecided = entry
    return undecided, False
