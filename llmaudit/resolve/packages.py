"""Package licenses: installed distribution metadata first, else the PyPI JSON API."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import quote

from llmaudit.models import FactSource, LicenseFile, PackageFacts, PackageRef
from llmaudit.package_data import read_package_text
from llmaudit.package_names import canonical_name
from llmaudit.resolve.dist_info import NotPlain, find_distribution
from llmaudit.resolve.hub import HubClient
from llmaudit.safeyaml import load_safe_yaml

PYPI_URL = "https://pypi.org/pypi"
NOT_ON_PYPI = "not found on PyPI (404)"
_MAX_LICENSE_FIELD = 200  # a License field longer than this is a pasted license text, not a name
_LICENSE_FILE_PREFIXES = ("licen", "copying", "notice", "unlicense")
_MAX_LICENSE_BYTES = 512 * 1024
_MAX_LICENSE_FILES = 20


def installed_package_facts(ref: PackageRef, *, any_version: bool = False) -> PackageFacts | None:
    """Facts from the installed distribution (PEP 639 License-Expression, License, classifiers).

    Another installed version than the one pinned counts only with `any_version` (offline);
    its `version` then shows which version the license was read from.
    """
    dist = installed_distribution(ref.name)
    if dist is None:
        return None
    version = dist.version
    if ref.version and not any_version and not same_version(ref.version, version):
        return None  # another version is installed; its license may differ
    return distribution_facts(dist, ref.name)


class HeaderLookup(Protocol):
    def get_all(self, name: str) -> list[str] | None: ...


class InstalledDistribution(Protocol):
    """What is read of an installed distribution: `importlib.metadata.Distribution` or
    `llmaudit.resolve.dist_info.DistInfo`."""

    @property
    def version(self) -> str: ...

    @property
    def metadata(self) -> HeaderLookup: ...

    @property
    def files(self) -> Iterable[PurePosixPath] | None: ...

    def locate_file(self, path: str | os.PathLike[str]) -> object: ...


def installed_distribution(name: str) -> InstalledDistribution | None:
    """The distribution `importlib.metadata.distribution(name)` finds, or None: read from its
    .dist-info folder when the installation is plain, else by importlib.metadata."""
    try:
        return find_distribution(name)
    except NotPlain:
        pass
    from importlib import metadata

    try:
        return metadata.distribution(name)  # type: ignore[return-value]
    except metadata.PackageNotFoundError:
        return None


def distribution_facts(dist: InstalledDistribution, name: str) -> PackageFacts:
    """The license facts one installed distribution declares and ships."""
    version = dist.version
    meta = dist.metadata
    expression = _license_name(_first_field(meta, "License-Expression")) or _license_name(
        _first_field(meta, "License")
    )
    classifiers = tuple(c for c in meta.get_all("Classifier") or [] if c.startswith("License ::"))
    return PackageFacts(
        name=name,
        version=version,
        license_expression=expression,
        license_classifiers=classifiers,
        source=FactSource.LOCAL,
        license_files=read_license_files(dist),
    )


def read_license_files(dist: InstalledDistribution) -> tuple[LicenseFile, ...]:
    """The license files a distribution ships: dist-info `licenses/`, `License-File:` entries
    and LICENSE*/COPYING*/NOTICE* beside METADATA (capped, binary files skipped)."""
    named = {PurePosixPath(v).name.lower() for v in dist.metadata.get_all("License-File") or []}
    found = []
    for path in dist.files or ():
        parts = PurePosixPath(str(path)).parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        name = parts[-1].lower()
        if (
            "licenses" in parts[1:-1]
            or name in named
            or (len(parts) == 2 and name.startswith(_LICENSE_FILE_PREFIXES))
        ):
            file = _read_license_file(Path(str(dist.locate_file(path))), str(path))
            if file is not None:
                found.append(file)
    return tuple(sorted(found, key=lambda f: f.path))[:_MAX_LICENSE_FILES]


def _read_license_file(location: Path, label: str) -> LicenseFile | None:
    try:
        with location.open("rb") as handle:
            data = handle.read(_MAX_LICENSE_BYTES)
    except OSError:
        return None
    if b"\x00" in data[:8192]:
        return None
    return LicenseFile(
        path=label,
        text=data.decode("utf-8", errors="replace"),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def fetch_pypi_facts(hub: HubClient, ref: PackageRef) -> PackageFacts:
    """Facts from `pypi.org/pypi/{name}[/{version}]/json` (through the HTTP cache)."""
    name = quote(canonical_name(ref.name))
    path = f"{name}/{quote(ref.version)}" if ref.version else name
    url = f"{PYPI_URL}/{path}/json"
    reply = hub.get_json(url)
    if not reply.ok:
        if reply.status == 404:
            wanted = f"{ref.name} {ref.version}" if ref.version else ref.name
            reason = f"{NOT_ON_PYPI}: {wanted}"
        else:
            reason = f"PyPI could not be used: {reply.problem}"
        return PackageFacts(name=ref.name, version=ref.version, unresolved_reason=reason)
    try:
        body = reply.json()
    except ValueError:
        body = None
    info = body.get("info") if isinstance(body, Mapping) else None
    if not isinstance(info, Mapping):
        return PackageFacts(
            name=ref.name,
            version=ref.version,
            unresolved_reason="PyPI answered with an unexpected document",
        )
    listed = info.get("classifiers")
    classifiers: list[object] = listed if isinstance(listed, list) else []
    return PackageFacts(
        name=ref.name,
        # The project's pin (or none): never the index's latest release, which is not
        # necessarily what the project installs.
        version=ref.version,
        license_expression=_license_name(info.get("license_expression"))
        or _license_name(info.get("license")),
        license_classifiers=tuple(
            c for c in classifiers if isinstance(c, str) and c.startswith("License ::")
        ),
        source=FactSource.CACHE if reply.from_cache else FactSource.HUB,
    )


def resolve_package(hub: HubClient, ref: PackageRef, *, offline: bool) -> PackageFacts:
    """Installed metadata, else PyPI (online), else unresolved with a reason.

    Offline, cached PyPI answers come last, after the installed metadata (any version) and
    the built-in table: what an earlier online run cached never changes an offline result,
    it only fills in what would otherwise stay unresolved.
    """
    if ref.ecosystem != "pypi":
        return PackageFacts(
            name=ref.name,
            version=ref.version,
            unresolved_reason=f"{ref.ecosystem} packages are not resolved",
        )
    installed = installed_package_facts(ref)
    if installed is not None:
        return installed
    if offline:
        local = installed_package_facts(ref, any_version=True) or builtin_package_facts(ref)
        if local is not None:
            return local
    facts = fetch_pypi_facts(hub, ref)
    if ref.version and (facts.unresolved_reason or "").startswith(NOT_ON_PYPI):
        # Some PyPI mirrors serve only the project document, not per-release ones: the
        # project's current license metadata is the best answer left (version kept as pinned).
        project = fetch_pypi_facts(hub, replace(ref, version=None))
        if project.source is not FactSource.UNRESOLVED:
            return replace(project, version=ref.version)
    if facts.source is not FactSource.UNRESOLVED:
        return facts
    if (facts.unresolved_reason or "").startswith(NOT_ON_PYPI):
        return facts  # PyPI's 404 is final
    builtin = None if offline else builtin_package_facts(ref)
    if builtin is not None:
        return builtin
    if offline:
        return PackageFacts(
            name=ref.name,
            version=ref.version,
            unresolved_reason="not installed, and offline with no cached PyPI metadata",
        )
    return facts


def builtin_package_facts(ref: PackageRef, data_path: Path | None = None) -> PackageFacts | None:
    """The license from llmaudit/data/packages.yaml (current releases), source BUILTIN."""
    expression = load_builtin_packages(data_path).get(canonical_name(ref.name))
    if expression is None:
        return None
    return PackageFacts(
        name=ref.name, version=ref.version, license_expression=expression, source=FactSource.BUILTIN
    )


@functools.cache
def load_builtin_packages(data_path: Path | None = None) -> Mapping[str, str]:
    """Package name (canonical) -> SPDX expression, loaded once on first use."""
    if data_path is None:
        text = read_package_text("data", "packages.yaml")
    else:
        text = data_path.read_text(encoding="utf-8")
    loaded = load_safe_yaml(text) or {}
    table = loaded.get("packages") if isinstance(loaded, dict) else None
    if not isinstance(table, dict):
        return {}
    return {
        canonical_name(str(name)): value.strip()
        for name, value in table.items()
        if isinstance(value, str) and value.strip()
    }


def same_version(a: str, b: str) -> bool:
    """True when two version strings are equal under PEP 440 (1.0 == 1.0.0)."""
    if a.strip() == b.strip():
        return True  # equal either way; the usual case needs no version parser
    from packaging.version import InvalidVersion, Version

    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a.strip() == b.strip()


def _first_field(meta: HeaderLookup, name: str) -> str | None:
    values = meta.get_all(name)
    return values[0] if values else None


def _license_name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or value.upper() in {"UNKNOWN", "NONE"} or len(value) > _MAX_LICENSE_FIELD:
        return None
    if "\n" in value:
        return None
    return value
