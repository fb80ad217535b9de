"""--verify: ask the Hub about each discovered id and drop the ones it does not know."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from llmaudit.models import Discovery, ModelRef, Note, RefKind

if TYPE_CHECKING:
    from llmaudit.resolve.hub import Fetched, HubClient

# Unauthenticated calls for a missing repo get 401 with this code (not 404), like gated ones do.
_NOT_FOUND_CODES = frozenset({"RepoNotFound", "EntryNotFound"})


def verification_candidates(discovery: Discovery) -> tuple[ModelRef, ...]:
    """The refs --verify asks the Hub about: not local folders, not the ids the project lists
    itself (`[tool.llmaudit] models`)."""
    listed = {model_id.lower() for model_id in discovery.listed}
    return tuple(
        ref
        for ref in (*discovery.models, *discovery.datasets)
        if ref.local_path is None and ref.id.lower() not in listed
    )


def is_missing_on_hub(hub: HubClient, ref: ModelRef) -> bool:
    """True only for a definite "not found": errors, offline misses, gated and private repos
    are not, so an unknown never silently disappears. Without a token the Hub answers a
    private repo exactly as a missing one, so an id the code loads is then kept (resolving
    it says why it could not be checked) and only ids the project merely mentions go."""
    if not _is_not_found(_fetch(hub, ref)):
        return False
    return not ref.used or bool(hub.token())


def drop_missing(discovery: Discovery, missing: Collection[ModelRef]) -> Discovery:
    """`discovery` without `missing`, with one note per dropped ref."""
    if not missing:
        return discovery
    gone = {id(ref) for ref in missing}
    notes = (*discovery.notes, *(_dropped_note(ref) for ref in missing))
    return replace(
        discovery,
        models=tuple(ref for ref in discovery.models if id(ref) not in gone),
        datasets=tuple(ref for ref in discovery.datasets if id(ref) not in gone),
        notes=tuple(sorted(set(notes), key=_note_key)),
    )


def _fetch(hub: HubClient, ref: ModelRef) -> Fetched:
    if ref.kind is RefKind.DATASET:
        return hub.get_json(hub.dataset_api_url(ref.id))
    return hub.get_json(hub.model_api_url(ref.id, None))


def _is_not_found(answer: Fetched) -> bool:
    return answer.status in (404, 410) or (
        answer.status == 401 and answer.error_code in _NOT_FOUND_CODES
    )


def _dropped_note(ref: ModelRef) -> Note:
    where = ref.locations[0] if ref.locations else None
    return Note(
        message=f"info: {ref.kind.value} {ref.id} is not on the Hub; dropped (--verify)",
        path=where.path if where else None,
        line=where.line if where else None,
    )


def _note_key(note: Note) -> tuple[str, int, str]:
    """Discovery's note order: by place, then message."""
    return (note.path or "", note.line or 0, note.message)
