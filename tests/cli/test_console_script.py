"""The installed console script and `python -m llmaudit` run in a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-project"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path),
        LLMAUDIT_CACHE_DIR=str(tmp_path / "cache"),
        HF_HOME=str(tmp_path / "hf"),
        SOURCE_DATE_EPOCH="1700000000",
    )
    return env


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("llmaudit")
    if script.exists():
        return [str(script)]
    found = shutil.which("llmaudit")
    return [found] if found else [sys.executable, "-m", "llmaudit"]


def test_console_script_audits_demo_offline(tmp_path):
    proc = subprocess.run(
        [
            *_console_script(),
            "scan",
            str(DEMO),
            "--offline",
            "--policy",
            "commercial",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["generated_at"] == "2023-11-14T22:13:20Z"
    assert report["verdict"] == "fail"


def test_python_m_llmaudit_reports_bad_input_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "llmaudit", "scan", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("llmaudit: error: ")
