"""Ancestors: recursion, cycles and the depth limit."""

from __future__ import annotations

from llmaudit.models import FactSource, ModelFacts
from llmaudit.resolve.lineage import attach_ancestors


def _lookup(graph: dict[str, tuple[str, ...]], calls: list[str]):
    def lookup(model_id: str) -> ModelFacts:
        calls.append(model_id)
        return ModelFacts(id=model_id, source=FactSource.HUB, base_models=graph.get(model_id, ()))

    return lookup


def test_chain_is_resolved_recursively():
    graph = {"a": ("b",), "b": ("c",)}
    root = ModelFacts(id="a", source=FactSource.HUB, base_models=("b",))
    facts = attach_ancestors(root, _lookup(graph, []), max_depth=8)
    assert facts.ancestors[0].id == "b"
    assert facts.ancestors[0].ancestors[0].id == "c"
    assert facts.ancestors[0].ancestors[0].ancestors == ()


def test_cycle_stops_with_a_note():
    graph = {"a": ("b",), "b": ("a",)}
    calls: list[str] = []
    root = ModelFacts(id="a", source=FactSource.HUB, base_models=("b",))
    facts = attach_ancestors(root, _lookup(graph, calls), max_depth=8)
    assert calls == ["b"]
    assert facts.ancestors[0].ancestors == ()
    assert "lineage cycle a -> b -> a; not followed" in facts.ancestors[0].notes


def test_self_reference_is_a_cycle():
    root = ModelFacts(id="Org/M", source=FactSource.HUB, base_models=("org/m",))
    facts = attach_ancestors(root, _lookup({}, []), max_depth=8)
    assert facts.ancestors == ()
    assert any("cycle" in n for n in facts.notes)


def test_depth_limit():
    graph = {f"m{i}": (f"m{i + 1}",) for i in range(20)}
    root = ModelFacts(id="m0", source=FactSource.HUB, base_models=("m1",))
    calls: list[str] = []
    facts = attach_ancestors(root, _lookup(graph, calls), max_depth=3)
    assert calls == ["m1", "m2", "m3"]
    deepest = facts.ancestors[0].ancestors[0].ancestors[0]
    assert deepest.id == "m3" and deepest.ancestors == ()
    assert any("depth limit" in n for n in deepest.notes)


def test_multiple_bases_for_a_merge():
    graph = {"merge": ("x", "y")}
    root = ModelFacts(
        id="merge", source=FactSource.HUB, base_models=("x", "y"), base_model_relation="merge"
    )
    facts = attach_ancestors(root, _lookup(graph, []), max_depth=2)
    assert [a.id for a in facts.ancestors] == ["x", "y"]


def test_license_disagreement_with_base_is_noted():
    from llmaudit.models import LicenseDeclaration

    def lookup(model_id):
        return ModelFacts(
            id=model_id,
            source=FactSource.BUILTIN,
            declaration=LicenseDeclaration(card_license=("llama3.1",)),
        )

    root = ModelFacts(
        id="me/finetune",
        source=FactSource.HUB,
        base_models=("meta/base",),
        declaration=LicenseDeclaration(card_license=("apache-2.0",)),
    )
    facts = attach_ancestors(root, lookup, max_depth=2)
    assert "declares apache-2.0 but its base model meta/base declares llama3.1" in facts.notes
