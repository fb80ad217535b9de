"""run_audit(settings) -> AuditResult: wires discover -> resolve -> classify -> evaluate."""

from __future__ import annotations

from llmaudit import __version__
from llmaudit.clock import format_timestamp, report_time
from llmaudit.discover import discover, merge_refs, parse_model_spec
from llmaudit.errors import ExitCode
from llmaudit.licenses import classify, classify_lineage, classify_package, get_license
from llmaudit.models import (
    AuditError,
    AuditResult,
    Discovery,
    FactSource,
    ModelAudit,
    ModelFacts,
    ModelRef,
    PackageAudit,
    PackageFacts,
    Verdict,
)
from llmaudit.policy import evaluate, load_policy
from llmaudit.resolve import (
    Progress,
    open_cache_stores,
    open_hub,
    resolve,
    resolve_packages,
    verify,
)
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
    drafts = tuple(
        _draft_model_audit(ref, fact)
        for ref, fact in zip(discovery.models, facts, strict=True)
    )
    package_drafts = tuple(
        PackageAudit(ref=ref, facts=fact, license=classify_package(fact))
        for ref, fact in zip(discovery.packages, package_facts, strict=True)
    )
    evaluation = evaluate(drafts, package_drafts, policy, settings)
    models = tuple(sorted(evaluation.models, key=lambda m: m.ref.id.lower()))
    packages = tuple(sorted(evaluation.packages, key=lambda p: p.ref.name.lower()))
    return AuditResult(
        tool_version=__version__,
        policy=policy.name,
        policy_description=policy.description,
        verdict=Verdict.worst([m.verdict for m in models] + [p.verdict for p in packages]),
        generated_at=format_timestamp(report_time(settings.environ)),
        models=models,
        datasets=discovery.datasets,
        packages=packages,
        errors=_collect_errors(models, packages),
        waivers=evaluation.waivers,
        notes=discovery.notes,
        offline=settings.offline,
        root=str(settings.root) if settings.root else None,
        rules=evaluation.rules,
    )


def _draft_model_audit(ref: ModelRef, fact: ModelFacts) -> ModelAudit:
    """A model audit before policy evaluation: facts plus license identification."""
    assessment = classify(fact.declaration)
    return ModelAudit(
        ref=ref,
        facts=fact,
        assessment=assessment,
        license_info=get_license(assessment.license.key),
        lineage=classify_lineage(fact),
    )


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
