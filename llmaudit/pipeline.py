"""run_audit(settings) -> AuditResult: wires discover -> resolve -> classify -> evaluate."""

from __future__ import annotations

from llmaudit import __version__
from llmaudit.clock import format_timestamp, report_time
from llmaudit.discover import discover, find_repository_path, merge_refs, parse_model_spec
from llmaudit.errors import ExitCode
from llmaudit.licenses import classify, classify_datasets, classify_lineage, classify_package
from llmaudit.licenses.identification_cache import IDENTIFICATIONS_DIR, IdentificationCache
from llmaudit.licenses.package_terms import package_license_terms
from llmaudit.models import (
    AuditError,
    AuditResult,
    Discovery,
    FactSource,
    ModelAudit,
    ModelFacts,
    ModelRef,
    Note,
    PackageAudit,
    PackageFacts,
    PackageRef,
    Verdict,
)
from llmaudit.policy import Mentions, Policy, evaluate, load_policy
from llmaudit.resolve import (
    Progress,
    open_cache_stores,
    open_hub,
    resolve,
    resolve_packages,
    verify,
)
from llmaudit.resolve.store import JsonStore
from llmaudit.settings import Settings


def run_audit(settings: Settings, *, progress: Progress | None = None) -> AuditResult:
    """Audit the project at settings.root (or settings.files, or settings.models)."""
    if settings.models:
        refs = tuple(parse_model_spec(spec) for spec in settings.models)
        discovery = Discovery(models=merge_refs(refs))
    else:
        discovery = discover(settings)
    return audit_discovery(discovery, settings, progress=progress)


def audit_discovery(
    discovery: Discovery, settings: Settings, *, progress: Progress | None = None
) -> AuditResult:
    """Resolve, classify and evaluate what discovery found."""
    policy = load_policy(settings.policy, settings)
    with open_cache_stores(settings) as stores, open_hub(settings, stores=stores) as hub:
        if settings.verify:
            discovery = verify(discovery, settings, hub=hub)
        facts = resolve(discovery.models, settings, hub=hub, progress=progress)
        package_facts = resolve_packages(discovery.packages, settings, hub=hub)
    cache_notes = tuple(Note(message=message) for message in stores.notes)
    drafts = tuple(
        _draft_model_audit(ref, fact) for ref, fact in zip(discovery.models, facts, strict=True)
    )
    known = IdentificationCache(
        JsonStore(settings.cache_path() / IDENTIFICATIONS_DIR, writable=True)
    )
    package_drafts = tuple(
        _draft_package_audit(ref, fact, known)
        for ref, fact in zip(discovery.packages, package_facts, strict=True)
    )
    evaluation = evaluate(drafts, package_drafts, policy, settings)
    models = tuple(sorted(evaluation.models, key=lambda m: m.ref.id.lower()))
    hub_fallback = describe_hub_fallback(facts, settings)
    packages = tuple(sorted(evaluation.packages, key=lambda p: p.ref.name.lower()))
    judged = tuple(m for m in models if _judged(m, policy))
    return AuditResult(
        tool_version=__version__,
        policy=policy.name,
        policy_description=policy.description,
        verdict=Verdict.worst([m.verdict for m in models] + [p.verdict for p in packages]),
        generated_at=format_timestamp(report_time(settings.environ)),
        models=models,
        datasets=discovery.datasets,
        packages=packages,
        errors=_collect_errors(judged, packages) + _ci_fallback_errors(judged, settings),
        waivers=evaluation.waivers,
        notes=discovery.notes
        + cache_notes
        + ((Note(message=hub_fallback),) if hub_fallback else ()),
        offline=settings.offline,
        root=str(settings.root) if settings.root else None,
        rules=evaluation.rules,
        hub_fallback=hub_fallback,
        repository_path=find_repository_path(settings.root) if settings.root else None,
    )


def _fallback_facts(facts: ModelFacts) -> list[ModelFacts]:
    """A model's facts and its ancestors' that stand in for an unreachable Hub."""
    return [f for f in (facts, *facts.ancestors) if f.hub_problem]


def describe_hub_fallback(facts: tuple[ModelFacts, ...], settings: Settings) -> str | None:
    """One line when the Hub could not be used and fallback facts were used instead."""
    fallbacks = {f.id.casefold(): f for top in facts for f in _fallback_facts(top)}
    if not fallbacks:
        return None
    kinds: dict[str, int] = {}
    for fact in fallbacks.values():
        kind = fact.fallback or "fallback facts"
        kinds[kind] = kinds.get(kind, 0) + 1
    used = "; ".join(f"{count} from {kind}" for kind, count in sorted(kinds.items()))
    problem = min(f.hub_problem or "" for f in fallbacks.values())
    return (
        f"the Hub at {settings.endpoint} could not be used ({problem}): "
        f"{len(fallbacks)} model(s) checked with older facts ({used}); "
        "rerun when the Hub is reachable"
    )


def _ci_fallback_errors(
    models: tuple[ModelAudit, ...],
    settings: Settings,
) -> tuple[AuditError, ...]:
    """--ci fails closed: facts that stand in for an unreachable Hub are not a check."""
    if not settings.ci:
        return ()
    return tuple(
        AuditError(
            target=m.facts.id,
            message=f"--ci: the Hub could not be used ({fallback.hub_problem}); "
            f"{fallback.fallback or 'fallback facts'} for {fallback.id} "
            "are not a check",
        )
        for m in models
        for fallback in _fallback_facts(m.facts)[:1]
    )


def _draft_package_audit(
    ref: PackageRef, fact: PackageFacts, known: IdentificationCache
) -> PackageAudit:
    """A package audit before policy evaluation: its license and the terms behind it
    (`known`: license-file identifications kept from earlier runs)."""
    match = classify_package(fact, known)
    return PackageAudit(
        ref=ref, facts=fact, license=match, license_terms=package_license_terms(match)
    )


def _draft_model_audit(ref: ModelRef, fact: ModelFacts) -> ModelAudit:
    """A model audit before policy evaluation: facts plus license identification."""
    assessment = classify(fact.declaration)
    return ModelAudit(
        ref=ref,
        facts=fact,
        assessment=assessment,
        license_info=assessment.info_for(assessment.license.key),
        lineage=classify_lineage(fact),
        dataset_licenses=classify_datasets(fact.datasets),
    )


def _judged(audit: ModelAudit, policy: Policy) -> bool:
    """False for a model only mentioned (docs, comments) unless the policy enforces mentions:
    its unresolved facts are shown on the model but are no error of the run (exit 3)."""
    return audit.ref.used or policy.mentions is Mentions.ENFORCE


def _collect_errors(
    models: tuple[ModelAudit, ...], packages: tuple[PackageAudit, ...]
) -> tuple[AuditError, ...]:
    errors = [_unresolved_error(m.facts) for m in models] + [
        _unresolved_package_error(p.facts) for p in packages
    ]
    return tuple(e for e in errors if e is not None)


def _unresolved_error(facts: ModelFacts) -> AuditError | None:
    if facts.source is not FactSource.UNRESOLVED:
        return None
    return AuditError(target=facts.id, message=facts.unresolved_reason or "could not resolve")


def _unresolved_package_error(facts: PackageFacts) -> AuditError | None:
    if facts.source is not FactSource.UNRESOLVED or not facts.unresolved_reason:
        return None
    return AuditError(target=facts.name, message=facts.unresolved_reason)


def exit_code_for(result: AuditResult, fail_on: Verdict | None) -> ExitCode:
    """Map an audit to its exit code: violations (1) win over unresolved facts (3).

    A finding on a model whose facts could not be resolved is not a violation but a
    "could not check" (3), unless something else also fails. `fail_on=None`
    (--fail-on never) never fails on findings, yet unresolved facts still exit 3, so
    CI never reads "could not check" as "passed".
    """
    if fail_on is not None and _worst_resolved_verdict(result).rank >= fail_on.rank:
        return ExitCode.VIOLATIONS
    if result.errors:
        return ExitCode.UNRESOLVED
    return ExitCode.CLEAN


def _worst_resolved_verdict(result: AuditResult) -> Verdict:
    model_verdicts = [
        m.verdict for m in result.models if m.facts.source is not FactSource.UNRESOLVED
    ]
    package_verdicts = [p.verdict for p in result.packages]
    return Verdict.worst(model_verdicts + package_verdicts)


__all__ = ["audit_discovery", "exit_code_for", "run_audit"]
