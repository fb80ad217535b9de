"""The built-in facts table: demo models present, entries well-formed and honest."""

from __future__ import annotations

import pytest
import yaml

from llmaudit.models import FactSource, Modality
from llmaudit.resolve.card import read_strings
from llmaudit.resolve.embedded import builtin_checked_date, builtin_facts, load_builtin_table

from .conftest import load_hub_json

DEMO = {
    "sentence-transformers/all-MiniLM-L6-v2": ("apache-2.0", False, ()),
    "meta-llama/Llama-3.1-8B-Instruct": ("llama3.1", True, ("meta-llama/Llama-3.1-8B",)),
    "meta-llama/Llama-3.1-8B": ("llama3.1", True, ()),
    "google/gemma-2-9b-it": ("gemma", True, ("google/gemma-2-9b",)),
    "google/gemma-2-9b": ("gemma", True, ()),
    "mistralai/Mistral-7B-Instruct-v0.3": ("apache-2.0", None, ("mistralai/Mistral-7B-v0.3",)),
    "microsoft/Phi-3-mini-4k-instruct": ("mit", False, ()),
    "facebook/nllb-200-distilled-600M": ("cc-by-nc-4.0", False, ()),
    "openai/whisper-large-v3": ("apache-2.0", False, ()),
}
ALLOWED_KEYS = {
    "id",
    "license",
    "license_name",
    "license_link",
    "gated",
    "base_model",
    "base_model_relation",
    "pipeline_tag",
    "library_name",
    "weight_formats",
    "remote_code",
    "datasets",
    "sha",
    "provenance",
    "provenance_extra",
    "checked",
}


@pytest.mark.parametrize("model_id", sorted(DEMO))
def test_demo_models_are_built_in(model_id):
    license_key, gated, bases = DEMO[model_id]
    facts = builtin_facts(model_id)
    assert facts is not None
    assert facts.source is FactSource.BUILTIN
    assert facts.declaration.origin is FactSource.BUILTIN
    assert facts.declaration.card_license == (license_key,)
    assert facts.base_models == bases
    if gated is None:
        assert any("gated state unknown" in n for n in facts.notes)
    else:
        assert facts.gated is gated


def test_lookup_is_case_insensitive_and_keeps_the_asked_id():
    facts = builtin_facts("OpenAI/Whisper-Large-V3")
    assert facts is not None and facts.id == "OpenAI/Whisper-Large-V3"
    assert facts.modality is Modality.AUDIO


def test_unknown_model_is_none():
    assert builtin_facts("nobody/nothing") is None


def test_every_entry_is_well_formed_with_provenance():
    table = load_builtin_table()
    assert 60 <= len(table) <= 200
    for key, entry in table.items():
        assert set(entry) <= ALLOWED_KEYS, key
        assert isinstance(entry.get("provenance"), str) and entry["provenance"], key
        assert isinstance(entry.get("checked"), str), key
        assert isinstance(entry.get("license"), (str, list)) or "license" not in entry, key
        if entry.get("license") == "other":
            assert entry.get("license_name"), f"{key}: 'other' needs license_name"
        assert entry.get("gated") in (True, False, None), key
        assert "/" in entry["id"] or entry["id"] == "gpt2", key


RECORDED = "recorded Hub API answer "  # provenance cites the public API address (#17)


def test_recorded_entries_match_their_corpus_bodies(corpus):
    for entry in load_builtin_table().values():
        source = entry["provenance"]
        if not source.startswith(RECORDED):
            continue
        assert source == RECORDED + f"https://huggingface.co/api/models/{entry['id']}"
        body = load_hub_json(corpus, entry["id"].replace("/", "__"))
        card = body.get("cardData") or {}
        assert entry.get("license") == card.get("license"), entry["id"]
        assert entry["sha"] == body["sha"], entry["id"]
        assert entry.get("pipeline_tag") == body.get("pipeline_tag"), entry["id"]


def test_unverified_entries_say_so():
    for entry in load_builtin_table().values():
        if not entry["provenance"].startswith((RECORDED, "Hub card https://")):
            assert "UNVERIFIED" in entry["provenance"], entry["id"]


def test_custom_data_path(tmp_path):
    path = tmp_path / "models.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "models": [
                    {"id": "a/b", "license": "mit", "provenance": "test", "checked": "x"},
                ]
            }
        )
    )
    facts = builtin_facts("a/b", data_path=path)
    assert facts is not None and facts.declaration.card_license == ("mit",)


def test_card_corpus_entries_match_their_cards(corpus):
    from llmaudit.resolve.card import parse_card

    for entry in load_builtin_table().values():
        source = entry["provenance"]
        if source.startswith("corpus:model-cards/"):
            path = corpus / source.split()[0].removeprefix("corpus:")
            card = parse_card(path.read_text(encoding="utf-8"))
            assert entry["license"] == card.data["license"], entry["id"]


def test_one_entry_per_line_lookup_matches_the_whole_table():
    # builtin_facts parses only the asked-for line; it must agree with a full parse.
    for key, entry in load_builtin_table().items():
        facts = builtin_facts(key)
        assert facts is not None, key
        assert facts.declaration.card_license == (
            (entry["license"],) if "license" in entry else ()
        ), key
        assert facts.base_models == tuple(read_strings(entry.get("base_model"))), key


def test_one_line_entries_in_a_custom_file_and_unlisted_ids(tmp_path):
    path = tmp_path / "models.yaml"
    path.write_text(
        "version: 1\nmodels:\n# a comment\n"
        "- {id: a/b, license: mit, provenance: test, checked: x}\n"
        "- {id: solo, license: apache-2.0, provenance: test, checked: x}\n"
    )
    assert builtin_facts("A/B", data_path=path).declaration.card_license == ("mit",)
    assert builtin_facts("solo", data_path=path).declaration.card_license == ("apache-2.0",)
    assert builtin_facts("a/c", data_path=path) is None


def test_a_former_one_word_name_gets_the_entry_of_the_repository_it_now_is():
    # bert-base-uncased and xlm-roberta-base have no entry of their own; the Hub redirects them
    # to google-bert/bert-base-uncased and FacebookAI/xlm-roberta-base, which have one.
    facts = builtin_facts("bert-base-uncased")
    assert facts is not None
    assert facts.id == "bert-base-uncased"
    assert facts.declaration.card_license == ("apache-2.0",)
    assert facts.publisher == builtin_facts("google-bert/bert-base-uncased").publisher
    assert any("former name of google-bert/bert-base-uncased" in n for n in facts.notes)
    assert builtin_facts("xlm-roberta-base").declaration.card_license == ("mit",)
    assert builtin_checked_date("bert-base-uncased") == builtin_checked_date(
        "google-bert/bert-base-uncased"
    )


def test_only_former_names_of_original_checkpoints_are_mapped():
    assert builtin_facts("t5-11b") is None  # a former name, but no entry for google-t5/t5-11b
    assert builtin_facts("bertology-model") is None  # not a former name ("bert-" + ...)
    assert builtin_facts("someone/bert-base-uncased") is None  # an owner: never remapped
    assert builtin_facts("llama-7b") is None
