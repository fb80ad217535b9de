"""Use vs mention: code, configs and scripts that load a model are uses; docs, comments,
markdown cells and links to repository pages are mentions (when unsure: a mention)."""

from __future__ import annotations

import json
from pathlib import Path

from llmaudit.discover import discover
from llmaudit.models import LocationKind
from llmaudit.settings import Settings

USE, MENTION = LocationKind.USE, LocationKind.MENTION


def _kinds(root: Path) -> dict[str, set[tuple[str, LocationKind]]]:
    found = discover(Settings(root=root))
    return {
        ref.id: {(loc.path, loc.kind) for loc in ref.locations}
        for ref in (*found.models, *found.datasets)
    }


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_docs_links_are_mentions_and_loaders_are_uses(tmp_path):
    _write(
        tmp_path,
        "README.md",
        "Uses [Qwen](https://huggingface.co/Qwen/Qwen2.5-7B-Instruct)"
        " and https://huggingface.co/datasets/tatsu-lab/alpaca.\n",
    )
    _write(tmp_path, "docs/guide.rst", "See https://huggingface.co/BAAI/bge-small-en-v1.5\n")
    _write(
        tmp_path,
        "app.py",
        "from transformers import AutoModel\n"
        "# weights: https://huggingface.co/mistralai/Mistral-7B-v0.1\n"
        "model = AutoModel.from_pretrained('Qwen/Qwen2.5-7B-Instruct')\n",
    )
    _write(tmp_path, "configs/train.yaml", "model_name_or_path: BAAI/bge-small-en-v1.5\n")
    kinds = _kinds(tmp_path)
    assert kinds["Qwen/Qwen2.5-7B-Instruct"] == {("README.md", MENTION), ("app.py", USE)}
    assert kinds["tatsu-lab/alpaca"] == {("README.md", MENTION)}
    assert kinds["BAAI/bge-small-en-v1.5"] == {
        ("docs/guide.rst", MENTION),
        ("configs/train.yaml", USE),
    }
    assert kinds["mistralai/Mistral-7B-v0.1"] == {("app.py", MENTION)}  # a comment


def test_a_file_download_link_in_code_is_a_use_a_page_link_is_not(tmp_path):
    _write(
        tmp_path,
        "fetch.py",
        'URL = "https://huggingface.co/TheBloke/Llama-2-7B-GGUF/resolve/main/a.gguf"\n'
        'HELP = "model page: https://huggingface.co/google/gemma-2b"\n'
        "# https://huggingface.co/acme/commented/resolve/main/x.bin\n",
    )
    _write(
        tmp_path,
        "Dockerfile",
        "FROM python:3.12\n"
        "RUN wget --quiet https://huggingface.co/org-a/model-b/resolve/main/w.safetensors\n",
    )
    kinds = _kinds(tmp_path)
    assert kinds["TheBloke/Llama-2-7B-GGUF"] == {("fetch.py", USE)}
    assert kinds["google/gemma-2b"] == {("fetch.py", MENTION)}
    assert kinds["acme/commented"] == {("fetch.py", MENTION)}
    assert kinds["org-a/model-b"] == {("Dockerfile", USE)}


def test_notebook_markdown_cells_mention_and_code_cells_use(tmp_path):
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": ["We fine-tune https://huggingface.co/gpt2-org/base"],
            },
            {
                "cell_type": "code",
                "source": [
                    "from transformers import AutoModel\n",
                    "m = AutoModel.from_pretrained('gpt2-org/base')\n",
                ],
            },
            {"cell_type": "markdown", "source": "Compare https://huggingface.co/other-org/large"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    _write(tmp_path, "nb.ipynb", json.dumps(notebook))
    found = discover(Settings(root=tmp_path))
    refs = {ref.id: ref for ref in found.models}
    assert {(loc.cell, loc.kind) for loc in refs["gpt2-org/base"].locations} == {
        (0, MENTION),
        (1, USE),
    }
    assert refs["gpt2-org/base"].used
    assert not refs["other-org/large"].used


def test_python_that_does_not_parse_gives_mentions(tmp_path):
    _write(tmp_path, "legacy.py", "print 'hi'\nm = AutoModel.from_pretrained('org-x/old-model')\n")
    assert _kinds(tmp_path)["org-x/old-model"] == {("legacy.py", MENTION)}


def test_the_same_line_read_as_a_use_and_a_link_stays_a_use(tmp_path):
    _write(
        tmp_path,
        "app.py",
        "from transformers import AutoModel\n"
        "m = AutoModel.from_pretrained('https://huggingface.co/org-y/model-z')\n",
    )
    assert _kinds(tmp_path)["org-y/model-z"] == {("app.py", USE)}


def test_placeholders_and_non_repositories_are_dropped_with_a_note(tmp_path):
    _write(
        tmp_path,
        "README.md",
        "Push to https://huggingface.co/your-org/your-model, browse "
        "https://huggingface.co/google/models, see https://huggingface.co/metrics/wer\n",
    )
    _write(
        tmp_path,
        "train.py",
        "from transformers import AutoModel\n"
        "m = AutoModel.from_pretrained('path-to-your-trained-model')\n"
        "n = AutoModel.from_pretrained('username/my-model')\n"
        "o = AutoModel.from_pretrained('google/flan-t5-base')\n"
        # test code (unsloth's tests): a generic owner beside a generic name loads nothing
        "p = AutoModel.from_pretrained('org/model')\n"
        "q = AutoModel.from_pretrained('org/gpt2')\n"
        "r = AutoModel.from_pretrained('owner/repo')\n"
        "s = AutoModel.from_pretrained('org/fine')\n"
        # "my" + generic words: a placeholder without an owner or under a generic one, a
        # real repository under a real account (the Transformers docs' tutorial model)
        "t = AutoModel.from_pretrained('user/my-lora')\n"
        "u = AutoModel.from_pretrained('stevhliu/my_awesome_model')\n",
    )
    found = discover(Settings(root=tmp_path))
    assert [ref.id for ref in found.models] == [
        "google/flan-t5-base",
        "org/fine",
        "org/gpt2",
        "stevhliu/my_awesome_model",
    ]
    notes = {(note.path, note.message) for note in found.notes}
    assert ("train.py", "info: 'org/model' is a placeholder; not audited") in notes
    assert ("train.py", "info: 'owner/repo' is a placeholder; not audited") in notes
    assert ("train.py", "info: 'user/my-lora' is a placeholder; not audited") in notes
    assert ("README.md", "info: 'your-org/your-model' is a placeholder; not audited") in notes
    assert (
        "README.md",
        "info: 'google/models' is a listing page, not a repository; not audited",
    ) in notes
    assert (
        "README.md",
        "info: 'metrics/wer' is an evaluation metric, not a model; not audited",
    ) in notes
    assert ("train.py", "info: 'path-to-your-trained-model' is a placeholder; not audited") in notes
    assert ("train.py", "info: 'username/my-model' is a placeholder; not audited") in notes


def test_sentence_transformers_short_names_are_its_hub_organization(tmp_path):
    _write(
        tmp_path,
        "embed.py",
        "from sentence_transformers import SentenceTransformer\n"
        "a = SentenceTransformer('all-MiniLM-L6-v2')\n"
        "b = SentenceTransformer('bert-base-uncased')\n"
        "c = SentenceTransformer('BAAI/bge-small-en-v1.5')\n",
    )
    ids = [ref.id for ref in discover(Settings(root=tmp_path)).models]
    assert ids == [
        "BAAI/bge-small-en-v1.5",
        "bert-base-uncased",
        "sentence-transformers/all-MiniLM-L6-v2",
    ]
