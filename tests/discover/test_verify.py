"""--verify drops ids the Hub does not know, keeps everything it cannot rule out."""

from __future__ import annotations

import json

import responses

from llmaudit.discover import discover
from llmaudit.settings import Settings

HUB = "https://huggingface.co"


def _project(tmp_path):
    (tmp_path / "app.py").write_text(
        "from transformers import AutoModel\n"
        'AutoModel.from_pretrained("google/gemma-2-2b")\n'
        'AutoModel.from_pretrained("acme/typo-model")\n'
        'AutoModel.from_pretrained("meta-llama/Llama-3.1-8B")\n'
        'AutoModel.from_pretrained("acme/flaky")\n',
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.llmaudit]\nmodels = ["acme/listed-but-missing"]\n', encoding="utf-8"
    )


@responses.activate
def test_verify_drops_only_definite_not_found(tmp_path, corpus):
    _project(tmp_path)
    body = json.loads(next((corpus / "hub-api" / "json").glob("*.json")).read_text())
    responses.get(f"{HUB}/api/models/google/gemma-2-2b", json=body)
    responses.get(f"{HUB}/api/models/acme/typo-model", status=404,
                  json={"error": "Repository not found"})
    responses.get(f"{HUB}/api/models/meta-llama/Llama-3.1-8B", status=401,
                  headers={"X-Error-Code": "GatedRepo"}, json={"error": "gated"})
    responses.get(f"{HUB}/api/models/acme/flaky", status=500, json={"error": "boom"})
    settings = Settings(root=tmp_path, verify=True, cache_dir=tmp_path / "cache",
                        max_retries=0, timeout=2.0)
    discovery = discover(settings)
    assert [ref.id for ref in discovery.models] == [
        "acme/flaky", "acme/listed-but-missing", "google/gemma-2-2b", "meta-llama/Llama-3.1-8B"
    ]
    (note,) = [n for n in discovery.notes if "--verify" in n.message]
    assert note.message == "info: model acme/typo-model is not on the Hub; dropped (--verify)"
    assert (note.path, note.line) == ("app.py", 3)

