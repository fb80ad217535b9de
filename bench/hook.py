"""Hook latency: the pre-commit hook on 10 changed files, warm cache, vs a click+yaml import.

Run: python bench/hook.py [--runs 15] [--profile]
Runs exactly the `entry` of .pre-commit-hooks.yaml (plus `--offline --policy commercial`)
and prints the median wall time of both and their ratio (target: hook <= 3x baseline).
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
HEAVY = ("requests", "requests_cache", "huggingface_hub", "jinja2", "spdx_tools", "cyclonedx",
         "jsonschema", "rich", "license_expression")


def write_project(root: Path) -> list[Path]:
    """Ten realistic changed files referencing well-known models."""
    files = {
        "app/chat.py": 'from transformers import AutoModelForCausalLM\n'
                       'model = AutoModelForCausalLM.from_pretrained('
                       '"meta-llama/Llama-3.1-8B-Instruct")\n',
        "app/search.py": 'from sentence_transformers import SentenceTransformer\n'
                         'encoder = SentenceTransformer(\n'
                         '    "sentence-transformers/all-MiniLM-L6-v2")\n',
        "app/transcribe.py": 'from transformers import pipeline\n'
                             'asr = pipeline("automatic-speech-recognition", '
                             'model="openai/whisper-large-v3")\n',
        "app/util.py": "def add(a: int, b: int) -> int:\n    return a + b\n",
        "app/__init__.py": "",
        "configs/models.yaml": "generator: google/gemma-2-9b-it\n"
                               "fallback: mistralai/Mistral-7B-Instruct-v0.3\n",
        "configs/settings.toml": '[model]\nname = "microsoft/Phi-3-mini-4k-instruct"\n',
        "Dockerfile": "FROM python:3.12-slim\n"
                      "ENV MODEL_ID=sentence-transformers/all-MiniLM-L6-v2\n",
        "scripts/download.sh": "#!/bin/sh\nhuggingface-cli download openai/whisper-large-v3\n",
        "notebooks/try.ipynb": json.dumps({"cells": [{
            "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ['from transformers import pipeline\n',
                       'pipe = pipeline("translation", model="google/gemma-2-9b-it")\n']}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
    }
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def hook_command(files: list[str]) -> list[str]:
    """What pre-commit runs: the manifest's entry, the hook args, then the changed files."""
    import yaml

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    program, *entry_args = hook["entry"].split()
    return [str(BIN / program), *entry_args, "--offline", "--policy", "commercial", *files]


def measure(runs: int, *, profile: bool = False) -> float:
    """Print the hook's and the baseline's medians and return their ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        files = [str(p.relative_to(root)) for p in write_project(root)]
        env = {**os.environ, "LLMAUDIT_CACHE_DIR": str(Path(tmp) / "cache"),
               "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}
        # Installed packages have bytecode; measure that, not recompiling every module.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        hook = hook_command(files)
        check = subprocess.run(hook, cwd=root, env=env, capture_output=True, text=True,
                               check=False)
        print(f"hook: {' '.join(hook[:hook.index('--offline')])} ... -> exit code "
              f"{check.returncode}, {check.stdout.count(chr(10))} lines of output")
        if check.returncode not in (0, 1):
            raise SystemExit(f"the hook did not run an audit:\n{check.stderr}")
        base_median, hook_median = paired_medians(
            [sys.executable, "-c", "import click, yaml"], hook, runs, cwd=root, env=env)
        ratio = hook_median / base_median
        print(f"hook: baseline python -c 'import click, yaml' median {base_median * 1000:.1f} ms"
              f"; hook on {len(files)} files median {hook_median * 1000:.1f} ms; ratio "
              f"{ratio:.2f}x (target <= {TARGET_RATIO:.0f}x: "
              f"{'OK' if ratio <= TARGET_RATIO else 'TOO SLOW'})")
        print(f"hook: heavy modules imported: {heavy_imports(root, env, hook) or 'none'}")
        if profile:
            profile_imports(root, env, hook)
        return ratio


def paired_medians(baseline: list[str], command: list[str], runs: int, *,
                   cwd: Path | None = None, env: dict[str, str] | None = None
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
    code = ("import sys\nfrom llmaudit.cli import cli\n"
            "try:\n    cli.main(sys.argv[1:], standalone_mode=False)\n"
            "except SystemExit:\n    pass\nexcept BaseException:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code, *hook[1:]], cwd=cwd, env=env,
                         capture_output=True, text=True, check=False)
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "[]"
    return list(json.loads(last.replace("'", '"')))


def profile_imports(cwd: Path, env: dict[str, str], hook: list[str]) -> None:
    """Top cumulative import times of one hook run."""
    run = subprocess.run([sys.executable, "-X", "importtime", *hook], cwd=cwd, env=env,
                         capture_output=True, text=True, check=False)
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
    args = parser.parse_args()
    return 0 if measure(args.runs, profile=args.profile) <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
