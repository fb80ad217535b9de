"""A pre-commit style run (`scan --files`, offline) never imports the heavy libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-project"
HEAVY = (
    "requests",
    "requests_cache",
    "huggingface_hub",
    "jinja2",
    "spdx_tools",
    "cyclonedx",
    "jsonschema",
    "license_expression",
    "redis",
)

PROBE = """
import json, sys
from llmaudit.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def test_hook_run_imports_no_heavy_module(tmp_path):
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        LLMAUDIT_CACHE_DIR=str(tmp_path / "cache"),
        HF_HOME=str(tmp_path / "hf"),
    )
    files = [
        "app/chat.py",
        "app/search.py",
        "configs/models.yaml",
        "Dockerfile",
        "requirements.txt",
    ]
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.format(heavy=HEAVY),
            "scan",
            "--files",
            *files,
            "--offline",
            "--policy",
            "commercial",
        ],
        cwd=DEMO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    imported = json.loads(proc.stderr.strip().splitlines()[-1])
    assert imported == [], imported
    assert "meta-llama/Llama-3.1-8B-Instruct" in proc.stdout
