"""deny-list: a model (or base model) or package the policy forbids outright."""

from __future__ import annotations

from llmaudit.models import Severity
from llmaudit.policy.lists import (
    find_model_entry,
    find_package_entry,
    model_revisions,
    package_version,
)
from llmaudit.policy.rules.base import Hit, Level, ModelContext, PackageContext, RuleSpec, phrase


def check_model_denied(ctx: ModelContext) -> tuple[Hit, ...]:
    """deny-list for models: the model or any base model matches a deny entry."""
    hits = []
    deny = ctx.policy.models_deny
    own = find_model_entry(deny, ctx.model_id, model_revisions(ctx.audit.ref, ctx.audit.facts))
    if own is not None:
        hits.append(
            Hit(
                message=(
                    f"{ctx.model_id}{_pin(own.revision)} is on your policy's deny list{_why(own.reason)}; "
                    "remove it from the project."
                )
            )
        )
    for use in ctx.ancestors:
        entry = find_model_entry(deny, use.model_id, ())
        if entry is not None and entry.revision is None:
            hits.append(
                Hit(
                    message=(
                        f"{ctx.model_id} is built on {use.model_id}, which your policy denies"
                        f"{_why(entry.reason)}; a derivative carries its base, so replace it."
                    )
                )
            )
    return tuple(hits)


def check_package_denied(ctx: PackageContext) -> tuple[Hit, ...]:
    """deny-list for packages: name (and version specifier) match a deny entry."""
    ref = ctx.audit.ref
    version = package_version(ref, ctx.audit.facts)
    entry, certain = find_package_entry(ctx.policy.packages.deny, ref.name, version)
    if entry is None:
        return ()
    if not certain:
        return (
            Hit(
                level=Level.CAUTION,
                message=(
                    f"Package {ref.name} is denied at versions {entry.version}{_why(entry.reason)}, and "
                    "the version in use is unknown; pin it to a version outside that range."
                ),
            ),
        )
    return (
        Hit(
            message=(
                f"Package {ref.name} {version or ''}".rstrip()
                + f" is on your policy's deny list{_why(entry.reason)}; remove or replace it."
            )
        ),
    )


def _pin(revision: str | None) -> str:
    return f"@{revision}" if revision else ""


def _why(reason: str) -> str:
    return f" ({phrase(reason)})" if reason else ""


DENY_LIST = RuleSpec(
    id="deny-list",
    title="On the policy's deny list",
    summary=("The model, a base model or the package is on the policy's deny list."),
    help=("Remove or replace it."),
    tags=("supply-chain",),
    default=Severity.ERROR,
    model_check=check_model_denied,
    package_check=check_package_denied,
    license_rule=False,
)
