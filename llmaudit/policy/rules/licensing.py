"""Rules about whether a model's license is known and consistently declared."""

from __future__ import annotations

from llmaudit.licenses.classify import unknown_file_path, unread_license_page
from llmaudit.models import (
    CARD_TEXT_ORIGIN,
    FactSource,
    LicenseMatch,
    LicenseSource,
    MetadataProblem,
    ModelFacts,
    Severity,
)
from llmaudit.policy.rules.base import (
    Hit,
    Level,
    ModelContext,
    RuleSpec,
    declared_in_card,
    describe_use,
    phrase,
    unknown_name_beside_declared_id,
)

_CARD_SOURCES = frozenset(
    {
        LicenseSource.CARD,
        LicenseSource.TAG,
        LicenseSource.LICENSE_NAME,
        LicenseSource.LICENSE_LINK,
    }
)


def check_license_unknown(ctx: ModelContext) -> tuple[Hit, ...]:
    """license-unknown: the model's or an ancestor's license could not be identified."""
    hits = []
    for use in ctx.licenses:
        if use.known:
            continue
        if use.depth == 0 and use.match.source is LicenseSource.LICENSE_FILE:
            hits.append(
                Hit(
                    message=(
                        f"{ctx.model_id} ships {unknown_file_path(use.match)}, whose text is not a license "
                        f"llmaudit knows, next to {ctx.own.label} in its card; the file that travels with "
                        "the weights may be the real, stricter license, so have it read (then record a "
                        "waiver or an allow-list entry)."
                    )
                )
            )
        elif use.depth == 0 and use.relation:
            hits.append(
                Hit(
                    message=(
                        f"{describe_use(use, ctx.model_id)} names {_declared_value(use.match)!r}, a "
                        f"license llmaudit does not know, next to {ctx.own.label}; the stricter reading "
                        "binds until the publisher says which applies, so have that license reviewed."
                    )
                )
            )
        elif use.depth == 0:
            if ctx.audit.facts.source is FactSource.UNRESOLVED:
                # Unknown because unfetched is still unknown: the verdict must not read as
                # "review"; the exit code (3) tells CI that nothing could be checked.
                hits.append(
                    Hit(
                        message=(
                            f"The license of {ctx.model_id} is unknown because its facts could not be "
                            "fetched; it is not allowed until its license has been checked."
                        )
                    )
                )
                continue
            said = _evidence_summary(ctx.audit.assessment.evidence, ctx.audit.facts)
            hits.append(
                Hit(
                    message=(
                        f"No known license could be identified for {ctx.model_id}{said}; unknown terms "
                        "are not permission, so find the license on the model page and have it reviewed "
                        "before use (then record a waiver or an allow-list entry)."
                    )
                )
            )
        elif not use.resolved and use.named_by == CARD_TEXT_ORIGIN:
            hits.append(
                Hit(
                    level=Level.UNCHECKED,
                    message=(
                        f"{ctx.model_id}'s card text says it was made from {use.model_id}, whose "
                        "facts could not be fetched, so the terms it inherits from that model are "
                        "unchecked; check that model's license (rerun online) before relying on "
                        "this verdict."
                    ),
                )
            )
        else:
            why = "" if use.resolved else " (its facts could not be fetched)"
            hits.append(
                Hit(
                    message=(
                        f"The license of {describe_use(use, ctx.model_id)} is unknown{why}, so the terms "
                        f"{ctx.model_id} inherits from it are unknown; check that base model's license."
                    )
                )
            )
    return tuple(hits)


def _evidence_summary(evidence: tuple[LicenseMatch, ...], facts: ModelFacts) -> str:
    said = sorted({e.evidence or e.key for e in evidence if e.evidence or e.key})
    unreadable = [
        f"{p.field}: {p.read}"
        for p in facts.metadata_problems
        if p.field in ("card license", "card license_name", "card license_link")
    ]
    if unreadable:
        said = [*said, *(f"{u} (not text)" for u in unreadable)]
    if not said:
        return " (no license is declared anywhere)"
    return f" (declared: {', '.join(repr(s) for s in said[:3])})"


def check_card_mismatch(ctx: ModelContext) -> tuple[Hit, ...]:
    """card-mismatch: the card's own license fields (license, tags, name, link) disagree."""
    keys: dict[str, list[str]] = {}
    chosen = ctx.audit.assessment.license
    for match in ctx.audit.assessment.evidence:
        if match.source in _CARD_SOURCES and not match.is_unknown:
            keys.setdefault(canonical_key(match.key), []).append(match.source.value)
        elif unknown_name_beside_declared_id(match, chosen):
            unknown = f"{_declared_value(match)!r} (not in the knowledge base)"
            keys.setdefault(unknown, []).append(match.source.value)
        elif (page := unread_license_page(match)) is not None and declared_in_card(chosen):
            keys.setdefault(f"{page} (a page llmaudit does not know and did not read)", []).append(
                match.source.value
            )
    if len(keys) < 2:
        return ()
    said = "; ".join(
        f"{', '.join(sorted(set(sources)))} say {key}" for key, sources in sorted(keys.items())
    )
    return (
        Hit(
            message=(
                f"The model card of {ctx.model_id} contradicts itself ({said}); ask the publisher which "
                "license applies and treat the strictest one as binding until then."
            )
        ),
    )


def check_resolve_error(ctx: ModelContext) -> tuple[Hit, ...]:
    """resolve-error: the model's facts could not be fetched, so nothing was checked."""
    facts = ctx.audit.facts
    if facts.source is not FactSource.UNRESOLVED:
        return ()
    reason = phrase(facts.unresolved_reason or "no reason given")
    return (
        Hit(
            message=(
                f"Facts for {ctx.model_id} could not be fetched ({reason}), so its license and safety "
                "were not checked; rerun online, fix the id, or pin a revision that exists."
            )
        ),
    )


def check_malformed_metadata(ctx: ModelContext) -> tuple[Hit, ...]:
    """malformed-metadata: a card field or lineage file of the model or an ancestor could not
    be read as what it should be, so a license or a base model may be hidden."""
    hits = []
    for whose, problem in _problems_in_lineage(ctx.audit.facts, ctx.model_id):
        hits.append(
            Hit(
                message=(
                    f"{whose} {problem.field} {problem.problem} (read: {problem.read!r}); fix the "
                    "metadata or check the license by hand before relying on this verdict."
                )
            )
        )
    return tuple(hits)


def _problems_in_lineage(
    facts: ModelFacts, model_id: str
) -> tuple[tuple[str, MetadataProblem], ...]:
    """(who, problem) for the model and each ancestor once, breadth-first."""
    found: list[tuple[str, MetadataProblem]] = []
    seen: set[str] = set()
    queue = [(facts, 0)]
    while queue:
        current, depth = queue.pop(0)
        if current.id.casefold() in seen:
            continue
        seen.add(current.id.casefold())
        whose = f"{model_id}'s" if depth == 0 else f"{model_id}'s base model {current.id}'s"
        found.extend((whose, p) for p in current.metadata_problems)
        queue.extend((a, depth + 1) for a in current.ancestors)
    return tuple(found)


def _declared_value(match: LicenseMatch) -> str:
    """The value a signal declared, without its `source: ` label."""
    return match.evidence.removeprefix(f"{match.source.value}: ").strip() or match.key


def canonical_key(key: str) -> str:
    """A license key as the knowledge base spells it (keys are lower-case, matched exactly)."""
    return key.strip().lower()


LICENSE_UNKNOWN = RuleSpec(
    id="license-unknown",
    title="Model license could not be identified",
    summary=("The model's or a base model's license could not be identified."),
    help=(
        "Unknown is never treated as permissive: find the license on the model page "
        "or in its repository, have it reviewed, then record a waiver (with an "
        "expiry) or an allow-list entry pinned to the reviewed revision."
    ),
    tags=("license",),
    default=Severity.ERROR,
    model_check=check_license_unknown,
)

CARD_MISMATCH = RuleSpec(
    id="card-mismatch",
    title="Model card's license fields disagree",
    summary=(
        "The card's license, license tags, license_name and license_link "
        "identify different licenses."
    ),
    help=("Ask the publisher which license applies; until then the strictest one binds."),
    tags=("license",),
    default=Severity.WARNING,
    model_check=check_card_mismatch,
)

MALFORMED_METADATA = RuleSpec(
    id="malformed-metadata",
    title="Model metadata could not be read",
    summary=(
        "A card field or lineage file could not be read as what it should be, so a "
        "license or a base model may be hidden."
    ),
    help=(
        "Correct the card or config, or check the license and the base models by hand "
        "and record a waiver; `--ci` makes this an error (fail closed)."
    ),
    tags=("license",),
    default=Severity.WARNING,
    model_check=check_malformed_metadata,
)

RESOLVE_ERROR = RuleSpec(
    id="resolve-error",
    title="Facts could not be resolved",
    summary=(
        "The model's facts could not be fetched (network, not found, offline "
        "without cache); nothing was checked."
    ),
    help=(
        "This is 'could not check', never 'passed': rerun online, fix the id, or "
        "pin a revision that exists."
    ),
    tags=("supply-chain",),
    default=Severity.WARNING,
    model_check=check_resolve_error,
    license_rule=False,
)
