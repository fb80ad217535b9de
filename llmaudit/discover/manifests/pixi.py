"""pixi manifests (`pixi.toml`, `[tool.pixi]` in pyproject.toml): their PyPI dependencies.

`[pypi-dependencies]`, and the same table of every `[feature.X]`, `[target.<platform>]` and
`[feature.X.target.<platform>]`, names PyPI packages with PEP 440 specifiers: `torch =
"==2.8.0"`, `rerun-sdk = { version = "==0.24.0", extras = ["all"] }`, `pkg = { git = "..." }`
(read by name, as a requirements file's `-e git+...#egg=pkg`). A `{ path = ... }` entry is a
package of the project itself, whose name PyPI may give to someone else: counted in a note,
never looked up. `[dependencies]` tables name conda packages, whose names and licenses are
not PyPI's: counted in a note, not audited (as in conda environment files).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, add_requirement
from llmaudit.discover.manifests.toml_lines import key, line_of
from llmaudit.discover.toml_text import parse_toml, toml_table
from llmaudit.models import PackageRef

_PYPI = "pypi-dependencies"
_CONDA = "dependencies"


def read_pixi(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """PyPI packages declared in a pixi.toml."""
    try:
        data = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, huge ints
        return ManifestScan(notes=((f"invalid TOML, dependencies not read: {error}", None),))
    return pixi_packages(data, text, rel, ())


def pixi_packages(
    pixi: dict[str, Any], text: str, rel: str, prefix: tuple[str, ...]
) -> ManifestScan:
    """The packages of a pixi workspace table (`prefix`: where it sits, `("tool", "pixi")` in
    a pyproject.toml), with notes for local and conda packages."""
    packages: list[PackageRef] = []
    notes: list[tuple[str, int | None]] = []
    local = 0
    for where, table in _tables(pixi, _PYPI):
        start = _header_offset(text, (*prefix, *where, _PYPI))
        for name, spec in table.items():
            line, _ = line_of(text, key(name), start) if start is not None else (None, 0)
            requirement = _requirement(name, spec)
            if requirement is None:
                local += 1
                continue
            add_requirement(requirement, rel, line, packages, notes)
    if local:
        notes.append(
            (
                f"{local} local package(s) ({{ path = ... }}) of the project itself; not audited",
                None,
            )
        )
    conda = sum(
        1 for _, table in _tables(pixi, _CONDA) for name in table if name.lower() != "python"
    )
    if conda:
        notes.append(
            (
                f"{conda} conda package(s) listed; conda packages are not audited "
                "(only [pypi-dependencies] are)",
                None,
            )
        )
    return ManifestScan(packages=tuple(packages), notes=tuple(notes))


def _tables(pixi: dict[str, Any], name: str) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every `name` table of the workspace, with the keys that lead to it."""
    scopes: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), pixi)]
    for feature, body in toml_table(pixi.get("feature")).items():
        scopes.append((("feature", feature), toml_table(body)))
    for where, scope in list(scopes):
        for target, body in toml_table(scope.get("target")).items():
            scopes.append(((*where, "target", target), toml_table(body)))
    for where, scope in scopes:
        table = toml_table(scope.get(name))
        if table:
            yield where, table


def _requirement(name: str, spec: object) -> str | None:
    """The PEP 508 requirement a pixi entry stands for; None for a local path package."""
    if isinstance(spec, dict):
        if "path" in spec:
            return None
        extras = spec.get("extras")
        if isinstance(extras, list) and all(isinstance(e, str) for e in extras) and extras:
            name = f"{name}[{','.join(extras)}]"
        version = spec.get("version")
        spec = version if isinstance(version, str) else ""
    if not isinstance(spec, str) or spec.strip() in ("", "*"):
        return name
    spec = spec.strip()
    return f"{name}=={spec}" if spec[0].isdigit() else f"{name}{spec}"


def _header_offset(text: str, keys: tuple[str, ...]) -> int | None:
    """Where the `[a.b.c]` header of a table ends in the text, None when it is not written
    as a header (an inline table)."""
    dotted = r"\s*\.\s*".join(rf"""["']?{re.escape(k)}["']?""" for k in keys)
    found = re.search(rf"^\s*\[\s*{dotted}\s*\]", text, re.MULTILINE)
    return found.end() if found else None
