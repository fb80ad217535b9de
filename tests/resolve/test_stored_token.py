"""The token `huggingface-cli login` stored is read only when a request is sent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from llmaudit.models import ModelRef
from llmaudit.resolve import resolve

from .conftest import make_settings

TOKEN = "hf_storedLOGINtoken"


def _store_token(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "token").write_text(f"{TOKEN}\n")


def test_stored_token_is_sent_to_the_hub(fake_hub, tmp_path, monkeypatch):
    from huggingface_hub import constants

    _store_token(tmp_path / "hf-home")
    # huggingface_hub reads HF_HOME once, at import: point an earlier import at this file
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "hf-home" / "token"))
    fake_hub.add_json("/api/models/org/gated", {"id": "org/gated", "cardData": {"license": "mit"}})
    settings = make_settings(tmp_path, fake_hub.url, stored_token=True)
    (facts,) = resolve((ModelRef(id="org/gated"),), settings)
    assert facts.declaration.card_license == ("mit",)
    assert {h.get("Authorization") for h in fake_hub.seen_headers()} == {f"Bearer {TOKEN}"}


def test_warm_cache_run_never_imports_huggingface_hub_for_the_token(fake_hub, tmp_path):
    fake_hub.add_json("/api/models/org/m", {"id": "org/m", "cardData": {"license": "mit"}})
    home = tmp_path / "hf"
    _store_token(home)
    code = (
        "import sys\nfrom pathlib import Path\nfrom llmaudit.models import ModelRef\n"
        "from llmaudit.resolve import resolve\nfrom llmaudit.settings import Settings\n"
        f"s = Settings(cache_dir=Path({str(tmp_path / 'cache')!r}), endpoint={fake_hub.url!r},"
        " stored_token=True)\n"
        "resolve((ModelRef(id='org/m'),), s)\n"
        "print('huggingface_hub' in sys.modules)\n"
    )
    env = {**os.environ, "HF_HOME": str(home)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()[-1]
        for _ in range(2)
    ]
    assert runs == ["True", "False"]  # cold: a request, so the token; warm: no request
    assert len(fake_hub.paths()) == 1
