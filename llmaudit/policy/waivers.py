"""Waivers: owned, dated exceptions; an expired waiver stops applying and the finding returns."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

from llmaudit.errors import ConfigError
from llmaudit.models import Finding, WaiverUse
from llmaudit.policy.document import Waiver


def load_waiver_file(path: Path) -> tuple[Waiver, ...]:
    """Waivers from a separate YAML file with one top-level `waivers:` list."""
    from llmaudit.policy.loader import build_waivers, schema_problems
    from llmaudit.policy.yamlfile import read_yaml_file

    document = read_yaml_file(path)
    data = document.data
    if not isinstance(data, dict) or set(data) - {"waivers"}:
        raise ConfigError(f"{path}:1: a waiver file must be a mapping with one key, 'waivers'")
    problems = schema_problems(document)
    if problems:
        raise ConfigError(problems[0])
    return build_waivers(data.get("waivers", ()), source=str(path))


def waiver_matches(waiver: Waiver, finding: Finding) -> bool:
    """Same rule, and a subject equal to (or a `*` glob matching) the finding's, ignoring case."""
    if waiver.rule != finding.rule:
        return False
    pattern, subject = waiver.subject.casefold(), finding.subject.casefold()
    if "*" in pattern:
        return fnmatchcase(subject, pattern)
    return pattern == subject


def apply_waivers(
    findings: tuple[Finding, ...], waivers: tuple[Waiver, ...], today: date
) -> tuple[tuple[Finding, ...], tuple[WaiverUse, ...]]:
    """Mark findings an active waiver covers; an expired one leaves the finding standing."""
    result = []
    uses = []
    for finding in findings:
        matching = [w for w in waivers if waiver_matches(w, finding)]
        active = [w for w in matching if w.expires >= today]
        if active and finding.waived_by is None:
            waiver = active[0]
            result.append(replace(finding, waived_by=waiver.id))
            uses.append(waiver_use(waiver))
        elif matching and finding.waived_by is None:
            expired = max(matching, key=lambda w: w.expires)
            result.append(
                replace(
                    finding,
                    message=(
                        f"{finding.message.rstrip('.')} (waiver '{expired.id}' expired on "
                        f"{expired.expires.isoformat()})."
                    ),
                )
            )
        else:
            result.append(finding)
    return tuple(result), tuple(uses)


def waiver_use(waiver: Waiver) -> WaiverUse:
    """The report's record of a waiver that applied."""
    return WaiverUse(
        id=waiver.id,
        rule=waiver.rule,
        subject=waiver.subject,
        reason=waiver.reason,
        owner=waiver.owner,
        expires=waiver.expires.isoformat(),
    )
