"""package-license: a dependency's license the policy denies, that forbids the intended
commercial use, or whose copyleft bites on shipping."""

from __future__ import annotations

import re

from llmaudit.licenses.spdx import expression_symbols
from llmaudit.models import CommercialUse, FactSource, LicenseInfo, PackageAudit, Severity
from llmaudit.policy.document import Purpose, Usage
from llmaudit.policy.lists import find_package_entry, package_version
from llmaudit.policy.rules.base import (
    Hit,
    Level,
    PackageContext,
    RuleSpec,
    commercial_status,
    phrase,
)

# Network copyleft reaches users of a hosted service (AGPL-3.0 §13); plain copyleft binds on
# distribution of copies (GPL-3.0 §6).
_NETWORK_COPYLEFT = ("AGPL-", "SSPL-")
# A family name ("BSD License", "GNU GPL") leaves the member open, but every member is an
# open-source license: commercial use is not what is in doubt.
_FAMILIES_OF_OPEN_LICENSES = frozenset({"permissive", "copyleft", "weak-copyleft"})
_COPYLEFT = ("GPL-", *_NETWORK_COPYLEFT)


def license_alternatives(expression: str) -> tuple[tuple[str, ...], ...]:
    """Alternatives a user may pick from (`A OR B`); each is the symbols that then all apply."""
    text = expression.strip()
    if not text:
        return ()
    if "(" in text:  # nested choices: be conservative, every symbol applies
        return (expression_symbols(text),)
    parts = re.split(r"\s+OR\s+", text, flags=re.IGNORECASE)
    return tuple(expression_symbols(part) for part in parts)


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
    terms = {t.symbol: t.info for t in audit.license_terms}
    problems = [_problem(alt, terms, ctx) for alt in alternatives]
    if not problems or any(p is None for p in problems):
        return ()
    found = [p for p in problems if p is not None]
    choice = " (under every license offered)" if len(alternatives) > 1 else ""
    level = max((lv for lv, _ in found), key=_LEVEL_ORDER.index)
    return (
        Hit(
            level=level,
            message=(
                f"Package {ref.name} is licensed {match.spdx}, which is {found[0][1]}{choice}; "
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
            level=Level.UNCHECKED,
            message=(
                f"The license of package {audit.ref.name} was not checked "
                f"({phrase(facts.unresolved_reason)}); rerun online or install the package."
            ),
        )
    return Hit(
        level=Level.UNCHECKED,
        message=(
            f"The license of package {audit.ref.name} could not be identified; check its metadata "
            "and add it to the policy's package allow-list once reviewed."
        ),
    )


# the strongest level of an expression's problems decides
_LEVEL_ORDER = (Level.NOTE, Level.CAUTION, Level.UNCHECKED, Level.VIOLATION)


def _problem(
    symbols: tuple[str, ...], terms: dict[str, LicenseInfo | None], ctx: PackageContext
) -> tuple[Level, str] | None:
    """Why this alternative of the expression is not fine for the policy, or None."""
    packages = ctx.policy.packages
    usage = ctx.policy.organization.usage
    for symbol in symbols:
        for name in packages.deny_licenses:
            if symbol_matches(symbol, name):
                return Level.VIOLATION, f"denied by your policy ({name})"
    for symbol in symbols:
        problem = _commercial_problem(symbol, terms.get(symbol), ctx.policy.organization.purpose)
        if problem is not None:
            return problem
    if packages.copyleft_check:
        for symbol in symbols:
            if _is_copyleft(symbol, usage):
                return Level.CAUTION, f"copyleft that applies to {usage.value} use"
    return None


def _commercial_problem(
    symbol: str, info: LicenseInfo | None, purpose: Purpose
) -> tuple[Level, str] | None:
    """A license that forbids commercial use, or whose terms nobody has judged."""
    if purpose is Purpose.RESEARCH:
        return None
    if info is None:
        return Level.UNCHECKED, f"a license llmaudit does not know ({symbol})"
    status = commercial_status(info)
    note = f": {phrase(info.commercial_note)}" if info.commercial_note else ""
    if status is CommercialUse.PROHIBITED:
        level = Level.VIOLATION if purpose is Purpose.COMMERCIAL else Level.CAUTION
        return level, f"not for commercial use ({symbol}{note})"
    if status is CommercialUse.UNKNOWN and info.category not in _FAMILIES_OF_OPEN_LICENSES:
        return Level.CAUTION, f"under terms that may limit commercial use ({symbol}{note})"
    return None


PACKAGE_LICENSE = RuleSpec(
    id="package-license",
    title="Package license not allowed",
    summary=(
        "A dependency's license is denied, not for commercial use, copyleft for this usage, "
        "or unknown."
    ),
    help=("Replace the package, or confirm with counsel and allow-list it."),
    tags=("license",),
    default=Severity.ERROR,
    package_check=check_package_license,
)
