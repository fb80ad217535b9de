"""requirements*.txt: -r / -c includes, markers, hashes, editable and URL lines."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, package_from_requirement
from llmaudit.lazy_regex import lazy_compile
from llmaudit.models import Location, PackageRef
from llmaudit.package_names import canonical_name
from llmaudit.records import record

_MAX_INCLUDES = 50
_MAX_BYTES = 5 * 1024 * 1024
_INCLUDE = lazy_compile(r"^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)")
_EDITABLE = lazy_compile(r"^(?:-e|--editable)(?:\s+|=)(\S+)")
_OPTION = lazy_compile(r"^-{1,2}[A-Za-z]")
_HASH = lazy_compile(r"\s--hash[=\s]\S+")
_EGG = lazy_compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_WHEEL = lazy_compile(
    r"/([A-Za-z0-9][A-Za-z0-9._]*)-([0-9][^-/]*)(?:-[^/]*)?\.(?:whl|tar\.gz|zip)$"
)


def read_requirements(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Packages from a requirements file and the files it includes (constraints pin versions)."""
    packages: list[PackageRef] = []
    constraints: dict[str, str] = {}
    notes: list[tuple[str, int | None]] = []
    _read_file(
        text,
        rel,
        path,
        _Includes(root=root, disk=disk, seen={disk.realpath(str(path))}),
        packages,
        constraints,
        notes,
        constraint=False,
    )
    pinned = [_apply_constraint(p, constraints) for p in packages]
    return ManifestScan(packages=tuple(pinned), notes=tuple(notes))


def _apply_constraint(package: PackageRef, constraints: dict[str, str]) -> PackageRef:
    version = constraints.get(package.name)
    return replace(package, version=version) if version and not package.version else package


@record
class _Includes:
    """What following `-r` / `-c` includes needs: the project root, the `disk` they are read
    through (a cached result depends on them), and the files read so far."""

    root: Path
    disk: Disk
    seen: set[str]


def _read_file(
    text: str,
    rel: str,
    path: Path,
    includes: _Includes,
    packages: list[PackageRef],
    constraints: dict[str, str],
    notes: list[tuple[str, int | None]],
    *,
    constraint: bool,
) -> None:
    for number, line in _logical_lines(text):
        include = _INCLUDE.match(line)
        if include:
            _include(include, rel, number, path, includes, packages, constraints, notes)
            continue
        package = _parse_line(line, Location(path=rel, line=number, snippet=line[:120]))
        if package is None:
            if not _OPTION.match(line) and not _EDITABLE.match(line):
                notes.append((f"cannot parse requirement: {line[:80]}", number))
            continue
        if constraint:
            if package.version:
                constraints[package.name] = package.version
        else:
            packages.append(package)


def _include(
    match: re.Match[str],
    rel: str,
    number: int,
    path: Path,
    includes: _Includes,
    packages: list[PackageRef],
    constraints: dict[str, str],
    notes: list[tuple[str, int | None]],
) -> None:
    disk, seen = includes.disk, includes.seen
    target = disk.realpath(str(path.parent / match.group(2)))
    real_root = disk.realpath(str(includes.root))
    if not target.startswith(real_root.rstrip(os.sep) + os.sep):
        notes.append((f"include outside the project not read: {match.group(2)}", number))
        return
    if target in seen or len(seen) >= _MAX_INCLUDES:
        return
    seen.add(target)
    try:
        text = disk.read_text(target, _MAX_BYTES)
    except (OSError, UnicodeDecodeError) as error:
        notes.append((f"cannot read included file {match.group(2)}: {error}", number))
        return
    included = Path(os.path.relpath(target, real_root)).as_posix()
    _read_file(
        text,
        included,
        Path(target),
        includes,
        packages,
        constraints,
        notes,
        constraint=match.group(1) in {"-c", "--constraint"},
    )


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines without comments, continuations joined, with their first line number."""
    lines: list[tuple[int, str]] = []
    pending = ""
    start = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            lines.append((start, line))
    if pending.strip():
        lines.append((start, pending.strip()))
    return lines


def _parse_line(line: str, location: Location) -> PackageRef | None:
    line = _HASH.sub("", " " + line).strip()
    editable = _EDITABLE.match(line)
    if editable:
        return _from_url(editable.group(1), location)
    if _OPTION.match(line):
        return None
    line = re.split(r"\s--?[A-Za-z]", line)[0].strip()  # per-requirement options
    if re.match(r"^[a-z][a-z0-9+.-]*://", line, re.IGNORECASE):
        return _from_url(line, location)
    return package_from_requirement(line, location)


def _from_url(url: str, location: Location) -> PackageRef | None:
    egg = _EGG.search(url)
    if egg:
        return PackageRef(name=canonical_name(egg.group(1)), locations=(location,))
    wheel = _WHEEL.search(url.split("#", 1)[0])
    if wheel:
        return PackageRef(
            name=canonical_name(wheel.group(1)), version=wheel.group(2), locations=(location,)
        )
    return None
