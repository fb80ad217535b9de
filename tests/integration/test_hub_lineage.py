"""Lineage from repo files (adapter and merge configs): a derivative never relicenses its base."""

from __future__ import annotations

import json

import pytest

from llmaudit.models import Verdict
from llmaudit.resolve.derivation import (
    find_card_merge_config,
    read_adapter_config,
    read_merge_config,
)

from .hub_repos import audit_one, data_text, rules_at, serve_nc_base, serve_repo

ADAPTER = "someone/republican-gpt2-lora"


def _adapter_config(base: str) -> str:
    config = json.loads(data_text("llama-2-7b-lora.adapter_config.json"))
    config["base_model_name_or_path"] = base
    return json.dumps(config, indent=2)


def test_adapter_naming_its_nc_base_only_in_adapter_config_fails_commercial(hub, tmp_path):
    base = serve_nc_base(hub)
    serve_repo(
        hub,
        ADAPTER,
        card_data={"license": "apache-2.0", "library_name": "peft"},
        files={"adapter_config.json": _adapter_config(base), "adapter_model.safetensors": ""},
    )
    audit = audit_one(hub, tmp_path, ADAPTER, "commercial")
    assert audit.verdict is Verdict.FAIL
    assert "commercial-use" in rules_at(audit, Verdict.FAIL)
    assert audit.facts.base_models == (base,)
    assert audit.facts.base_model_relation == "adapter"
    assert audit.facts.lineage_sources == ("adapter_config.json",)
    assert [(e.model_id, e.relation, e.license.key) for e in audit.lineage] == [
        (base, "adapter", "cc-by-nc-4.0")
    ]
    message = next(f.message for f in audit.findings if f.rule == "commercial-use")
    assert base in message and "adapter" in message


def test_an_adapter_config_only_in_a_checkpoint_folder_names_the_base(hub, tmp_path):
    # the layout of a trainer's output uploaded as is (github.com/syGOAT/
    # Mistral-v0.2-Translator-bf16 @ 2f1cd7a9: checkpoint-500/adapter_config.json, ...)
    base = serve_nc_base(hub)
    serve_repo(
        hub,
        ADAPTER,
        card_data={"license": "apache-2.0", "library_name": "peft"},
        files={
            "checkpoint-500/adapter_config.json": _adapter_config(base),
            "checkpoint-500/adapter_model.safetensors": "",
            "checkpoint-1000/trainer_state.json": "{}",
        },
    )
    audit = audit_one(hub, tmp_path, ADAPTER, "commercial")
    assert audit.facts.base_models == (base,)
    assert audit.facts.lineage_sources == ("checkpoint-500/adapter_config.json",)
    assert audit.facts.base_model_relation == "adapter"
    assert audit.verdict is Verdict.FAIL


def test_an_adapter_base_given_as_a_hub_url_is_that_repo(hub, tmp_path):
    base = serve_nc_base(hub)
    serve_repo(
        hub,
        ADAPTER,
        card_data={"license": "apache-2.0"},
        files={"adapter_config.json": _adapter_config(f"https://huggingface.co/{base}")},
    )
    audit = audit_one(hub, tmp_path, ADAPTER, "commercial")
    assert audit.facts.base_models == (base,)
    assert audit.verdict is Verdict.FAIL


def test_folder_adapter_configs_are_read_only_without_a_root_one():
    from llmaudit.resolve.derivation import lineage_file_paths

    nested = ("b/c/adapter_config.json", "a/adapter_config.json", "README.md")
    assert lineage_file_paths(nested) == ("a/adapter_config.json", "b/c/adapter_config.json")
    with_root = ("adapter_config.json", "mergekit_config.yml", *nested)
    assert lineage_file_paths(with_root) == ("adapter_config.json", "mergekit_config.yml")


def test_card_relation_wins_over_the_file_and_both_bases_are_kept(hub, tmp_path):
    base = serve_nc_base(hub)
    serve_repo(hub, "meta-llama/Llama-3.1-8B", card_data={"license": "llama3.1"})
    serve_repo(
        hub,
        ADAPTER,
        card_data={
            "license": "apache-2.0",
            "base_model": "meta-llama/Llama-3.1-8B",
            "base_model_relation": "quantized",
        },
        files={"adapter_config.json": _adapter_config(base)},
    )
    audit = audit_one(hub, tmp_path, ADAPTER, "commercial")
    assert audit.facts.base_models == ("meta-llama/Llama-3.1-8B", base)
    assert audit.facts.base_model_relation == "quantized"
    assert audit.verdict is Verdict.FAIL


def test_merge_config_file_brings_every_merged_model_into_lineage(hub, tmp_path):
    nc = serve_nc_base(hub, "DreadPoor/Heart_Stolen-8B-Model_Stock")
    for other in ("arcee-ai/Llama-3.1-SuperNova-Lite", "Dampfinchen/Llama-3.1-8B-Ultra-Instruct"):
        serve_repo(hub, other, card_data={"license": "llama3.1"})
    config = data_text("parammyl-8b-modelstock.mergekit_config.yml")
    serve_repo(
        hub,
        "YouriLalain/1PARAMMYL-8B-ModelStock",
        card_data={"license": "apache-2.0"},
        files={"mergekit_config.yml": config},
    )
    audit = audit_one(hub, tmp_path, "YouriLalain/1PARAMMYL-8B-ModelStock", "commercial")
    assert audit.facts.base_model_relation == "merge"
    assert set(audit.facts.base_models) == {
        "arcee-ai/Llama-3.1-SuperNova-Lite",
        nc,
        "Dampfinchen/Llama-3.1-8B-Ultra-Instruct",
    }
    assert audit.verdict is Verdict.FAIL
    assert any(nc in f.message for f in audit.findings if f.rule == "commercial-use")


def test_merge_block_in_the_card_text_is_lineage_when_front_matter_names_no_base(hub, tmp_path):
    card = data_text("prymmal-yi1.5-6b-slerp.README.md")
    # the publisher dropped base_model from the front matter; the mergekit block still names it
    card = card.replace("base_model:\n- 01-ai/Yi-1.5-6B-Chat\n- 01-ai/Yi-1.5-6B\n", "")
    serve_nc_base(hub, "01-ai/Yi-1.5-6B-Chat")
    serve_repo(hub, "01-ai/Yi-1.5-6B", card_data={"license": "apache-2.0"})
    serve_repo(
        hub,
        "YouriLalain/2PRYMMAL-Yi1.5-6B-SLERP",
        card_data={"license": "apache-2.0", "tags": ["mergekit", "merge"]},
        files={"README.md": card},
    )
    audit = audit_one(hub, tmp_path, "YouriLalain/2PRYMMAL-Yi1.5-6B-SLERP", "commercial")
    assert audit.facts.base_models == ("01-ai/Yi-1.5-6B-Chat", "01-ai/Yi-1.5-6B")
    assert audit.facts.lineage_sources == ("README.md merge config",) * 2
    assert audit.verdict is Verdict.FAIL


def test_local_folder_adapter_reads_its_adapter_config(hub, tmp_path):
    base = serve_nc_base(hub)
    folder = tmp_path / "my-adapter"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# adapter\n", encoding="utf-8")
    (folder / "adapter_config.json").write_text(_adapter_config(base), encoding="utf-8")
    audit = audit_one(hub, tmp_path, str(folder), "commercial")
    assert audit.facts.base_models == (base,)
    assert audit.verdict is Verdict.FAIL


def test_adapter_with_a_local_base_path_and_no_card_base_is_never_clean(hub, tmp_path):
    serve_repo(
        hub,
        ADAPTER,
        card_data={"license": "apache-2.0"},
        files={"adapter_config.json": _adapter_config("/home/me/llama-2-7b-hf")},
    )
    audit = audit_one(hub, tmp_path, ADAPTER, "commercial")
    assert rules_at(audit, Verdict.WARN) == ["malformed-metadata"]
    finding = next(f for f in audit.findings if f.rule == "malformed-metadata")
    assert "base_model_name_or_path" in finding.message
    assert "/home/me/llama-2-7b-hf" in finding.message
    assert audit_one(hub, tmp_path / "ci", ADAPTER, "commercial", ci=True).verdict is Verdict.FAIL


def test_real_adapter_config_names_its_hub_base():
    found = read_adapter_config(data_text("llama-2-7b-lora.adapter_config.json"))
    assert found.bases == ("genaitraining/llama-2-7b-domain-tuned",)
    assert found.relation == "adapter" and found.problems == ()


def test_real_mergekit_file_and_hand_edited_card_block():
    merged = read_merge_config(data_text("parammyl-8b-modelstock.mergekit_config.yml"), "m.yml")
    assert merged.bases == (
        "arcee-ai/Llama-3.1-SuperNova-Lite",
        "DreadPoor/Heart_Stolen-8B-Model_Stock",
        "Dampfinchen/Llama-3.1-8B-Ultra-Instruct",
    )
    block = find_card_merge_config(data_text("prymmal-yi1.5-6b-slerp.README.md"))
    assert block is not None
    from_card = read_merge_config(block, "README.md merge config")
    assert from_card.bases == ("01-ai/Yi-1.5-6B-Chat", "01-ai/Yi-1.5-6B")
    assert from_card.problems == ()


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("org/model", ("org/model",)),
        ("org/model@abc123", ("org/model",)),
        ("org/model+org/lora", ("org/model", "org/lora")),
        (
            {"model": {"path": "org/model", "revision": "main"}, "lora": {"path": "org/lora"}},
            ("org/model", "org/lora"),
        ),
    ],
)
def test_mergekit_model_reference_forms(reference, expected):
    text = json.dumps({"models": [{"model": reference}], "merge_method": "linear"})
    assert read_merge_config(text, "m.yml").bases == expected


def _saved_config(name_or_path: str) -> str:
    # what Transformers' save_pretrained writes for a fine-tune of `name_or_path`
    return json.dumps({"_name_or_path": name_or_path, "architectures": ["GPT2LMHeadModel"]})


def test_a_fine_tune_whose_card_names_no_base_inherits_the_base_its_config_names(hub, tmp_path):
    base = serve_nc_base(hub)
    serve_repo(
        hub,
        "someone/gpt2-politics-ft",
        card_data={"license": "mit"},
        files={"config.json": _saved_config(base)},
    )
    audit = audit_one(hub, tmp_path, "someone/gpt2-politics-ft", "commercial")
    assert audit.facts.base_models == (base,)
    assert audit.facts.lineage_sources == ("config.json _name_or_path",)
    assert audit.verdict is Verdict.FAIL and "commercial-use" in rules_at(audit, Verdict.FAIL)


def test_a_config_origin_the_hub_does_not_know_is_dropped_with_a_note(hub, tmp_path):
    serve_repo(
        hub,
        "someone/gpt2-ft",
        card_data={"license": "mit"},
        files={"config.json": _saved_config("output/checkpoint-500")},
    )
    audit = audit_one(hub, tmp_path, "someone/gpt2-ft", "commercial")
    assert audit.facts.base_models == ()
    assert any("config.json names output/checkpoint-500" in n for n in audit.facts.notes)
    assert audit.verdict is Verdict.PASS
