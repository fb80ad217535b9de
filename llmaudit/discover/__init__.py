"""discover(settings) -> Discovery: every model, dataset and package a project references.

Discovery reads files only: it never imports `llmaudit.resolve` or touches the network
(`--verify` runs in the resolve stage, `resolve.verify`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from llmaudit.discover.argument_fields import link_argument_fields
from llmaudit.discover.disk import Disk
from llmaudit.discover.file_scan import (
    HelperInputs,
    empty_result,
    scan_files,
    scan_helper_calls,
)
from llmaudit.discover.imports import (
    AttributeSink,
    Helper,
    ImportedName,
    link_imported_constants,
)
from llmaudit.discover.manifests import merge_packages
from llmaudit.discover.project_config import ProjectConfig, load_project_config
from llmaudit.discover.python_source import module_helpers
from llmaudit.discover.refs import find_local_model, merge_refs
from llmaudit.discover.repository import find_repository_path
from llmaudit.discover.specs import parse_model_spec
from llmaudit.discover.walk import SourceFile, compile_patterns, select_files, walk_tree
from llmaudit.errors import InputError
from llmaudit.models import Discovery, Location, ModelRef, Note, PackageRef, RefKind
from llmaudit.settings import Settings

if TYPE_CHECKING:
    from llmaudit.discover.result_cache import ResultCache


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
    cache = _result_cache(settings, root, config)
    nothing = empty_result()
    for result in scan_files(sources, root, cache=cache):
        if result is nothing:
            continue  # most files: eight empty lists
        refs.extend(result.refs)
        packages.extend(result.packages)
        notes.extend(result.notes)
        exports.extend((ref.locations[0].path, name, ref) for name, ref in result.exports)
        wanted.extend((location.path, imported, location) for imported, location in result.wanted)
        helpers.extend(result.helpers)
        deferred.extend(result.deferred_helpers)
        attribute_sinks.extend(result.attribute_sinks)
    refs.extend(link_imported_constants(exports, wanted))
    refs.extend(link_argument_fields(wanted, modules, root, module_helpers))
    refs.extend(_helper_refs(modules, (helpers, deferred, attribute_sinks), root, cache))
    if cache is not None:
        cache.save()
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


def _helper_refs(
    modules: list[SourceFile], inputs: HelperInputs, root: Path, cache: ResultCache | None
) -> list[ModelRef]:
    """The second look (`scan_helper_calls`), run over every file's result, cached ones
    included; its own result is cached too, for as long as no module changes."""
    cached = None if cache is None else cache.second_look(modules, inputs)
    if cached is not None:
        return cached
    disk = Disk()
    helpers, deferred, attribute_sinks = inputs
    earlier = None if cache is None else cache.earlier_look(inputs)
    found = scan_helper_calls(modules, helpers, deferred, root, attribute_sinks, disk, earlier)
    if cache is not None:
        cache.remember_second_look(modules, inputs, found, disk.asked())
    return found.refs


def _result_cache(settings: Settings, root: Path, config: ProjectConfig) -> ResultCache | None:
    """The results of earlier scans of this tree (`settings.scan_cache`, whole trees only:
    a pre-commit run reads a few files, fewer than loading the tree's cache would cost).
    None when the cache folder lies inside the tree, where the walk would read it."""
    if not settings.scan_cache or settings.files:
        return None
    import time

    from llmaudit.discover.result_cache import ResultCache, cache_file, cache_header

    started = time.time_ns()
    cache_dir = settings.cache_path().absolute()
    if _is_within(cache_dir, root):
        return None
    scan_settings = (config.exclude, settings.exclude)
    return ResultCache(cache_file(cache_dir, root), cache_header(root, scan_settings), started)


def _is_within(path: Path, root: Path) -> bool:
    real_path, real_root = os.path.realpath(path), os.path.realpath(root)
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


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
