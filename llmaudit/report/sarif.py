"""The `sarif` format: SARIF 2.1.0 for code scanning, one result per warning or failure."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from llmaudit.models import AuditResult, Finding, Location, LocationKind, RuleDescription, Severity
from llmaudit.report.base import RenderContext
from llmaudit.report.document import (
    format_location,
    sorted_findings,
    sorted_locations,
    sorted_models,
    sorted_packages,
)
from llmaudit.report.rules import describe_rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}
_RULE_LEVEL = {**_LEVEL, Severity.INFO: "note"}
_SRCROOT = "%SRCROOT%"

Doc = dict[str, Any]


class SarifRenderer:
    """SARIF 2.1.0 log: rules with help, results located where the model is referenced."""

    name = "sarif"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """Deterministic SARIF JSON (sorted results, fingerprints from content)."""
        prefix = result.repository_path or ""
        results = _collect_results(result, prefix)
        rule_ids = sorted({r["ruleId"] for r in results})
        for entry in results:
            entry["ruleIndex"] = rule_ids.index(entry["ruleId"])
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "llmaudit",
                            "version": result.tool_version,
                            "semanticVersion": result.tool_version,
                            "rules": [
                                _rule_doc(describe_rule(result, rule_id)) for rule_id in rule_ids
                            ],
                        }
                    },
                    "automationDetails": {"id": f"llmaudit/{result.policy}/"},
                    "columnKind": "unicodeCodePoints",
                    "originalUriBaseIds": {_SRCROOT: {"description": {"text": _root_text(result)}}},
                    "results": results,
                    "properties": {
                        "policy": result.policy,
                        "verdict": result.verdict.value,
                        "generatedAt": result.generated_at,
                    },
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _root_text(result: AuditResult) -> str:
    if result.repository_path is None:
        return "The scanned folder (not inside a git repository)."
    return "The top level of the git repository (the folder holding .git)."


def _collect_results(result: AuditResult, prefix: str) -> list[Doc]:
    """Results with paths relative to the repository's top level: `prefix` is the scanned
    folder below it ("services/app"), so code scanning places a result whatever was scanned."""
    results: list[Doc] = []
    for model in sorted_models(result.models):
        license_key = model.assessment.license.key
        for finding in _reportable(model.findings):
            places = _places(finding, model.ref.locations)
            results.extend(
                _result_doc(finding, model.ref.id, license_key, _from_top(place, prefix))
                for place in places
            )
    for package in sorted_packages(result.packages):
        for finding in _reportable(package.findings):
            places = _places(finding, package.ref.locations)
            results.extend(
                _result_doc(
                    finding, package.ref.name, package.license.spdx, _from_top(place, prefix)
                )
                for place in places
            )
    _number_fingerprints(results)
    return results


def _number_fingerprints(results: list[Doc]) -> None:
    """Make repeats unique (same rule, subject, file) by their order within that file."""
    seen: dict[str, int] = {}
    for entry in results:
        prints = entry["partialFingerprints"]
        base = prints["llmauditFinding/v1"]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            digest = hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()[:32]
            prints["llmauditFinding/v1"] = digest


def _from_top(place: Location | None, prefix: str) -> Location | None:
    if place is None or not prefix:
        return place
    return replace(place, path=f"{prefix}/{place.path.replace(chr(92), '/')}")


def _reportable(findings: tuple[Finding, ...]) -> list[Finding]:
    """Warnings and failures only; INFO findings are not problems."""
    return [f for f in sorted_findings(findings) if f.severity in _LEVEL]


def _places(finding: Finding, locations: tuple[Location, ...]) -> list[Location | None]:
    """The finding's own place, else every place the subject is used (mentioned, when it is
    only mentioned), else none."""
    if finding.path:
        same = [loc for loc in locations if (loc.path, loc.line) == (finding.path, finding.line)]
        return [same[0] if same else Location(path=finding.path, line=finding.line)]
    ordered = sorted_locations(locations)
    uses = [loc for loc in ordered if loc.kind is LocationKind.USE]
    return list(uses or ordered) or [None]


def _result_doc(finding: Finding, subject: str, license_key: str, place: Location | None) -> Doc:
    where = format_location(place) if place else ""
    in_cell = f" (notebook {where})" if place and place.cell is not None else ""
    doc: Doc = {
        "ruleId": finding.rule,
        # A model only mentioned (docs, comments) is shown, never flagged as a problem.
        "level": "note" if finding.mention_only else _LEVEL[finding.severity],
        "message": {
            "text": f"{subject}: {finding.message}{in_cell}"
            + (" (only mentioned, never used)" if finding.mention_only else "")
        },
        "locations": [_location_doc(subject, place)],
        "partialFingerprints": {"llmauditFinding/v1": _fingerprint(finding.rule, subject, where)},
        "properties": {
            "subject": subject,
            "license": license_key,
            "mentionOnly": finding.mention_only,
        },
    }
    if finding.waived_by:
        doc["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"waived by {finding.waived_by}",
            }
        ]
    return doc


def _location_doc(subject: str, place: Location | None) -> Doc:
    location: Doc = {"logicalLocations": [{"name": subject, "kind": "module"}]}
    if place is not None:
        physical: Doc = {
            "artifactLocation": {"uri": _uri(place.path), "uriBaseId": _SRCROOT},
            "region": _region(place),
        }
        location["physicalLocation"] = physical
    return location


def _region(place: Location) -> Doc:
    """Every result has a line (code scanning needs one): a notebook cell line maps to its
    line in the .ipynb file; a place without a line points at the file's first line."""
    if place.cell is not None:
        return {"startLine": place.file_line or 1}
    region: Doc = {"startLine": place.line or 1}
    if place.line and place.column:
        region["startColumn"] = place.column
    return region


def _uri(path: str) -> str:
    """A relative URI reference: forward slashes, spaces and the like percent-encoded."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/-._~")


def _fingerprint(rule: str, subject: str, where: str) -> str:
    """Stable across runs and line shifts elsewhere: rule, subject and file, not the message."""
    path = where.split(":", 1)[0]
    return hashlib.sha256(f"{rule}\0{subject}\0{path}".encode()).hexdigest()[:32]


def _rule_doc(rule: RuleDescription) -> Doc:
    """A reportingDescriptor; its default level is the severity the policy runs the rule at
    (an info-level rule reports as SARIF `note`)."""
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.summary},
        "help": {
            "text": f"{rule.summary} {rule.help}",
            "markdown": f"**{rule.title}**\n\n{rule.summary}\n\n{rule.help}",
        },
        "defaultConfiguration": {"level": _RULE_LEVEL[rule.severity]},
        "properties": {"tags": list(rule.tags)},
    }
