"""The `concise` format: one `path:line: severity [rule] subject: message` line per problem.

What the pre-commit hook prints: editors and terminals make `path:line` clickable, and only
what needs fixing is listed, followed by one summary line.
"""

from __future__ import annotations

from llmaudit.models import AuditResult, Finding, Location, Severity
from llmaudit.report.base import RenderContext
from llmaudit.report.document import (
    finding_place,
    sorted_findings,
    sorted_models,
    sorted_packages,
    verdict_line,
)

_SEVERITY_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


class ConciseRenderer:
    """Problems one per line, then `llmaudit: policy P: VERDICT: <counts>`."""

    name = "concise"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """Plain text ending in a newline; waived, info and mention-only findings only with -v."""
        lines: list[str] = []
        for audit in sorted_models(result.models):
            lines.extend(_finding_lines(audit.ref.id, audit.findings, audit.ref.locations, ctx))
        for package in sorted_packages(result.packages):
            lines.extend(
                _finding_lines(package.ref.name, package.findings, package.ref.locations, ctx)
            )
        explained = {audit.ref.id for audit in result.models if audit.findings}
        explained |= {package.ref.name for package in result.packages if package.findings}
        lines.extend(
            f"llmaudit: could not check {error.target}: {error.message}"
            for error in sorted(result.errors, key=lambda e: e.target)
            if error.target not in explained
        )
        lines.append(verdict_line(result))
        return "".join(f"{line}\n" for line in lines)


def _finding_lines(
    subject: str, findings: tuple[Finding, ...], locations: tuple[Location, ...], ctx: RenderContext
) -> list[str]:
    lines = []
    for finding in sorted_findings(findings):
        quiet = finding.severity is Severity.INFO or finding.waived_by or finding.mention_only
        if quiet and ctx.verbosity < 1:
            continue
        waived = f" (waived by {finding.waived_by})" if finding.waived_by else ""
        message = _one_line(finding.message)
        said = message if message.startswith(f"{subject} ") else f"{subject}: {message}"
        if finding.mention_only:
            waived = " (mentioned only: does not count)"
        lines.append(
            f"{finding_place(finding, locations) or subject}: "
            f"{_SEVERITY_WORD[finding.severity]} [{finding.rule}] {said}{waived}"
        )
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())
