"""classify_lineage(facts): every ancestor in a model's base_model chain, with its license."""

from __future__ import annotations

from collections import deque

from llmaudit.licenses.classify import classify, unknown_match
from llmaudit.licenses.hub_ids import find_license
from llmaudit.licenses.knowledge import get_license
from llmaudit.models import (
    UNKNOWN_LICENSE,
    DatasetFacts,
    DatasetLicense,
    FactSource,
    LicenseSource,
    LineageEntry,
    ModelFacts,
)


def classify_lineage(facts: ModelFacts) -> tuple[LineageEntry, ...]:
    """Ancestors breadth-first (depth 1 = direct base), each once, with its identified license.

    `relation` is how the ancestor relates to its child: the child's base_model_relation
    (finetune, adapter, quantized, merge, ...).
    """
    entries: list[LineageEntry] = []
    seen = {facts.id.lower()}
    queue: deque[tuple[ModelFacts, int]] = deque([(facts, 0)])
    while queue:
        child, depth = queue.popleft()
        for ancestor in _ancestors_of(child):
            if ancestor.id.lower() in seen:
                continue
            seen.add(ancestor.id.lower())
            entries.append(_entry_for(ancestor, child, depth + 1))
            queue.append((ancestor, depth + 1))
    return tuple(entries)


def _ancestors_of(child: ModelFacts) -> tuple[ModelFacts, ...]:
    """Resolved ancestors, plus unresolved stand-ins for base_models never resolved."""
    resolved = {a.id.lower() for a in child.ancestors}
    missing = tuple(
        ModelFacts(id=base, source=FactSource.UNRESOLVED, unresolved_reason="not resolved")
        for base in child.base_models
        if base.lower() not in resolved
    )
    return (*child.ancestors, *missing)


def _entry_for(ancestor: ModelFacts, child: ModelFacts, depth: int) -> LineageEntry:
    if ancestor.source is FactSource.UNRESOLVED:
        reason = ancestor.unresolved_reason or "not resolved"
        license_match = unknown_match(source=LicenseSource.LINEAGE, evidence=reason)
    else:
        license_match = classify(ancestor.declaration).license
    return LineageEntry(
        model_id=ancestor.id,
        relation=child.base_model_relation,
        depth=depth,
        license=license_match,
        source=ancestor.source,
        info=None if license_match.is_unknown else get_license(license_match.key),
    )


def classify_datasets(datasets: tuple[DatasetFacts, ...]) -> tuple[DatasetLicense, ...]:
    """Each license value a training dataset declares, with its entry (by key, Hub id, alias
    or SPDX id); None when the knowledge base does not know it or records no terms."""
    classified = []
    for dataset in datasets:
        for value in dataset.license:
            info = get_license(value) or find_license(value)
            if info is not None and info.key == UNKNOWN_LICENSE:
                info = None
            classified.append(DatasetLicense(dataset_id=dataset.id, declared=value, info=info))
    return tuple(classified)
