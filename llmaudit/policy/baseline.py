"""Baselines: record today's findings so only new ones fail; fingerprints ignore line numbers."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

from llmaudit.errors import ConfigError
from llmaudit.models import AuditResult, Finding, ModelAudit, PackageAudit

BASELINE_VERSION = 1
BASELINE_MARK = "baseline"
MAX_BASELINE_BYTES = 20_000_000
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


def message_key(message: str) -> str:
    """A message reduced to what identifies the problem: case, spacing and numbers dropped."""
    return _SPACE.sub(" ", _NUMBER.sub("#", message)).strip().casefold()


def fingerprint(finding: Finding) -> str:
    """Stable id of a finding: rule + subject + normalized message (never path or line)."""
    import hashlib  # here, not at import: most runs never fingerprint a finding

    material = "\x1f".join((finding.rule, finding.subject.casefold(), message_key(finding.message)))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def write_baseline(result: AuditResult, path: Path) -> int:
    """Write the unwaived findings of `result` to `path` atomically; returns how many.

    Findings a waiver covers are left out, so that when the waiver expires they fail again.
    """
    entries = {}
    for finding in _all_findings(result.models, result.packages):
        if finding.waived_by not in (None, BASELINE_MARK):
            continue
        entries[fingerprint(finding)] = {
            "fingerprint": fingerprint(finding),
            "rule": finding.rule,
            "subject": finding.subject,
            "message": finding.message,
        }
    document = {
        "llmaudit_baseline": BASELINE_VERSION,
        "policy": result.policy,
        "findings": [entries[key] for key in sorted(entries)],
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _write_atomically(path, text)
    return len(entries)


def _write_atomically(path: Path, text: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise


def _all_findings(
    models: tuple[ModelAudit, ...], packages: tuple[PackageAudit, ...]
) -> list[Finding]:
    return [f for m in models for f in m.findings] + [f for p in packages for f in p.findings]


def read_baseline(path: Path) -> frozenset[str]:
    """Fingerprints recorded in a baseline file; ConfigError when missing, corrupt or foreign."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BASELINE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise ConfigError(f"{path}: baseline is larger than {MAX_BASELINE_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"{path}: corrupted baseline ({exc}); regenerate it with `llmaudit baseline`"
        ) from None
    if not isinstance(data, dict) or "llmaudit_baseline" not in data:
        raise ConfigError(f"{path}: not an llmaudit baseline file")
    if data["llmaudit_baseline"] != BASELINE_VERSION:
        raise ConfigError(
            f"{path}: baseline version {data['llmaudit_baseline']!r} is not "
            f"supported (expected {BASELINE_VERSION}); regenerate it"
        )
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(
        isinstance(f, dict) and isinstance(f.get("fingerprint"), str) for f in findings
    ):
        raise ConfigError(
            f"{path}: corrupted baseline (findings must be a list of entries "
            "with a fingerprint); regenerate it"
        )
    return frozenset(f["fingerprint"] for f in findings)


def apply_baseline(findings: tuple[Finding, ...], known: frozenset[str]) -> tuple[Finding, ...]:
    """Mark findings already in the baseline (waived_by="baseline") so only new ones count."""
    return tuple(
        replace(f, waived_by=BASELINE_MARK)
        if f.waived_by is None and fingerprint(f) in known
        else f
        for f in findings
    )
