"""--verify (resolve stage) drops ids the Hub does not know, keeps everything it cannot rule out."""

from __future__ import annotations

import json

import responses

from llmaudit.discover import discover
from llmaudit.models import Discovery, ModelRef, RefKind
from llmaudit.resolve import open_hub, verify
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
    responses.get(
        f"{HUB}/api/models/acme/typo-model", status=404, json={"error": "Repository not found"}
    )
    responses.get(
        f"{HUB}/api/models/meta-llama/Llama-3.1-8B",
        status=401,
        headers={"X-Error-Code": "GatedRepo"},
        json={"error": "gated"},
    )
    responses.get(f"{HUB}/api/models/acme/flaky", status=500, json={"error": "boom"})
    settings = Settings(
        root=tmp_path,
        verify=True,
        cache_dir=tmp_path / "cache",
        max_retries=0,
        timeout=2.0,
        token="hf_verifySECRET",
    )
    found = discover(settings)
    assert "acme/typo-model" in [ref.id for ref in found.models]  # discovery asks nobody
    discovery = verify(found, settings)
    assert [ref.id for ref in discovery.models] == [
        "acme/flaky",
        "acme/listed-but-missing",
        "google/gemma-2-2b",
        "meta-llama/Llama-3.1-8B",
    ]
    (note,) = [n for n in discovery.notes if "--verify" in n.message]
    assert note.message == "info: model acme/typo-model is not on the Hub; dropped (--verify)"
    assert (note.path, note.line) == ("app.py", 3)


@responses.activate
def test_verify_asks_about_datasets_and_shares_the_runs_hub_client(tmp_path):
    responses.get(f"{HUB}/api/datasets/acme/gone", status=404, json={"error": "not found"})
    responses.get(f"{HUB}/api/datasets/acme/kept", json={"id": "acme/kept"})
    responses.get(f"{HUB}/api/models/acme/model", json={"id": "acme/model"})
    discovery = Discovery(
        models=(ModelRef(id="acme/model"),),
        datasets=(
            ModelRef(id="acme/gone", kind=RefKind.DATASET),
            ModelRef(id="acme/kept", kind=RefKind.DATASET),
        ),
    )
    settings = Settings(
        verify=True, cache_dir=tmp_path / "cache", max_retries=0, timeout=2.0, token="hf_vSECRET"
    )
    with open_hub(settings) as hub:
        verified = verify(discovery, settings, hub=hub)
        assert hub._session is not None  # the client given was the one used
    assert [ref.id for ref in verified.datasets] == ["acme/kept"]
    assert [ref.id for ref in verified.models] == ["acme/model"]
    assert [n.message for n in verified.notes] == [
        "info: dataset acme/gone is not on the Hub; dropped (--verify)"
    ]


@responses.activate
def test_scan_with_verify_audits_only_what_the_hub_knows(tmp_path, corpus):
    from llmaudit.pipeline import run_audit

    _project(tmp_path)
    body = json.loads(next((corpus / "hub-api" / "json").glob("*.json")).read_text())
    responses.get(f"{HUB}/api/models/google/gemma-2-2b", json=body)
    responses.get(f"{HUB}/api/models/acme/typo-model", status=404, json={"error": "nope"})
    responses.get(
        f"{HUB}/api/models/meta-llama/Llama-3.1-8B",
        status=401,
        headers={"X-Error-Code": "GatedRepo"},
        json={"error": "gated"},
    )
    responses.get(f"{HUB}/api/models/acme/flaky", status=500, json={"error": "boom"})
    responses.get(f"{HUB}/api/models/acme/listed-but-missing", status=404, json={"error": "no"})
    settings = Settings(
        root=tmp_path,
        verify=True,
        cache_dir=tmp_path / "cache",
        max_retries=0,
        timeout=2.0,
        policy="default",
        token="hf_verifySECRET",  # with a token, a 404 is not a private repo hidden from us
    )
    result = run_audit(settings)
    audited = [m.ref.id for m in result.models]
    assert "acme/typo-model" not in audited
    assert "acme/listed-but-missing" in audited  # listed by the project: never dropped
    assert any("acme/typo-model is not on the Hub" in n.message for n in result.notes)


@responses.activate
def test_without_a_token_a_loaded_id_the_hub_denies_is_kept(tmp_path):
    # unauthenticated, the Hub answers a private repo exactly like a missing one
    (tmp_path / "app.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("acme/private-ft")\n',
        encoding="utf-8",
    )
    (tmp_path / "README.md").write_text("See acme/old-demo-model.\n", encoding="utf-8")
    for repo in ("acme/private-ft", "acme/old-demo-model"):
        responses.get(
            f"{HUB}/api/models/{repo}",
            status=401,
            headers={"X-Error-Code": "RepoNotFound"},
            json={"error": "Repository not found"},
        )
    settings = Settings(
        root=tmp_path, verify=True, cache_dir=tmp_path / "cache", max_retries=0, timeout=2.0
    )
    discovery = verify(discover(settings), settings)
    assert [ref.id for ref in discovery.models] == ["acme/private-ft"]
