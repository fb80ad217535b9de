"""The license knowledge base: one YAML file per license in `data/`, loaded once on first use."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from llmaudit.errors import ConfigError
from llmaudit.models import (
    UNKNOWN_LICENSE,
    CommercialUse,
    GeoRestriction,
    GoverningLaw,
    LicenseInfo,
    Threshold,
)
from llmaudit.safeyaml import load_safe_yaml

DATA_DIR = Path(__file__).with_name("data")
INDEX_NAME = "knowledge-index.json"  # every entry in one file: scripts/build_knowledge_index.py
INDEX_FORMAT = 1

_TUPLE_FIELDS = (
    "hub_ids",
    "aliases",
    "publisher_aliases",
    "publishers",
    "link_patterns",
    "attribution",
    "output_restrictions",
    "restricted_usages",
    "sources",
)


def get_license(key: str) -> LicenseInfo | None:
    """The knowledge-base entry for `key` (exact key, case-insensitive), or None."""
    return load_knowledge().get(key.strip().lower())


def all_licenses() -> tuple[LicenseInfo, ...]:
    """Every knowledge-base entry, sorted by key."""
    return tuple(load_knowledge().values())


@functools.cache
def load_knowledge(data_dir: Path = DATA_DIR) -> Mapping[str, LicenseInfo]:
    """Every `<key>.yaml` in `data_dir` as entries keyed by lower-case key.

    The prebuilt index is used when its digest matches the YAML files (3 ms instead of
    30-60 ms for parsing ~110 YAML files); otherwise the YAML files are parsed.
    """
    entries = {}
    for origin, data in _raw_entries(data_dir):
        info = entry_from_mapping(data, origin=origin)
        if info.key.lower() in entries:
            raise ConfigError(f"{origin}: duplicate license key {info.key!r}")
        entries[info.key.lower()] = info
    if UNKNOWN_LICENSE not in entries:
        raise ConfigError(f"{data_dir}: the knowledge base has no {UNKNOWN_LICENSE!r} entry")
    return dict(sorted(entries.items()))


def _raw_entries(data_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    index = _read_index(data_dir / INDEX_NAME)
    if index is not None and not _may_be_edited(data_dir):
        return _index_entries(data_dir, index)
    paths = sorted(data_dir.glob("*.yaml"))
    if index is not None and index.get("digest") == digest_entries(paths):
        return _index_entries(data_dir, index)
    return [(str(path), _read_yaml(path)) for path in paths]


def _index_entries(data_dir: Path, index: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{data_dir / INDEX_NAME}#{e.get('key')}", e) for e in index["entries"]]


def _may_be_edited(data_dir: Path) -> bool:
    """Whether YAML entries may be newer than the index: in a source checkout (a
    pyproject.toml above the package) or any folder but the shipped one. An installed
    package ships both from one build, and the test suite checks that they agree."""
    if data_dir.resolve() != DATA_DIR.resolve():
        return True
    return (DATA_DIR.resolve().parents[2] / "pyproject.toml").is_file()


def _read_index(path: Path) -> dict[str, Any] | None:
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        return None
    return index


def digest_entries(paths: list[Path]) -> str:
    """A digest over the names and bytes of the entry files (decides if the index is current)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_index(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """The combined index of every YAML entry in `data_dir`."""
    paths = sorted(data_dir.glob("*.yaml"))
    return {
        "format": INDEX_FORMAT,
        "digest": digest_entries(paths),
        "entries": [_read_yaml(path) for path in paths],
    }


def write_index(data_dir: Path = DATA_DIR) -> Path:
    """Rebuild `knowledge-index.json` after editing entries."""
    path = data_dir / INDEX_NAME
    text = json.dumps(
        build_index(data_dir), ensure_ascii=False, indent=0, sort_keys=True, default=str
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_entry_file(path: Path) -> dict[str, Any]:
    """The raw mapping stored in one entry file (for schema validation and tools)."""
    return _read_yaml(path)


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = load_safe_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a license entry must be a mapping")
    return data


def entry_from_mapping(data: Mapping[str, Any], *, origin: Path | str = "<entry>") -> LicenseInfo:
    """Build a LicenseInfo from one entry mapping (the shape the JSON Schema describes)."""
    try:
        fields = dict(data)
        for name in _TUPLE_FIELDS:
            if name in fields:
                fields[name] = tuple(str(item) for item in fields[name] or ())
        if "commercial_use" in fields:
            fields["commercial_use"] = CommercialUse(fields["commercial_use"])
        fields["thresholds"] = tuple(Threshold(**item) for item in fields.get("thresholds") or ())
        fields["geographic"] = tuple(
            _geo_restriction(item) for item in fields.get("geographic") or ()
        )
        law = fields.get("governing_law")
        fields["governing_law"] = GoverningLaw(**law) if law else None
        if "version" in fields:
            fields["version"] = str(fields["version"])
        if "checked" in fields:
            fields["checked"] = str(fields["checked"])
        return LicenseInfo(**fields)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: invalid license entry ({exc})") from exc


def _geo_restriction(item: Mapping[str, Any]) -> GeoRestriction:
    fields = dict(item)
    fields["regions"] = tuple(str(region) for region in fields.get("regions") or ())
    return GeoRestriction(**fields)
