"""From candidates to references: judge each value, locate it, merge by id."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import field, replace
from pathlib import Path

from llmaudit.discover.candidates import Candidate
from llmaudit.discover.disk import Disk
from llmaudit.discover.model_ids import (
    has_hub_prefix,
    has_valid_syntax,
    hub_id_in_local_path,
    is_hub_id,
    not_a_repo_reason,
    strip_hub_prefix,
    strip_litellm_hub_prefix,
)
from llmaudit.discover.suppress import suppression_for
from llmaudit.discover.urls import parse_hub_path
from llmaudit.hub_urls import strip_hub_url
from llmaudit.models import Location, LocationKind, ModelRef, Note, RefKind
from llmaudit.records import record

_SNIPPET_CHARS = 120
# Files that make a folder a loadable model (transformers, PEFT, diffusers, sentence-transformers).
MODEL_FOLDER_MARKERS = ("config.json", "adapter_config.json", "model_index.json", "modules.json")
# ms-swift's dataset syntax `org/name:subset#500` (a subset, a sample count): the Hub id is
# the `org/name` before them.
_DATASET_SELECTION = re.compile(r"([\w.-]+/[\w.-]+)(?::[\w.-]+)?(?:#\d+)?")


@record(frozen=True)
class FileContext:
    """Where a file sits: project root, its relative path, its lines (for snippets, ignores),
    and the `disk` through which judging asks about other paths of the project."""

    root: Path
    rel: str
    lines: list[str]
    cell_lines: tuple[tuple[str, ...], ...] = ()
    cell_file_lines: tuple[tuple[int, ...], ...] = ()
    disk: Disk = field(default_factory=Disk, compare=False)


def judge_candidates(candidates: Iterable[Candidate], context: FileContext) -> list[ModelRef]:
    """One single-location ModelRef per candidate that is a model, dataset or local model."""
    refs = []
    for candidate in candidates:
        ref = _judge(candidate, context)
        if ref is None:
            continue
        lines = _lines_for(candidate, context)
        checked = (candidate.line, *candidate.also_lines) if candidate.line else ()
        suppression = suppression_for(lines, checked)
        if suppression.drop:
            continue
        location = Location(
            path=context.rel,
            line=candidate.line,
            column=candidate.column,
            cell=candidate.cell,
            file_line=_file_line(candidate, context),
            snippet=_snippet(lines, candidate.line),
            kind=candidate.usage,
            suppressed_rules=suppression.rules,
        )
        refs.append(replace(ref, locations=(location,)))
    return refs


def _file_line(candidate: Candidate, context: FileContext) -> int | None:
    """The .ipynb file line of a notebook candidate's cell line, when the cell was placed."""
    if candidate.cell is None or candidate.line is None:
        return None
    cells = context.cell_file_lines
    lines = cells[candidate.cell] if candidate.cell < len(cells) else ()
    return lines[candidate.line - 1] if 1 <= candidate.line <= len(lines) else None


def _lines_for(candidate: Candidate, context: FileContext) -> list[str]:
    if candidate.cell is not None and candidate.cell < len(context.cell_lines):
        return list(context.cell_lines[candidate.cell])
    return context.lines


def _snippet(lines: list[str], line: int | None) -> str:
    if line is None or not 1 <= line <= len(lines):
        return ""
    return lines[line - 1].strip()[:_SNIPPET_CHARS]


def _judge(candidate: Candidate, context: FileContext) -> ModelRef | None:
    value = strip_litellm_hub_prefix(candidate.value.strip())
    if has_hub_prefix(value):
        value = strip_hub_prefix(value)
    hub_url = _from_hub_url(value)
    if hub_url is not None:
        repo, kind, revision = hub_url
        if not is_hub_id(repo, allow_single=True, dataset=kind is RefKind.DATASET):
            return None
        if not_a_repo_reason(repo) is not None:
            return None
        return ModelRef(id=repo, kind=kind, revision=revision or candidate.revision)
    if candidate.kind is RefKind.MODEL and (candidate.path_like or _is_path(value)):
        local = find_local_model(value, context.root, context.root / context.rel, context.disk)
        if local is not None:
            return local
    dataset = candidate.kind is RefKind.DATASET
    if dataset and ("#" in value or ":" in value):
        selection = _DATASET_SELECTION.fullmatch(value)
        value = selection.group(1) if selection else value
    if _is_path(value) or not is_hub_id(value, allow_single=candidate.explicit, dataset=dataset):
        return _copy_of_a_hub_repo(value, candidate)
    if not_a_repo_reason(value) is not None:
        return None
    if dataset and candidate.path_like and _is_project_path(value, context):
        return None  # a folder of the project: loaded from disk, not the Hub
    return ModelRef(id=value, kind=candidate.kind, revision=candidate.revision)


def _copy_of_a_hub_repo(value: str, candidate: Candidate) -> ModelRef | None:
    """The Hub repo a local path in a loading position holds a copy of (its license goes
    with the weights), when the path says which: see `hub_id_in_local_path`."""
    if "/" not in value and "\\" not in value:
        return None
    found = hub_id_in_local_path(value)
    if found is None:
        return None
    repo, is_dataset = found
    if is_dataset != (candidate.kind is RefKind.DATASET):
        return None
    return ModelRef(id=repo, kind=candidate.kind, revision=candidate.revision)


def not_a_repo_notes(candidates: Iterable[Candidate], context: FileContext) -> list[Note]:
    """An info note for each candidate dropped as a placeholder or a non-repository
    (`your-org/your-model`, `org/models`, `metrics/wer`), so the reader sees why."""
    notes = []
    for candidate in candidates:
        value = strip_hub_prefix(strip_litellm_hub_prefix(candidate.value.strip()))
        hub_url = _from_hub_url(value)
        repo = hub_url[0] if hub_url is not None else value
        reason = not_a_repo_reason(repo) if has_valid_syntax(repo) else None
        if reason is not None:
            notes.append(
                Note(
                    message=f"info: {repo!r} is {reason}; not audited",
                    path=context.rel,
                    line=candidate.line,
                )
            )
    return notes


def _from_hub_url(value: str) -> tuple[str, RefKind, str | None] | None:
    url_path = strip_hub_url(value)
    return None if url_path is None else parse_hub_path(url_path, keep_main=True)


def _is_project_path(value: str, context: FileContext) -> bool:
    """True when `value` names a file or folder of the project, from its root or from the
    folder of the file that names it."""
    root = str(context.root)
    source = os.path.dirname(os.path.join(root, context.rel))
    # plain strings: pathlib's parsing cost more than the stat (2,200 harness task configs)
    disk = context.disk
    return disk.exists(os.path.join(root, value)) or disk.exists(os.path.join(source, value))


def _is_path(value: str) -> bool:
    return value.startswith(("./", "../", "/", "~", ".\\")) or "\\" in value or value in {".", ".."}


def find_local_model(
    value: str, root: Path, source: Path | None = None, disk: Disk | None = None
) -> ModelRef | None:
    """A ModelRef for `value` when it names a model folder inside `root` (asked through
    `disk` when given, so that a cached result knows what it depends on)."""
    if not value or "\x00" in value or len(value) > 4096 or value.startswith("~"):
        return None
    disk = disk or Disk()
    real_root = disk.realpath(str(root))
    bases = [root] if Path(value).is_absolute() else [root, *([source.parent] if source else [])]
    for base in bases:
        folder = disk.realpath(os.path.join(base, value))
        inside = folder == real_root or folder.startswith(real_root.rstrip(os.sep) + os.sep)
        if inside and _is_model_folder(folder, disk):
            rel = Path(os.path.relpath(folder, real_root)).as_posix()
            return ModelRef(id=rel, local_path=folder)
    return None


def _is_model_folder(folder: str, disk: Disk) -> bool:
    return disk.is_dir(folder) and any(
        disk.is_file(os.path.join(folder, marker)) for marker in MODEL_FOLDER_MARKERS
    )


def merge_refs(refs: Iterable[ModelRef]) -> tuple[ModelRef, ...]:
    """One ref per (case-insensitive id, revision, kind), locations sorted and deduplicated."""
    groups: dict[tuple[str, str | None, RefKind, str | None], list[ModelRef]] = {}
    for ref in refs:
        key = (ref.id.lower(), ref.revision, ref.kind, ref.local_path)
        groups.setdefault(key, []).append(ref)
    merged = [_merge_group(group) for group in groups.values()]
    return tuple(sorted(merged, key=lambda r: (r.id.lower(), r.revision or "", r.id)))


def _merge_group(group: list[ModelRef]) -> ModelRef:
    located = sorted(
        ((location, ref) for ref in group for location in ref.locations),
        key=lambda pair: location_key(pair[0]),
    )
    unique: dict[tuple[str, int, int], Location] = {}
    for location, _ in located:
        key = (location.path, location.line or 0, -1 if location.cell is None else location.cell)
        kept = unique.get(key)
        # The same line read twice (a loader call holding a Hub link): the use wins.
        if kept is None or (
            kept.kind is LocationKind.MENTION and location.kind is LocationKind.USE
        ):
            unique[key] = location
    display = located[0][1] if located else group[0]
    return replace(display, locations=tuple(unique.values()))


def location_key(location: Location) -> tuple[str, int, int, int]:
    """A total order on locations (None sorts first)."""
    return (
        location.path,
        -1 if location.cell is None else location.cell,
        location.line or 0,
        location.column or 0,
    )
