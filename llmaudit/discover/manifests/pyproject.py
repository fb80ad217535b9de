"""pyproject.toml: PEP 621 dependencies and extras, PEP 735 groups, Poetry and pixi tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, add_requirement
from llmaudit.discover.manifests.toml_lines import key, line_of, quoted_line
from llmaudit.discover.toml_text import parse_toml, toml_table
from llmaudit.models import Location, PackageRef
from llmaudit.package_names import canonical_name


def read_pyproject(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Packages declared in a pyproject.toml."""
    try:
        data = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, huge ints
        return ManifestScan(notes=((f"invalid TOML, dependencies not read: {error}", None),))
    packages: list[PackageRef] = []
    notes: list[tuple[str, int | None]] = []
    for requirement in _pep508_strings(data):
        line = quoted_line(text, requirement)
        add_requirement(requirement, rel, line, packages, notes)
    packages.extend(_poetry_packages(data, text, rel))
    pixi = toml_table(toml_table(data.get("tool")).get("pixi"))
    if pixi:
        from llmaudit.discover.manifests.pixi import pixi_packages

        scan = pixi_packages(pixi, text, rel, ("tool", "pixi"))
        packages.extend(scan.packages)
        notes.extend(scan.notes)
    return ManifestScan(packages=tuple(packages), notes=tuple(notes))


def _pep508_strings(data: dict[str, Any]) -> Iterator[str]:
    project = toml_table(data.get("project"))
    yield from _strings(project.get("dependencies"))
    for extra in toml_table(project.get("optional-dependencies")).values():
        yield from _strings(extra)
    for group in toml_table(data.get("dependency-groups")).values():
        yield from _strings(group)  # {include-group = ...} entries are tables: skipped


def _poetry_packages(data: dict[str, Any], text: str, rel: str) -> Iterator[PackageRef]:
    poetry = toml_table(toml_table(data.get("tool")).get("poetry"))
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [toml_table(g).get("dependencies") for g in toml_table(poetry.get("group")).values()]
    cursor = 0
    for table in tables:
        for name, spec in toml_table(table).items():
            if name.lower() == "python":
                continue
            line, cursor = line_of(text, key(name), cursor)
            specifier = _poetry_specifier(spec)
            pin = _poetry_pin(specifier)
            yield PackageRef(
                name=canonical_name(name),
                version=pin,
                specifier=f"=={pin}" if pin else specifier,
                locations=(Location(path=rel, line=line, snippet=f"{name} = {specifier}"[:120]),),
            )


def _poetry_specifier(spec: object) -> str:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        version = spec.get("version")
        return version if isinstance(version, str) else ""
    return ""


def _poetry_pin(specifier: str) -> str | None:
    # Poetry reads a bare "1.2.3" as "==1.2.3"; "^", "~", ">=" and "*" are ranges.
    bare = specifier.strip().lstrip("=").strip()
    if bare and bare[0].isdigit() and all(c.isalnum() or c in ".+-!" for c in bare):
        return bare
    return None


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, str))
