"""Models already downloaded into the Hugging Face cache (HF_HOME/hub), read without network."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from llmaudit.models import FactSource, ModelFacts
from llmaudit.records import record
from llmaudit.resolve.local import read_local_model


@record(frozen=True, kw_only=True)
class CachedSnapshot:
    """One snapshot of a model repo in the HF cache."""

    repo_id: str
    commit: str
    path: Path
    refs: tuple[str, ...] = ()


def hf_hub_cache_dir(environ: Mapping[str, str]) -> Path:
    """HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub (read at run time)."""
    if environ.get("HF_HUB_CACHE"):
        return Path(environ["HF_HUB_CACHE"]).expanduser()
    if environ.get("HF_HOME"):
        return Path(environ["HF_HOME"]).expanduser() / "hub"
    xdg = environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def scan_snapshots(cache_dir: Path) -> dict[str, tuple[CachedSnapshot, ...]]:
    """Model snapshots in the HF cache keyed by casefolded repo id ({} when there is no cache)."""
    if not cache_dir.is_dir():
        return {}
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir(cache_dir)
    except (CacheNotFound, OSError, ValueError):
        return {}
    found: dict[str, tuple[CachedSnapshot, ...]] = {}
    for repo in info.repos:
        if repo.repo_type != "model":
            continue
        snapshots = tuple(
            CachedSnapshot(
                repo_id=repo.repo_id,
                commit=rev.commit_hash,
                path=Path(rev.snapshot_path),
                refs=tuple(sorted(rev.refs)),
            )
            for rev in sorted(repo.revisions, key=lambda r: r.last_modified, reverse=True)
        )
        found[repo.repo_id.casefold()] = snapshots
    return found


def pick_snapshot(
    snapshots: tuple[CachedSnapshot, ...], revision: str | None
) -> CachedSnapshot | None:
    """The snapshot for `revision` (a ref or a commit prefix), else the one `main` points at."""
    wanted = revision or "main"
    for snap in snapshots:
        if wanted in snap.refs or (len(wanted) >= 7 and snap.commit.startswith(wanted)):
            return snap
    if revision is None and snapshots:
        return snapshots[0]  # most recently modified
    return None


def read_cached_model(snapshot: CachedSnapshot, model_id: str) -> ModelFacts:
    """Facts from the snapshot's files, marked LOCAL with the snapshot's commit as sha."""
    facts = read_local_model(snapshot.path, model_id, source=FactSource.LOCAL, sha=snapshot.commit)
    note = f"facts from the local Hugging Face cache (snapshot {snapshot.commit[:12]})"
    return facts if facts.source is FactSource.UNRESOLVED else _with_note(facts, note)


def _with_note(facts: ModelFacts, note: str) -> ModelFacts:
    return replace(facts, notes=(note, *facts.notes))
