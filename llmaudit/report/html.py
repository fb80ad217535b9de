"""The `html` format: a self-contained compliance report a lawyer can read and print."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from llmaudit.models import AuditResult
from llmaudit.report.base import RenderContext
from llmaudit.report.document import build_document, project_name, sorted_models
from llmaudit.report.notice import build_model_notice
from llmaudit.report.rules import describe_rule
from llmaudit.report.templating import render_template

_EXPIRY_WARNING = timedelta(days=30)


class HtmlRenderer:
    """One HTML file, inline CSS, no scripts, no external resources."""

    name = "html"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """The compliance report: summary, per-model detail, packages, waivers, errors."""
        doc = build_document(result)
        notices = {m.ref.id: build_model_notice(m) for m in sorted_models(result.models)}
        return render_template(
            "report.html.j2",
            report=doc,
            project=project_name(result, "named models"),
            notices=notices,
            rules={f["rule"]: describe_rule(result, f["rule"]).title for f in _all_findings(doc)},
            issues=_open_issues(doc),
            folded={m["id"]: fold_repeated_info(m["findings"]) for m in doc["models"]},
            waiver_status={
                w["id"]: _waiver_status(w["expires"], result.generated_at) for w in doc["waivers"]
            },
            policy_description=ctx.policy_description,
        )


def _all_findings(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for item in doc["models"] + doc["packages"] for f in item["findings"]]


def fold_repeated_info(findings: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Findings in their order, grouped: info findings of one rule (same waiver and mention
    state) become one group, shown as one line with a count; every other finding stands alone.
    A reader of a model with 21 "training data license unknown" notes sees one line."""
    groups: list[list[dict[str, Any]]] = []
    by_key: dict[tuple[str, str | None, bool], list[dict[str, Any]]] = {}
    for finding in findings:
        if finding["severity"] != "info":
            groups.append([finding])
            continue
        key = (finding["rule"], finding["waived_by"], finding["mention_only"])
        if key not in by_key:
            by_key[key] = []
            groups.append(by_key[key])
        by_key[key].append(finding)
    return groups


def _open_issues(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Errors and warnings that count (not waived, not on a model only mentioned), errors
    first, with the subject they concern."""
    issues = []
    for kind, items, key in (("model", doc["models"], "id"), ("package", doc["packages"], "name")):
        for item in items:
            for finding in item["findings"]:
                quiet = finding["waived_by"] or finding["mention_only"]
                if finding["severity"] != "info" and not quiet:
                    issues.append({"subject": item[key], "kind": kind, **finding})
    return sorted(issues, key=lambda i: (i["severity"] != "error", i["subject"].lower(), i["rule"]))


def _waiver_status(expires: str, generated_at: str) -> str:
    """ "expired", "expiring" (within 30 days of the report) or "active"."""
    try:
        until = date.fromisoformat(expires)
    except ValueError:
        return "active"
    today = date.fromisoformat(generated_at[:10])
    if until < today:
        return "expired"
    return "expiring" if until - today <= _EXPIRY_WARNING else "active"
