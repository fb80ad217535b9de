"""Lock files: poetry.lock, uv.lock, pdm.lock (TOML [[package]]), pylock.toml (PEP 751,
[[packages]]) and Pipfile.lock (JSON). Entries that are the project itself or another local
folder (uv's editable/virtual/directory sources, pdm's `path`, PEP 751's `directory`) are
not dependencies anyone publishes: skipped."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, locked_package, pinned_version
from llmaudit.discover.manifests.toml_lines import LineCounter, quoted
from llmaudit.discover.toml_text import parse_toml
from llmaudit.models import Location, PackageRef
from llmaudit.package_names import canonical_name

# uv.lock lists the project itself (and workspace members) with these sources: not dependencies.
_OWN_SOURCES = frozenset({"editable", "virtual", "directory"})


def read_poetry_lock(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Every locked package of a poetry.lock."""
    return _read_toml_lock(text, rel, "package", lambda entry: False)


def read_uv_lock(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Every locked package of a uv.lock, without the project's own entries."""
    return _read_toml_lock(text, rel, "package", _uv_own_entry)


def read_pdm_lock(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Every locked package of a pdm.lock, without local folders (`path = ...`)."""
    return _read_toml_lock(text, rel, "package", lambda entry: "path" in entry)


def read_pylock(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Every locked package of a PEP 751 pylock.toml, without local folders (`directory`)."""
    return _read_toml_lock(text, rel, "packages", lambda entry: "directory" in entry)


def _uv_own_entry(entry: dict[str, Any]) -> bool:
    source = entry.get("source")
    return isinstance(source, dict) and bool(_OWN_SOURCES & set(source))


def _read_toml_lock(
    text: str, rel: str, table: str, is_local: Callable[[dict[str, Any]], bool]
) -> ManifestScan:
    try:
        data = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, huge ints
        return ManifestScan(notes=((f"invalid lock file, not read: {error}", None),))
    entries = data.get(table)
    packages = []
    lines = LineCounter(text)
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        if is_local(entry):
            continue
        name = entry["name"]
        version = entry.get("version") if isinstance(entry.get("version"), str) else None
        line = lines.next_match(r"^\s*name\s*=\s*" + quoted(name))
        location = Location(path=rel, line=line, snippet=f'name = "{name}"')
        packages.append(locked_package(name, version, location))
    return ManifestScan(packages=tuple(packages))


def read_pipfile_lock(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Every package in a Pipfile.lock's default and develop sections."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, huge ints
        return ManifestScan(notes=((f"invalid Pipfile.lock, not read: {error}", None),))
    packages = []
    lines = text.splitlines()
    for section in ("default", "develop"):
        table: Any = data.get(section) if isinstance(data, dict) else None
        for name, spec in table.items() if isinstance(table, dict) else ():
            specifier = spec.get("version", "") if isinstance(spec, dict) else ""
            specifier = specifier if isinstance(specifier, str) else ""
            packages.append(
                PackageRef(
                    name=canonical_name(name),
                    version=pinned_version(specifier),
                    specifier=specifier,
                    locations=(
                        Location(
                            path=rel,
                            line=_json_key_line(lines, name, section),
                            snippet=f'"{name}": {specifier}',
                        ),
                    ),
                )
            )
    return ManifestScan(packages=tuple(packages))


def _json_key_line(lines: list[str], name: str, section: str) -> int | None:
    in_section = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(f'"{section}"'):
            in_section = True
        elif in_section and stripped.startswith(f'"{name}"'):
            return number
    return None
