"""Lineage: resolve base models recursively, with cycle detection and a depth limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from llmaudit.models import CARD_TEXT_ORIGIN, FactSource, LicenseDeclaration, ModelFacts

__all__ = ["CARD_TEXT_ORIGIN", "CONFIG_ORIGIN", "attach_ancestors", "describe_license"]

LookupFacts = Callable[[str], ModelFacts]
# The lineage source of a base read from config.json's `_name_or_path` (resolve.derivation).
CONFIG_ORIGIN = "config.json _name_or_path"


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
    dropped: set[str] = set()
    for base_id, source in zip(facts.base_models, _sources(facts), strict=True):
        if base_id.casefold() in {p.casefold() for p in path}:
            chain = " -> ".join((*path, base_id))
            notes.append(f"lineage cycle {chain}; not followed")
            continue
        base = lookup(base_id)
        if source == CONFIG_ORIGIN and _hub_does_not_know(base):
            # `_name_or_path` also records folders a trainer loaded from (`output/ckpt-500`)
            dropped.add(base_id)
            notes.append(
                f"config.json names {base_id} as the model it was saved from, but the Hub "
                "does not know it (a local folder of the trainer?); not treated as a base"
            )
            continue
        ancestors.append(_attach(base, lookup, remaining - 1, (*path, base_id)))
        notes.extend(_license_disagreement(facts, base))
    if not dropped:
        return replace(facts, ancestors=tuple(ancestors), notes=(*facts.notes, *notes))
    kept = [
        (b, s) for b, s in zip(facts.base_models, _sources(facts), strict=True) if b not in dropped
    ]
    return replace(
        facts,
        base_models=tuple(b for b, _ in kept),
        lineage_sources=tuple(s for _, s in kept),
        ancestors=tuple(ancestors),
        notes=(*facts.notes, *notes),
    )


def _sources(facts: ModelFacts) -> tuple[str, ...]:
    """The file or field that named each base ("" where not recorded)."""
    sources = facts.lineage_sources
    return tuple(sources[i] if i < len(sources) else "" for i in range(len(facts.base_models)))


def _hub_does_not_know(facts: ModelFacts) -> bool:
    """The Hub answered 404/410 for it (not: the Hub could not be asked)."""
    reason = facts.unresolved_reason or ""
    return facts.source is FactSource.UNRESOLVED and "not found on the Hub" in reason


def _license_disagreement(facts: ModelFacts, base: ModelFacts) -> tuple[str, ...]:
    """A note when a model declares another license than its base (inherited terms may apply)."""
    if base.source is FactSource.UNRESOLVED:
        return ()
    own, inherited = describe_license(facts.declaration), describe_license(base.declaration)
    if own and inherited and own.casefold() != inherited.casefold():
        return (f"declares {own} but its base model {base.id} declares {inherited}",)
    return ()


def describe_license(declaration: LicenseDeclaration) -> str | None:
    """The declared license as one short string (card values, else tags; plus license_name)."""
    tag_values = tuple(t.split(":", 1)[1] for t in declaration.tags if t.startswith("license:"))
    values = declaration.card_license or tag_values
    key = ", ".join(values) if values else None
    if declaration.license_name:
        key = f"{key or 'other'} ({declaration.license_name})"
    return key
