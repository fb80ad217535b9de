"""Lineage: resolve base models recursively, with cycle detection and a depth limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from llmaudit.models import FactSource, ModelFacts
from llmaudit.resolve.metadata import describe_license

LookupFacts = Callable[[str], ModelFacts]


def attach_ancestors(facts: ModelFacts, lookup: LookupFacts, max_depth: int) -> ModelFacts:
    """`facts` with `ancestors` filled in (each ancestor with its own ancestors, cycle-safe)."""
    return _attach(facts, lookup, max_depth, path=(facts.id,))


def _attach(
    facts: ModelFacts, lookup: LookupFacts, remaining: int, path: tuple[str, ...]
) -> ModelFacts:
    if not facts.base_models:
        return facts
    if remaining <= 0:
        note = (
            f"lineage not followed beyond {len(path) - 1} level(s) "
            f"(depth limit); {', '.join(facts.base_models)} not resolved"
        )
        return replace(facts, notes=(*facts.notes, note))
    ancestors: list[ModelFacts] = []
    notes: list[str] = []
    for base_id in facts.base_models:
        if base_id.casefold() in {p.casefold() for p in path}:
            chain = " -> ".join((*path, base_id))
            notes.append(f"lineage cycle {chain}; not followed")
            continue
        base = lookup(base_id)
        ancestors.append(_attach(base, lookup, remaining - 1, (*path, base_id)))
        notes.extend(_license_disagreement(facts, base))
    return replace(facts, ancestors=tuple(ancestors), notes=(*facts.notes, *notes))


def _license_disagreement(facts: ModelFacts, base: ModelFacts) -> tuple[str, ...]:
    """A note when a model declares another license than its base (inherited terms may apply)."""
    if base.source is FactSource.UNRESOLVED:
        return ()
    own, inherited = describe_license(facts.declaration), describe_license(base.declaration)
    if own and inherited and own.casefold() != inherited.casefold():
        return (f"declares {own} but its base model {base.id} declares {inherited}",)
    return ()
