"""Lock files: poetry.lock, uv.lock (TOML [[package]]) and Pipfile.lock (JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llmaudit.discover.manifests.entries import ManifestScan, pinned_version
from llmaudit.discover.manifests.toml_lines import line_of, quoted
from llmaudit.discover.toml_text import parse_toml
from llmaudit.models import Location, PackageRef
from llmaudit.package_names import canonical_name

# uv.lock lists the project itself (and workspace members) with these sources: not dependencies.
_OWN_SOURCES = frozenset({"editable", "virtual", "directory"})


def read_poetry_lock(text: str, rel: str, path: Path, root: Path) -> ManifestScan:
    """Every locked package of a poetry.lock."""
    return _read_toml_lock(text, rel, skip_own=False)


def read_uv_lock(text: str, rel: str, path: Path, root: Path) -> ManifestScan:
    """Every locked package of a uv.lock, without the project's own entries."""
    return _read_toml_lock(text, rel, skip_own=True)


def _read_toml_lock(text: str, rel: str, *, skip_own: bool) -> ManifestScan:
    try:
        data = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, huge ints
        return ManifestScan(notes=((f"invalid lock file, not read: {error}", None),))
    entries = data.get("package")
    packages = []
    cursor = 0
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        source = entry.get("source")
        if skip_own and isinstance(source, dict) and _OWN_SOURCES & set(source):
            continue
        name = entry["name"]
        version = entry.get("version") if isinstance(entry.get("version"), str) else None
        line, cursor = line_of(text, r"^\s*name\s*=\s*" + quoted(name), cursor)
        packages.append(
            PackageRef(
                name=canonical_name(name),
                version=version,
                specifier=f"=={version}" if version else "",
                locations=(Location(path=rel, line=line, snippet=f'name = "{name}"'),),
            )
        )
    return ManifestScan(packages=tuple(packages))


def read_pipfile_lock(text: str, rel: str, path: Path, root: Path) -> ManifestScan:
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
