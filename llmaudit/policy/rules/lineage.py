"""license-conflict: a card that declares other terms than its LICENSE file or its base models."""

from __future__ import annotations

from llmaudit.models import LicenseInfo, LicenseSource, Severity
from llmaudit.policy.rules.base import (
    Hit,
    Level,
    LicenseUse,
    ModelContext,
    RuleSpec,
    commercial_rank,
    describe_use,
)
from llmaudit.policy.rules.licensing import canonical_key

_FREE_CATEGORIES = frozenset({"permissive", "public-domain"})


def check_license_conflict(ctx: ModelContext) -> tuple[Hit, ...]:
    """license-conflict: declared license vs LICENSE file, and vs every base model's license."""
    return _file_conflicts(ctx) + _lineage_conflicts(ctx)


def _file_conflicts(ctx: ModelContext) -> tuple[Hit, ...]:
    evidence = ctx.audit.assessment.evidence
    files = {
        canonical_key(m.key)
        for m in evidence
        if m.source is LicenseSource.LICENSE_FILE and not m.is_unknown
    }
    declared = {
        canonical_key(m.key)
        for m in evidence
        if m.source
        not in (LicenseSource.LICENSE_FILE, LicenseSource.LINEAGE, LicenseSource.CARD_TEXT)
        and not m.is_unknown
    }
    if not files or not declared or files & declared:
        return ()
    return (
        Hit(
            message=(
                f"{ctx.model_id}'s LICENSE file is {', '.join(sorted(files))} but its card declares "
                f"{', '.join(sorted(declared))}; the file shipped with the weights usually governs, so "
                "follow it (or the stricter of the two) and ask the publisher to fix the card."
            )
        ),
    )


def _lineage_conflicts(ctx: ModelContext) -> tuple[Hit, ...]:
    own = ctx.own
    if not own.known or own.info is None:
        return ()
    hits = []
    for ancestor in ctx.ancestors:
        hit = _conflict_with(own.info, ancestor, ctx.model_id)
        if hit is not None:
            hits.append(hit)
    return tuple(hits)


def binds_derivatives(info: LicenseInfo) -> bool:
    """True when a license's terms travel with fine-tunes and merges (not freely relicensable)."""
    return (
        info.flow_down
        or info.copyleft
        or info.share_alike
        or info.no_derivatives
        or commercial_rank(info) > 0
        or info.category not in _FREE_CATEGORIES
    )


def _conflict_with(own: LicenseInfo, ancestor: LicenseUse, model_id: str) -> Hit | None:
    base = ancestor.info
    if base is None or not ancestor.known or base.key.lower() == own.key.lower():
        return None
    if not binds_derivatives(base):
        return None  # permissive base: a derivative may carry other terms
    level = Level.VIOLATION
    if own.family and own.family == base.family and commercial_rank(own) >= commercial_rank(base):
        level = Level.CAUTION  # another version of the same family: terms close, not equal
    return Hit(
        level=level,
        message=(
            f"{model_id} declares {own.name}, but {describe_use(ancestor, model_id)} is under "
            f"{base.name}, whose terms bind derivatives; treat {model_id} as bound by {base.name} "
            "too (the strictest parent wins) and ask the publisher to correct the card."
        ),
    )


LICENSE_CONFLICT = RuleSpec(
    id="license-conflict",
    title="Sources disagree about the license",
    summary=(
        "The LICENSE file or a base model's license differs from the license the card declares."
    ),
    help=(
        "Treat the model as bound by the stricter terms (the base model's license, "
        "or the LICENSE file) and ask the publisher to correct the card."
    ),
    tags=("license",),
    default=Severity.WARNING,
    model_check=check_license_conflict,
)
