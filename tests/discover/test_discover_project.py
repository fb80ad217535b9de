"""discover() end to end on the sample projects: every model once, all locations, no decoy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from llmaudit.discover import discover
from llmaudit.errors import InputError
from llmaudit.models import Discovery, Location, RefKind
from llmaudit.settings import Settings

EXPECTED_MODELS = {
    ("acme-ai/llama-support-lora", None),
    ("BAAI/bge-reranker-base", None),
    ("bigcode/starcoder2-3b", None),
    ("cross-encoder/ms-marco-MiniLM-L-6-v2", None),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", None),
    ("distilbert/distilbert-base-uncased-finetuned-sst-2-english", None),
    ("facebook/bart-large-cnn", None),
    ("google-t5/t5-small", None),
    ("google/flan-t5-large", None),
    ("google/gemma-2-2b-it", None),
    ("google/gemma-2-9b-it", None),
    ("gpt2", None),
    ("HuggingFaceH4/zephyr-7b-beta", None),
    ("HuggingFaceTB/SmolLM2-1.7B-Instruct", None),
    ("intfloat/e5-large-v2", None),
    ("meta-llama/Llama-3.1-8B-Instruct", None),
    ("meta-llama/Llama-3.1-8B-Instruct", "0e9e39f"),
    ("microsoft/deberta-v3-base", None),
    ("microsoft/Phi-3-mini-4k-instruct", None),
    ("mistralai/Mistral-7B-v0.1", None),
    ("mixedbread-ai/mxbai-rerank-large-v1", None),
    ("models/my-bert", None),
    ("nomic-ai/nomic-embed-text-v1.5", None),
    ("NousResearch/Hermes-3-Llama-3.1-8B", None),
    ("openai/clip-vit-large-patch14", "32bd6422"),
    ("openai/whisper-large-v3", "v1.0"),
    ("prometheus-eval/prometheus-7b-v2.0", None),
    ("Qwen/Qwen2.5-7B-Instruct", None),
    ("Qwen/Qwen2.5-Coder-7B-Instruct", "main"),
    ("roberta-base", None),
    ("Salesforce/blip-image-captioning-large", None),
    ("sentence-transformers/all-MiniLM-L6-v2", None),
    ("stabilityai/stable-diffusion-xl-base-1.0", None),
    ("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", None),
    ("tiiuae/falcon-7b", None),
    ("timm/vit_base_patch16_224.augreg_in21k", None),
    ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", None),
}


def _where(discovery: Discovery, model_id: str, revision: str | None = None) -> list[tuple]:
    for ref in discovery.models + discovery.datasets:
        if ref.id == model_id and ref.revision == revision:
            return [(loc.path, loc.line, loc.cell) for loc in ref.locations]
    raise AssertionError(f"{model_id}@{revision} not found")


def test_app_lists_exactly_the_expected_models(app_discovery):
    found = {(ref.id, ref.revision) for ref in app_discovery.models}
    assert found == EXPECTED_MODELS


def test_app_lists_datasets_separately(app_discovery):
    assert {ref.id for ref in app_discovery.datasets} == {
        "allenai/c4",
        "openai/gsm8k",
        "rajpurkar/squad",
        "tatsu-lab/alpaca",
    }
    assert all(ref.kind is RefKind.DATASET for ref in app_discovery.datasets)


def test_each_model_appears_once_with_all_its_locations(app_discovery):
    keys = [(ref.id.lower(), ref.revision) for ref in app_discovery.models]
    assert len(keys) == len(set(keys))
    assert _where(app_discovery, "meta-llama/Llama-3.1-8B-Instruct") == [
        ("README.md", 3, None),
        ("app.py", 12, None),  # where the id is written (BASE_MODEL = ...)
        ("app.py", 20, None),  # the loader call that reads it
    ]
    assert _where(app_discovery, "mistralai/Mistral-7B-v0.1") == [
        ("configs/train.yaml", 2, None),
        ("configs/train.yaml", 3, None),
    ]


def test_models_are_sorted_by_lowercase_id(app_discovery):
    ids = [(ref.id.lower(), ref.revision or "") for ref in app_discovery.models]
    assert ids == sorted(ids)


def test_locations_are_relative_posix_with_snippets(app_discovery):
    (location,) = [
        loc
        for ref in app_discovery.models
        if ref.id == "acme-ai/llama-support-lora"
        for loc in ref.locations
    ]
    assert location == Location(path="app.py", line=22, column=45)
    assert location.snippet.startswith("return PeftModel.from_pretrained(model")


def test_resolved_constants_fstrings_concatenation_and_env_defaults(app_discovery):
    assert _where(app_discovery, "BAAI/bge-reranker-base") == [
        ("app.py", 14, None),
        ("app.py", 27, None),
    ]
    assert _where(app_discovery, "facebook/bart-large-cnn") == [
        ("app.py", 16, None),
        ("app.py", 32, None),
    ]
    assert _where(app_discovery, "sentence-transformers/all-MiniLM-L6-v2") == [
        ("app.py", 15, None),
        ("app.py", 26, None),
    ]
    assert _where(app_discovery, "Qwen/Qwen2.5-7B-Instruct") == [
        ("app.py", 51, None),  # the argparse default
        ("app.py", 53, None),
    ]


def test_local_model_folder_is_a_local_ref(app_discovery, projects):
    (ref,) = [r for r in app_discovery.models if r.local_path]
    assert ref.id == "models/my-bert"
    assert Path(ref.local_path) == (projects / "discover-app" / "models" / "my-bert").resolve()


def test_suppression_drops_or_mutes(app_discovery):
    ids = {ref.id for ref in app_discovery.models}
    assert "EleutherAI/gpt-neox-20b" not in ids
    (ref,) = [r for r in app_discovery.models if r.id == "google/gemma-2-2b-it"]
    assert ref.locations[0].suppressed_rules == ("license-restricted",)


def test_notebook_locations_carry_cell_and_line(app_discovery):
    assert _where(app_discovery, "HuggingFaceTB/SmolLM2-1.7B-Instruct") == [
        ("notebooks/explore.ipynb", 4, 2)
    ]
    assert _where(app_discovery, "TinyLlama/TinyLlama-1.1B-Chat-v1.0") == [
        ("notebooks/explore.ipynb", 2, 1)
    ]
    assert _where(app_discovery, "google/gemma-2-9b-it") == [("notebooks/explore.ipynb", 2, 0)]


def test_project_config_models_and_exclude(app_discovery):
    assert _where(app_discovery, "Qwen/Qwen2.5-Coder-7B-Instruct", "main") == [
        ("pyproject.toml", 18, None)
    ]
    paths = {loc.path for ref in app_discovery.models for loc in ref.locations}
    assert not any(path.startswith("vendor/") for path in paths)


def test_packages_from_every_manifest_of_the_app(app_discovery):
    packages = {p.name: (p.version, p.specifier) for p in app_discovery.packages}
    assert packages == {
        "accelerate": (None, ">=0.33"),
        "flash-attn": ("2.6.3", ""),
        "numpy": ("1.26.4", ""),
        "peft": (None, ""),
        "pytest": (None, ">=8"),
        "ruff": ("0.6.4", "==0.6.4"),
        "safetensors": (None, ">=0.4"),
        "sentence-transformers": ("3.0.1", "==3.0.1"),
        "tokenizers-extra": (None, ""),
        "torch": ("2.4.0", "==2.4.0"),
        "transformers": (None, ">=4.44"),
        "vllm": ("0.6.1", "==0.6.1"),
    }


def test_decoy_project_yields_nothing(projects):
    discovery = discover(Settings(root=projects / "decoys"))
    assert discovery.models == ()
    assert discovery.datasets == ()


def test_files_mode_scans_only_given_files(projects, monkeypatch):
    root = projects / "discover-app"
    monkeypatch.chdir(root)
    discovery = discover(Settings(root=root, files=(Path("Dockerfile"), root / ".env")))
    paths = {loc.path for ref in discovery.models for loc in ref.locations}
    assert paths == {"Dockerfile", ".env", "pyproject.toml"}  # [tool.llmaudit] models still read
    assert discovery.packages == ()


def test_files_mode_honours_exclude(projects):
    root = projects / "discover-app"
    settings = Settings(root=root, files=(root / "Dockerfile",), exclude=("Dockerfile",))
    discovery = discover(settings)
    assert {loc.path for ref in discovery.models for loc in ref.locations} == {"pyproject.toml"}


def test_exclude_globs_skip_files(projects):
    discovery = discover(Settings(root=projects / "discover-app", exclude=("*.py", "configs/")))
    paths = {loc.path for ref in discovery.models for loc in ref.locations}
    assert paths and not any(p.endswith(".py") or p.startswith("configs/") for p in paths)


def test_missing_root_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        discover(Settings(root=tmp_path / "nope"))


def test_discovery_is_deterministic(projects):
    first = discover(Settings(root=projects / "discover-app"))
    second = discover(Settings(root=projects / "discover-app"))
    assert first == second


def test_pre_commit_path_imports_no_heavy_module(projects):
    code = (
        "import sys; from pathlib import Path; from llmaudit.discover import discover; "
        "from llmaudit.settings import Settings; "
        f"r = Path({str(projects / 'discover-app')!r}); "
        "discover(Settings(root=r, files=(r / 'app.py',))); "
        "heavy = {'requests', 'huggingface_hub', 'jinja2', 'license_expression', "
        "'requests_cache', 'spdx_tools', 'cyclonedx', 'jsonschema', 'yaml', 'packaging'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
