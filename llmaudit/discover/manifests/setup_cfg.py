"""setup.cfg: [options] install_requires and [options.extras_require]."""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, add_requirement
from llmaudit.models import PackageRef


def read_setup_cfg(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Packages from setup.cfg's install_requires and extras."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        message = str(error).splitlines()[0]
        return ManifestScan(notes=((f"invalid setup.cfg, dependencies not read: {message}", None),))
    packages: list[PackageRef] = []
    notes: list[tuple[str, int | None]] = []
    lines = text.splitlines()
    for requirement in _requirement_strings(parser):
        add_requirement(requirement, rel, _line_of(lines, requirement), packages, notes)
    return ManifestScan(packages=tuple(packages), notes=tuple(notes))


def _requirement_strings(parser: configparser.ConfigParser) -> Iterator[str]:
    values = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values.extend(value for _, value in parser.items("options.extras_require"))
    for value in values:
        for raw in value.splitlines():
            line = raw.split("#", 1)[0].strip()
            if line:
                yield line


def _line_of(lines: list[str], requirement: str) -> int | None:
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(requirement):
            return number
    return None
