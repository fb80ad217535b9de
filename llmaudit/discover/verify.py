"""--verify: ask the Hub about each discovered id and drop the ones it does not know."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from llmaudit.models import ModelRef, Note, RefKind
from llmaudit.settings import Settings

if TYPE_CHECKING:
    from llmaudit.resolve.hub import Fetched, HubClient

# Unauthenticated calls for a missing repo get 401 with this code (not 404), like gated ones do.
_NOT_FOUND_CODES = frozenset({"RepoNotFound", "EntryNotFound"})


def verify_refs(refs: Sequence[ModelRef], settings: Settings
                ) -> tuple[tuple[ModelRef, ...], tuple[Note, ...]]:
    """The refs the Hub knows (or could not answer for), and a note per dropped ref.

    Only a definite "not found" drops a ref: errors, offline misses, gated and private repos
    keep it, so an unknown never silently disappears.
    """
    candidates = [ref for ref in refs if ref.local_path is None]
    if not candidates:
        return tuple(refs), ()
    from concurrent.futures import ThreadPoolExecutor

    from llmaudit.resolve.hub import HubClient  # heavy: requests, requests-cache

    with HubClient(settings) as hub:
        workers = max(1, min(settings.workers, len(candidates)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            answers = dict(zip(
                (id(ref) for ref in candidates),
                pool.map(lambda ref: _fetch(hub, ref), candidates),
                strict=True,
            ))
    kept: list[ModelRef] = []
    notes: list[Note] = []
    for ref in refs:
        answer = answers.get(id(ref))
        if answer is not None and _is_not_found(answer):
            notes.append(_dropped_note(ref))
        else:
            kept.append(ref)
    return tuple(kept), tuple(notes)


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
