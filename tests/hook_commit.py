"""The realistic pre-commit commit that bench/hook.py times and tests/report/test_hook.py
checks: 10 changed files (code, a notebook, YAML/TOML configs, a Dockerfile, a shell script,
a requirements file) naming 12 models (13 with one base model) and 4 pinned packages, and
the loopback Hub's answers for those models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.loopback_hub import Reply, json_reply

REPO = Path(__file__).resolve().parents[1]

MODELS = {  # 13 well-known models and their Hub license ids, as the loopback Hub serves them
    "meta-llama/Llama-3.1-8B-Instruct": "llama3.1",
    "meta-llama/Llama-3.1-8B": "llama3.1",
    "sentence-transformers/all-MiniLM-L6-v2": "apache-2.0",
    "openai/whisper-large-v3": "apache-2.0",
    "google/gemma-2-9b-it": "gemma",
    "mistralai/Mistral-7B-Instruct-v0.3": "apache-2.0",
    "microsoft/Phi-3-mini-4k-instruct": "mit",
    "BAAI/bge-small-en-v1.5": "mit",
    "facebook/nllb-200-distilled-600M": "cc-by-nc-4.0",
    "google-bert/bert-base-uncased": "apache-2.0",
    "Qwen/Qwen2.5-7B-Instruct": "apache-2.0",
    "stabilityai/stable-diffusion-xl-base-1.0": "openrail++",
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english": "apache-2.0",
}
# llmaudit's own dependencies, so they are installed wherever llmaudit is: pinned below at
# their installed versions, their licenses come from installed metadata and license files.
PACKAGES = ("click", "PyYAML", "Jinja2", "requests")


def write_project(root: Path) -> list[Path]:
    """Write the commit's 10 files under `root`; return their paths in commit order."""
    from importlib import metadata

    pins = "".join(f"{name}=={metadata.version(name)}\n" for name in PACKAGES)
    files = {
        "app/chat.py": "from transformers import AutoModelForCausalLM\n"
        "model = AutoModelForCausalLM.from_pretrained("
        '"meta-llama/Llama-3.1-8B-Instruct")\n'
        "helper = AutoModelForCausalLM.from_pretrained(\n"
        '    "Qwen/Qwen2.5-7B-Instruct")\n',
        "app/search.py": "from sentence_transformers import SentenceTransformer\n"
        "encoder = SentenceTransformer(\n"
        '    "sentence-transformers/all-MiniLM-L6-v2")\n'
        'reranker = SentenceTransformer("BAAI/bge-small-en-v1.5")\n',
        "app/transcribe.py": "from transformers import pipeline\n"
        'asr = pipeline("automatic-speech-recognition", '
        'model="openai/whisper-large-v3")\n'
        'mood = pipeline("text-classification", model="distilbert/'
        'distilbert-base-uncased-finetuned-sst-2-english")\n',
        "app/images.py": "from diffusers import DiffusionPipeline\n"
        "pipe = DiffusionPipeline.from_pretrained("
        '"stabilityai/stable-diffusion-xl-base-1.0")\n',
        "requirements.txt": pins,
        "configs/models.yaml": "generator:\n  model_name_or_path: google/gemma-2-9b-it\n"
        "fallback_model: mistralai/Mistral-7B-Instruct-v0.3\n"
        "embedding_model: google-bert/bert-base-uncased\n",
        "configs/settings.toml": '[model]\nmodel_id = "microsoft/Phi-3-mini-4k-instruct"\n',
        "Dockerfile": "FROM python:3.12-slim\n"
        "ENV MODEL_ID=sentence-transformers/all-MiniLM-L6-v2\n",
        "scripts/download.sh": "#!/bin/sh\nhuggingface-cli download openai/whisper-large-v3\n",
        "notebooks/try.ipynb": json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "outputs": [],
                        "execution_count": None,
                        "source": [
                            "from transformers import pipeline\n",
                            'pipe = pipeline("translation", '
                            'model="facebook/nllb-200-distilled-600M")\n',
                        ],
                    }
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
    }
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def hub_answer(path: str) -> Reply:
    """The loopback Hub: an /api/models body for each model, 404 for anything else."""
    model_id = path.removeprefix("/api/models/").split("/revision/")[0]
    if path.startswith("/api/models/") and model_id in MODELS:
        card: dict[str, object] = {"license": MODELS[model_id]}
        if model_id == "meta-llama/Llama-3.1-8B-Instruct":
            card["base_model"] = "meta-llama/Llama-3.1-8B"
        return json_reply(
            {
                "id": model_id,
                "sha": "0" * 40,
                "gated": False,
                "pipeline_tag": "text-generation",
                "tags": [f"license:{MODELS[model_id]}"],
                "cardData": card,
                "siblings": [{"rfilename": n} for n in ("README.md", "model.safetensors")],
            }
        )
    return Reply(status=404, body=b"{}", headers={"X-Error-Code": "EntryNotFound"})


def hook_command(files: list[str], python: str = sys.executable) -> list[str]:
    """What pre-commit runs: the manifest's entry (its program from `python`'s venv, else
    `python -m llmaudit`), the hook args (`--policy commercial`), then the changed files."""
    import yaml

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    program, *entry_args = hook["entry"].split()
    script = Path(python).parent / program
    command = [str(script)] if script.is_file() else [python, "-m", program]
    return [*command, *entry_args, "--policy", "commercial", *files]


def hook_environment(tmp: Path, hub_url: str) -> dict[str, str]:
    """The hook's environment: its own cache and HF home under `tmp`, the Hub at `hub_url`."""
    env = {
        **os.environ,
        "HOME": str(tmp / "home"),
        "LLMAUDIT_CACHE_DIR": str(tmp / "cache"),
        "HF_ENDPOINT": hub_url,
        "HF_HOME": str(tmp / "hf"),
        "NO_COLOR": "1",
    }
    # a developer's commit: no CI mode, no token, no shared cache, whatever this shell has
    for name in (
        "CI",
        "HF_HUB_OFFLINE",
        "HF_TOKEN",
        "HUGGING_FACE_HUB_TOKEN",
        "LLMAUDIT_CACHE_URL",
    ):
        env.pop(name, None)
    # Installed packages have bytecode; run that, not recompiling every module.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_hook(
    command: list[str], root: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """One hook run in the project folder, as pre-commit starts it."""
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
