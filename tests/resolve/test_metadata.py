"""Hub API bodies (real recorded shapes) -> ModelFacts."""

from __future__ import annotations

import pytest

from llmaudit.models import FactSource, Modality
from llmaudit.resolve.metadata import build_facts, is_gated, read_hub_info, read_lineage

from .conftest import load_hub_json


def _facts(corpus, name):
    body = load_hub_json(corpus, name)
    return build_facts(read_hub_info(body, body["id"]), source=FactSource.HUB, revision=None)


def test_llama_31_instruct(corpus):
    facts = _facts(corpus, "meta-llama__Llama-3.1-8B-Instruct")
    assert facts.gated is True
    assert facts.declaration.card_license == ("llama3.1",)
    assert facts.declaration.tags == ("license:llama3.1",)
    # the Hub's tag follows the rename of meta-llama/Meta-Llama-3.1-8B
    assert facts.base_models == ("meta-llama/Llama-3.1-8B",)
    assert facts.base_model_relation == "finetune"
    assert facts.publisher == "meta-llama"
    assert facts.modality is Modality.TEXT
    assert facts.sha == "0e9e39f249a16976918f6564b8830bc894c89659"
    assert facts.card_exists is True
    assert "LICENSE" in facts.files


def test_stable_diffusion_21(corpus):
    facts = _facts(corpus, "stabilityai__stable-diffusion-2-1")
    assert facts.declaration.card_license == ("openrail++",)
    assert facts.gated is False
    assert facts.library_name == "diffusers"
    assert facts.modality is Modality.MULTIMODAL  # text-to-image
    assert "v2-1_768-nonema-pruned.ckpt" in facts.unsafe_files


def test_base_model_list_and_datasets(corpus):
    facts = _facts(corpus, "deepset__roberta-base-squad2")
    assert facts.base_models == ("FacebookAI/roberta-base",)
    assert [d.id for d in facts.datasets] == ["squad_v2"]
    assert facts.declaration.card_license == ("cc-by-4.0",)


def test_no_license_declared_stays_empty(corpus):
    facts = _facts(corpus, "openai__clip-vit-base-patch32")
    assert facts.declaration.card_license == ()
    assert facts.declaration.tags == ()
    assert facts.modality is Modality.MULTIMODAL


@pytest.mark.parametrize(
    "name",
    [
        "gpt2",
        "google-bert__bert-base-uncased",
        "HuggingFaceH4__zephyr-7b-beta",
        "openai-community__gpt2",
        "facebook__detr-resnet-50",
        "speechbrain__sepformer-wham",
    ],
)
def test_every_recorded_body_gives_its_card_license(corpus, name):
    body = load_hub_json(corpus, name)
    facts = _facts(corpus, name)
    assert facts.declaration.card_license == (body["cardData"]["license"],)
    assert facts.pipeline_tag == body["pipeline_tag"]
    assert facts.files == tuple(s["rfilename"] for s in body["siblings"])


def test_odd_shapes_become_notes():
    meta = read_hub_info({"id": "a/b", "cardData": "license: mit", "siblings": "x"}, "a/b")
    facts = build_facts(meta, source=FactSource.HUB, revision=None)
    assert facts.declaration.card_license == ()
    assert facts.files == ()
    assert any("cardData is not a mapping" in n for n in facts.notes)
    assert any("did not list the repo's files" in n for n in facts.notes)
    assert facts.card_exists is None


def test_gated_values():
    assert [is_gated(v) for v in ("auto", "manual", True, False, None, "false", 0)] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def test_lineage_from_tags_with_relation():
    tags = ("base_model:org/base", "base_model:quantized:org/base")
    assert read_lineage({}, tags) == (("org/base",), "quantized")
    assert read_lineage({"base_model": ["x/a", "x/b"], "base_model_relation": "merge"}, ()) == (
        ("x/a", "x/b"),
        "merge",
    )
    assert read_lineage({"base_model": 7}, ()) == ((), None)


def test_base_models_and_datasets_given_as_urls():
    card = {
        "base_model": "https://huggingface.co/meta-llama/Llama-3.1-8B/tree/main",
        "datasets": ["https://huggingface.co/datasets/org/set", "org/set"],
    }
    meta = read_hub_info({"id": "a/b", "cardData": card, "siblings": []}, "a/b")
    facts = build_facts(meta, source=FactSource.HUB, revision=None)
    assert facts.base_models == ("meta-llama/Llama-3.1-8B",)
    assert [d.id for d in facts.datasets] == ["org/set"]


def test_base_model_that_is_not_an_id_is_noted():
    for value, word in (({"id": "meta-llama/Llama-3.1-8B"}, "dict"), (["a/b", 3], "int")):
        meta = read_hub_info({"id": "a/b", "cardData": {"base_model": value}}, "a/b")
        facts = build_facts(meta, source=FactSource.HUB, revision=None)
        assert any("base_model" in n and word in n and "incomplete" in n for n in facts.notes)
