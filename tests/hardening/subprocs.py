"""Run the real `llmaudit` console script in a subprocess against loopback servers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LLMAUDIT = Path(sys.executable).with_name("llmaudit")
USE = "from transformers import AutoModel\n"


def write_project(root: Path, model_ids: list[str]) -> Path:
    """A one-file project that loads every id in `model_ids`."""
    root.mkdir(parents=True, exist_ok=True)
    lines = "".join(f'AutoModel.from_pretrained("{m}")\n' for m in model_ids)
    (root / "app.py").write_text(USE + lines, encoding="utf-8")
    return root


def child_env(tmp_path: Path, endpoint: str, **extra: str) -> dict[str, str]:
    """A clean environment: own HOME and cache, the loopback endpoint, no CI variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HF_", "HUGGING", "LLMAUDIT_")) and k != "CI"
    }
    env.update(
        HOME=str(tmp_path / "home"),
        HF_HOME=str(tmp_path / "home" / "hf"),
        LLMAUDIT_CACHE_DIR=str(tmp_path / "cache"),
        HF_ENDPOINT=endpoint,
        NO_COLOR="1",
        PYTHONFAULTHANDLER="1",
    )
    env.update(extra)
    return env


def start_llmaudit(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start `llmaudit ARGS` with pipes for stdout and stderr."""
    return subprocess.Popen(
        [str(LLMAUDIT), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run_llmaudit(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `llmaudit ARGS` to completion."""
    return subprocess.run(
        [str(LLMAUDIT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
