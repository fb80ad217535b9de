"""package-license: a dependency's license the policy denies, or copyleft that bites on shipping."""

from __future__ import annotations

import re

from llmaudit.models import FactSource, PackageAudit, Severity
from llmaudit.policy.document import Usage
from llmaudit.policy.lists import find_package_entry, package_version
from llmaudit.policy.rules.base import Hit, Level, PackageContext, RuleSpec, phrase

_SYMBOL = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-:]*")
_OPERATORS = frozenset({"AND", "OR", "WITH"})
# Network copyleft reaches users of a hosted service (AGPL-3.0 §13); plain copyleft binds on
# distribution of copies (GPL-3.0 §6).
_NETWORK_COPYLEFT = ("AGPL-", "SSPL-")
_COPYLEFT = ("GPL-", *_NETWORK_COPYLEFT)


def license_alternatives(expression: str) -> tuple[tuple[str, ...], ...]:
    """Alternatives a user may pick from (`A OR B`); each is the symbols that then all apply."""
    text = expression.strip()
    if not text:
        return ()
    if "(" in text:  # nested choices: be conservative, every symbol applies
        return (_symbols(text),)
    return tuple(_symbols(part) for part in re.split(r"\s+OR\s+", text, flags=re.IGNORECASE))


def _symbols(text: str) -> tuple[str, ...]:
    return tuple(s for s in _SYMBOL.findall(text) if s.upper() not in _OPERATORS)


def symbol_matches(symbol: str, denied: str) -> bool:
    """`AGPL-3.0` denies AGPL-3.0, AGPL-3.0-only, AGPL-3.0-or-later and AGPL-3.0+."""
    s, d = symbol.upper().removeprefix("LICENSEREF-"), denied.upper()
    return s == d or s == f"{d}+" or s.startswith(f"{d}-")


def _is_copyleft(symbol: str, usage: Usage) -> bool:
    name = symbol.upper()
    if name.startswith(("LGPL-",)):
        return False
    if usage is Usage.SAAS:
        return name.startswith(_NETWORK_COPYLEFT)
    return usage.distributes and name.startswith(_COPYLEFT)


def check_package_license(ctx: PackageContext) -> tuple[Hit, ...]:
    """package-license: denied or shipping-incompatible license, or none identified."""
    audit = ctx.audit
    ref = audit.ref
    version = package_version(ref, audit.facts)
    allowed, certain = find_package_entry(ctx.policy.packages.allow, ref.name, version)
    if allowed is not None and certain:
        return ()
    match = audit.license
    if match.is_unknown or not match.spdx:
        return (_unknown_license_hit(audit),)
    alternatives = license_alternatives(match.spdx)
    denied = ctx.policy.packages.deny_licenses
    usage = ctx.policy.organization.usage
    problems = [
        _problem(alt, denied, usage, ctx.policy.packages.copyleft_check) for alt in alternatives
    ]
    if not problems or any(p == "" for p in problems):
        return ()
    choice = " (under every license offered)" if len(alternatives) > 1 else ""
    level = Level.VIOLATION if any(p.startswith("denied") for p in problems) else Level.CAUTION
    return (
        Hit(
            level=level,
            message=(
                f"Package {ref.name} is licensed {match.spdx}, which is {problems[0]}{choice}; "
                "replace it, get another license, or confirm with counsel that your use does not "
                "trigger it."
            ),
        ),
    )


def _unknown_license_hit(audit: PackageAudit) -> Hit:
    facts = audit.facts
    if facts.source is FactSource.UNRESOLVED and facts.unresolved_reason:
        # Also an audit error (exit code 3); unchecked is still not allowed, as for models.
        return Hit(
            level=Level.CAUTION,
            message=(
                f"The license of package {audit.ref.name} was not checked "
                f"({phrase(facts.unresolved_reason)}); rerun online or install the package."
            ),
        )
    return Hit(
        level=Level.CAUTION,
        message=(
            f"The license of package {audit.ref.name} could not be identified; check its metadata "
            "and add it to the policy's package allow-list once reviewed."
        ),
    )


def _problem(
    symbols: tuple[str, ...], denied: tuple[str, ...], usage: Usage, copyleft: bool
) -> str:
    for symbol in symbols:
        for name in denied:
            if symbol_matches(symbol, name):
                return f"denied by your policy ({name})"
    if copyleft:
        for symbol in symbols:
            if _is_copyleft(symbol, usage):
                return f"copyleft that applies to {usage.value} use"
    return ""


PACKAGE_LICENSE = RuleSpec(
    id="package-license",
    title="Package license not allowed",
    summary=("A dependency's license is denied, copyleft for this usage, or unknown."),
    help=("Replace the package, or confirm with counsel and allow-list it."),
    tags=("license",),
    default=Severity.ERROR,
    package_check=check_package_license,
)
