"""discover(settings) -> Discovery: every model, dataset and package a project references.

Discovery reads files only: it never imports `llmaudit.resolve` or touches the network
(`--verify` runs in the resolve stage, `resolve.verify`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from llmaudit.discover.file_scan import scan_files, scan_helper_calls
from llmaudit.discover.imports import (
    AttributeSink,
    Helper,
    ImportedName,
    link_imported_constants,
)
from llmaudit.discover.manifests import merge_packages
from llmaudit.discover.project_config import ProjectConfig, load_project_config
from llmaudit.discover.refs import find_local_model, merge_refs
from llmaudit.discover.repository import find_repository_path
from llmaudit.discover.specs import parse_model_spec
from llmaudit.discover.walk import SourceFile, compile_patterns, select_files, walk_tree
from llmaudit.errors import InputError
from llmaudit.models import Discovery, Location, ModelRef, Note, PackageRef, RefKind
from llmaudit.settings import Settings


def discover(settings: Settings) -> Discovery:
    """Scan settings.root (or only settings.files) for model references and dependencies."""
    root = Path(settings.root or ".").absolute()
    if not settings.files and not root.is_dir():
        raise InputError(f"cannot scan {root}: not a folder")
    config = load_project_config(root)
    notes: list[Note] = []
    if config.problem:
        notes.append(Note(message=config.problem, path="pyproject.toml"))
    refs: list[ModelRef] = []
    packages: list[PackageRef] = []
    exports: list[tuple[str, str, ModelRef]] = []
    wanted: list[tuple[str, ImportedName, Location]] = []
    helpers: list[tuple[str, Helper]] = []
    deferred: list[tuple[str, str]] = []
    attribute_sinks: list[tuple[str, AttributeSink]] = []
    modules: list[SourceFile] = []
    sources = _remember_modules(_sources(settings, root, config, notes), modules)
    for result in scan_files(sources, root):
        refs.extend(result.refs)
        packages.extend(result.packages)
        notes.extend(result.notes)
        exports.extend((ref.locations[0].path, name, ref) for name, ref in result.exports)
        wanted.extend((location.path, imported, location) for imported, location in result.wanted)
        helpers.extend(result.helpers)
        deferred.extend(result.deferred_helpers)
        attribute_sinks.extend(result.attribute_sinks)
    refs.extend(link_imported_constants(exports, wanted))
    refs.extend(scan_helper_calls(modules, helpers, deferred, root, attribute_sinks))
    listed = tuple(_configured_models(config, root, notes))
    merged = merge_refs([*listed, *refs])
    return Discovery(
        models=tuple(r for r in merged if r.kind is RefKind.MODEL),
        datasets=tuple(r for r in merged if r.kind is RefKind.DATASET),
        packages=merge_packages(packages),
        notes=tuple(sorted(set(notes), key=_note_key)),
        listed=tuple(sorted({ref.id for ref in listed})),
    )


def _sources(
    settings: Settings, root: Path, config: ProjectConfig, notes: list[Note]
) -> Iterator[SourceFile]:
    exclude = compile_patterns(
        (*config.exclude, *settings.exclude),
        lambda line: notes.append(Note(message=f"ignored invalid exclude pattern {line!r}")),
    )
    if settings.files:
        return select_files(settings.files, root, exclude, notes)
    return walk_tree(root, exclude, notes)


def _remember_modules(
    sources: Iterator[SourceFile], modules: list[SourceFile]
) -> Iterator[SourceFile]:
    """The sources, unchanged, collecting the Python modules among them on the way."""
    for source in sources:
        if source.rel.endswith(".py"):
            modules.append(source)
        yield source


def _looks_local(spec: str) -> bool:
    return spec.startswith(("./", "../")) or spec in {".", ".."}


def _configured_models(config: ProjectConfig, root: Path, notes: list[Note]) -> Iterator[ModelRef]:
    """Models listed in [tool.llmaudit] models; local folders resolve against the root."""
    for spec, line in config.models:
        local = find_local_model(spec, root) if _looks_local(spec) else None
        try:
            ref = local or parse_model_spec(spec)
        except InputError as error:
            notes.append(
                Note(message=f"[tool.llmaudit] models: {error}", path="pyproject.toml", line=line)
            )
            continue
        location = Location(path="pyproject.toml", line=line, snippet=spec)
        yield replace(ref, locations=(location,))


def _note_key(note: Note) -> tuple[str, int, str]:
    return (note.path or "", note.line or 0, note.message)


__all__ = ["discover", "find_repository_path", "parse_model_spec"]
