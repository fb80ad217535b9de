"""Resolve stage: every fact a compliance decision needs, from the Hub, caches or disk."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from llmaudit.models import Discovery, ModelFacts, ModelRef, PackageFacts, PackageRef
from llmaudit.resolve.lock import read_lock, write_lock
from llmaudit.settings import Settings

if TYPE_CHECKING:
    from llmaudit.resolve.cache import CacheStores
    from llmaudit.resolve.hub import HubClient

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]


def open_hub(
    settings: Settings,
    *,
    backoff: float = 0.25,
    retry_after_cap: float = 30.0,
    stores: CacheStores | None = None,
) -> HubClient:
    """The run's one Hub client (HTTP session, caches) for verify, resolve and
    resolve_packages; use it as `with open_hub(settings) as hub:`.

    `backoff` (seconds, doubled per retry) and `retry_after_cap` (longest Retry-After
    honoured) exist so tests and benchmarks can keep waits tiny; `stores` lets the client
    share a cache connection it does not own.
    """
    from llmaudit.resolve.cache import with_cache_dir
    from llmaudit.resolve.hub import HubClient

    return HubClient(
        with_cache_dir(settings), backoff=backoff, retry_after_cap=retry_after_cap, stores=stores
    )


def verify(discovery: Discovery, settings: Settings, *, hub: HubClient | None = None) -> Discovery:
    """--verify: `discovery` without the models and datasets the Hub says do not exist
    (a note for each); anything the Hub could not rule out stays."""
    from llmaudit.resolve.verification import (
        drop_missing,
        is_missing_on_hub,
        verification_candidates,
    )

    candidates = verification_candidates(discovery)
    if not candidates:
        return discovery
    if hub is None:
        with open_hub(settings) as own:
            return verify(discovery, settings, hub=own)
    missing = _map_bounded(lambda ref: is_missing_on_hub(hub, ref), candidates, settings.workers)
    return drop_missing(
        discovery, [ref for ref, gone in zip(candidates, missing, strict=True) if gone]
    )


def resolve(
    refs: Sequence[ModelRef],
    settings: Settings,
    *,
    hub: HubClient | None = None,
    backoff: float = 0.25,
    retry_after_cap: float = 30.0,
    progress: Progress | None = None,
    stores: CacheStores | None = None,
) -> tuple[ModelFacts, ...]:
    """One ModelFacts per ref, same order; per-model problems become UNRESOLVED facts.

    `hub` is the run's client (`open_hub`); without one, resolve opens its own with
    `backoff`, `retry_after_cap` and `stores`. `progress(done, total)` is called after
    each model.
    """
    if not refs:
        return ()
    if hub is None:
        with open_hub(
            settings, backoff=backoff, retry_after_cap=retry_after_cap, stores=stores
        ) as own:
            return resolve(refs, settings, hub=own, progress=progress)
    from llmaudit.resolve.lock import apply_lock
    from llmaudit.resolve.resolver import Resolver

    resolver = Resolver(hub.settings, hub)
    facts = _map_bounded(resolver.resolve_ref, refs, settings.workers, progress)
    if settings.lock is not None:
        facts = apply_lock(facts, settings.lock)
    return facts


def resolve_packages(
    refs: Sequence[PackageRef],
    settings: Settings,
    *,
    hub: HubClient | None = None,
    backoff: float = 0.25,
    stores: CacheStores | None = None,
) -> tuple[PackageFacts, ...]:
    """One PackageFacts per ref: installed metadata, else PyPI JSON (cached), else unresolved."""
    if not refs:
        return ()
    if hub is None:
        with open_hub(settings, backoff=backoff, stores=stores) as own:
            return resolve_packages(refs, settings, hub=own)
    from llmaudit.resolve.packages import resolve_package

    return _map_bounded(
        lambda ref: resolve_package(hub, ref, offline=settings.offline), refs, settings.workers
    )


def _map_bounded(
    fn: Callable[[T], R], items: Sequence[T], workers: int, progress: Progress | None = None
) -> tuple[R, ...]:
    """`fn` over items in order, with at most `workers` daemon threads.

    Daemon threads rather than a ThreadPoolExecutor: on Ctrl-C the caller stops at once
    instead of waiting for every queued and in-flight request (the executor joins its
    threads at exit).
    """
    count = max(1, min(workers, len(items)))
    total = len(items)
    done = 0
    lock = threading.Lock()

    def report_one() -> None:
        nonlocal done
        if progress is None:
            return
        with lock:
            done += 1
            progress(done, total)

    if count == 1:
        results_in_order = []
        for item in items:
            results_in_order.append(fn(item))
            report_one()
        return tuple(results_in_order)
    results: list[R | None] = [None] * len(items)
    failures: list[BaseException] = []
    positions = iter(range(len(items)))

    def work() -> None:
        while True:
            with lock:
                index = None if failures else next(positions, None)
            if index is None:
                return
            try:
                results[index] = fn(items[index])
            except BaseException as exc:  # handed to the calling thread, which re-raises it
                with lock:
                    failures.append(exc)
                return
            report_one()

    threads = [
        threading.Thread(target=work, name=f"llmaudit-resolve-{n}", daemon=True)
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return tuple(results)  # type: ignore[arg-type]


def open_cache_stores(settings: Settings) -> CacheStores:
    """One run's caches (local dir or shared Redis) for resolve() and resolve_packages()."""
    from llmaudit.resolve.cache import CacheStores

    return CacheStores(settings)


__all__ = [
    "Progress",
    "open_cache_stores",
    "open_hub",
    "read_lock",
    "resolve",
    "resolve_packages",
    "verify",
    "write_lock",
]
