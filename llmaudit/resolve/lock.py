"""llmaudit.lock: pinned revision, license key and license-text hash per model; drift notes."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from llmaudit.errors import ConfigError
from llmaudit.models import FactSource, LicenseDeclaration, ModelFacts
from llmaudit.records import record
from llmaudit.resolve.lineage import describe_license

LOCK_VERSION = 1


@record(frozen=True, kw_only=True)
class LockEntry:
    """What was true about one model when the lock was written."""

    sha: str | None = None
    license: str | None = None
    license_sha256: str | None = None


def lock_key(facts: ModelFacts) -> str:
    """`id` or `id@revision`: one lock entry per model reference."""
    return f"{facts.id}@{facts.revision}" if facts.revision else facts.id


def hash_license_files(declaration: LicenseDeclaration) -> str | None:
    """One sha256 over every license file (its own hash when there is a single file)."""
    files = sorted(declaration.files, key=lambda f: f.path)
    if not files:
        return None
    if len(files) == 1:
        return files[0].sha256
    import hashlib

    joined = "".join(f"{f.path}:{f.sha256}\n" for f in files)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def entry_for(facts: ModelFacts) -> LockEntry:
    """The lock entry describing `facts`."""
    return LockEntry(
        sha=facts.sha,
        license=describe_license(facts.declaration),
        license_sha256=hash_license_files(facts.declaration),
    )


def read_lock(path: Path) -> dict[str, LockEntry]:
    """Entries of a lock file ({} when it does not exist); a corrupted file is a ConfigError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"{path}: lock file is unreadable ({_short(exc)}); delete it to write a new one"
        ) from None
    models = raw.get("models") if isinstance(raw, dict) else None
    if not isinstance(models, dict) or raw.get("version") != LOCK_VERSION:
        raise ConfigError(
            f"{path}: not an llmaudit lock file (version {LOCK_VERSION} with "
            "'models'); delete it to write a new one"
        )
    entries: dict[str, LockEntry] = {}
    for key, value in models.items():
        if not isinstance(value, Mapping):
            raise ConfigError(
                f"{path}: lock entry {key!r} is not a mapping; delete the file to write a new one"
            )
        entries[str(key)] = LockEntry(
            sha=_optional_str(value.get("sha")),
            license=_optional_str(value.get("license")),
            license_sha256=_optional_str(value.get("license_sha256")),
        )
    return entries


def write_lock(facts: tuple[ModelFacts, ...] | list[ModelFacts], path: Path) -> None:
    """Write entries for resolved models atomically (temp file beside it + os.replace)."""
    entries = {lock_key(f): entry_for(f) for f in facts if f.source is not FactSource.UNRESOLVED}
    _write_entries(entries, path)


def apply_lock(facts: tuple[ModelFacts, ...], path: Path) -> tuple[ModelFacts, ...]:
    """Add drift notes against the lock, then add entries for models the lock lacks.

    Existing entries are never rewritten, so a drift keeps being reported until the
    user deletes the lock (accepting the new upstream state).
    """
    entries = read_lock(path)
    checked = tuple(_with_drift_notes(f, entries.get(lock_key(f))) for f in facts)
    missing = {
        lock_key(f): entry_for(f)
        for f in facts
        if f.source is not FactSource.UNRESOLVED and lock_key(f) not in entries
    }
    if missing or not path.exists():
        _write_entries({**entries, **missing}, path)
    return checked


def find_drift(facts: ModelFacts, locked: LockEntry) -> tuple[str, ...]:
    """Notes for each difference between the lock and the facts now."""
    now = entry_for(facts)
    notes: list[str] = []
    if locked.license and now.license and locked.license != now.license:
        notes.append(
            f"license changed upstream since llmaudit.lock: {locked.license} -> {now.license}"
        )
    if locked.license_sha256 and now.license_sha256 and locked.license_sha256 != now.license_sha256:
        notes.append(
            f"license text changed upstream since llmaudit.lock: sha256 "
            f"{locked.license_sha256[:12]} -> {now.license_sha256[:12]}"
        )
    if locked.sha and now.sha and locked.sha != now.sha:
        notes.append(f"revision changed since llmaudit.lock: {locked.sha[:12]} -> {now.sha[:12]}")
    return tuple(notes)


def _with_drift_notes(facts: ModelFacts, locked: LockEntry | None) -> ModelFacts:
    if locked is None or facts.source is FactSource.UNRESOLVED:
        return facts
    drift = find_drift(facts, locked)
    return replace(facts, notes=(*facts.notes, *drift)) if drift else facts


def _write_entries(entries: Mapping[str, LockEntry], path: Path) -> None:
    payload = {
        "version": LOCK_VERSION,
        "models": {
            key: {"sha": e.sha, "license": e.license, "license_sha256": e.license_sha256}
            for key, e in sorted(entries.items())
        },
    }
    text = json.dumps(payload, indent=2, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)  # gone already after a successful replace
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot write the lock file ({exc.strerror or type(exc).__name__})"
        ) from None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
