"""Lineage from the sentence a tool writes into a card's text ("This model is a fine-tuned
version of [org/name](https://huggingface.co/org/name)"), on real cards: a derivative whose
only record of its base is that sentence must not pass on its own permissive license."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.models import FactSource, Verdict
from llmaudit.resolve.card import front_matter_end, parse_card
from llmaudit.resolve.derivation import read_card_text_lineage
from llmaudit.resolve.metadata import RepoMetadata, build_facts
from tests.integration.hub_repos import audit_one, serve_repo

CARDS = Path(__file__).resolve().parents[1] / "data" / "hub-metadata" / "card-text-lineage"


def _card(name: str) -> str:
    return (CARDS / name).read_text(encoding="utf-8")


def _body(text: str) -> str:
    return text[front_matter_end(text) :]


@pytest.mark.parametrize(
    ("card", "bases", "relation"),
    [
        # hand-written label, link text = id
        ("abrahamsanders-opt-2.7b-realtime-chat.README.md", ("facebook/opt-2.7b",), None),
        # "Base model:" with a legacy one-part id (the link's text is that id)
        ("lacai-roberta-base-pfg-progression.README.md", ("roberta-base",), None),
        # link text is a short name, the URL gives the id
        ("k024-mt5-zh-ja-en-trimmed.README.md", ("google/mt5-base",), "finetune"),
        # Transformers' Trainer card
        (
            "poulette-wav2vec2-base-spanish-demo.README.md",
            ("facebook/wav2vec2-xls-r-300m",),
            "finetune",
        ),
    ],
)
def test_real_cards_name_their_base_in_the_text(card, bases, relation):
    found = read_card_text_lineage(_body(_card(card)))
    assert found is not None
    assert (found.bases, found.relation) == (bases, relation)
    assert found.source == "README.md text"


@pytest.mark.parametrize(
    "card",
    [
        # the Trainer's sentence when it did not know the base: an empty link
        "aleksandar-electra-srb-oscar.README.md",
        # a base model on GitHub, not on the Hub
        "ayaka-bart-base-cantonese.README.md",
        # the Trainer's sentence naming a local folder: `https://huggingface.co//l/users/...`
        "abdusah-aradia-ctc-data2vec-ft.README.md",
    ],
)
def test_real_cards_whose_text_names_no_hub_base(card):
    assert read_card_text_lineage(_body(_card(card))) is None


# The sentences as each tool's card template writes them (ids are examples).
@pytest.mark.parametrize(
    ("sentence", "base", "relation"),
    [
        # llama.cpp's GGUF-my-repo space
        (
            "This model was converted to GGUF format from [`org/model-7b`]"
            "(https://huggingface.co/org/model-7b) using llama.cpp via the ggml.ai's "
            "[GGUF-my-repo](https://huggingface.co/spaces/ggml-org/gguf-my-repo) space.",
            "org/model-7b",
            "quantized",
        ),
        # mlx-lm before 0.11: an empty link target, the id in the link's text
        (
            "This model was converted to MLX format from [`org/model-7b`]() using mlx-lm "
            "version **0.10.0**.\nRefer to the [original model card](https://huggingface.co/"
            "org/model-7b) for more details on the model.",
            "org/model-7b",
            "quantized",
        ),
        # TheBloke's quantization cards
        (
            "- Model creator: [Org](https://huggingface.co/org)\n- Original model: [Model 7B]"
            "(https://huggingface.co/org/model-7b)\n\nThis repo contains GPTQ model files for "
            "[Org's Model 7B](https://huggingface.co/org/model-7b).",
            "org/model-7b",
            "quantized",
        ),
        # bartowski's quantization cards
        ("Original model: https://huggingface.co/org/model-7b\n", "org/model-7b", None),
        # sentence-transformers' card template
        (
            "This is a [sentence-transformers](https://www.SBERT.net) model finetuned from "
            "[org/model-7b](https://huggingface.co/org/model-7b). It maps sentences",
            "org/model-7b",
            "finetune",
        ),
    ],
)
def test_tool_sentences_name_the_base(sentence, base, relation):
    found = read_card_text_lineage(sentence)
    assert found is not None
    assert (found.bases, found.relation) == ((base,), relation)


def test_an_org_page_or_a_dataset_is_no_base():
    assert (
        read_card_text_lineage("- Original model: [Qwen Team](https://huggingface.co/Qwen)") is None
    )
    text = "fine-tuned from [data](https://huggingface.co/datasets/org/corpus)"
    assert read_card_text_lineage(text) is None


def test_the_pasted_original_card_names_the_original_s_base_not_this_repo_s():
    text = (
        "- Original model: [Zephyr 7B Beta](https://huggingface.co/HuggingFaceH4/zephyr-7b-beta)"
        "\n\n# Original model card: Hugging Face H4's Zephyr 7B Beta\n\nZephyr-7B-β is a fine-tuned"
        " version of [mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1)"
    )
    found = read_card_text_lineage(text)
    assert found is not None and found.bases == ("HuggingFaceH4/zephyr-7b-beta",)


def _facts(card_text: str):
    card = parse_card(card_text).data
    lineage = read_card_text_lineage(_body(card_text))
    meta = RepoMetadata(
        model_id="someone/model",
        card=card,
        file_lineage=(lineage,) if lineage else (),
    )
    return build_facts(meta, source=FactSource.HUB, revision=None)


def test_the_text_names_the_base_when_nothing_declares_one():
    facts = _facts(_card("abrahamsanders-opt-2.7b-realtime-chat.README.md"))
    assert facts.base_models == ("facebook/opt-2.7b",)
    assert facts.lineage_sources == ("README.md text",)


def test_a_declared_base_model_wins_over_the_text():
    text = _card("abrahamsanders-opt-2.7b-realtime-chat.README.md").replace(
        "license: cc-by-3.0\n", "license: cc-by-3.0\nbase_model: facebook/opt-1.3b\n", 1
    )
    facts = _facts(text)
    assert facts.base_models == ("facebook/opt-1.3b",)
    assert facts.lineage_sources == ("card base_model",)


OPT_DERIVATIVE = "AbrahamSanders/opt-2.7b-realtime-chat"


def _serve_opt_derivative(hub) -> None:
    serve_repo(
        hub,
        OPT_DERIVATIVE,
        card_data={"license": "cc-by-3.0"},
        files={"README.md": _card("abrahamsanders-opt-2.7b-realtime-chat.README.md")},
    )


def test_a_cc_by_card_whose_text_names_a_non_commercial_base_fails_commercial(hub, tmp_path):
    # facebook/opt-2.7b's card says `license: other` (its LICENSE is the OPT-175B research
    # license); a derivative cannot be freer than that, whatever its own card declares.
    serve_repo(hub, "facebook/opt-2.7b", card_data={"license": "other"})
    _serve_opt_derivative(hub)
    audit = audit_one(hub, tmp_path, OPT_DERIVATIVE, "commercial")
    assert audit.facts.base_models == ("facebook/opt-2.7b",)
    assert audit.verdict is Verdict.FAIL
    assert "license-unknown" in {f.rule for f in audit.findings}


def test_a_base_named_only_in_the_text_that_cannot_be_fetched_is_a_caution(hub, tmp_path):
    _serve_opt_derivative(hub)  # the loopback Hub answers 404 for facebook/opt-2.7b
    audit = audit_one(hub, tmp_path, OPT_DERIVATIVE, "commercial")
    unknown = [f for f in audit.findings if f.rule == "license-unknown"]
    assert audit.verdict is Verdict.WARN
    assert len(unknown) == 1 and "card text says it was made from facebook/opt-2.7b" in (
        unknown[0].message
    )
    closed = audit_one(hub, tmp_path / "ci", OPT_DERIVATIVE, "commercial", ci=True)
    assert closed.verdict is Verdict.FAIL


def test_a_local_folder_reads_the_base_from_its_card_text(tmp_path):
    from llmaudit.resolve.local import read_local_model

    (tmp_path / "README.md").write_text(
        _card("abrahamsanders-opt-2.7b-realtime-chat.README.md"), encoding="utf-8"
    )
    facts = read_local_model(tmp_path, "local/opt-chat")
    assert facts.base_models == ("facebook/opt-2.7b",)
    assert facts.lineage_sources == ("README.md text",)
