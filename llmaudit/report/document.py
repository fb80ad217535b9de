"""The report contract (`llmaudit/report@2`) as plain, sorted, JSON-ready data.

JSON, Markdown, HTML and JUnit all render from this one document, so every format
says the same thing in the same order.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from functools import cache
from pathlib import PurePath
from typing import Any

from llmaudit.models import (
    AuditResult,
    DatasetFacts,
    FactSource,
    Finding,
    LicenseInfo,
    LicenseMatch,
    LineageEntry,
    Location,
    LocationKind,
    ModelAudit,
    ModelRef,
    Obligation,
    PackageAudit,
    Severity,
    Verdict,
)
from llmaudit.package_data import read_package_text

SCHEMA_ID = "llmaudit/report@2"
TOOL_NAME = "llmaudit"

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

Doc = dict[str, Any]


@cache
def report_schema() -> Doc:
    """The shipped JSON Schema of this report (llmaudit/schemas/report-2.schema.json)."""
    text = read_package_text("schemas", "report-2.schema.json")
    schema: Doc = json.loads(text)
    return schema


def build_document(result: AuditResult) -> Doc:
    """The whole report as the dict the JSON format prints."""
    models = sorted_models(result.models)
    packages = sorted_packages(result.packages)
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": TOOL_NAME, "version": result.tool_version},
        "policy": result.policy,
        "generated_at": result.generated_at,
        "verdict": result.verdict.value,
        "offline": result.offline,
        "root": result.root,
        "summary": _summary(models, packages, result),
        "models": [_model_doc(m) for m in models],
        "datasets": [_dataset_ref_doc(d) for d in sorted(result.datasets, key=_ref_key)],
        "packages": [_package_doc(p) for p in packages],
        "waivers": [
            {
                "id": w.id,
                "rule": w.rule,
                "subject": w.subject,
                "reason": w.reason,
                "owner": w.owner,
                "expires": w.expires,
            }
            for w in sorted(result.waivers, key=lambda w: (w.id, w.subject, w.rule))
        ],
        "errors": [
            {"target": e.target, "message": e.message}
            for e in sorted(result.errors, key=lambda e: (e.target, e.message))
        ],
        "notes": [
            {"message": n.message, "path": n.path, "line": n.line}
            for n in sorted(result.notes, key=lambda n: (n.path or "", n.line or 0, n.message))
        ],
    }


def project_name(result: AuditResult, default: str = "project") -> str:
    """The scanned folder's name ("." becomes the current folder's name), else `default`."""
    root = (result.root or "").replace("\\", "/").rstrip("/")
    if root == ".":
        return PurePath(os.getcwd()).name or default
    return root.rsplit("/", 1)[-1] or default


def sorted_models(models: tuple[ModelAudit, ...]) -> list[ModelAudit]:
    """Models in report order: by id (case-insensitive), then revision."""
    return sorted(models, key=lambda m: (m.ref.id.lower(), m.ref.id, m.ref.revision or ""))


def bill_of_models(result: AuditResult) -> list[ModelAudit]:
    """Models that belong in an SBOM or a NOTICE file, in report order: those the project
    uses. A model only mentioned in docs or comments is not part of what ships."""
    return [m for m in sorted_models(result.models) if m.ref.used]


def bill_of_datasets(result: AuditResult) -> list[ModelRef]:
    """Datasets the project uses (not only mentions), by id and revision."""
    return sorted(
        (d for d in result.datasets if d.used), key=lambda d: (d.id.lower(), d.id, d.revision or "")
    )


def use_locations(locations: tuple[Location, ...]) -> list[Location]:
    """The places that use a model or dataset, in report order (mentions left out)."""
    return [loc for loc in sorted_locations(locations) if loc.kind is LocationKind.USE]


def sorted_packages(packages: tuple[PackageAudit, ...]) -> list[PackageAudit]:
    """Packages in report order: by name, then version."""
    return sorted(packages, key=lambda p: (p.ref.name.lower(), p.ref.version or ""))


def sorted_findings(findings: tuple[Finding, ...]) -> list[Finding]:
    """Findings worst first, then by rule and place."""
    return sorted(
        findings,
        key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule, f.path or "", f.line or 0, f.message),
    )


def sorted_obligations(obligations: tuple[Obligation, ...]) -> list[Obligation]:
    """The model's own obligations first, then inherited ones, each by kind."""
    return sorted(
        obligations,
        key=lambda o: (o.inherited_from or "", o.license_key, o.kind, o.text, o.clause),
    )


def sorted_locations(locations: tuple[Location, ...]) -> list[Location]:
    """Unique locations by path, line, column, cell."""
    unique = {(loc.path, loc.line, loc.column, loc.cell): loc for loc in locations}
    return [unique[key] for key in sorted(unique, key=_location_key)]


def format_location(location: Location) -> str:
    """`path:line` (or `path` alone, or `path#cellN:line` for notebooks, N counted from 1)."""
    text = location.path
    if location.cell is not None:
        text += f"#cell{location.cell + 1}"
    if location.line is not None:
        text += f":{location.line}"
    return text


MENTION_WORD = "mention"


def shown_verdict(audit: ModelAudit) -> str:
    """The verdict a reader sees: `mention` for a model only mentioned (docs, comments) that
    nothing fails, so a README link never reads as "pass" for a model nobody checked as used."""
    if not audit.ref.used and audit.verdict is Verdict.PASS:
        return MENTION_WORD
    return audit.verdict.value


def uses_first(locations: tuple[Location, ...]) -> list[Location]:
    """Locations for a short list: uses before mentions, each in report order."""
    ordered = sorted_locations(locations)
    return [loc for loc in ordered if loc.kind is LocationKind.USE] + [
        loc for loc in ordered if loc.kind is LocationKind.MENTION
    ]


def summary_line(result: AuditResult) -> str:
    """`37 model(s): 23 pass, 1 warn, 13 fail, 2 mentioned only (11 could not be checked);
    4 package(s): ...`"""

    def counts(verdicts: list[str]) -> str:
        parts = [f"{verdicts.count(v)} {v}" for v in ("pass", "warn", "fail") if v in verdicts]
        if MENTION_WORD in verdicts:
            parts.append(f"{verdicts.count(MENTION_WORD)} mentioned only")
        return ", ".join(parts) or "none"

    model_verdicts = [shown_verdict(m) for m in result.models]
    text = (
        f"{len(model_verdicts)} model(s): {counts(model_verdicts)}"
        if model_verdicts
        else "no models found"
    )
    unresolved = sum(1 for m in result.models if m.facts.source is FactSource.UNRESOLVED)
    if unresolved:
        text += f" ({unresolved} could not be checked)"
    if result.packages:
        package_verdicts = [p.verdict.value for p in result.packages]
        text += f"; {len(package_verdicts)} package(s): {counts(package_verdicts)}"
    return text


def verdict_line(result: AuditResult) -> str:
    """`llmaudit: policy commercial: FAIL: 3 model(s): 2 pass, 1 fail`: the run in one line."""
    offline = " (offline: cache and built-in facts only)" if result.offline else ""
    return (
        f"llmaudit: policy {result.policy}: {result.verdict.value.upper()}: "
        f"{summary_line(result)}{offline}"
    )


def finding_place(finding: Finding, locations: tuple[Location, ...]) -> str | None:
    """Where a finding points, notebook cell included (`nb.ipynb#cell2:4`), else the first
    place its subject is used, else None (`llmaudit check` has no files)."""
    ordered = sorted_locations(locations)
    for location in ordered:
        if location.path == finding.path and location.line == finding.line:
            return format_location(location)
    if finding.path:
        return finding.path + (f":{finding.line}" if finding.line else "")
    return format_location(ordered[0]) if ordered else None


def finding_doc(finding: Finding) -> Doc:
    """One finding as contract data."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "waived_by": finding.waived_by,
        "mention_only": finding.mention_only,
    }


def license_doc(match: LicenseMatch) -> Doc:
    """A license identification as contract data (`id` is the Hub id or our key)."""
    return {
        "id": match.key,
        "spdx": match.spdx,
        "name": match.name,
        "source": match.source.value,
        "confidence": round(float(match.confidence), 4),
    }


def _location_key(key: tuple[str, int | None, int | None, int | None]) -> tuple[Any, ...]:
    path, line, column, cell = key
    return (path, cell if cell is not None else -1, line or 0, column or 0)


def _ref_key(ref: ModelRef) -> tuple[str, str]:
    return (ref.id.lower(), ref.revision or "")


def _summary(models: list[ModelAudit], packages: list[PackageAudit], result: AuditResult) -> Doc:
    model_counts = Counter(m.verdict.value for m in models)
    package_counts = Counter(p.verdict.value for p in packages)
    return {
        "models": {v.value: model_counts.get(v.value, 0) for v in Verdict},
        "packages": {v.value: package_counts.get(v.value, 0) for v in Verdict},
        "unresolved": sum(1 for m in models if m.facts.source.value == "unresolved"),
        "mention_only": sum(1 for m in models if not m.ref.used),
        "waived": len(result.waivers),
        "errors": len(result.errors),
    }


def _model_doc(audit: ModelAudit) -> Doc:
    facts = audit.facts
    return {
        "id": audit.ref.id,
        "revision": audit.ref.revision or facts.revision,
        "sha": facts.sha,
        "source": facts.source.value,
        "unresolved_reason": facts.unresolved_reason,
        "local_path": audit.ref.local_path,
        "publisher": facts.publisher,
        "pipeline_tag": facts.pipeline_tag,
        "modality": facts.modality.value,
        "license": license_doc(audit.assessment.license),
        "license_evidence": [license_doc(e) for e in audit.assessment.evidence],
        "terms": _terms_doc(audit.license_info),
        "base_models": list(facts.base_models),
        "base_model_relation": facts.base_model_relation,
        "base_model_sources": [
            {"id": base, "named_in": where}
            for base, where in zip(facts.base_models, facts.lineage_sources, strict=False)
        ],
        "lineage": [_lineage_doc(e) for e in sorted(audit.lineage, key=_lineage_key)],
        "used": audit.ref.used,
        "locations": [_location_doc(loc) for loc in sorted_locations(audit.ref.locations)],
        "obligations": [_obligation_doc(o) for o in sorted_obligations(audit.obligations)],
        "verdict": audit.verdict.value,
        "findings": [finding_doc(f) for f in sorted_findings(audit.findings)],
        "gated": facts.gated,
        "gate": {
            "mode": facts.gate.mode,
            "eu_disallowed": facts.gate.eu_disallowed,
            "fields": list(facts.gate.fields),
            "prompt": facts.gate.prompt,
        },
        "metadata_problems": [
            {"field": p.field, "read": p.read, "problem": p.problem}
            for p in facts.metadata_problems
        ],
        "datasets": [_dataset_facts_doc(d) for d in sorted(facts.datasets, key=lambda d: d.id)],
        "files": {
            "weight_formats": sorted(facts.weight_formats),
            "unsafe_files": sorted(facts.unsafe_files),
            "remote_code": facts.remote_code,
            "remote_code_evidence": sorted(facts.remote_code_evidence),
        },
        "stale": facts.stale,
        "notes": list(facts.notes),
    }


def _terms_doc(info: LicenseInfo | None) -> Doc | None:
    """The knowledge-base facts a reader needs next to the license name."""
    if info is None:
        return None
    return {
        "category": info.category,
        "commercial_use": info.commercial_use.value,
        "commercial_note": info.commercial_note,
        "notice": info.notice,
        "attribution": list(info.attribution),
        "naming_prefix": info.naming_prefix,
        "aup_url": info.aup_url,
        "copyleft": info.copyleft,
        "governing_law": _governing_law(info),
        "sources": list(info.sources),
    }


def _governing_law(info: LicenseInfo) -> str | None:
    law = info.governing_law
    if law is None:
        return None
    parts = [p for p in (law.region, law.country) if p]
    text = ", ".join(parts)
    if law.venue:
        text = f"{text}; venue: {law.venue}" if text else f"venue: {law.venue}"
    return text or None


def _lineage_key(entry: LineageEntry) -> tuple[int, str]:
    return (entry.depth, entry.model_id.lower())


def _lineage_doc(entry: LineageEntry) -> Doc:
    return {
        "id": entry.model_id,
        "relation": entry.relation,
        "depth": entry.depth,
        "license": license_doc(entry.license),
        "source": entry.source.value,
    }


def _location_doc(location: Location) -> Doc:
    doc: Doc = {"path": location.path, "line": location.line, "kind": location.kind.value}
    if location.column is not None:
        doc["column"] = location.column
    if location.cell is not None:
        doc["cell"] = location.cell
    return doc


def _obligation_doc(obligation: Obligation) -> Doc:
    return {
        "kind": obligation.kind,
        "text": obligation.text,
        "license": obligation.license_key,
        "clause": obligation.clause,
        "inherited_from": obligation.inherited_from,
    }


def _dataset_facts_doc(dataset: DatasetFacts) -> Doc:
    return {"id": dataset.id, "license": list(dataset.license), "source": dataset.source.value}


def _dataset_ref_doc(ref: ModelRef) -> Doc:
    return {
        "id": ref.id,
        "revision": ref.revision,
        "used": ref.used,
        "locations": [_location_doc(loc) for loc in sorted_locations(ref.locations)],
    }


def _package_doc(audit: PackageAudit) -> Doc:
    return {
        "name": audit.ref.name,
        "version": audit.ref.version or audit.facts.version,
        "ecosystem": audit.ref.ecosystem,
        "specifier": audit.ref.specifier,
        "source": audit.facts.source.value,
        "license": license_doc(audit.license),
        "declared_license": audit.facts.license_expression,
        "locations": [_location_doc(loc) for loc in sorted_locations(audit.ref.locations)],
        "verdict": audit.verdict.value,
        "findings": [finding_doc(f) for f in sorted_findings(audit.findings)],
    }
