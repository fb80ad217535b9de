"""Built-in facts about well-known models (llmaudit/data/models.yaml), for offline runs."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from llmaudit.hub_urls import current_name
from llmaudit.models import DatasetFacts, FactSource, LicenseDeclaration, ModelFacts
from llmaudit.package_data import read_package_text
from llmaudit.resolve.card import read_optional_string, read_relation, read_strings
from llmaudit.resolve.metadata import read_publisher
from llmaudit.resolve.modality import infer_modality
from llmaudit.safeyaml import load_safe_yaml

_ENTRY_LINE = re.compile(r"- \{id: ([\w.-]+(?:/[\w.-]+)?), .*\}\s*$")


def builtin_facts(model_id: str, data_path: Path | None = None) -> ModelFacts | None:
    """Built-in facts for a model id (case-insensitive), or None when it is not in the table.
    A former one-word name (`bert-base-uncased`) gets the entry of the repository it now is."""
    entry, current = _entry_for(model_id, data_path)
    if entry is None:
        return None
    facts = facts_from_entry(entry, model_id)
    if current is None:
        return facts
    renamed = f"{model_id} is the Hub's former name of {current} (the Hub redirects it)"
    return replace(facts, notes=(*facts.notes, renamed))


def builtin_checked_date(model_id: str, data_path: Path | None = None) -> str | None:
    """When the built-in entry for a model was last checked against its source (YYYY-MM-DD)."""
    entry, _ = _entry_for(model_id, data_path)
    checked = entry.get("checked") if entry else None
    return str(checked) if checked else None


def _entry_for(
    model_id: str, data_path: Path | None
) -> tuple[Mapping[str, object] | None, str | None]:
    """The table entry for the id, else for the repository a former name now is (its id)."""
    entry = _entry(model_id, data_path)
    if entry is not None or "/" in model_id:
        return entry, None
    current = current_name(model_id)
    entry = None if current is None else _entry(current, data_path)
    return (entry, current) if entry is not None else (None, None)


def _entry(model_id: str, data_path: Path | None) -> Mapping[str, object] | None:
    lines = _entry_lines(data_path)
    if lines is None:
        return load_builtin_table(data_path).get(model_id.casefold())
    return _parse_entry_line(lines.get(model_id.casefold()))


@functools.cache
def load_builtin_table(data_path: Path | None = None) -> Mapping[str, Mapping[str, object]]:
    """The whole built-in table keyed by casefolded id (loaded once, on first use)."""
    loaded = load_safe_yaml(_table_text(data_path)) or {}
    models = loaded.get("models", []) if isinstance(loaded, dict) else []
    return {
        str(entry["id"]).casefold(): entry
        for entry in models
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }


@functools.cache
def _entry_lines(data_path: Path | None) -> Mapping[str, str] | None:
    """Casefolded id -> its entry's line, when every entry is one `- {id: ...}` line.

    A run needs a few of ~150 entries, and parsing the whole file costs more than the rest
    of a pre-commit run's resolve step; None (parse it all) for any other layout.
    """
    lines: dict[str, str] = {}
    for line in _table_text(data_path).splitlines():
        if not line.startswith("- "):
            continue
        match = _ENTRY_LINE.match(line)
        if match is None:
            return None
        lines[match.group(1).casefold()] = line
    return lines


def _parse_entry_line(line: str | None) -> Mapping[str, object] | None:
    parsed = load_safe_yaml(line) if line else None
    if isinstance(parsed, list) and len(parsed) == 1 and isinstance(parsed[0], dict):
        entry: Mapping[str, object] = parsed[0]
        return entry if isinstance(entry.get("id"), str) else None
    return None


def _table_text(data_path: Path | None) -> str:
    if data_path is None:
        return read_package_text("data", "models.yaml")
    return data_path.read_text(encoding="utf-8")


def facts_from_entry(entry: Mapping[str, object], model_id: str) -> ModelFacts:
    """ModelFacts (source BUILTIN) from one table entry; absent facts stay unknown."""
    checked = entry.get("checked", "")
    provenance = read_optional_string(entry, "provenance") or "unrecorded"
    notes = [
        f"facts from llmaudit's built-in table (source: {provenance}; checked {checked}), "
        "not from the Hub"
    ]
    if entry.get("gated") is None:
        notes.append("gated state unknown in the built-in table")
    pipeline_tag = read_optional_string(entry, "pipeline_tag")
    weight_formats = read_strings(entry.get("weight_formats"))
    return ModelFacts(
        id=model_id,
        source=FactSource.BUILTIN,
        sha=read_optional_string(entry, "sha"),
        publisher=read_publisher(str(entry["id"])),
        pipeline_tag=pipeline_tag,
        modality=infer_modality(pipeline_tag),
        library_name=read_optional_string(entry, "library_name"),
        gated=entry.get("gated") is True,
        card_exists=None,  # the table does not record the repo's files
        declaration=LicenseDeclaration(
            card_license=read_strings(entry.get("license")),
            license_name=read_optional_string(entry, "license_name"),
            license_link=read_optional_string(entry, "license_link"),
            tags=tuple(f"license:{v}" for v in read_strings(entry.get("license"))),
            origin=FactSource.BUILTIN,
            repo_id=model_id,
        ),
        base_models=read_strings(entry.get("base_model")),
        base_model_relation=read_relation(entry),
        datasets=tuple(DatasetFacts(id=d) for d in read_strings(entry.get("datasets"))),
        weight_formats=tuple(sorted(weight_formats)),
        remote_code=entry.get("remote_code") is True,
        remote_code_evidence=("built-in table: needs trust_remote_code",)
        if entry.get("remote_code") is True
        else (),
        notes=tuple(notes),
    )
