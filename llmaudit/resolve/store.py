"""Small JSON stores on disk: one file per key, atomic writes, and a codec for ModelFacts."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from llmaudit.models import (
    DatasetFacts,
    FactSource,
    HubGate,
    LicenseDeclaration,
    LicenseFile,
    MetadataProblem,
    Modality,
    ModelFacts,
)

FACTS_DIR = "facts"
FACTS_FORMAT = 5  # bump when ModelFacts changes shape: old entries are then ignored


class DocumentStore(Protocol):
    """JSON documents by key: a miss (None) for anything missing, damaged or foreign."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, document: dict[str, Any]) -> None: ...


class JsonStore:
    """JSON documents keyed by a string (hashed into the file name; keys never hold tokens)."""

    def __init__(self, root: Path, *, writable: bool) -> None:
        self._root = root
        self._writable = writable

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored document for `key`, or None (missing, unreadable or another key)."""
        if not self._root.is_dir():
            return None  # nothing stored yet (and no need to hash the key)
        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict) or raw.get("key") != key:
            return None
        return raw

    def put(self, key: str, document: dict[str, Any]) -> None:
        """Store atomically (temp file + os.replace); a failure only skips caching."""
        if not self._writable:
            return
        target = self._path(key)
        tmp: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({**document, "key": key}, handle)
            os.replace(tmp, target)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _path(self, key: str) -> Path:
        import hashlib

        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self._root / digest[:2] / f"{digest}.json"


class FactsCache:
    """Shallow ModelFacts as resolved from the Hub, so a warm run sends no request at all."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        endpoint: str,
        ttl: float,
        writable: bool,
        store: DocumentStore | None = None,
    ) -> None:
        self._store = store or JsonStore(cache_dir / FACTS_DIR, writable=writable)
        self._endpoint = endpoint
        self._ttl = ttl

    def get(self, model_id: str, revision: str | None) -> tuple[ModelFacts | None, bool]:
        """Cached facts and whether they are older than the TTL."""
        raw = self._store.get(self._key(model_id, revision))
        if raw is None or raw.get("format") != FACTS_FORMAT:
            return None, False
        try:
            facts = facts_from_dict(raw["facts"])
        except (KeyError, TypeError, ValueError):
            return None, False
        expired = time.time() - float(raw.get("fetched_at", 0.0)) > self._ttl
        return facts, expired

    def fetched_date(self, model_id: str, revision: str | None) -> str | None:
        """The UTC date (YYYY-MM-DD) cached facts were fetched, or None."""
        raw = self._store.get(self._key(model_id, revision))
        fetched = raw.get("fetched_at") if isinstance(raw, dict) else None
        if not isinstance(fetched, (int, float)) or fetched <= 0:
            return None
        return time.strftime("%Y-%m-%d", time.gmtime(fetched))

    def put(self, facts: ModelFacts, *, fetched_at: float | None = None) -> None:
        """Remember facts fetched from the Hub just now (or at `fetched_at`)."""
        when = time.time() if fetched_at is None else fetched_at
        document = {"format": FACTS_FORMAT, "fetched_at": when, "facts": asdict(facts)}
        self._store.put(self._key(facts.id, facts.revision), document)

    def get_dataset(self, dataset_id: str) -> tuple[DatasetFacts | None, bool]:
        """A dataset's cached license facts and whether they are older than the TTL."""
        raw = self._store.get(self._dataset_key(dataset_id))
        if raw is None or raw.get("format") != FACTS_FORMAT:
            return None, False
        try:
            data = raw["dataset"]
            facts = DatasetFacts(
                id=data["id"], license=tuple(data["license"]), source=FactSource(data["source"])
            )
        except (KeyError, TypeError, ValueError):
            return None, False
        return facts, time.time() - float(raw.get("fetched_at", 0.0)) > self._ttl

    def put_dataset(self, facts: DatasetFacts) -> None:
        """Remember a dataset's license facts fetched from the Hub just now."""
        document = {"format": FACTS_FORMAT, "fetched_at": time.time(), "dataset": asdict(facts)}
        self._store.put(self._dataset_key(facts.id), document)

    def _key(self, model_id: str, revision: str | None) -> str:
        return f"{self._endpoint}|model|{model_id.casefold()}|{revision or ''}"

    def _dataset_key(self, dataset_id: str) -> str:
        return f"{self._endpoint}|dataset|{dataset_id.casefold()}"


def facts_from_dict(data: Mapping[str, Any]) -> ModelFacts:
    """Rebuild shallow ModelFacts from `dataclasses.asdict` output (ancestors are not stored)."""
    declaration = data["declaration"]
    return ModelFacts(
        id=_str(data["id"]),
        revision=_opt_str(data.get("revision")),
        sha=_opt_str(data.get("sha")),
        source=FactSource(data["source"]),
        unresolved_reason=_opt_str(data.get("unresolved_reason")),
        publisher=_opt_str(data.get("publisher")),
        pipeline_tag=_opt_str(data.get("pipeline_tag")),
        modality=Modality(data["modality"]),
        library_name=_opt_str(data.get("library_name")),
        gated=bool(data["gated"]),
        gate=_gate(data["gate"]),
        card_exists=data.get("card_exists"),
        declaration=LicenseDeclaration(
            card_license=_str_tuple(declaration["card_license"]),
            license_name=_opt_str(declaration.get("license_name")),
            license_link=_opt_str(declaration.get("license_link")),
            tags=_str_tuple(declaration["tags"]),
            files=tuple(_license_file(f) for f in declaration["files"]),
            origin=FactSource(declaration["origin"]),
            repo_id=_opt_str(declaration.get("repo_id")),
            card_text=_str(declaration["card_text"]),
        ),
        base_models=_str_tuple(data["base_models"]),
        base_model_relation=_opt_str(data.get("base_model_relation")),
        lineage_sources=_str_tuple(data["lineage_sources"]),
        datasets=tuple(
            DatasetFacts(
                id=_str(d["id"]), license=_str_tuple(d["license"]), source=FactSource(d["source"])
            )
            for d in data["datasets"]
        ),
        files=_str_tuple(data["files"]),
        weight_formats=_str_tuple(data["weight_formats"]),
        unsafe_files=_str_tuple(data["unsafe_files"]),
        remote_code=bool(data["remote_code"]),
        remote_code_evidence=_str_tuple(data["remote_code_evidence"]),
        stale=bool(data.get("stale", False)),
        notes=_str_tuple(data["notes"]),
        metadata_problems=tuple(_problem(p) for p in data["metadata_problems"]),
    )


# A cache entry is data from disk: a foreign or damaged one must read as a miss (TypeError),
# never reach the pipeline with a number where a model id should be.
def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _str_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError("expected a list of strings")
    return tuple(_str(item) for item in value)


def _license_file(value: Any) -> LicenseFile:
    if not isinstance(value, Mapping):
        raise TypeError("expected a mapping")
    return LicenseFile(
        path=_str(value["path"]), text=_str(value["text"]), sha256=_str(value["sha256"])
    )


def _gate(value: Any) -> HubGate:
    if not isinstance(value, Mapping):
        raise TypeError("expected a mapping")
    return HubGate(
        mode=_opt_str(value.get("mode")),
        eu_disallowed=value["eu_disallowed"] is True,
        fields=_str_tuple(value["fields"]),
        prompt=_str(value["prompt"]),
        description=_str(value["description"]),
    )


def _problem(value: Any) -> MetadataProblem:
    if not isinstance(value, Mapping):
        raise TypeError("expected a mapping")
    return MetadataProblem(
        field=_str(value["field"]), read=_str(value["read"]), problem=_str(value["problem"])
    )
