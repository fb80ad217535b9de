"""Property: a derivative of a non-commercial model never passes `commercial`, whatever its own
card says and whichever file names the base (card base_model, the Hub's base_model tags,
adapter_config.json, mergekit_config.yml, the merge block in the card's text, or the sentence
a tool writes into the card's text: "This model is a fine-tuned version of [org/name](...)")."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmaudit.licenses import all_licenses
from llmaudit.models import CommercialUse, Verdict
from llmaudit.policy.rules.base import commercial_status

from .hub_repos import audit_one, data_text, serve_repo

PROHIBITED = sorted(
    (info.hub_ids or (info.key,))[0]
    for info in all_licenses()
    if commercial_status(info) is CommercialUse.PROHIBITED
)
OWN_LICENSES = sorted({(info.hub_ids or (info.key,))[0] for info in all_licenses()})
CARRIERS = ("card", "tags", "adapter_config", "mergekit_file", "card_merge_block", "card_text")
# How tools name the base in a card's text (Transformers' Trainer, GGUF-my-repo, bartowski).
TEXT_SENTENCES = (
    "This model is a fine-tuned version of [{id}](https://huggingface.co/{id}) on the None dataset.",
    "This model was converted to GGUF format from [`{id}`](https://huggingface.co/{id}) using "
    "llama.cpp via the ggml.ai's [GGUF-my-repo](https://huggingface.co/spaces/ggml-org/gguf-my-repo)"
    " space.",
    "Original model: https://huggingface.co/{id}",
)
_IDS = itertools.count()


@pytest.fixture(scope="module")
def hub():
    from tests.loopback_hub import LoopbackHub

    server = LoopbackHub()
    yield server
    server.close()


def _merge_config(bases: list[str]) -> str:
    return json.dumps(
        {"models": [{"model": b} for b in bases], "merge_method": "ties", "base_model": bases[0]}
    )


def _serve_derivative(hub, model_id, own, relation, carrier, bases, sentence=TEXT_SENTENCES[0]):
    card: dict = {} if own is None else {"license": own}
    if relation:
        card["base_model_relation"] = relation
    files: dict[str, str] = {}
    tags = None
    if carrier == "card":
        card["base_model"] = bases
    elif carrier == "tags":  # the Hub's base_model:<relation>:<id> tags only
        tags = ([f"license:{own}"] if own else []) + [
            f"base_model:{relation + ':' if relation else ''}{b}" for b in bases
        ]
    elif carrier == "adapter_config":
        config = json.loads(data_text("llama-2-7b-lora.adapter_config.json"))
        config["base_model_name_or_path"] = bases[-1]
        files["adapter_config.json"] = json.dumps(config)
        bases[:] = bases[-1:]
    elif carrier == "mergekit_file":
        files["mergekit_config.yml"] = _merge_config(bases)
    elif carrier == "card_text":
        front = f"license: {own}\n" if own else ""
        files["README.md"] = f"---\n{front}---\n# derivative\n\n{sentence.format(id=bases[-1])}\n"
        bases[:] = bases[-1:]
    else:
        card["tags"] = ["mergekit", "merge"]
        files["README.md"] = (
            "---\nlicense: apache-2.0\n---\n# merge\n\n```yaml\n" + _merge_config(bases) + "\n```\n"
        )
    serve_repo(hub, model_id, card_data=card, files=files, tags=tags)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    own=st.sampled_from([*OWN_LICENSES, "other", None]),
    base_license=st.sampled_from(PROHIBITED),
    relation=st.sampled_from([None, "adapter", "finetune", "merge", "quantized"]),
    carrier=st.sampled_from(CARRIERS),
    with_permissive_parent=st.booleans(),
    sentence=st.sampled_from(TEXT_SENTENCES),
)
def test_derivative_of_a_non_commercial_model_never_passes_commercial(
    hub, tmp_path_factory, own, base_license, relation, carrier, with_permissive_parent, sentence
):
    n = next(_IDS)
    nc_base = f"nc-org/base-{n}"
    serve_repo(hub, nc_base, card_data={"license": base_license})
    bases = [nc_base]
    if with_permissive_parent:
        free = f"free-org/base-{n}"
        serve_repo(hub, free, card_data={"license": "apache-2.0"})
        bases.insert(0, free)
    derivative = f"someone/derivative-{n}"
    _serve_derivative(hub, derivative, own, relation, carrier, bases, sentence)
    audit = audit_one(hub, tmp_path_factory.mktemp("run"), derivative, "commercial")
    assert nc_base in audit.facts.base_models
    assert audit.verdict is Verdict.FAIL, [(f.rule, f.message) for f in audit.findings]
