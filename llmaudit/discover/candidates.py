"""Candidate: a raw string a reader found in a model-ish place, before it is judged."""

from __future__ import annotations

from llmaudit.discover.imports import AttributeSink, Helper, ImportedName
from llmaudit.models import LocationKind, RefKind
from llmaudit.records import record


@record(frozen=True, kw_only=True)
class Candidate:
    """A value seen where a model (or dataset) id is expected.

    `explicit` marks a model-loading call (from_pretrained, pipeline(model=...)): there a
    legacy one-segment id such as "gpt2" counts, elsewhere only "org/name" does.
    `also_lines` are lines (e.g. a constant's definition) whose ignore comments also apply.
    `usage` says whether the place loads or configures the model or only names it; a reader
    that cannot tell says MENTION (precision first: a mention never fails a shipped policy).
    """

    value: str
    line: int | None
    column: int | None = None
    kind: RefKind = RefKind.MODEL
    revision: str | None = None
    explicit: bool = False
    path_like: bool = False
    cell: int | None = None
    also_lines: tuple[int, ...] = ()
    binding: str | None = None  # a module constant's name: counts only where a loader uses it
    usage: LocationKind = LocationKind.USE  # MENTION: docs, comments, links that load nothing


@record(frozen=True, kw_only=True)
class Scan:
    """What one reader found in one file: candidates, notes, notebook cell lines."""

    candidates: tuple[Candidate, ...] = ()
    notes: tuple[str, ...] = ()
    line_notes: tuple[tuple[str, int], ...] = ()  # (message, line): values dropped, and why
    cell_lines: tuple[tuple[str, ...], ...] = ()
    cell_file_lines: tuple[tuple[int, ...], ...] = ()  # .ipynb file line of each cell line
    wanted: tuple[ImportedName, ...] = ()  # loader arguments naming imported constants
    helpers: tuple[Helper, ...] = ()  # functions that hand a parameter to a loader
    deferred_helpers: tuple[str, ...] = ()  # names of functions that may do so (not parsed)
    attribute_sinks: tuple[AttributeSink, ...] = ()  # classes loading `self.<attribute>`
