"""Effective obligations: the model's own license plus every base model's (and datasets')."""

from __future__ import annotations

from dataclasses import replace

from llmaudit.models import DatasetLicense, Obligation
from llmaudit.policy.rules.base import LicenseUse


def effective_obligations(
    licenses: tuple[LicenseUse, ...], datasets: tuple[DatasetLicense, ...] = ()
) -> tuple[Obligation, ...]:
    """Own obligations first, then inherited ones (marked `inherited_from`), without repeats."""
    from llmaudit.licenses import obligations_for

    collected: list[Obligation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(obligation: Obligation) -> None:
        key = (obligation.kind, obligation.text, obligation.license_key)
        if key not in seen:
            seen.add(key)
            collected.append(obligation)

    for use in licenses:
        if use.info is None:
            continue
        origin = use.model_id if use.depth else None
        for obligation in obligations_for(use.info):
            add(replace(obligation, inherited_from=origin))
    for dataset in datasets:
        if dataset.info is None:
            continue
        for obligation in obligations_for(dataset.info):
            add(replace(obligation, inherited_from=f"dataset:{dataset.dataset_id}"))
    return tuple(collected)
