"""Rules about commercial use and its conditions: thresholds, outputs, attribution, datasets."""

from __future__ import annotations

import re

from llmaudit.lazy_regex import lazy_compile
from llmaudit.licenses.obligations import clause_for
from llmaudit.models import CommercialUse, Severity, Threshold
from llmaudit.policy.document import OrgProfile, Purpose, Usage
from llmaudit.policy.rules.base import (
    LICENSE_FILE_RELATION,
    Hit,
    Level,
    LicenseUse,
    ModelContext,
    RuleSpec,
    clause_suffix,
    commercial_status,
    describe_use,
    phrase,
)

_METRIC_LABELS = {
    "monthly_active_users": "monthly active users",
    "annual_revenue_usd": "annual revenue (USD)",
    "monthly_revenue_usd": "monthly revenue (USD)",
}


def check_commercial_use(ctx: ModelContext) -> tuple[Hit, ...]:
    """commercial-use: a governing license (own or inherited) does not allow the intended use."""
    purpose = ctx.policy.organization.purpose
    hits = []
    noted: set[str] = set()
    for use in ctx.licenses:
        if not use.known or use.info is None:
            continue  # license-unknown reports it
        status = commercial_status(use.info)
        if status is CommercialUse.CONDITIONAL and use.info.key in noted:
            continue  # one note per conditional license is enough
        noted.add(use.info.key)
        who = describe_use(use, ctx.model_id)
        note = f": {phrase(use.info.commercial_note)}" if use.info.commercial_note else ""
        if status is CommercialUse.PROHIBITED:
            hits.append(_prohibited_hit(who, use, note, purpose))
        elif status is CommercialUse.UNKNOWN:
            level = Level.VIOLATION if purpose is Purpose.COMMERCIAL else Level.CAUTION
            hits.append(
                Hit(
                    level=level,
                    message=(
                        f"{who} is under {use.label}, whose terms for commercial use are unclear{note}; "
                        "have counsel confirm them before any commercial use."
                    ),
                )
            )
        elif status is CommercialUse.CONDITIONAL and purpose is Purpose.COMMERCIAL:
            hits.append(
                Hit(
                    level=Level.NOTE,
                    message=(
                        f"{who} is under {use.label}, which allows commercial use on conditions{note}; "
                        "meet the obligations listed for it."
                    ),
                )
            )
        hits.extend(_restricted_usage_hit(who, use, ctx.policy.organization.usage))
    hits.extend(_no_derivatives_hits(ctx))
    hits.extend(_gate_terms_hit(ctx, purpose))
    hits.extend(_card_text_terms_hit(ctx, purpose))
    return tuple(hits)


def _card_text_terms_hit(ctx: ModelContext, purpose: Purpose) -> tuple[Hit, ...]:
    """The card's prose takes commercial use away ("## License: This library is licensed under
    the CC BY NC License") while its license metadata allows it: a reviewer reading the card
    would not call it allowed, so the stricter reading binds until the publisher says which
    applies."""
    text = ctx.audit.facts.declaration.card_text
    if not text or purpose is Purpose.RESEARCH:
        return ()
    own = [u for u in ctx.licenses if u.depth == 0 and u.known]
    if any(commercial_status(u.info) is CommercialUse.PROHIBITED for u in own):
        return ()  # the license itself already takes commercial use away
    restriction = find_card_text_restriction(text)
    if not restriction:
        return ()
    return _restriction_hit(
        purpose,
        f"{ctx.model_id}'s model card says {restriction!r} about its use, which takes "
        "commercial use away whatever its license metadata says; have the card read and "
        "ask the publisher which terms apply (then record a waiver or an allow-list entry).",
    )


# "for commercial and non-commercial purposes" grants both; the restriction pattern already
# skips "commercial or/and non-commercial", and these are the same grant the other way round.
_BOTH_USES = lazy_compile(r"\bnon ?commercial (?:and|or|as well as|&) commercial\b")
# The same restrictions in Chinese, Japanese and Korean cards: "不得用于商业用途" (must not be
# used commercially), "仅供学术研究使用" (for academic research only), "商用利用禁止" (commercial
# use prohibited), "非営利" (non-profit only), "상업적 이용 금지". Grants ("可以...商业...使用",
# "商用利用可能") have no prohibition word next to the commercial one.
_CJK_RESTRICTION = lazy_compile(
    r"(?:禁止|不得|不可|不能|严禁|嚴禁|请勿|請勿|勿)[^。\uff1b;\uff0c,\n]{0,8}?(?:商用|商业|商業)"
    r"|(?:商用|商业|商業)(?:利用|使用|用途|目的)?(?:は|を)?(?:禁止|不可|できません|禁じ)"
    r"|非(?:商用|商业|商業|営利)"
    r"|(?:仅|僅)(?:供|限|用于|用於)[^。\uff1b;\uff0c,\n]{0,6}?(?:研究|学术|學術|科研)"
    r"|研究目的(?:に)?(?:のみ|限定|に限り|に限る)"
    r"|비\s*영리|비\s*상업"
    r"|상업적\s*(?:이용|사용)[^.\n]{0,10}?(?:금지|불가)"
)


def find_card_text_restriction(text: str) -> str:
    """A sentence of the card's license passages that takes commercial use away ("" when none),
    with the phrase that does."""
    from llmaudit.licenses.combined import find_use_restriction
    from llmaudit.licenses.normalize import tokenize_text

    for line in text.splitlines():
        words = _BOTH_USES.sub("both uses", " ".join(tokenize_text(line).tokens))
        restriction = find_use_restriction(words.split())
        if not restriction:
            found = _CJK_RESTRICTION.search(line)
            restriction = found.group(0) if found else ""
        if restriction:
            return _quote(line, restriction)
    return ""


def _quote(line: str, restriction: str) -> str:
    """The card's own words, shortened, for the message (the phrase if the line is long)."""
    plain = " ".join(re.sub(r"[*_`#>|]+|\]\([^)]*\)|\[", " ", line).split())
    return plain if len(plain) <= 160 else restriction


def _gate_terms_hit(ctx: ModelContext, purpose: Purpose) -> tuple[Hit, ...]:
    """The Hub gate makes every user agree to its prompt, its description and the boxes it
    asks them to tick ("I agree to use this model for non-commercial use ONLY"): words there
    that take commercial use away bind whatever the card's license says."""
    gate = ctx.audit.facts.gate
    said = "\n".join((gate.prompt, gate.description, *gate.fields)).strip()
    if not said or purpose is Purpose.RESEARCH:
        return ()
    from llmaudit.licenses.combined import find_use_restriction
    from llmaudit.licenses.normalize import tokenize_text

    words = _BOTH_USES.sub("both uses", " ".join(tokenize_text(said).tokens))
    restriction = find_use_restriction(words.split())
    if not restriction:
        return ()
    return _restriction_hit(
        purpose,
        f"To download {ctx.model_id}, the Hub gate makes you agree to terms that take "
        f"commercial use away ({restriction!r}), whatever its card's license says; use "
        "another model or get the publisher's written permission.",
    )


def _restriction_hit(purpose: Purpose, message: str) -> tuple[Hit, ...]:
    """A restriction on commercial use found outside the license: a violation for a
    commercial product, a caution for any other purpose that reached the check."""
    level = Level.VIOLATION if purpose is Purpose.COMMERCIAL else Level.CAUTION
    return (Hit(level=level, message=message),)


def _no_derivatives_hits(ctx: ModelContext) -> tuple[Hit, ...]:
    """A fine-tune, adapter, merge or quantization of a model under no-derivatives terms (CC
    BY-ND) is adapted material, which those terms let no one share: shipping it (usage
    distributed or on-device) is not allowed whatever its own card says; a hosted service
    does not hand out the weights, so it is a caution. Internal use is allowed."""
    usage = ctx.policy.organization.usage
    if usage is Usage.INTERNAL:
        return ()
    level = Level.VIOLATION if usage.distributes else Level.CAUTION
    hits = []
    for use in ctx.ancestors:
        if use.info is None or not use.info.no_derivatives:
            continue
        clause = clause_suffix(clause_for(use.info, "no_derivatives"))
        hits.append(
            Hit(
                level=level,
                message=(
                    f"{ctx.model_id} is derived from {use.model_id} (depth {use.depth}), which is "
                    f"under {use.label}: adapted material may not be shared{clause}, so {usage.value} "
                    f"use of {ctx.model_id} is not allowed; use the base model as it is, or get the "
                    "licensor's permission to share an adaptation."
                ),
            )
        )
    return tuple(hits)


def _restricted_usage_hit(who: str, use: LicenseUse, usage: Usage) -> tuple[Hit, ...]:
    """A usage the license grants only in part (Falcon 180B: no Hosting Use without a
    separate license): a caution, since only some forms of that usage are restricted."""
    if use.info is None or usage.value not in use.info.restricted_usages:
        return ()
    detail = (
        phrase(use.info.restricted_usage_note)
        if use.info.restricted_usage_note
        else ("part of it needs a separate license")
    )
    return (
        Hit(
            level=Level.CAUTION,
            message=(
                f"{who} is under {use.label}, which restricts {usage.value} use: {detail}; confirm "
                "your service is not the restricted kind or get that license."
            ),
        ),
    )


def _prohibited_hit(who: str, use: LicenseUse, note: str, purpose: Purpose) -> Hit:
    inherit = (
        "a fine-tune or merge inherits this whatever its own card says, so " if use.depth else ""
    )
    if purpose is Purpose.COMMERCIAL:
        return Hit(
            message=(
                f"{who} is under {use.label}, which does not allow commercial use{note}; {inherit}"
                "use another model or get a commercial license from the licensor."
            )
        )
    if purpose is Purpose.RESEARCH:
        return Hit(
            level=Level.NOTE,
            message=(
                f"{who} is under {use.label}, which allows only non-commercial use; fine for "
                "research, but it must not reach a product."
            ),
        )
    return Hit(
        level=Level.CAUTION,
        message=(
            f"{who} is under {use.label}, which does not allow commercial use{note}; fine for "
            "non-commercial research only (set organization.purpose to make this a pass or a fail)."
        ),
    )


def check_threshold(ctx: ModelContext) -> tuple[Hit, ...]:
    """threshold: the organization's declared scale exceeds a license's usage ceiling."""
    hits = []
    for use in ctx.licenses:
        if use.info is None:
            continue
        for threshold in use.info.thresholds:
            hit = _threshold_hit(threshold, use, ctx)
            if hit is not None:
                hits.append(hit)
    return tuple(hits)


_REVENUE_METRICS = frozenset({"annual_revenue_usd", "monthly_revenue_usd"})


def _threshold_hit(threshold: Threshold, use: LicenseUse, ctx: ModelContext) -> Hit | None:
    label = _METRIC_LABELS.get(threshold.metric, threshold.metric.replace("_", " "))
    value = profile_metric(ctx.policy.organization, threshold.metric)
    where = f"{use.label}{clause_suffix(threshold.clause)}"
    if value is None:
        # A revenue ceiling (Stability AI: US$1M a year) binds ordinary companies, so an
        # undeclared revenue is a caution; user ceilings (>= 100M MAU) bind only the largest
        # platforms and stay a note.
        level = Level.CAUTION if threshold.metric in _REVENUE_METRICS else Level.NOTE
        return Hit(
            level=level,
            message=(
                f"{where} sets a limit of {threshold.limit:,.0f} {label} "
                f"({phrase(threshold.consequence)}); declare your scale in the policy's organization "
                "profile so llmaudit can check it."
            ),
        )
    if not exceeds(value, threshold):
        return None
    return Hit(
        message=(
            f"Your organization's declared scale ({label}: {value:,.0f}) is above the "
            f"{threshold.limit:,.0f} "
            f"limit of {where}, where the license says: {phrase(threshold.consequence)}; settle "
            f"this with the licensor before shipping {ctx.model_id}."
        )
    )


def profile_metric(profile: OrgProfile, metric: str) -> float | None:
    """The organization's value for a threshold metric, or None when not declared."""
    if metric == "monthly_active_users":
        return profile.monthly_active_users
    if metric == "annual_revenue_usd":
        return profile.annual_revenue_usd
    if metric == "monthly_revenue_usd" and profile.annual_revenue_usd is not None:
        return profile.annual_revenue_usd / 12
    return None


def exceeds(value: float, threshold: Threshold) -> bool:
    """User caps read "greater than" (Llama §2); revenue caps read "less than" (Stability)."""
    if "revenue" in threshold.metric:
        return value >= threshold.limit
    return value > threshold.limit


def check_output_restriction(ctx: ModelContext) -> tuple[Hit, ...]:
    """output-restriction: a governing license limits what outputs may be used for."""
    hits = []
    seen: set[str] = set()
    for use in ctx.licenses:
        if use.info is None or use.info.key in seen or not use.info.output_restrictions:
            continue
        seen.add(use.info.key)
        restrictions = "; ".join(phrase(r) for r in use.info.output_restrictions)
        hits.append(
            Hit(
                message=(
                    f"{use.label}{_governing(use, ctx.model_id)} restricts outputs: "
                    f"{restrictions}; make sure no pipeline uses the outputs that way."
                )
            )
        )
    return tuple(hits)


def _governing(use: LicenseUse, model_id: str) -> str:
    """` (governing its base model X)`; nothing when it is the model's own license."""
    if use.depth == 0 and use.relation != LICENSE_FILE_RELATION:
        return ""
    return f" (governing {describe_use(use, model_id)})"


def check_attribution(ctx: ModelContext) -> tuple[Hit, ...]:
    """attribution: shipping the model (or a product built on it) carries notice duties."""
    usage = ctx.policy.organization.usage
    hits = []
    seen: set[str] = set()
    for use in ctx.licenses:
        info = use.info
        if info is None or info.key in seen:
            continue
        seen.add(info.key)
        duties = [*(f"display “{text}”" for text in info.attribution)]
        if info.notice:
            duties.append("ship its NOTICE text")
        if info.naming_prefix:
            duties.append(f"start derived model names with “{info.naming_prefix}”")
        if not duties:
            continue
        level = Level.VIOLATION if usage.distributes or usage is Usage.SAAS else Level.NOTE
        when = "" if level is Level.VIOLATION else " when you distribute it or offer it to others"
        hits.append(
            Hit(
                level=level,
                message=(
                    f"{info.name}{_governing(use, ctx.model_id)} requires you to "
                    f"{', '.join(duties)}{when}; add this to your product notices "
                    "(`-o notice=NOTICE` writes them)."
                ),
            )
        )
    return tuple(hits)


def check_dataset_license(ctx: ModelContext) -> tuple[Hit, ...]:
    """dataset-license: a training dataset's license is non-commercial or unknown."""
    purpose = ctx.policy.organization.purpose
    hits = []
    for dataset in ctx.audit.facts.datasets:
        known = [
            d.info
            for d in ctx.audit.dataset_licenses
            if d.dataset_id == dataset.id and d.info is not None
        ]
        if not known:
            declared = ", ".join(dataset.license) or "none declared"
            hits.append(
                Hit(
                    level=Level.NOTE,
                    message=(
                        f"{ctx.model_id} was trained on {dataset.id}, whose license is unknown "
                        f"({declared}); check it if your policy inherits dataset terms."
                    ),
                )
            )
            continue
        blocked = [i for i in known if commercial_status(i) is CommercialUse.PROHIBITED]
        if blocked and purpose is not Purpose.RESEARCH:
            level = Level.VIOLATION if ctx.policy.inherit_dataset_obligations else Level.CAUTION
            hits.append(
                Hit(
                    level=level,
                    message=(
                        f"{ctx.model_id} was trained on {dataset.id} under {blocked[0].name}, which "
                        "does not allow commercial use; whether that binds the model is unsettled, so "
                        "have counsel review it before commercial use."
                    ),
                )
            )
    return tuple(hits)


COMMERCIAL_USE = RuleSpec(
    id="commercial-use",
    title="License does not allow the intended commercial use",
    summary=("A governing license does not allow (or is unclear about) commercial use."),
    help=(
        "Use another model, buy a commercial license from the licensor (then waive "
        "or allow-list it), or, for real non-commercial research, use the "
        "`research` policy."
    ),
    tags=("license",),
    default=Severity.ERROR,
    model_check=check_commercial_use,
)

THRESHOLD = RuleSpec(
    id="threshold",
    title="Usage threshold needs a separate license",
    summary=(
        "Declared users or revenue exceed a license's ceiling, or the scale a "
        "ceiling needs is not declared."
    ),
    help=(
        "Request the separate license the clause names before shipping, or declare "
        "`monthly_active_users` / `annual_revenue_usd` in the policy's organization "
        "profile."
    ),
    tags=("license",),
    default=Severity.ERROR,
    model_check=check_threshold,
)

OUTPUT_RESTRICTION = RuleSpec(
    id="output-restriction",
    title="License restricts use of model outputs",
    summary=("A governing license restricts what outputs may be used for."),
    help=("Make sure no pipeline (distillation, synthetic data) uses outputs that way."),
    tags=("license",),
    default=Severity.WARNING,
    model_check=check_output_restriction,
)

ATTRIBUTION = RuleSpec(
    id="attribution",
    title="Attribution, notice or naming duty",
    summary=(
        "A governing license requires attribution, a NOTICE text or a naming prefix when shipping."
    ),
    help=("Add the texts to your product notices (`llmaudit scan --format notice` writes them)."),
    tags=("license",),
    default=Severity.INFO,
    model_check=check_attribution,
)

DATASET_LICENSE = RuleSpec(
    id="dataset-license",
    title="Training data license",
    summary=("A training dataset's license is non-commercial or unknown."),
    help=("Have counsel review whether the dataset's terms reach the model."),
    tags=("license",),
    default=Severity.WARNING,
    model_check=check_dataset_license,
)
