"""Importing the resolve stage stays cheap: HTTP and Hub libraries load only when used."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("requests", "requests_cache", "huggingface_hub", "urllib3")


def test_import_resolve_loads_no_http_library():
    code = (
        "import sys, llmaudit.resolve, llmaudit.resolve.embedded, llmaudit.resolve.local;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_offline_builtin_run_loads_no_hub_library(tmp_path):
    code = (
        "import sys; from pathlib import Path;"
        "from llmaudit.models import ModelRef; from llmaudit.settings import Settings;"
        "from llmaudit.resolve import resolve;"
        f"s = Settings(offline=True, cache_dir=Path({str(tmp_path)!r}),"
        f" environ={{'HF_HOME': {str(tmp_path / 'hf')!r}}});"
        "f = resolve((ModelRef(id='openai/whisper-large-v3'),), s)[0];"
        f"print(f.source.value, [m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "builtin []"
