"""A finding's rule in words, as the audit result carries it (from the rule's `RuleSpec`)."""

from __future__ import annotations

from llmaudit.models import AuditResult, RuleDescription, Severity


def describe_rule(result: AuditResult, rule_id: str) -> RuleDescription:
    """The rule `rule_id` as this audit ran it; a rule the result does not list (a result
    built by hand, or from an older baseline) still gets a usable entry."""
    for rule in result.rules:
        if rule.id == rule_id:
            return rule
    return RuleDescription(
        id=rule_id,
        title=f"Policy rule {rule_id}",
        summary=f"A finding of the policy rule {rule_id}.",
        help="See docs/rules.md for this rule.",
        severity=Severity.WARNING,
    )
