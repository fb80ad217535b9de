"""evaluate(): run every rule the policy enables over models and packages, then waivers."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from llmaudit.clock import today
from llmaudit.models import (
    UNKNOWN_LICENSE,
    FactSource,
    Finding,
    LicenseInfo,
    LicenseMatch,
    LicenseSource,
    Location,
    LocationKind,
    Modality,
    ModelAudit,
    ModelFacts,
    PackageAudit,
    RuleDescription,
    Severity,
    Verdict,
    WaiverUse,
)
from llmaudit.policy.baseline import apply_baseline, read_baseline
from llmaudit.policy.document import Mentions, Policy
from llmaudit.policy.lists import find_model_entry, model_revisions
from llmaudit.policy.obligations import effective_obligations
from llmaudit.policy.rules import RULES
from llmaudit.policy.rules.base import (
    LICENSE_FILE_RELATION,
    Hit,
    LicenseUse,
    ModelContext,
    PackageContext,
    RuleSpec,
    commercial_rank,
    phrase,
    unknown_signal_beside_declared_license,
)
from llmaudit.policy.waivers import apply_waivers, load_waiver_file
from llmaudit.records import record
from llmaudit.settings import Settings

Settle = Callable[[tuple[Finding, ...]], tuple[Finding, ...]]
C = TypeVar("C", ModelContext, PackageContext)


@record(frozen=True, kw_only=True)
class Evaluation:
    """The audits with obligations, findings and verdicts filled in, plus waivers used."""

    models: tuple[ModelAudit, ...] = ()
    packages: tuple[PackageAudit, ...] = ()
    waivers: tuple[WaiverUse, ...] = ()
    rules: tuple[RuleDescription, ...] = ()  # the rules that ran, at the policy's severity


def evaluate(
    models: tuple[ModelAudit, ...],
    packages: tuple[PackageAudit, ...],
    policy: Policy,
    settings: Settings,
) -> Evaluation:
    """Apply `policy` to every model and package; same audits back, judged and explained."""
    if settings.ci:
        policy = policy.fail_closed()
    waivers = policy.waivers + (load_waiver_file(settings.waivers) if settings.waivers else ())
    known = read_baseline(settings.baseline) if settings.baseline else frozenset()
    day = today(settings.environ)
    uses: list[WaiverUse] = []

    def settle(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        waived, used = apply_waivers(findings, waivers, day)
        uses.extend(used)
        return apply_baseline(waived, known) if known else waived

    judged_models = tuple(_judge_model(audit, policy, settle) for audit in models)
    judged_packages = tuple(_judge_package(audit, policy, settle) for audit in packages)
    return Evaluation(
        models=judged_models,
        packages=judged_packages,
        waivers=_unique_uses(uses),
        rules=enabled_rules(policy),
    )


def enabled_rules(policy: Policy) -> tuple[RuleDescription, ...]:
    """Every rule `policy` does not switch off, in registry order, at the policy's severity."""
    described = []
    for spec in RULES.values():
        severity = policy.severity_of(spec.id, spec.default)
        if severity is not None:
            described.append(spec.describe(severity))
    return tuple(described)


def _unique_uses(uses: list[WaiverUse]) -> tuple[WaiverUse, ...]:
    unique = {(u.id, u.subject.casefold()): u for u in uses}
    return tuple(unique[key] for key in sorted(unique))


def build_model_context(audit: ModelAudit, policy: Policy) -> ModelContext:
    """The licenses governing a model (own, then every ancestor) and its effective modality."""
    return ModelContext(
        audit=audit,
        policy=policy,
        licenses=governing_licenses(audit),
        modality=effective_modality(audit.facts),
    )


def governing_licenses(audit: ModelAudit) -> tuple[LicenseUse, ...]:
    """Own license first, then each lineage entry, then declared bases lineage does not cover."""
    own = audit.assessment.license
    info = audit.license_info if audit.license_info is not None else _own_info(audit)
    uses = [
        LicenseUse(
            model_id=audit.ref.id,
            depth=0,
            relation=None,
            match=own,
            info=info,
            resolved=audit.facts.source is not FactSource.UNRESOLVED,
        )
    ]
    uses.extend(_signal_uses(audit, info))
    covered = {audit.ref.id.casefold()}
    named_by = _base_sources(audit.facts)
    for entry in sorted(audit.lineage, key=lambda e: (e.depth, e.model_id.casefold())):
        if entry.model_id.casefold() in covered:
            continue
        covered.add(entry.model_id.casefold())
        uses.append(
            LicenseUse(
                model_id=entry.model_id,
                depth=entry.depth,
                relation=entry.relation,
                match=entry.license,
                info=None if entry.license.is_unknown else entry.info,
                resolved=entry.source is not FactSource.UNRESOLVED,
                named_by=named_by.get(entry.model_id.casefold(), "") if entry.depth == 1 else "",
            )
        )
    for base in audit.facts.base_models:
        if base.casefold() not in covered:  # declared but never classified: unknown, not free
            covered.add(base.casefold())
            uses.append(
                LicenseUse(
                    model_id=base,
                    depth=1,
                    relation=audit.facts.base_model_relation,
                    match=LicenseMatch(key=UNKNOWN_LICENSE, spdx="", name="unknown"),
                    info=None,
                    resolved=False,
                    named_by=named_by.get(base.casefold(), ""),
                )
            )
    return tuple(uses)


def _base_sources(facts: ModelFacts) -> dict[str, str]:
    """Each direct base's id (case-folded) -> the field or file that named it."""
    return {
        base.casefold(): source
        for base, source in zip(facts.base_models, facts.lineage_sources, strict=False)
    }


# Signals of the model's own license; each one that names other terms binds the model too, so
# the verdict follows the most restrictive reading (a permissive `license:` never hides a
# non-commercial LICENSE text or license_name).
_OWN_SIGNALS = (
    LicenseSource.CARD,
    LicenseSource.TAG,
    LicenseSource.LICENSE_NAME,
    LicenseSource.LICENSE_LINK,
    LicenseSource.LICENSE_FILE,
    LicenseSource.CARD_TEXT,
)


def _signal_uses(audit: ModelAudit, own: LicenseInfo | None) -> list[LicenseUse]:
    """Licenses named by the card, tags, license_name/link or LICENSE files other than the
    chosen one, and a license_name nobody knows next to a declared license id."""
    uses: list[LicenseUse] = []
    keys = {own.key.lower()} if own else set()
    for match in audit.assessment.evidence:
        if match.source not in _OWN_SIGNALS:
            continue
        if match.is_unknown:
            if unknown_signal_beside_declared_license(match, audit.assessment):
                uses.append(
                    LicenseUse(
                        model_id=audit.ref.id,
                        depth=0,
                        relation=match.source.value,
                        match=match,
                        info=None,
                    )
                )
            continue
        info = audit.assessment.info_for(match.key)
        if info is None or info.key.lower() in keys:
            continue
        if match.source is LicenseSource.CARD_TEXT and not _stricter(info, own):
            continue  # prose naming the same kind of terms (a base's, a dataset's) adds nothing
        keys.add(info.key.lower())
        relation = (
            LICENSE_FILE_RELATION
            if match.source is LicenseSource.LICENSE_FILE
            else match.source.value
        )
        uses.append(
            LicenseUse(model_id=audit.ref.id, depth=0, relation=relation, match=match, info=info)
        )
    return uses


def _stricter(info: LicenseInfo, own: LicenseInfo | None) -> bool:
    """Whether `info` allows less commercial use than the model's own license (a known own
    license; an unknown one fails on its own)."""
    return own is not None and commercial_rank(info) > commercial_rank(own)


def _own_info(audit: ModelAudit) -> LicenseInfo | None:
    own = audit.assessment.license
    return None if own.is_unknown else audit.assessment.info_for(own.key)


def effective_modality(facts: ModelFacts) -> Modality:
    """The model's modality, else the first known one among its ancestors (breadth-first)."""
    queue = deque([facts])
    seen: set[int] = set()
    while queue:
        current = queue.popleft()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.modality is not Modality.UNKNOWN:
            return current.modality
        queue.extend(current.ancestors)
    return Modality.UNKNOWN


def _judge_model(audit: ModelAudit, policy: Policy, settle: Settle) -> ModelAudit:
    ctx = build_model_context(audit, policy)
    if not audit.ref.used and policy.mentions is Mentions.IGNORE:
        return replace(
            audit,
            obligations=effective_obligations(ctx.licenses, ()),
            findings=(),
            verdict=Verdict.PASS,
        )
    findings = _rule_findings(
        policy, lambda spec: spec.model_check, ctx, audit.ref.id, audit.ref.locations
    )
    if not audit.ref.used and policy.mentions is Mentions.REPORT:
        findings = [replace(f, mention_only=True) for f in findings]
    allowed = find_model_entry(
        policy.models_allow, audit.ref.id, model_revisions(audit.ref, audit.facts)
    )
    if allowed is not None:
        findings = [_allow(f, allowed.reason) for f in findings]
    settled = settle(_dedupe(findings))
    datasets = audit.dataset_licenses if policy.inherit_dataset_obligations else ()
    return replace(
        audit,
        obligations=effective_obligations(ctx.licenses, datasets),
        findings=settled,
        verdict=verdict_of(settled),
    )


def _judge_package(audit: PackageAudit, policy: Policy, settle: Settle) -> PackageAudit:
    ctx = PackageContext(audit=audit, policy=policy)
    findings = _rule_findings(
        policy, lambda spec: spec.package_check, ctx, audit.ref.name, audit.ref.locations
    )
    settled = settle(_dedupe(findings))
    return replace(audit, findings=settled, verdict=verdict_of(settled))


def _rule_findings(
    policy: Policy,
    check_of: Callable[[RuleSpec], Callable[[C], tuple[Hit, ...]] | None],
    ctx: C,
    subject: str,
    locations: tuple[Location, ...],
) -> list[Finding]:
    """Every enabled rule's findings for one model or package (`check_of(spec)`: the rule's
    check for this kind of subject, None when the rule does not apply to it)."""
    findings: list[Finding] = []
    for spec in RULES.values():
        check = check_of(spec)
        severity = policy.severity_of(spec.id, spec.default)
        if severity is None or check is None:
            continue
        hits = check(ctx)
        findings.extend(_findings(spec, severity, hits, subject, locations, closed=policy.closed))
    return findings


def _findings(
    spec: RuleSpec,
    severity: Severity,
    hits: tuple[Hit, ...],
    subject: str,
    locations: tuple[Location, ...],
    *,
    closed: bool = False,
) -> list[Finding]:
    """Findings for `hits`, placed at the first location that does not mute the rule."""
    if locations:
        open_locations = [loc for loc in locations if spec.id not in loc.suppressed_rules]
        if not open_locations:
            return []  # every reference says `# llmaudit: ignore[rule]`
        # Point at code that uses the model rather than at a README that names it.
        uses = [loc for loc in open_locations if loc.kind is LocationKind.USE]
        place: Location | None = (uses or open_locations)[0]
    else:
        place = None
    return [
        Finding(
            rule=spec.id,
            severity=hit.level.severity(severity, closed=closed),
            message=hit.message,
            subject=subject,
            path=place.path if place else None,
            line=place.line if place else None,
            waived_by=None,
        )
        for hit in hits
    ]


def _allow(finding: Finding, reason: str) -> Finding:
    spec = RULES.get(finding.rule)
    if spec is None or not spec.license_rule or finding.severity is Severity.INFO:
        return finding
    why = f": {phrase(reason)}" if reason else ""
    return replace(
        finding,
        severity=Severity.INFO,
        message=f"{finding.message.rstrip('.')} (cleared by the policy's allow-list{why}).",
    )


def _dedupe(findings: list[Finding]) -> tuple[Finding, ...]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for finding in findings:
        key = (finding.rule, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return tuple(unique)


def verdict_of(findings: tuple[Finding, ...]) -> Verdict:
    """Worst effective verdict; info and waived findings never change it."""
    return Verdict.worst([f.effective_verdict for f in findings])


__all__ = ["Evaluation", "evaluate", "verdict_of"]
