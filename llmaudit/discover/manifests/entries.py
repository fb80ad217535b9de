"""Package entries read from manifests, and merging them into one PackageRef per package."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from llmaudit.models import Location, PackageRef
from llmaudit.package_names import canonical_name
from llmaudit.records import record

if TYPE_CHECKING:
    from packaging.requirements import Requirement


@record(frozen=True, kw_only=True)
class ManifestScan:
    """Packages and note messages (with their line) from one manifest."""

    packages: tuple[PackageRef, ...] = ()
    notes: tuple[tuple[str, int | None], ...] = ()


# A name pinned to a plain release ("click==8.1.7", "torch == 2.3.0rc1"), the form pip
# freeze and pip-compile write: every string it matches is a requirement packaging reads
# as that name and that one "==" specifier (tests/discover/test_requirement_pins.py), so it
# is read without loading packaging's parser on every pre-commit run. Anything else
# (extras, markers, ranges, epochs, local versions, URLs) goes to packaging.
_PLAIN_PIN = re.compile(
    r"([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)[ \t]*==[ \t]*"
    r"([0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?)"
)


def package_from_requirement(text: str, location: Location) -> PackageRef | None:
    """A PackageRef for a PEP 508 string, None when it does not parse."""
    plain = _PLAIN_PIN.fullmatch(text)
    if plain:
        version = plain.group(2)
        return PackageRef(
            name=canonical_name(plain.group(1)),
            version=version,
            specifier=f"=={version}",
            locations=(location,),
        )
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    return package_from_parsed(requirement, location)


def add_requirement(
    requirement: str,
    rel: str,
    line: int | None,
    packages: list[PackageRef],
    notes: list[tuple[str, int | None]],
) -> None:
    """The requirement's package onto `packages`, or a note when it does not parse."""
    location = Location(path=rel, line=line, snippet=requirement[:120])
    package = package_from_requirement(requirement, location)
    if package is None:
        notes.append((f"cannot parse requirement: {requirement[:80]}", line))
    else:
        packages.append(package)


def package_from_parsed(requirement: Requirement, location: Location) -> PackageRef:
    """A PackageRef from a parsed requirement: version set when pinned with == / ===."""
    specifier = str(requirement.specifier)
    return PackageRef(
        name=canonical_name(requirement.name),
        version=pinned_version(specifier),
        specifier=specifier,
        locations=(location,),
    )


def locked_package(name: str, version: str | None, location: Location) -> PackageRef:
    """A package a lock file pins: `name` at exactly `version` (None when the entry has none)."""
    return PackageRef(
        name=canonical_name(name),
        version=version,
        specifier=f"=={version}" if version else "",
        locations=(location,),
    )


def pinned_version(specifier: str) -> str | None:
    """ "1.2.3" for "==1.2.3" (not for wildcards or ranges)."""
    parts = [p.strip() for p in specifier.split(",") if p.strip()]
    if len(parts) == 1 and parts[0].startswith(("==", "===")) and "*" not in parts[0]:
        return parts[0].lstrip("=").strip()
    return None


def merge_packages(refs: list[PackageRef]) -> tuple[PackageRef, ...]:
    """One ref per package (and per distinct pinned version), locations merged and sorted."""
    by_name: dict[str, list[PackageRef]] = {}
    for ref in refs:
        by_name.setdefault(ref.name, []).append(ref)
    merged: list[PackageRef] = []
    for name in sorted(by_name):
        merged.extend(_merge_one(by_name[name]))
    return tuple(merged)


def _merge_one(refs: list[PackageRef]) -> list[PackageRef]:
    versions = sorted({r.version for r in refs if r.version})
    if len(versions) <= 1:
        return [_combine(refs, versions[0] if versions else None)]
    # Different pins in different manifests stay apart; unpinned mentions join each of them.
    return [_combine([r for r in refs if r.version in (v, None)], v) for v in versions]


def _combine(refs: list[PackageRef], version: str | None) -> PackageRef:
    # A declared range ("^4.44", ">=8") says more than a lock file's "==<version>".
    specifiers = sorted(
        (r.specifier for r in refs if r.specifier), key=lambda spec: spec.lstrip("=") == version
    )
    locations = sorted(
        {loc for r in refs for loc in r.locations}, key=lambda loc: (loc.path, loc.line or 0)
    )
    return replace(
        refs[0],
        version=version,
        specifier=specifiers[0] if specifiers else "",
        locations=tuple(locations),
    )
