"""One resolution run: lookup order, per-run memo, lineage and dataset licenses."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from llmaudit.models import (
    DatasetFacts,
    FactSource,
    LicenseDeclaration,
    ModelFacts,
    ModelRef,
    RefKind,
)
from llmaudit.resolve.hub import HubClient
from llmaudit.resolve.lineage import attach_ancestors
from llmaudit.resolve.store import FACTS_DIR, FactsCache
from llmaudit.settings import Settings

if TYPE_CHECKING:
    from llmaudit.resolve.hf_cache import CachedSnapshot
    from llmaudit.resolve.repo import HubOutcome

# Reading Hub answers, model folders, the built-in table and the Hugging Face cache
# (llmaudit.resolve.repo, .local, .embedded, .hf_cache, and their card and metadata
# parsers) is imported where it is needed: a warm cache answers from stored facts, and
# the pre-commit hook should not load them on every commit (issue #16).

MAX_DATASETS = 32  # per model; cards listing more are rare and the rest stay unresolved
_REPO_ID = re.compile(r"^(?:[\w.-]+/)?[\w.-]+$")
T = TypeVar("T")


class Resolver:
    """Resolves refs for one run; thread-safe, each model and dataset is looked up once."""

    def __init__(self, settings: Settings, hub: HubClient) -> None:
        self.settings = settings
        self.hub = hub
        self._guard = threading.Lock()
        self._memo: dict[object, object] = {}
        self._key_locks: dict[object, threading.Lock] = {}
        self._snapshots: dict[str, tuple[CachedSnapshot, ...]] | None = None
        self._facts_cache = FactsCache(
            settings.cache_path(),
            endpoint=hub.endpoint,
            ttl=settings.cache_ttl,
            writable=not settings.offline,
            store=hub.stores.documents(FACTS_DIR),
        )

    def resolve_ref(self, ref: ModelRef) -> ModelFacts:
        """Full facts for one ref: its own, its ancestors' and its datasets' licenses."""
        if ref.kind is RefKind.DATASET:
            return _dataset_as_facts(self.lookup_dataset(ref.id), ref)
        if ref.local_path:
            from llmaudit.resolve.local import read_local_model

            facts = read_local_model(Path(ref.local_path), ref.id)
        else:
            facts = self.lookup_model(ref.id, ref.revision)
        if facts.source is FactSource.UNRESOLVED:
            return facts
        facts = attach_ancestors(
            facts, lambda base: self.lookup_model(base, None), self.settings.lineage_depth
        )
        return self._attach_dataset_licenses(facts)

    def lookup_model(self, model_id: str, revision: str | None) -> ModelFacts:
        """Shallow facts for one model id (memoized for the run)."""
        key = ("model", model_id.casefold(), revision)
        return self._memoized(key, lambda: self._find_model(model_id, revision))

    def lookup_dataset(self, dataset_id: str) -> DatasetFacts:
        """A dataset's license facts (memoized for the run)."""
        key = ("dataset", dataset_id.casefold())
        return self._memoized(key, lambda: self._find_dataset(dataset_id))

    def _find_model(self, model_id: str, revision: str | None) -> ModelFacts:
        if not _REPO_ID.match(model_id) or ".." in model_id:
            return _unresolved(model_id, revision, f"{model_id!r} is not a valid Hub model id")
        cached, expired = self._facts_cache.get(model_id, revision)
        fresh_enough = not expired and not self.hub.refresh
        if cached is not None and (fresh_enough or self.settings.offline):
            return replace(cached, id=model_id, source=FactSource.CACHE, stale=expired)
        outcome = self._fetch_model(model_id, revision)
        if outcome.facts is not None:
            if outcome.facts.stale and not self.settings.offline:  # served by stale-if-error
                return replace(
                    outcome.facts,
                    hub_problem="the Hub did not answer",
                    fallback="an expired cached Hub answer",
                )
            return outcome.facts
        problem = outcome.problem or "could not resolve"
        if not outcome.may_fall_back:
            return _unresolved(model_id, revision, problem)
        hub_problem = None if self.settings.offline else problem
        if cached is not None:  # expired, but better than the built-in table
            fetched = self._facts_cache.fetched_date(model_id, revision)
            fallback = f"cached facts fetched {fetched}" if fetched else "expired cached facts"
            note = f"the Hub could not be used ({problem}); {fallback} used instead"
            return replace(
                cached,
                id=model_id,
                source=FactSource.CACHE,
                stale=True,
                notes=(note, *cached.notes),
                hub_problem=hub_problem,
                fallback=fallback,
            )
        from llmaudit.resolve.embedded import builtin_checked_date, builtin_facts

        builtin = builtin_facts(model_id)
        if builtin is not None:
            why = (
                "offline: not in the cache"
                if self.settings.offline
                else f"the Hub could not be used ({problem})"
            )
            notes = [f"{why}; built-in facts used instead"]
            if revision:
                notes.append(f"built-in facts are not pinned to revision {revision}")
            checked = builtin_checked_date(model_id)
            return replace(
                builtin,
                revision=revision,
                notes=(*notes, *builtin.notes),
                hub_problem=hub_problem,
                fallback=f"built-in facts checked {checked}" if checked else "built-in facts",
            )
        snapshot = self._find_snapshot(model_id, revision)
        if snapshot is not None:
            from llmaudit.resolve.hf_cache import read_cached_model

            return replace(
                read_cached_model(snapshot, model_id),
                revision=revision,
                hub_problem=hub_problem,
                fallback="the local Hugging Face cache",
            )
        if self.settings.offline:
            problem = "offline and not in the cache or built-in facts"
        return _unresolved(model_id, revision, problem)

    def _find_dataset(self, dataset_id: str) -> DatasetFacts:
        if not _REPO_ID.match(dataset_id) or ".." in dataset_id:
            return DatasetFacts(id=dataset_id)
        cached, expired = self._facts_cache.get_dataset(dataset_id)
        if cached is not None and ((not expired and not self.hub.refresh) or self.settings.offline):
            return replace(cached, id=dataset_id, source=FactSource.CACHE)
        return self._fetch_dataset(dataset_id)

    def _fetch_model(self, model_id: str, revision: str | None) -> HubOutcome:
        """From the Hub, and stored; one runner of a fleet fetches, the others wait for it."""
        from llmaudit.resolve.repo import HubOutcome, fetch_model_facts

        def fetch_and_store() -> HubOutcome:
            outcome = fetch_model_facts(self.hub, model_id, revision)
            facts = outcome.facts
            if facts is not None and facts.source is FactSource.HUB:
                self._facts_cache.put(facts)
            elif facts is not None and not facts.stale and outcome.fetched_at is not None:
                # Facts rebuilt from fresh cached HTTP answers (their entry was missing or of
                # an older format): kept with the answer's age, so that later runs (the
                # pre-commit hook) need no HTTP layer until it expires.
                self._facts_cache.put(facts, fetched_at=outcome.fetched_at)
            return outcome

        def stored_by_another_runner() -> HubOutcome | None:
            facts, expired = self._facts_cache.get(model_id, revision)
            if facts is None or expired:
                return None
            return HubOutcome(facts=replace(facts, id=model_id, source=FactSource.CACHE))

        if self.hub.refresh:  # --lock: this run must see the Hub's answer of today
            return fetch_and_store()
        key = f"model|{model_id.casefold()}|{revision or ''}"
        return self.hub.stores.fetch_once(key, stored_by_another_runner, fetch_and_store)

    def _fetch_dataset(self, dataset_id: str) -> DatasetFacts:
        from llmaudit.resolve.repo import fetch_dataset_facts

        def fetch_and_store() -> DatasetFacts:
            facts = fetch_dataset_facts(self.hub, dataset_id)
            if facts.source is FactSource.HUB:
                self._facts_cache.put_dataset(facts)
            return facts

        def stored_by_another_runner() -> DatasetFacts | None:
            facts, expired = self._facts_cache.get_dataset(dataset_id)
            return None if facts is None or expired else replace(facts, source=FactSource.CACHE)

        if self.hub.refresh:
            return fetch_and_store()
        key = f"dataset|{dataset_id.casefold()}"
        return self.hub.stores.fetch_once(key, stored_by_another_runner, fetch_and_store)

    def _find_snapshot(self, model_id: str, revision: str | None) -> CachedSnapshot | None:
        from llmaudit.resolve.hf_cache import hf_hub_cache_dir, pick_snapshot, scan_snapshots

        with self._guard:
            if self._snapshots is None:
                self._snapshots = scan_snapshots(hf_hub_cache_dir(self._environ()))
            snapshots = self._snapshots.get(model_id.casefold(), ())
        return pick_snapshot(snapshots, revision)

    def _environ(self) -> dict[str, str]:
        if self.settings.environ:
            return self.settings.environ
        from llmaudit.settings import current_environ

        return current_environ()

    def _attach_dataset_licenses(self, facts: ModelFacts) -> ModelFacts:
        if not facts.datasets:
            return facts
        looked_up = tuple(self.lookup_dataset(d.id) for d in facts.datasets[:MAX_DATASETS])
        return replace(facts, datasets=looked_up + facts.datasets[MAX_DATASETS:])

    def _memoized(self, key: object, compute: Callable[[], T]) -> T:
        with self._guard:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._guard:
                if key in self._memo:
                    return self._memo[key]  # type: ignore[return-value]
            value = compute()
            with self._guard:
                self._memo[key] = value
            return value


def _unresolved(model_id: str, revision: str | None, reason: str) -> ModelFacts:
    publisher = model_id.split("/", 1)[0] if "/" in model_id else None
    return ModelFacts(
        id=model_id,
        revision=revision,
        source=FactSource.UNRESOLVED,
        unresolved_reason=reason,
        publisher=publisher,
    )


def _dataset_as_facts(dataset: DatasetFacts, ref: ModelRef) -> ModelFacts:
    """A dataset reference reported in ModelFacts' shape (its declared license only)."""
    if dataset.source is FactSource.UNRESOLVED:
        return _unresolved(
            ref.id, ref.revision, "dataset not found on the Hub, or offline and not in the cache"
        )
    return ModelFacts(
        id=ref.id,
        revision=ref.revision,
        source=dataset.source,
        publisher=ref.id.split("/", 1)[0] if "/" in ref.id else None,
        declaration=LicenseDeclaration(card_license=dataset.license),
        notes=("a dataset: only its declared license was resolved",),
    )
