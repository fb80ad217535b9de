"""Dependency manifests: which file is one, and the packages each names."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, merge_packages
from llmaudit.records import record

_REQUIREMENTS = re.compile(r"(?i)^(?:.*[-_.])?requirements?(?:[-_.].*)?\.(?:txt|in)$")
# environment.yml, environment-gpu.yaml, conda-environment.yml, conda.yml
_CONDA = re.compile(r"^(?:(?:.*[-_.])?environment(?:[-_.].*)?|conda(?:[-_.].*)?)\.ya?ml$")


@record(frozen=True)
class ManifestReader:
    """One manifest kind and its reader as "module:function", imported on first use."""

    name: str
    target: str

    def read(self, text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
        """Packages named in the manifest `text` (at `rel`, `path`, inside `root`); other
        files it includes are read through `disk`."""
        module, _, function = self.target.partition(":")
        reader = getattr(importlib.import_module(f"llmaudit.discover.manifests.{module}"), function)
        scan: ManifestScan = reader(text, rel, path, root, disk)
        return scan


# Readers load on demand: a pre-commit run on ten .py files never imports packaging.
_BY_NAME: dict[str, ManifestReader] = {
    "pyproject.toml": ManifestReader("pyproject", "pyproject:read_pyproject"),
    "setup.cfg": ManifestReader("setup.cfg", "setup_cfg:read_setup_cfg"),
    "setup.py": ManifestReader("setup.py", "setup_py:read_setup_py"),
    "poetry.lock": ManifestReader("poetry.lock", "locks:read_poetry_lock"),
    "uv.lock": ManifestReader("uv.lock", "locks:read_uv_lock"),
    "pipfile.lock": ManifestReader("Pipfile.lock", "locks:read_pipfile_lock"),
    "pdm.lock": ManifestReader("pdm.lock", "locks:read_pdm_lock"),
    "pylock.toml": ManifestReader("pylock.toml", "locks:read_pylock"),
    "pixi.toml": ManifestReader("pixi.toml", "pixi:read_pixi"),
    "pixi.lock": ManifestReader("pixi.lock", "pixi_lock:read_pixi_lock"),
}
_PYLOCK_READER = _BY_NAME["pylock.toml"]
_REQUIREMENTS_READER = ManifestReader("requirements", "requirements:read_requirements")
_CONDA_READER = ManifestReader("conda environment", "conda:read_environment")


def manifest_reader_for(rel: str) -> ManifestReader | None:
    """The manifest reader for a relative path, None when the file is not a manifest."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    reader = _BY_NAME.get(lower)
    if reader is not None:
        return reader
    if lower.startswith("pylock.") and lower.endswith(".toml"):
        return _PYLOCK_READER  # PEP 751: pylock.<name>.toml
    if "constraint" in lower:
        return None  # constraints only pin what a requirements file includes with -c
    # Plain tests first: few names need the pattern or the parent folder. ("requ", not
    # "requirement": the pattern's case-insensitive i and s also match U+0130, U+0131, U+017F.)
    if "requ" in lower and _REQUIREMENTS.match(name):
        return _REQUIREMENTS_READER
    if name.endswith((".txt", ".in")) and _parent_folder(rel) == "requirements":
        return _REQUIREMENTS_READER
    if lower.endswith((".yml", ".yaml")) and ("environment" in lower or "conda" in lower):
        return _CONDA_READER if _CONDA.match(lower) else None
    return None


def _parent_folder(rel: str) -> str:
    return rel.rsplit("/", 2)[-2].lower() if "/" in rel else ""


__all__ = ["ManifestReader", "ManifestScan", "manifest_reader_for", "merge_packages"]
