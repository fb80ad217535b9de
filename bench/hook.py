"""Hook latency: the pre-commit hook on a realistic 10-file commit vs a click+yaml import.

Run: python bench/hook.py [--runs 15] [--profile] [--offline]
Runs exactly the `entry` of .pre-commit-hooks.yaml (plus `--policy commercial`) on code, a
notebook, configs, a Dockerfile, a shell script and a requirements file (13 models, 4
packages), warm cache, with the Hub reachable (the tests' loopback Hub), and prints the median
wall time of both and their ratio (target: hook <= 3x baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0
HEAVY = (
    "requests",
    "requests_cache",
    "huggingface_hub",
    "jinja2",
    "spdx_tools",
    "cyclonedx",
    "jsonschema",
    "rich",
    "license_expression",
)


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
PACKAGES = ("click", "PyYAML", "Jinja2", "requests")  # pinned below at their installed versions


def write_project(root: Path) -> list[Path]:
    """A realistic 10-file commit: code, a notebook, configs, a Dockerfile, a shell script and
    a requirements file, with 13 models (12 named in the files, one reached as a base model)
    and 4 pinned packages."""
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


def hub_answer(path: str) -> object:
    """The loopback Hub: an /api/models body for each model, 404 for anything else."""
    from tests.loopback_hub import Reply, json_reply

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


def hook_command(files: list[str]) -> list[str]:
    """What pre-commit runs: the manifest's entry, the hook args, then the changed files."""
    import yaml

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    program, *entry_args = hook["entry"].split()
    return [str(BIN / program), *entry_args, "--policy", "commercial", *files]


def measure(runs: int, *, profile: bool = False, offline: bool = False) -> float:
    """Print the hook's and the baseline's medians and return their ratio.

    The Hub is reachable (the tests' loopback Hub) unless `offline`; the cache is warm: the
    first (untimed) run fills it, as the developer's earlier commits did.
    """
    sys.path.insert(0, str(REPO))  # tests/loopback_hub.py
    from tests.loopback_hub import LoopbackHub

    hub = LoopbackHub(fallback=hub_answer)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            root.mkdir()
            files = [str(p.relative_to(root)) for p in write_project(root)]
            env = {
                **os.environ,
                "LLMAUDIT_CACHE_DIR": str(Path(tmp) / "cache"),
                "HF_ENDPOINT": hub.url,
                "HF_HOME": str(Path(tmp) / "hf"),
                "NO_COLOR": "1",
            }
            env.pop("HF_HUB_OFFLINE", None)
            if offline:
                env["HF_HUB_OFFLINE"] = "1"
            # Installed packages have bytecode; measure that, not recompiling every module.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            hook = hook_command(files)
            check = subprocess.run(
                hook, cwd=root, env=env, capture_output=True, text=True, check=False
            )
            print(
                f"hook: {' '.join(hook[: hook.index('--policy')])} ... on {len(files)} files "
                f"({'offline' if offline else 'Hub reachable'}, warm cache) -> exit code "
                f"{check.returncode}, {check.stdout.count(chr(10))} lines of output"
            )
            if check.returncode not in (0, 1) or "12 model(s)" not in check.stdout:
                raise SystemExit(
                    f"the hook did not audit the 12 models named:\n{check.stdout}{check.stderr}"
                )
            requests_before = len(hub.requests)
            base_median, hook_median = paired_medians(
                [sys.executable, "-c", "import click, yaml"], hook, runs, cwd=root, env=env
            )
            ratio = hook_median / base_median
            print(
                f"hook: baseline python -c 'import click, yaml' median "
                f"{base_median * 1000:.1f} ms; hook median {hook_median * 1000:.1f} ms; ratio "
                f"{ratio:.2f}x (target <= {TARGET_RATIO:.0f}x: "
                f"{'OK' if ratio <= TARGET_RATIO else 'TOO SLOW'}); Hub requests by the "
                f"timed runs: {len(hub.requests) - requests_before}"
            )
            print(f"hook: heavy modules imported: {heavy_imports(root, env, hook) or 'none'}")
            if profile:
                profile_imports(root, env, hook)
            return ratio
    finally:
        hub.close()


def paired_medians(
    baseline: list[str],
    command: list[str],
    runs: int,
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[float, float]:
    """Median wall times of `baseline` and `command`, run alternately after one warm-up each,
    so that a busy spell on a shared machine slows both sides alike."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for argv in (baseline, command):
        subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for argv, bucket in zip((baseline, command), times, strict=True):
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def heavy_imports(cwd: Path, env: dict[str, str], hook: list[str]) -> list[str]:
    """Heavy modules the hook imports (should be none of the report / HTTP stack)."""
    code = (
        "import sys\nfrom llmaudit.cli import cli\n"
        "try:\n    cli.main(sys.argv[1:], standalone_mode=False)\n"
        "except SystemExit:\n    pass\nexcept BaseException:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *hook[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "[]"
    return list(json.loads(last.replace("'", '"')))


def profile_imports(cwd: Path, env: dict[str, str], hook: list[str]) -> None:
    """Top cumulative import times of one hook run."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", *hook],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in run.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print("top imports (cumulative us):")
    for cumulative, name in sorted(rows, reverse=True)[:15]:
        print(f"  {cumulative:>8}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="HF_HUB_OFFLINE=1 instead of a reachable (loopback) Hub",
    )
    args = parser.parse_args()
    ratio = measure(args.runs, profile=args.profile, offline=args.offline)
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
