"""pixi.lock: the PyPI packages a pixi workspace locked.

The lock is YAML; its top-level `packages:` list holds one entry per locked artifact. Since
format 6 a PyPI entry starts `- pypi: <url>` and carries `name:` and `version:`; formats 4
and 5 write `- kind: pypi` with `name`, `version` and `url`. A PyPI entry whose location is a
folder (`- pypi: ./libs/mine`) is a package of the project itself: counted in a note, never
looked up. Conda entries are counted in a note and not audited, as in pixi.toml.

The file is read line by line, not parsed as YAML: locks run to megabytes and only the
entries' own first-level fields matter (nested `depends:` lists are skipped by indentation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, locked_package
from llmaudit.models import Location, PackageRef

_ENTRY = re.compile(r"^(?P<indent> *)- (?P<key>[a-z_]+):[ \t]*(?P<value>.*?)[ \t]*$")
_FIELD = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+):[ \t]*(?P<value>.*?)[ \t]*$")
_REMOTE = ("https://", "http://")


def read_pixi_lock(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """PyPI packages locked in a pixi.lock, with notes for local and conda entries."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if line.rstrip() == "packages:"), None)
    if start is None:
        return ManifestScan(
            notes=(("pixi.lock without a top-level packages list; not read", None),)
        )
    packages: list[PackageRef] = []
    conda = local = 0
    for line, fields in _entries(lines, start + 1):
        kind = "pypi" if "pypi" in fields else "conda" if "conda" in fields else fields.get("kind")
        if kind == "conda":
            conda += 1
            continue
        name = fields.get("name")
        if kind != "pypi" or not name:
            continue
        if not (fields.get("pypi") or fields.get("url") or "").startswith(_REMOTE):
            local += 1
            continue
        location = Location(path=rel, line=line, snippet=f"name: {name}")
        packages.append(locked_package(name, fields.get("version") or None, location))
    notes: list[tuple[str, int | None]] = []
    if local:
        notes.append((f"{local} local PyPI package(s) of the project itself; not audited", None))
    if conda:
        notes.append(
            (f"{conda} conda package(s) locked; conda packages are not audited", start + 1)
        )
    return ManifestScan(packages=tuple(packages), notes=tuple(notes))


def _entries(lines: list[str], first: int) -> Iterator[tuple[int, dict[str, str]]]:
    """(1-based line of its name, first-level fields) of each entry of the list that starts
    at line index `first` and ends at the next top-level key."""
    indent: int | None = None
    fields: dict[str, str] = {}
    start = 0
    for number in range(first, len(lines)):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entry = _ENTRY.match(line)
        if entry is not None and (indent is None or len(entry["indent"]) == indent):
            if fields:
                yield start, fields
            indent = len(entry["indent"])
            fields = {entry["key"]: _unquote(entry["value"])}
            start = number + 1
            continue
        if indent is None or not line.startswith(" " * (indent + 1)):
            break  # the next top-level key
        field = _FIELD.match(line)
        if field is not None and len(field["indent"]) == indent + 2:
            fields.setdefault(field["key"], _unquote(field["value"]))
            if field["key"] == "name":
                start = number + 1
    if fields:
        yield start, fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
