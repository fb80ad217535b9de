"""Facts from a model folder on disk (a local checkout or an HF cache snapshot), no network."""

from __future__ import annotations

import json
import os
from pathlib import Path

from llmaudit.models import FactSource, LicenseFile, ModelFacts
from llmaudit.resolve.card import (
    front_matter_end,
    front_matter_problems,
    parse_card,
    read_optional_string,
    read_strings,
)
from llmaudit.resolve.card_text import license_passages
from llmaudit.resolve.derivation import (
    MERGE_CONFIGS,
    FileLineage,
    find_card_merge_config,
    lineage_file_paths,
    read_card_text_lineage,
    read_config_origin,
    read_lineage_file,
    read_merge_config,
    unread_lineage_file,
)
from llmaudit.resolve.files import find_license_files
from llmaudit.resolve.hub import decode_text
from llmaudit.resolve.metadata import RepoMetadata, build_facts
from llmaudit.resolve.repo import CONFIG_CAP, LICENSE_CAP, README_CAP, hash_text

MAX_LISTED_FILES = 20_000
_SKIPPED_DIRS = frozenset({".git", ".cache", "__pycache__", ".huggingface"})


def read_local_model(
    folder: Path, model_id: str, *, source: FactSource = FactSource.LOCAL, sha: str | None = None
) -> ModelFacts:
    """ModelFacts from a folder: README front matter, config.json, LICENSE* and the file list."""
    if not folder.is_dir():
        return ModelFacts(
            id=model_id,
            source=FactSource.UNRESOLVED,
            unresolved_reason=f"local model folder {folder} does not exist",
        )
    notes: list[str] = []
    files = list_files(folder)
    if len(files) >= MAX_LISTED_FILES:
        notes.append(f"more than {MAX_LISTED_FILES} files; only the first were listed")
    card_text, card_notes = _read_text(folder, "README.md", README_CAP)
    notes.extend(card_notes)
    card = parse_card(card_text) if card_text is not None else None
    config = _read_config(folder, notes) if "config.json" in files else None
    card_data = card.data if card is not None else {}
    meta = RepoMetadata(
        model_id=model_id,
        card=card_data,
        tags=read_strings(card_data.get("tags")),
        files=files,
        config=config,
        sha=sha,
        pipeline_tag=read_optional_string(card_data, "pipeline_tag"),
        library_name=read_optional_string(card_data, "library_name"),
        card_exists="README.md" in files,
        notes=card.notes if card is not None else (),
        file_lineage=(
            *_read_file_lineage(folder, files, card_text, notes),
            *_config_origin(config, model_id, folder),
        ),
        problems=front_matter_problems(card) if card is not None else (),
        card_text=license_passages(card_text) if card_text is not None else "",
    )
    license_files = _read_license_files(folder, files, notes)
    return build_facts(
        meta, source=source, revision=None, license_files=license_files, notes=tuple(notes)
    )


def list_files(folder: Path) -> tuple[str, ...]:
    """Relative POSIX paths of the files under `folder` (symlinks to blobs count as files)."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED_DIRS)
        rel = Path(dirpath).relative_to(folder)
        for name in sorted(filenames):
            found.append((rel / name).as_posix())
            if len(found) >= MAX_LISTED_FILES:
                return tuple(found)
    return tuple(found)


def _read_text(folder: Path, name: str, cap: int) -> tuple[str | None, tuple[str, ...]]:
    path = folder / name
    try:
        with path.open("rb") as handle:
            body = handle.read(cap + 1)
    except FileNotFoundError:
        return None, ()
    except OSError as exc:
        return None, (f"{name} could not be read ({exc.strerror or type(exc).__name__})",)
    notes: list[str] = []
    if len(body) > cap:
        body = body[:cap]
        notes.append(f"{name} is larger than {cap // 1_000_000} MB; only the start was read")
    text = decode_text(body)
    if text is None:
        return None, (f"{name} is binary; not read",)
    return text, tuple(notes)


def _read_file_lineage(
    folder: Path, files: tuple[str, ...], card_text: str | None, notes: list[str]
) -> tuple[FileLineage, ...]:
    """Bases named by adapter_config.json, mergekit configs, the card's merge block and the
    card's text (used only when nothing else names one)."""
    found: list[FileLineage] = []
    for name in lineage_file_paths(files):
        text, read_notes = _read_text(folder, name, CONFIG_CAP)
        notes.extend(read_notes)
        if text is None or read_notes:
            found.append(unread_lineage_file(name))
        else:
            found.append(read_lineage_file(text, name))
    block = find_card_merge_config(card_text) if card_text else None
    if block is not None and not any(name in files for name in MERGE_CONFIGS):
        found.append(read_merge_config(block, "README.md merge config"))
    text_lineage = (
        read_card_text_lineage(card_text[front_matter_end(card_text) :]) if card_text else None
    )
    if text_lineage is not None:
        found.append(text_lineage)
    return tuple(found)


def _config_origin(config: object, model_id: str, folder: Path) -> tuple[FileLineage, ...]:
    """A locally saved fine-tune's base, from its config.json (see read_config_origin)."""

    def is_local_path(name: str) -> bool:
        return any((root / name).exists() for root in (folder, folder.parent, Path.cwd()))

    found = read_config_origin(config, model_id, is_local_path)
    return (found,) if found is not None else ()


def _read_config(folder: Path, notes: list[str]) -> object:
    text, read_notes = _read_text(folder, "config.json", CONFIG_CAP)
    notes.extend(read_notes)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        notes.append("config.json is not valid JSON")
        return None


def _read_license_files(
    folder: Path, files: tuple[str, ...], notes: list[str]
) -> tuple[LicenseFile, ...]:
    found: list[LicenseFile] = []
    for name in find_license_files(files):
        text, read_notes = _read_text(folder, name, LICENSE_CAP)
        notes.extend(read_notes)
        if text is not None:
            found.append(LicenseFile(path=name, text=text, sha256=hash_text(text)))
    return tuple(found)
