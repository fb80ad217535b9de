"""Conda environment files (`environment.yml`): the packages of their `pip:` section.

Conda's own entries (`pytorch=2.3`, `conda-forge::numpy`) name conda packages, whose names and
licenses are not PyPI's: they are counted in a note, not audited. The `pip:` entries are PyPI
requirements, read as a requirements file's lines are (`-r` includes, `-e` and URL lines,
markers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan
from llmaudit.discover.manifests.requirements import read_requirements
from llmaudit.models import PackageRef
from llmaudit.safeyaml import compose_safe_yaml


def read_environment(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """PyPI packages from a conda environment file's `dependencies: - pip: [...]`."""
    import yaml

    try:
        document = compose_safe_yaml(text)
    except (yaml.YAMLError, RecursionError):
        return ManifestScan(
            notes=(("invalid conda environment file, dependencies not read", None),)
        )
    dependencies = _value_of(document, "dependencies")
    if not isinstance(dependencies, yaml.SequenceNode):
        return ManifestScan()  # some other YAML that happens to be called environment.yml
    packages: list[PackageRef] = []
    notes: list[tuple[str, int | None]] = []
    conda_entries = 0
    for entry in dependencies.value:
        pip = _value_of(entry, "pip")
        if isinstance(pip, yaml.SequenceNode):
            scan = read_requirements(_pip_lines(pip.value), rel, path, root, disk)
            packages.extend(scan.packages)
            notes.extend(scan.notes)
        elif isinstance(entry, yaml.ScalarNode) and str(entry.value).strip():
            conda_entries += 1
    if conda_entries:
        notes.append(
            (
                f"{conda_entries} conda package(s) listed; conda packages are not audited "
                "(only the pip: section is)",
                dependencies.start_mark.line + 1,
            )
        )
    return ManifestScan(packages=tuple(packages), notes=tuple(notes))


def _value_of(node: Any, key: str) -> Any:
    """The value node under `key` when `node` is a mapping that has it."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value
    return None


def _pip_lines(entries: list[Any]) -> str:
    """The pip entries as a requirements file whose line numbers are the environment file's
    (blank lines between), so includes, URLs and options are read as in requirements.txt."""
    import yaml

    lines: dict[int, str] = {}
    for entry in entries:
        if isinstance(entry, yaml.ScalarNode):
            lines[entry.start_mark.line + 1] = " ".join(str(entry.value).split())
    last = max(lines, default=0)
    return "\n".join(lines.get(number, "") for number in range(1, last + 1)) + "\n"
