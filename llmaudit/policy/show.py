"""policy_to_yaml(): a resolved policy written back as YAML (for `llmaudit policy show`)."""

from __future__ import annotations

from typing import Any

import yaml

from llmaudit.policy.document import Policy
from llmaudit.policy.rules import RULES


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The effective policy as plain data: every rule with the severity it runs at."""
    org = policy.organization
    organization = {
        "jurisdiction": org.jurisdiction,
        "usage": org.usage.value,
        "purpose": org.purpose.value,
        "monthly_active_users": org.monthly_active_users,
        "annual_revenue_usd": org.annual_revenue_usd,
    }
    rules = {}
    for rule_id, spec in sorted(RULES.items()):
        severity = policy.severity_of(rule_id, spec.default)
        rules[rule_id] = severity.value if severity else "off"
    return {
        "name": policy.name,
        "description": policy.description,
        "organization": {k: v for k, v in organization.items() if v is not None},
        "rules": rules,
        "governing_law": {"allowed": list(policy.governing_law_allowed)},
        "publishers": {
            "allow": list(policy.publishers.allow),
            "deny": list(policy.publishers.deny),
            "deny_countries": list(policy.publishers.deny_countries),
            "countries": dict(policy.publishers.countries),
        },
        "models": {
            "allow": [_entry(e.id, e.revision, e.reason) for e in policy.models_allow],
            "deny": [_entry(e.id, e.revision, e.reason) for e in policy.models_deny],
        },
        "packages": {
            "allow": [_pkg(e.name, e.version, e.reason) for e in policy.packages.allow],
            "deny": [_pkg(e.name, e.version, e.reason) for e in policy.packages.deny],
            "deny_licenses": list(policy.packages.deny_licenses),
            "copyleft_check": policy.packages.copyleft_check,
        },
        "datasets": {"inherit_obligations": policy.inherit_dataset_obligations},
        "mentions": policy.mentions.value,
        "waivers": [
            {
                "id": w.id,
                "rule": w.rule,
                "subject": w.subject,
                "reason": w.reason,
                "owner": w.owner,
                "expires": w.expires.isoformat(),
            }
            for w in policy.waivers
        ],
    }


def _entry(model_id: str, revision: str | None, reason: str) -> dict[str, str]:
    entry = {"id": model_id}
    if revision:
        entry["revision"] = revision
    if reason:
        entry["reason"] = reason
    return entry


def _pkg(name: str, version: str, reason: str) -> dict[str, str]:
    entry = {"name": name}
    if version:
        entry["version"] = version
    if reason:
        entry["reason"] = reason
    return entry


def policy_to_yaml(policy: Policy) -> str:
    """YAML of `policy_to_dict`, a valid stand-alone policy file, with its origin as comments."""
    chain = " <- ".join((policy.name, *policy.extends))
    header = f"# {chain} ({policy.path})\n" if policy.path else f"# {chain}\n"
    text: str = yaml.safe_dump(
        policy_to_dict(policy),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return header + text
