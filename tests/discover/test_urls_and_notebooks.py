"""Hub links in text, and notebooks located by cell and line."""

from __future__ import annotations

import json

from llmaudit.discover.notebooks import read_notebook
from llmaudit.discover.urls import read_doc_links
from llmaudit.models import RefKind


def test_hub_links_models_datasets_and_pages():
    text = (
        "Model: https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE\n"
        "Data: https://huggingface.co/datasets/HuggingFaceFW/fineweb-edu"
        " and hf.co/bigscience/bloom\n"
        "Pinned: https://huggingface.co/stabilityai/sdxl-turbo/tree/v1.1\n"
        "Pages: https://huggingface.co/spaces/acme/demo https://huggingface.co/docs/hub/index\n"
        "https://huggingface.co/meta-llama https://github.com/huggingface/transformers\n"
        "Parquet: hf://datasets/openai/gsm8k/main/train.parquet\n"
        "Legacy: https://huggingface.co/bert-base-cased/resolve/main/config.json\n"
        "Installer: https://hf.co/cli/install.ps1\n"
    )
    found = [(c.value, c.line, c.kind, c.revision) for c in read_doc_links(text).candidates]
    assert found == [
        ("Qwen/Qwen2.5-72B-Instruct", 1, RefKind.MODEL, None),
        ("HuggingFaceFW/fineweb-edu", 2, RefKind.DATASET, None),
        ("bigscience/bloom", 2, RefKind.MODEL, None),
        ("stabilityai/sdxl-turbo", 3, RefKind.MODEL, "v1.1"),
        ("openai/gsm8k", 6, RefKind.DATASET, None),
        ("bert-base-cased", 7, RefKind.MODEL, None),
    ]


def _notebook(*cells) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_notebook_cells_lines_and_magics():
    text = _notebook(
        {"cell_type": "markdown", "source": "# Title"},
        {
            "cell_type": "code",
            "source": [
                "%pip install -q transformers\n",
                "from transformers import AutoModel\n",
                "m = AutoModel.from_pretrained('google/vit-base-patch16-224')\n",
            ],
        },
        {"cell_type": "code", "source": "%%bash\nhf download openai/whisper-tiny\n"},
    )
    scan = read_notebook(text)
    assert sorted((c.value, c.cell, c.line) for c in scan.candidates) == [
        ("google/vit-base-patch16-224", 1, 3),
        ("openai/whisper-tiny", 2, 2),
    ]
    assert scan.cell_lines[1][2].startswith("m = AutoModel")


def test_invalid_notebook_is_a_note():
    assert read_notebook("{not json").notes == ("invalid notebook JSON, skipped",)
    assert read_notebook('{"cells": 3}').notes == ("notebook without a cells list, skipped",)


def test_notebook_cell_with_bad_python_is_scanned_by_pattern():
    text = _notebook(
        {
            "cell_type": "code",
            "source": "x = AutoModel.from_pretrained('allenai/longformer-base-4096'\n",
        }
    )
    scan = read_notebook(text)
    assert [c.value for c in scan.candidates] == ["allenai/longformer-base-4096"]
    assert scan.notes == ("cell 0 is not valid Python; scanned by pattern only",)


def test_notebook_constant_from_an_earlier_cell_resolves():
    text = _notebook(
        {"cell_type": "code", "source": "model_id = 'mistralai/Mistral-7B-Instruct-v0.3'\n"},
        {"cell_type": "markdown", "source": "Now load it"},
        {
            "cell_type": "code",
            "source": [
                "from transformers import AutoModelForCausalLM\n",
                "model = AutoModelForCausalLM.from_pretrained(\n",
                "    model_id)\n",
            ],
        },
    )
    scan = read_notebook(text)
    assert [(c.value, c.cell, c.line) for c in scan.candidates if c.binding is None] == [
        ("mistralai/Mistral-7B-Instruct-v0.3", 0, 1),  # where the id is written
        ("mistralai/Mistral-7B-Instruct-v0.3", 2, 3),  # the loader call that reads it
    ]


def test_links_at_the_end_of_a_sentence_or_in_markdown():
    text = (
        "We publish to https://huggingface.co/datasets/acme/support-tickets.\n"
        "Base: [Llama 3.2](https://huggingface.co/meta-llama/Llama-3.2-1B), "
        "see huggingface.co/Qwen/Qwen2.5-0.5B; done.\n"
    )
    found = {(c.value, c.kind, c.line) for c in read_doc_links(text).candidates}
    assert found == {
        ("acme/support-tickets", RefKind.DATASET, 1),
        ("meta-llama/Llama-3.2-1B", RefKind.MODEL, 2),
        ("Qwen/Qwen2.5-0.5B", RefKind.MODEL, 2),
    }
