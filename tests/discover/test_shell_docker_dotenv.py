"""Shell scripts, Makefiles, Dockerfiles and .env files."""

from __future__ import annotations

from llmaudit.discover import discover
from llmaudit.discover.dockerfiles import read_dockerfile
from llmaudit.discover.dotenv import read_dotenv
from llmaudit.discover.shell_scripts import is_model_variable, read_shell
from llmaudit.models import LocationKind, RefKind
from llmaudit.settings import Settings


def _values(scan):
    return [(c.value, c.line, c.kind, c.revision) for c in scan.candidates]


def test_download_commands_with_options():
    text = (
        "#!/bin/sh\n"
        "huggingface-cli download --repo-type dataset HuggingFaceH4/no_robots\n"
        "hf download meta-llama/Llama-3.2-1B --revision 4e20de3 --local-dir ./w\n"
        "huggingface-cli download acme/space-demo --repo-type space\n"
        "# huggingface-cli download commented/out\n"
    )
    scan = read_shell(text)
    assert _values(scan) == [
        ("HuggingFaceH4/no_robots", 2, RefKind.DATASET, None),
        ("meta-llama/Llama-3.2-1B", 3, RefKind.MODEL, "4e20de3"),
        ("commented/out", 5, RefKind.MODEL, None),
    ]
    # a command in a comment runs nothing: a mention
    assert [c.usage for c in scan.candidates] == [*[LocationKind.USE] * 2, LocationKind.MENTION]


def test_setup_command_in_a_config_comment_is_a_mention():
    # the setup lines of recipes/configs/qwen2_5/3B_full.yaml in pytorch/torchtune (bd2a0fc,
    # BSD-3-Clause)
    from llmaudit.discover.config_files import read_yaml

    text = (
        "# This config assumes that you've run the following command before launching:\n"
        "#   tune download Qwen/Qwen2.5-3B-Instruct --output-dir /tmp/Qwen2.5-3B-Instruct\n"
        "checkpointer:\n"
        "  checkpoint_dir: /tmp/Qwen2.5-3B-Instruct\n"
    )
    assert [(c.value, c.line, c.usage) for c in read_yaml(text).candidates] == [
        ("Qwen/Qwen2.5-3B-Instruct", 2, LocationKind.MENTION)
    ]


def test_continued_lines_are_located_on_the_physical_line():
    text = "huggingface-cli download \\\n    --quiet \\\n    google/gemma-2b\n"
    assert [(c.value, c.line) for c in read_shell(text).candidates] == [("google/gemma-2b", 3)]


def test_makefile_variables_and_flags():
    text = (
        "BASE_MODEL ?= mistralai/Mistral-7B-v0.3\n"
        "OUTPUT_DIR := out/run\n"
        "train:\n"
        "\tpython train.py --model_name_or_path t5-base --tokenizer google/byt5-small\n"
    )
    assert sorted(c.value for c in read_shell(text).candidates) == [
        "google/byt5-small",
        "mistralai/Mistral-7B-v0.3",
        "t5-base",
    ]


def test_dockerfile_env_arg_run_but_never_from():
    text = (
        "FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n"
        "FROM nvidia/cuda AS cuda\n"
        "ARG MODEL_NAME=BAAI/bge-m3\n"
        "ENV MODEL_REVISION=main TOKENIZER_ID=BAAI/bge-m3\n"
        "ENV RERANKER_MODEL BAAI/bge-reranker-v2-m3\n"
        "RUN hf download BAAI/bge-m3 --include '*.json'\n"
    )
    assert [(c.value, c.line) for c in read_dockerfile(text).candidates] == [
        ("BAAI/bge-m3", 3),
        ("BAAI/bge-m3", 4),
        ("BAAI/bge-reranker-v2-m3", 5),
        ("BAAI/bge-m3", 6),
    ]


def test_dotenv_model_keys_only():
    text = (
        "# settings\n"
        "LLM_MODEL='meta-llama/Llama-3.3-70B-Instruct'\n"
        "export EMBED_MODEL_ID=intfloat/multilingual-e5-large # embeddings\n"
        "MODEL_CACHE_DIR=cache/models\n"
        "GITHUB_REPO=acme/bot\n"
    )
    assert [(c.value, c.line) for c in read_dotenv(text).candidates] == [
        ("meta-llama/Llama-3.3-70B-Instruct", 2),
        ("intfloat/multilingual-e5-large", 3),
    ]


def test_model_variable_names():
    assert is_model_variable("HF_MODEL") and is_model_variable("base_model_name")
    assert not is_model_variable("MODEL_DIR") and not is_model_variable("MODELING_TOKEN")


def test_every_download_of_a_chained_line():
    text = (
        "RUN huggingface-cli download $MODEL && "
        "huggingface-cli download intfloat/multilingual-e5-large --revision v1; "
        "hf download org/data --repo-type dataset | tee log\n"
    )
    found = {
        (c.value, c.kind, c.revision)
        for c in read_shell(text).candidates
        if not c.value.startswith("$")
    }
    assert found == {
        ("intfloat/multilingual-e5-large", RefKind.MODEL, "v1"),
        ("org/data", RefKind.DATASET, None),
    }


def test_a_dataset_source_key_names_the_dataset():
    # recipes/configs/mistral/7B_full_ppo_low_memory.yaml, lines 36-41, in pytorch/torchtune
    # (bd2a0fc, BSD-3-Clause)
    from llmaudit.discover.config_files import read_yaml

    text = (
        "dataset:\n"
        "  _component_: torchtune.datasets.text_completion_dataset\n"
        "  source: trl-internal-testing/sentiment-trl-style\n"
        "  split: train\n"
        "  column: prompt\n"
        "  add_eos: False\n"
    )
    assert [(c.value, c.line, c.kind) for c in read_yaml(text).candidates] == [
        ("trl-internal-testing/sentiment-trl-style", 3, RefKind.DATASET)
    ]


def test_dockerfile_exec_form_commands(tmp_path):
    """CMD / ENTRYPOINT / RUN as a JSON array of words (the exec form TGI, TEI and vLLM
    images take their flags in), continued over lines or not; a variable is no id."""
    text = (
        "FROM ghcr.io/huggingface/text-embeddings-inference:cpu-1.9\n"
        'CMD ["--model-id", "BAAI/bge-small-en-v1.5", "--port", "8080"]\n'
        'ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", \\\n'
        '            "--model", "Qwen/Qwen2.5-7B-Instruct", \\\n'
        '            "--port", "${PORT:-8000}"]\n'
        'RUN ["huggingface-cli", "download", "openai/whisper-small"]\n'
        'CMD ["--model-id", "$MODEL_ID"]\n'
        'CMD ["--model-id", "unterminated/json"\n'
    )
    found = {(c.value, c.line) for c in read_dockerfile(text).candidates}
    assert ("BAAI/bge-small-en-v1.5", 2) in found
    assert ("Qwen/Qwen2.5-7B-Instruct", 4) in found  # located on its physical line
    assert ("openai/whisper-small", 6) in found
    (tmp_path / "Dockerfile").write_text(text)
    models = discover(Settings(root=tmp_path)).models
    assert sorted(ref.id for ref in models) == [
        "BAAI/bge-small-en-v1.5",
        "Qwen/Qwen2.5-7B-Instruct",
        "openai/whisper-small",
    ]


def test_dataset_option_values_stop_at_the_next_option_and_skip_project_folders(tmp_path):
    (tmp_path / "local" / "pairs").mkdir(parents=True)
    (tmp_path / "train.sh").write_text(
        "deepspeed main.py --data_path acme-ai/rm-static local/pairs $EXTRA \\\n"
        "  --data_split 2,4,4 --dataset_num_proc 8 --model_name_or_path acme-ai/opt\n"
        "swift sft --dataset=acme-ai/chat#100 data/train.jsonl --val_dataset acme-ai/val:dev\n"
        # clip_benchmark's own dataset names (InternVL's clip_benchmark/*.sh)
        'clip_benchmark eval --dataset "vtab/flowers" --dataset tfds/cifar10 --dataset DIOR\n',
        encoding="utf-8",
    )
    found = discover(Settings(root=tmp_path))
    assert sorted(ref.id for ref in found.datasets) == [
        "acme-ai/chat",
        "acme-ai/rm-static",
        "acme-ai/val",
    ]  # local/pairs is a folder of the project; data/train.jsonl a file
    assert not found.notes  # a one-word local name is no candidate, so no placeholder note
    assert [ref.id for ref in found.models] == ["acme-ai/opt"]


def test_ollama_runs_a_hub_gguf_repo_by_its_address():
    text = (
        "ollama run hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF\n"
        "ollama pull https://huggingface.co/unsloth/gemma-3-4b-it-GGUF:Q4_K_M && ollama run phi3\n"
        "ollama run llama3.2  # Ollama's own library, not the Hub\n"
    )
    found = [(c.value, c.line, c.usage) for c in read_shell(text).candidates]
    assert found == [
        ("bartowski/Llama-3.2-3B-Instruct-GGUF", 1, LocationKind.USE),
        ("unsloth/gemma-3-4b-it-GGUF", 2, LocationKind.USE),  # the quantization tag dropped
    ]


def test_curl_request_bodies_count_by_their_address():
    script = (
        # vLLM production-stack's test scripts: the project's own server, quoted pieces
        'curl -s -X POST http://"$1":"$2"/v1/completions \\\n'
        '    -d \'{"model": "facebook/opt-125m", "prompt": "Hi"}\'\n'
        'curl https://openrouter.ai/api/v1/chat/completions -d \'{"model": "qwen/qwen-2.5-72b"}\'\n'
        'curl -d \'{"model": "acme-ai/somewhere"}\' "$URL"\n'
    )
    found = [(c.value, c.line, c.usage.value) for c in read_shell(script).candidates]
    assert ("facebook/opt-125m", 2, "use") in found
    assert not any(value.startswith("qwen/") for value, _, _ in found)  # a provider's name
    assert ("acme-ai/somewhere", 4, "mention") in found  # no address to judge
