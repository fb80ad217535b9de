"""classify_lineage(): every ancestor once, breadth-first, with depth, relation and license."""

from __future__ import annotations

from llmaudit.licenses import classify_lineage
from llmaudit.models import FactSource, LicenseDeclaration, LicenseSource, ModelFacts


def _facts(
    model_id, license_id=None, *, ancestors=(), relation=None, bases=None, source=FactSource.HUB
):
    declaration = LicenseDeclaration(card_license=(license_id,) if license_id else ())
    return ModelFacts(
        id=model_id,
        source=source,
        declaration=declaration,
        ancestors=tuple(ancestors),
        base_models=tuple(bases if bases is not None else (a.id for a in ancestors)),
        base_model_relation=relation,
    )


def test_chain_is_walked_breadth_first_with_depth_and_child_relation():
    llama = _facts("meta-llama/Llama-3.1-8B", "llama3.1")
    instruct = _facts(
        "meta-llama/Llama-3.1-8B-Instruct", "llama3.1", ancestors=[llama], relation="finetune"
    )
    quant = _facts(
        "someone/Llama-3.1-8B-Instruct-GGUF", "llama3.1", ancestors=[instruct], relation="quantized"
    )
    app = _facts("me/app-model", "apache-2.0", ancestors=[quant], relation="adapter")
    lineage = classify_lineage(app)
    assert [(e.model_id, e.depth, e.relation, e.license.key) for e in lineage] == [
        ("someone/Llama-3.1-8B-Instruct-GGUF", 1, "adapter", "llama3.1"),
        ("meta-llama/Llama-3.1-8B-Instruct", 2, "quantized", "llama3.1"),
        ("meta-llama/Llama-3.1-8B", 3, "finetune", "llama3.1"),
    ]


def test_merge_ancestors_are_deduplicated_in_stable_order():
    base = _facts("mistralai/Mistral-7B-v0.1", "apache-2.0")
    left = _facts("a/left", "cc-by-nc-4.0", ancestors=[base], relation="finetune")
    right = _facts("b/right", "mit", ancestors=[base], relation="finetune")
    merged = _facts("c/merged", "apache-2.0", ancestors=[left, right], relation="merge")
    lineage = classify_lineage(merged)
    assert [(e.model_id, e.depth) for e in lineage] == [
        ("a/left", 1),
        ("b/right", 1),
        ("mistralai/Mistral-7B-v0.1", 2),
    ]
    assert lineage[0].license.key == "cc-by-nc-4.0"
    assert classify_lineage(merged) == lineage


def test_unresolved_ancestor_is_unknown_never_permissive():
    missing = ModelFacts(
        id="gone/model", source=FactSource.UNRESOLVED, unresolved_reason="404 not found"
    )
    child = _facts("me/model", "mit", ancestors=[missing], relation="finetune")
    (entry,) = classify_lineage(child)
    assert entry.license.is_unknown
    assert entry.license.source is LicenseSource.LINEAGE
    assert "404" in entry.license.evidence
    assert entry.source is FactSource.UNRESOLVED


def test_base_models_that_were_never_resolved_still_appear():
    child = _facts("me/model", "mit", bases=["org/not-fetched"], relation="finetune")
    (entry,) = classify_lineage(child)
    assert (entry.model_id, entry.depth, entry.license.key) == ("org/not-fetched", 1, "unknown")


def test_cycles_terminate():
    a = _facts("x/a", "mit", bases=["x/b"], relation="finetune")
    b = _facts("x/b", "mit", ancestors=[a], relation="finetune")
    cyclic = _facts("x/a", "mit", ancestors=[b], relation="finetune")
    assert [e.model_id for e in classify_lineage(cyclic)] == ["x/b"]


def test_model_without_base_has_empty_lineage():
    assert classify_lineage(_facts("org/base", "mit")) == ()
