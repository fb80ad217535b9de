"""The licenses stage attaches each knowledge-base entry to the value it identified."""

from __future__ import annotations

from llmaudit.licenses import classify, classify_datasets, classify_lineage, get_license
from llmaudit.models import DatasetFacts, FactSource, LicenseDeclaration, ModelFacts


def _facts(model_id: str, *licenses: str, **extra) -> ModelFacts:
    return ModelFacts(
        id=model_id,
        source=FactSource.HUB,
        declaration=LicenseDeclaration(card_license=licenses),
        **extra,
    )


def test_assessment_carries_the_entry_of_every_identified_signal():
    declaration = LicenseDeclaration(
        card_license=("apache-2.0",), tags=("license:mit",), license_name="llama3.1"
    )
    assessment = classify(declaration)
    keys = {info.key for info in assessment.infos}
    assert {"apache-2.0", "mit"} <= keys
    assert assessment.info_for("APACHE-2.0") == get_license("apache-2.0")
    assert assessment.info_for("gpl-3.0") is None


def test_lineage_entries_carry_their_ancestors_entries_and_unknown_carries_none():
    base = _facts("meta-llama/Llama-3.1-8B", "llama3.1")
    gone = ModelFacts(id="org/gone", source=FactSource.UNRESOLVED, unresolved_reason="404")
    child = _facts(
        "acme/ft",
        "apache-2.0",
        ancestors=(base, gone),
        base_models=("meta-llama/Llama-3.1-8B", "org/gone"),
    )
    entries = {e.model_id: e for e in classify_lineage(child)}
    assert entries["meta-llama/Llama-3.1-8B"].info == get_license("llama3.1")
    assert entries["org/gone"].info is None


def test_dataset_licenses_are_found_by_key_or_hub_id_and_unknown_stays_none():
    datasets = (
        DatasetFacts(id="a/nc", license=("cc-by-nc-4.0",), source=FactSource.HUB),
        DatasetFacts(id="b/odd", license=("my-own-terms",), source=FactSource.HUB),
    )
    classified = classify_datasets(datasets)
    assert [(d.dataset_id, d.declared) for d in classified] == [
        ("a/nc", "cc-by-nc-4.0"),
        ("b/odd", "my-own-terms"),
    ]
    assert classified[0].info == get_license("cc-by-nc-4.0")
    assert classified[1].info is None
