"""What counts as a Hub id, and parse_model_spec."""

from __future__ import annotations

import pytest

from llmaudit.discover import parse_model_spec
from llmaudit.discover.model_ids import hub_id_in_local_path, is_hub_id
from llmaudit.errors import InputError
from llmaudit.models import RefKind


@pytest.mark.parametrize(
    "value",
    [
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-7B",
        "01-ai/Yi-34B",
        "google/t5-v1_1-xl",
        "microsoft/Phi-3.5-mini-instruct",
        "TheBloke/Llama-2-7B-GGUF",
        "openai/whisper-large-v3",
    ],
)
def test_real_hub_ids(value):
    assert is_hub_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "text/plain",
        "application/json",
        "src/utils",
        "./data/x",
        "../a/b",
        "2024/01",
        "1/2",
        "foo/bar.py",
        "a/b.json",
        "this is/not",
        "nvidia/cuda:12.1-base",
        "python:3.11",
        "@types/node",
        "a/b/c",
        "os.path",
        "",
        "org/",
        "/name",
        "org/-bad",
        "org/a--b",
        "anthropic/claude-3-5-sonnet",
        "openai/gpt-4o",
        "models/my-model",
        "x" * 97 + "/y",
    ],
)
def test_look_alikes_are_not_hub_ids(value):
    assert not is_hub_id(value, allow_single=True)


def test_single_segment_ids_only_in_explicit_contexts():
    assert is_hub_id("gpt2", allow_single=True)
    assert is_hub_id("bert-base-uncased", allow_single=True)
    assert not is_hub_id("gpt2")
    assert not is_hub_id("text-generation", allow_single=True)
    assert not is_hub_id("config.json", allow_single=True)


@pytest.mark.parametrize(
    "value",
    ["gpt2-xl", "distilroberta-base", "t5-11b", "xlm-roberta-large", "transfo-xl-wt103"],
)
def test_one_word_model_ids_are_transformers_original_checkpoints(value):
    assert is_hub_id(value, allow_single=True)


@pytest.mark.parametrize(
    "value",
    [
        "new_sd-distill-v21-10k-1e",  # DeepSpeedExamples: a folder a training run writes
        "deberta-base-finetuned-squad",  # huggingface/notebooks: the notebook's own output
        "distillbert-base-cased-distilled-squad",  # a typo a debugging video shows
        "wav2vec2-large-xlsr-53-french",
    ],
)
def test_other_one_word_names_are_no_hub_models(value):
    assert not is_hub_id(value, allow_single=True)
    assert is_hub_id(value, allow_single=True, dataset=True)  # one-word datasets stay open


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("meta-llama/Llama-3.1-8B", ("meta-llama/Llama-3.1-8B", None)),
        ("meta-llama/Llama-3.1-8B@0e9e39f", ("meta-llama/Llama-3.1-8B", "0e9e39f")),
        ("https://huggingface.co/google/gemma-2-2b", ("google/gemma-2-2b", None)),
        (
            "https://huggingface.co/google/gemma-2-2b/tree/refs%2Fpr%2F1",
            ("google/gemma-2-2b", "refs/pr/1"),
        ),
        ("huggingface.co/google/gemma-2-2b/tree/main", ("google/gemma-2-2b", "main")),
        ("hf.co/bigscience/bloom-560m", ("bigscience/bloom-560m", None)),
        ("gpt2", ("gpt2", None)),
        ("bert-base-uncased", ("bert-base-uncased", None)),
    ],
)
def test_parse_model_spec(spec, expected):
    ref = parse_model_spec(spec)
    assert (ref.id, ref.revision) == expected
    assert ref.local_path is None and ref.kind is RefKind.MODEL


def test_parse_model_spec_local_folder(tmp_path, monkeypatch):
    (tmp_path / "my-model").mkdir()
    monkeypatch.chdir(tmp_path)
    ref = parse_model_spec("./my-model")
    assert ref.local_path == str((tmp_path / "my-model").resolve())


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "   ",
        "a b/c",
        "../x",
        "org/../x",
        "org/name/extra",
        "org/na$me",
        "x" * 300,
        "https://huggingface.co/docs",
        "org/name@",
        "org/name@bad rev",
        "https://github.com/a/b",
    ],
)
def test_parse_model_spec_rejects_malformed(spec):
    with pytest.raises(InputError) as info:
        parse_model_spec(spec)
    assert "\n" not in str(info.value)
    assert repr(spec)[:20].strip("'") in str(info.value) or spec.strip() == ""


def test_bare_words_are_folders_not_legacy_model_ids():
    for word in ("unet", "image_encoder", "tokenizer", "vae"):
        assert not is_hub_id(word, allow_single=True)
    assert is_hub_id("squad", allow_single=True, dataset=True)


def test_litellm_hub_prefix():
    from llmaudit.discover.model_ids import strip_litellm_hub_prefix

    assert (
        strip_litellm_hub_prefix("huggingface/meta-llama/Llama-3.1-8B") == "meta-llama/Llama-3.1-8B"
    )
    # the Hub's own "huggingface" organization keeps its models
    assert (
        strip_litellm_hub_prefix("huggingface/CodeBERTa-small-v1")
        == "huggingface/CodeBERTa-small-v1"
    )
    assert strip_litellm_hub_prefix("openai/gpt-4o") == "openai/gpt-4o"


def test_litellm_config_lists_only_the_hub_model(tmp_path):
    from llmaudit.discover import discover
    from llmaudit.settings import Settings

    (tmp_path / "litellm.yaml").write_text(
        "model_list:\n"
        "  - litellm_params: {model: openai/gpt-4o}\n"
        "  - litellm_params: {model: anthropic/claude-3-5-sonnet-20240620}\n"
        "  - litellm_params: {model: huggingface/meta-llama/Meta-Llama-3-8B-Instruct}\n"
        "  - litellm_params: {model: ollama/llama3}\n"
    )
    found = discover(Settings(root=tmp_path))
    assert [(m.id, m.locations[0].line) for m in found.models] == [
        ("meta-llama/Meta-Llama-3-8B-Instruct", 4)
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # where `litgpt download` / `huggingface-cli download --local-dir` put a repo
        ("checkpoints/meta-llama/Llama-2-7b-hf", ("meta-llama/Llama-2-7b-hf", False)),
        ("/mnt/models/Qwen/Qwen2-7B/", ("Qwen/Qwen2-7B", False)),
        ("./mistralai/Mistral-7B-v0.1", ("mistralai/Mistral-7B-v0.1", False)),
        ("C:\\models\\google\\gemma-2b", ("google/gemma-2b", False)),
        # the Hugging Face cache names its repo whoever owns it
        (
            "/root/.cache/huggingface/hub/models--acme--chat-7b/snapshots/0123abc",
            ("acme/chat-7b", False),
        ),
        ("~/.cache/huggingface/hub/datasets--org--data", ("org/data", True)),
        # an owner the built-in table does not know: more often the project's own output
        ("out/acme/run-3", None),
        ("outputs/meta-llama/Llama-2-7b-hf-sft", None),  # a run's result, named after its base
        ("/data/experiments/run1/google/gemma-2b", None),
        ("checkpoints/meta-llama/Llama-2-7b-hf/tokenizer.model", None),
        ("meta-llama/Llama-2-7b-hf", None),  # a Hub id itself, read as one elsewhere
        ("outputs/llama-7b", None),
        ("/data/meta-llama/your-model-path", None),  # a placeholder
        # LiteLLM's provider prefix: a hosted API, judged by the client's context
        ("openrouter/meta-llama/llama-3.3-70b-instruct", None),
        ("together_ai/meta-llama/Llama-3-8b-chat-hf", None),
    ],
)
def test_hub_repo_named_by_a_local_folder(path, expected):
    assert hub_id_in_local_path(path) == expected


def test_an_llm_gateways_prefix_names_a_model_but_never_a_dataset():
    from llmaudit.discover.model_ids import is_hub_id

    # LiteLLM's anthropic/claude-... is a provider's model; Anthropic's Hub datasets are real
    # (h2oGPT's data script: load_dataset("Anthropic/hh-rlhf"))
    assert not is_hub_id("anthropic/claude-3-5-sonnet")
    assert is_hub_id("Anthropic/hh-rlhf", dataset=True)
    assert is_hub_id("databricks/databricks-dolly-15k", dataset=True)
