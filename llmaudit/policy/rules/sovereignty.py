"""Rules about where a license may be used, which law governs it and who publishes the model."""

from __future__ import annotations

from llmaudit.models import GeoRestriction, GoverningLaw, Modality, ModelFacts, Severity
from llmaudit.policy.jurisdictions import covered_by_any, normalize_region
from llmaudit.policy.publishers import country_of, publisher_of
from llmaudit.policy.rules.base import Hit, Level, LicenseUse, ModelContext, RuleSpec, clause_suffix

# Which model modalities each clause scope covers ("multimodal models" in the Llama 3.2 / 4
# AUP: anything beyond text-only).
_SCOPE_MODALITIES: dict[str, frozenset[Modality]] = {
    "multimodal": frozenset({Modality.VISION, Modality.AUDIO, Modality.MULTIMODAL}),
    "vision": frozenset({Modality.VISION, Modality.MULTIMODAL}),
    "audio": frozenset({Modality.AUDIO, Modality.MULTIMODAL}),
    "text": frozenset({Modality.TEXT, Modality.MULTIMODAL}),
}


def scope_applies(scope: str, modality: Modality) -> bool | None:
    """Whether a geographic clause's scope covers a model; None when that cannot be told."""
    name = scope.strip().lower()
    if name in ("", "all"):
        return True
    covered = _SCOPE_MODALITIES.get(name)
    if covered is None or modality is Modality.UNKNOWN:
        return None  # never assume a clause does not apply
    return modality in covered


def check_geographic_restriction(ctx: ModelContext) -> tuple[Hit, ...]:
    """geographic-restriction: a license excludes licensees in the organization's jurisdiction."""
    hits = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for use in ctx.licenses:
        if use.info is None:
            continue
        for geo in use.info.geographic:
            key = (use.info.key, geo.scope, geo.regions)
            if key in seen:
                continue
            seen.add(key)
            hit = _geo_hit(geo, use, ctx)
            if hit is not None:
                hits.append(hit)
    return tuple(hits) + _eu_gate_hits(ctx)


# The Hub's `extra_gated_eu_disallowed: true` refuses access requests from users in the EU.
_EU_GATE_REGIONS = ("EU",)


def _eu_gate_hits(ctx: ModelContext) -> tuple[Hit, ...]:
    """The Hub gate of the model or an ancestor refuses EU users (extra_gated_eu_disallowed)."""
    jurisdiction = ctx.policy.organization.jurisdiction
    hits = []
    for whose, facts in _self_and_ancestors(ctx.audit.facts, ctx.model_id):
        if not facts.gate.eu_disallowed:
            continue
        said = (
            f"{whose} is gated on the Hub with extra_gated_eu_disallowed: true, so the Hub "
            "refuses access to users in the EU"
        )
        if jurisdiction is None:
            hits.append(
                Hit(
                    level=Level.NOTE,
                    message=(
                        f"{said}; set organization.jurisdiction in your policy so llmaudit can check it."
                    ),
                )
            )
        elif covered_by_any(_EU_GATE_REGIONS, jurisdiction):
            # A base's gate binds its own download; a derivative hosted elsewhere is not
            # gated, but the publisher's refusal to offer the base in the EU is a warning sign.
            level = Level.VIOLATION if facts is ctx.audit.facts else Level.CAUTION
            hits.append(
                Hit(
                    level=level,
                    message=(
                        f"{said}, and your organization is in {jurisdiction}: the publisher does not "
                        f"offer {ctx.model_id} there; pick a model offered in the EU."
                    ),
                )
            )
    return tuple(hits)


def _self_and_ancestors(facts: ModelFacts, model_id: str) -> list[tuple[str, ModelFacts]]:
    found: list[tuple[str, ModelFacts]] = []
    seen: set[str] = set()
    queue = [facts]
    while queue:
        current = queue.pop(0)
        if current.id.casefold() in seen:
            continue
        seen.add(current.id.casefold())
        found.append(
            (model_id if current is facts else f"{model_id}'s base model {current.id}", current)
        )
        queue.extend(current.ancestors)
    return found


def _geo_hit(geo: GeoRestriction, use: LicenseUse, ctx: ModelContext) -> Hit | None:
    applies = scope_applies(geo.scope, ctx.modality)
    if applies is False:
        return None
    jurisdiction = ctx.policy.organization.jurisdiction
    regions = ", ".join(geo.regions)
    scope = "" if geo.scope in ("", "all") else f" for {geo.scope} models"
    source = f"{use.label}{clause_suffix(geo.clause)}"
    if jurisdiction is None:
        return Hit(
            level=Level.NOTE,
            message=(
                f"{source} grants no rights to {geo.applies_to}s in {regions}{scope}; set "
                "organization.jurisdiction in your policy so llmaudit can check it."
            ),
        )
    if not covered_by_any(geo.regions, jurisdiction):
        return None
    if applies is None:
        return Hit(
            level=Level.CAUTION,
            message=(
                f"{source} grants no rights to {geo.applies_to}s in {regions}{scope}, your "
                f"organization is in {jurisdiction}, and the modality of {ctx.model_id} is unknown; "
                "confirm it is text-only before use."
            ),
        )
    return Hit(
        message=(
            f"{source} grants no rights to {geo.applies_to}s in {regions}{scope}, and your "
            f"organization is in {jurisdiction}, so it may not use {ctx.model_id}; pick a model "
            "without this exclusion."
        )
    )


def check_governing_law(ctx: ModelContext) -> tuple[Hit, ...]:
    """governing-law: a license's law or courts lie outside the allowed jurisdictions."""
    allowed = ctx.policy.governing_law_allowed
    if not allowed:
        return ()
    hits = []
    seen: set[str] = set()
    for use in ctx.licenses:
        law = use.info.governing_law if use.info else None
        if use.info is None or law is None or use.info.key in seen:
            continue
        seen.add(use.info.key)
        hit = _law_hit(law, use, ctx.model_id, allowed)
        if hit is not None:
            hits.append(hit)
    return tuple(hits)


def _law_hit(
    law: GoverningLaw, use: LicenseUse, model_id: str, allowed: tuple[str, ...]
) -> Hit | None:
    country = normalize_region(law.country) or normalize_region(law.region)
    where = ", ".join(p for p in (law.region, law.country) if p)
    place = " and ".join(p for p in (where and f"the law of {where}", law.venue) if p)
    if country is None:
        if not place:
            return None
        return Hit(
            level=Level.CAUTION,
            message=(
                f"{use.label} governing {model_id} names {place} as its law and venue, which "
                f"llmaudit cannot place; confirm it is within {', '.join(allowed)}."
            ),
        )
    if covered_by_any(allowed, country):
        return None
    return Hit(
        message=(
            f"{use.label} governing {model_id} chooses {place}{clause_suffix(law.clause)}, outside "
            f"your allowed jurisdictions ({', '.join(allowed)}); have counsel accept that venue or "
            "choose another model."
        )
    )


def check_publisher(ctx: ModelContext) -> tuple[Hit, ...]:
    """publisher: the model or a base model comes from a denied org or publisher country."""
    rules = ctx.policy.publishers
    if not (rules.allow or rules.deny or rules.deny_countries):
        return ()
    hits = []
    for use in ctx.licenses:
        declared = ctx.audit.facts.publisher if use.depth == 0 else None
        publisher = publisher_of(use.model_id, declared)
        problem = _publisher_problem(publisher, ctx)
        if problem:
            whose = (
                ctx.model_id if use.depth == 0 else f"{ctx.model_id}'s base model {use.model_id}"
            )
            hits.append(
                Hit(
                    message=(
                        f"{whose} is published by {publisher or 'an unknown publisher'}, {problem}; "
                        "replace it with a model from an allowed publisher or add a waiver."
                    )
                )
            )
    return tuple(hits)


def _publisher_problem(publisher: str, ctx: ModelContext) -> str:
    rules = ctx.policy.publishers
    folded = publisher.casefold()
    if any(folded == d.casefold() for d in rules.deny):
        return "which your policy denies"
    if rules.allow and not any(folded == a.casefold() for a in rules.allow):
        return "which is not on your policy's publisher allow-list"
    if rules.deny_countries:
        country = country_of(publisher, rules.countries)
        if country is not None and covered_by_any(rules.deny_countries, country):
            return f"based in {country}, a country your policy denies"
    return ""


GEOGRAPHIC_RESTRICTION = RuleSpec(
    id="geographic-restriction",
    title="License excludes a region the policy serves",
    summary=(
        "A governing license grants no rights to licensees in the organization's jurisdiction."
    ),
    help=(
        "Choose a model without the exclusion (e.g. a text-only variant, or one the "
        "Hub offers in the EU), or check where the product is offered."
    ),
    tags=("license",),
    default=Severity.ERROR,
    model_check=check_geographic_restriction,
)

GOVERNING_LAW = RuleSpec(
    id="governing-law",
    title="Governing law or venue outside the policy",
    summary=(
        "A governing license chooses a law or courts outside the policy's allowed jurisdictions."
    ),
    help=("Have counsel accept the venue, or choose another model."),
    tags=("license",),
    default=Severity.WARNING,
    model_check=check_governing_law,
)

PUBLISHER = RuleSpec(
    id="publisher",
    title="Publisher not allowed by the policy",
    summary=("The (base) model's publisher or its country is denied or not allowed."),
    help=("Replace the model, or waive it with a reason."),
    tags=("supply-chain",),
    default=Severity.ERROR,
    model_check=check_publisher,
)
