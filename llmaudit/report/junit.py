"""The `junit` format: one test case per model and package, for CI test-report viewers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from llmaudit.models import AuditResult, FactSource, Finding, LocationKind, Severity, Verdict
from llmaudit.report.base import RenderContext
from llmaudit.report.document import (
    MENTION_WORD,
    format_location,
    shown_verdict,
    sorted_findings,
    sorted_locations,
    sorted_models,
    sorted_packages,
)

# Characters XML 1.0 forbids even escaped (ElementTree writes them raw): a card's dataset id
# holding an ESC would otherwise make the whole report unparseable for CI.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class JunitRenderer:
    """JUnit XML: errors fail a case, unresolved facts are <error>, warnings go to system-out."""

    name = "junit"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """Deterministic JUnit XML (no wall-clock; time is always 0)."""
        root = ET.Element("testsuites", name=f"llmaudit ({result.policy})")
        # JUnit's schema wants a local date-time without zone; the report clock is UTC.
        stamp = result.generated_at.removesuffix("Z")
        models = ET.SubElement(root, "testsuite", name="models", timestamp=stamp)
        titles = {rule.id: rule.title for rule in result.rules}
        for audit in sorted_models(result.models):
            places = ", ".join(
                format_location(loc) + (" (mention)" if loc.kind is LocationKind.MENTION else "")
                for loc in sorted_locations(audit.ref.locations)
            )
            # a model only mentioned that nothing fails is no error of the run (exit code)
            unresolved = (
                audit.facts.unresolved_reason
                if (
                    audit.facts.source is FactSource.UNRESOLVED
                    and shown_verdict(audit) != MENTION_WORD
                )
                else None
            )
            _add_case(
                models,
                "llmaudit.models",
                audit.ref.id,
                audit.verdict,
                audit.findings,
                unresolved,
                titles,
                f"license {audit.assessment.license.key}; verdict {shown_verdict(audit)}"
                + (f"; used at {places}" if places else ""),
            )
        packages = ET.SubElement(root, "testsuite", name="packages", timestamp=stamp)
        for package in sorted_packages(result.packages):
            _add_case(
                packages,
                "llmaudit.packages",
                package.ref.name,
                package.verdict,
                package.findings,
                None,
                titles,
                f"license {package.license.spdx or package.license.key}; "
                f"verdict {package.verdict.value}",
            )
        for suite in (models, packages):
            _count(suite)
        _count(root, suites=(models, packages))
        ET.indent(root)
        text = ET.tostring(root, "unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + _XML_INVALID.sub("\ufffd", text) + "\n"


def _add_case(
    suite: ET.Element,
    classname: str,
    name: str,
    verdict: Verdict,
    findings: tuple[Finding, ...],
    unresolved: str | None,
    titles: dict[str, str],
    summary: str,
) -> None:
    case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")
    errors = [
        f
        for f in sorted_findings(findings)
        if f.severity is Severity.ERROR and not f.waived_by and not f.mention_only
    ]
    if unresolved is not None:
        # "could not check" is an error of the run, not a violation (exit code 3, not 1).
        element = ET.SubElement(
            case, "error", message=f"could not resolve: {unresolved}", type="resolve-error"
        )
        element.text = "\n".join(_finding_line(f, titles) for f in errors) or unresolved
    elif errors:
        element = ET.SubElement(case, "failure", message=errors[0].message, type=errors[0].rule)
        element.text = "\n".join(_finding_line(f, titles) for f in errors)
    elif verdict is Verdict.FAIL:
        ET.SubElement(case, "failure", message="verdict fail", type="policy")
    others = [f for f in sorted_findings(findings) if f not in errors]
    out = ET.SubElement(case, "system-out")
    out.text = "\n".join([summary, *(_finding_line(f, titles) for f in others)])


def _finding_line(finding: Finding, titles: dict[str, str]) -> str:
    where = (
        f" ({finding.path}{':' + str(finding.line) if finding.line else ''})"
        if finding.path
        else ""
    )
    waived = f" [waived by {finding.waived_by}]" if finding.waived_by else ""
    if finding.mention_only:
        waived = " [mentioned only: does not count]"
    title = f" ({titles[finding.rule]})" if finding.rule in titles else ""
    return f"{finding.severity.value}: {finding.rule}{title}: {finding.message}{where}{waived}"


def _count(element: ET.Element, suites: tuple[ET.Element, ...] = ()) -> None:
    cases = [c for s in suites for c in s] if suites else list(element)
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    element.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    element.set("skipped", "0")
    element.set("time", "0")
