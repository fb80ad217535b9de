"""resolve() end to end with `responses` on the recorded Hub bodies and cassettes."""

from __future__ import annotations

import re
import socket

import pytest
import requests
import responses
import yaml

from llmaudit.models import FactSource, Modality, ModelRef
from llmaudit.resolve import resolve as resolve_models

from .conftest import load_hub_json, make_settings

HUB = "https://hub.example"
NO_README = re.compile(r"https://[^/]+(?:/[^/]+)*/resolve/[^/]+/README\.md$")


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        # the card's text is read for what it says about its terms; these repos serve none
        rsps.get(NO_README, status=404)
        yield rsps


def resolve(refs, settings):
    return resolve_models(refs, settings, backoff=0.001)


def _settings(tmp_path, **kw):
    return make_settings(tmp_path, HUB, **kw)


def _add_model(mocked, corpus, name, endpoint=HUB):
    body = load_hub_json(corpus, name)
    mocked.get(f"{endpoint}/api/models/{body['id']}", json=body)
    return body


def test_llama_instruct_with_base_and_license_file(mocked, corpus, tmp_path):
    _add_model(mocked, corpus, "meta-llama__Llama-3.1-8B-Instruct")
    license_text = (corpus / "licenses" / "llama3.1.txt").read_text(encoding="utf-8")
    mocked.get(f"{HUB}/meta-llama/Llama-3.1-8B-Instruct/resolve/main/LICENSE", body=license_text)
    mocked.get(
        f"{HUB}/api/models/meta-llama/Llama-3.1-8B",
        status=403,
        headers={"X-Error-Code": "GatedRepo"},
    )
    (facts,) = resolve((ModelRef(id="meta-llama/Llama-3.1-8B-Instruct"),), _settings(tmp_path))
    assert facts.source is FactSource.HUB
    assert facts.declaration.files[0].path == "LICENSE"
    assert facts.declaration.files[0].text == license_text
    (base,) = facts.ancestors
    assert base.id == "meta-llama/Llama-3.1-8B"
    # the Hub refused; the built-in table stands in, and says so
    assert base.source is FactSource.BUILTIN
    assert base.declaration.card_license == ("llama3.1",)
    assert base.declaration.origin is FactSource.BUILTIN
    assert "403" in base.notes[0]


def test_redirect_from_cassette_is_followed(mocked, corpus, tmp_path):
    cassette = yaml.safe_load(
        (corpus / "hub-api/huggingface_hub__InferenceApiTest.test_simple_inference.yaml").read_text(
            encoding="utf-8"
        )
    )
    for interaction in cassette["interactions"]:
        request, response = interaction["request"], interaction["response"]
        if "/api/models/" not in request["uri"]:
            continue
        headers = {
            k: v[0]
            for k, v in response["headers"].items()
            if k.lower() in {"location", "content-type", "x-error-code"}
        }
        mocked.get(
            request["uri"].replace("https://huggingface.co", HUB),
            body=response["body"]["string"],
            status=response["status"]["code"],
            headers=headers,
        )
    (facts,) = resolve((ModelRef(id="bert-base-uncased"),), _settings(tmp_path, lineage_depth=0))
    assert facts.source is FactSource.HUB
    assert facts.declaration.card_license == ("apache-2.0",)
    assert facts.publisher == "google-bert"
    assert any("google-bert/bert-base-uncased" in n for n in facts.notes)


def test_revision_pinning_uses_revision_endpoint_and_sha_for_files(mocked, corpus, tmp_path):
    body = load_hub_json(corpus, "stabilityai__stable-diffusion-2-1")
    mocked.get(f"{HUB}/api/models/stabilityai/stable-diffusion-2-1/revision/v1.0", json=body)
    (facts,) = resolve(
        (ModelRef(id="stabilityai/stable-diffusion-2-1", revision="v1.0"),), _settings(tmp_path)
    )
    assert facts.revision == "v1.0" and facts.sha == body["sha"]
    calls = [c.request.url for c in mocked.calls]
    assert calls[0] == f"{HUB}/api/models/stabilityai/stable-diffusion-2-1/revision/v1.0"
    # files are read at the revision asked for, then at the commit it resolved to
    assert calls[1:] == [
        f"{HUB}/stabilityai/stable-diffusion-2-1/resolve/{rev}/README.md"
        for rev in ("v1.0", body["sha"])
    ]


def test_unknown_revision_is_a_per_model_reason(mocked, tmp_path):
    mocked.get(
        f"{HUB}/api/models/org/m/revision/nope",
        status=404,
        headers={"X-Error-Code": "RevisionNotFound"},
    )
    (facts,) = resolve((ModelRef(id="org/m", revision="nope"),), _settings(tmp_path))
    assert facts.unresolved_reason == "revision nope not found on the Hub (404)"


def test_dataset_licenses_are_looked_up_once(mocked, corpus, tmp_path):
    for name in ("sentence-transformers__paraphrase-albert-small-v2",):
        _add_model(mocked, corpus, name)
    mocked.get(
        f"{HUB}/api/datasets/snli", json={"id": "snli", "cardData": {"license": "cc-by-sa-4.0"}}
    )
    mocked.get(
        f"{HUB}/api/datasets/multi_nli", json={"id": "multi_nli", "tags": ["license:cc-by-3.0"]}
    )
    # every other dataset is unknown to this Hub (a 404, not a dropped connection)
    mocked.get(re.compile(rf"{re.escape(HUB)}/api/datasets/.*"), status=404)
    # no base_model in its card: its config.json is read for the model it was saved from
    mocked.get(
        re.compile(rf"{re.escape(HUB)}/.*/resolve/.*/config\.json"), json={"model_type": "albert"}
    )
    refs = (ModelRef(id="sentence-transformers/paraphrase-albert-small-v2"),) * 2
    first, second = resolve(refs, _settings(tmp_path))
    by_id = {d.id: d for d in first.datasets}
    assert by_id["snli"].license == ("cc-by-sa-4.0",)
    assert by_id["multi_nli"].license == ("cc-by-3.0",)
    assert by_id["ms_marco"].source is FactSource.UNRESOLVED  # 404 -> unknown, not permissive
    assert second.datasets == first.datasets
    calls = [c.request.url for c in mocked.calls]
    assert calls.count(f"{HUB}/api/datasets/snli") == 1


def test_endpoint_with_path_prefix_is_honoured(mocked, corpus, tmp_path):
    mirror = "https://mirror.example/hf"
    _add_model(mocked, corpus, "facebook__bart-large-mnli", endpoint=mirror)
    (facts,) = resolve((ModelRef(id="facebook/bart-large-mnli"),), make_settings(tmp_path, mirror))
    assert facts.declaration.card_license == ("mit",)
    assert all(c.request.url.startswith(mirror) for c in mocked.calls)


def test_unreachable_hub_falls_back_to_builtin(mocked, tmp_path):
    mocked.get(
        f"{HUB}/api/models/openai/whisper-large-v3", body=requests.ConnectionError("refused")
    )
    (facts,) = resolve(
        (ModelRef(id="openai/whisper-large-v3"),), _settings(tmp_path, max_retries=1)
    )
    assert facts.source is FactSource.BUILTIN
    assert facts.declaration.card_license == ("apache-2.0",)
    assert facts.modality is Modality.AUDIO
    assert "could not connect" in facts.notes[0]


def test_unreachable_hub_and_unknown_model_is_unresolved(mocked, tmp_path):
    mocked.get(f"{HUB}/api/models/org/unknown", body=requests.ConnectionError("refused"))
    (facts,) = resolve((ModelRef(id="org/unknown"),), _settings(tmp_path, max_retries=2))
    assert facts.source is FactSource.UNRESOLVED
    assert facts.unresolved_reason == "could not connect to hub.example after 2 retries"


def test_offline_opens_no_socket_and_uses_builtin_facts(mocked, tmp_path, monkeypatch):
    def no_socket(self, address):
        raise AssertionError(f"offline run opened a socket to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", no_socket)
    refs = (ModelRef(id="google/gemma-2-9b-it"), ModelRef(id="org/not-known"))
    gemma, unknown = resolve(refs, _settings(tmp_path, offline=True))
    assert len(mocked.calls) == 0  # nothing was even attempted
    assert gemma.source is FactSource.BUILTIN
    assert gemma.declaration.card_license == ("gemma",) and gemma.gated is True
    assert gemma.ancestors[0].id == "google/gemma-2-9b"
    assert gemma.ancestors[0].source is FactSource.BUILTIN
    assert unknown.unresolved_reason == "offline and not in the cache or built-in facts"


def test_invalid_id_is_unresolved_without_a_request(mocked, tmp_path):
    (facts,) = resolve((ModelRef(id="../../etc/passwd"),), _settings(tmp_path))
    assert facts.source is FactSource.UNRESOLVED
    assert "not a valid Hub model id" in (facts.unresolved_reason or "")
    assert len(mocked.calls) == 0


def test_results_keep_the_order_of_refs(mocked, corpus, tmp_path):
    names = ["gpt2", "facebook__bart-base", "google__flan-t5-large", "facebook__detr-resnet-50"]
    ids = [_add_model(mocked, corpus, n)["id"] for n in names]
    refs = tuple(ModelRef(id=i) for i in reversed(ids))
    facts = resolve(refs, _settings(tmp_path, workers=4, lineage_depth=0))
    assert [f.id for f in facts] == list(reversed(ids))
    assert all(f.source is FactSource.HUB for f in facts)


def test_private_or_missing_with_and_without_token(mocked, tmp_path):
    mocked.get(
        f"{HUB}/api/models/org/private", status=401, headers={"X-Error-Code": "RepoNotFound"}
    )
    (anonymous,) = resolve((ModelRef(id="org/private"),), _settings(tmp_path))
    assert anonymous.unresolved_reason == (
        "not found on the Hub or private (401); set HF_TOKEN if you have access"
    )
    (with_token,) = resolve((ModelRef(id="org/private"),), _settings(tmp_path, token="hf_x"))
    assert with_token.unresolved_reason == (
        "the Hub refused the token, or the repo is private or missing (401)"
    )


def test_unset_cache_dir_means_the_user_cache_not_the_working_dir(
    mocked, corpus, tmp_path, monkeypatch
):
    from llmaudit.settings import Settings

    monkeypatch.chdir(tmp_path)
    _add_model(mocked, corpus, "gpt2", endpoint="https://huggingface.co")
    cache = tmp_path / "user-cache"
    settings = Settings(environ={"LLMAUDIT_CACHE_DIR": str(cache)}, lineage_depth=0)
    (facts,) = resolve((ModelRef(id="gpt2"),), settings)
    assert facts.declaration.card_license == ("mit",)
    assert (cache / "http-cache.sqlite").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["user-cache"]


def test_deleted_repo_falls_back_to_builtin_with_the_404_noted(mocked, tmp_path):
    mocked.get(
        f"{HUB}/api/models/runwayml/stable-diffusion-v1-5",
        status=404,
        headers={"X-Error-Code": "RepoNotFound"},
    )
    (facts,) = resolve((ModelRef(id="runwayml/stable-diffusion-v1-5"),), _settings(tmp_path))
    assert facts.source is FactSource.BUILTIN
    assert facts.declaration.card_license == ("creativeml-openrail-m",)
    assert facts.notes[0].startswith("the Hub could not be used (not found on the Hub (404))")


def test_files_served_only_at_the_commit_sha_are_found(mocked, corpus, tmp_path):
    body = _add_model(mocked, corpus, "meta-llama__Llama-3.1-8B-Instruct")
    sha_url = f"{HUB}/meta-llama/Llama-3.1-8B-Instruct/resolve/{body['sha']}/LICENSE"
    mocked.get(f"{HUB}/meta-llama/Llama-3.1-8B-Instruct/resolve/main/LICENSE", status=404)
    mocked.get(sha_url, body="LLAMA 3.1 COMMUNITY LICENSE AGREEMENT")
    (facts,) = resolve(
        (ModelRef(id="meta-llama/Llama-3.1-8B-Instruct"),), _settings(tmp_path, lineage_depth=0)
    )
    assert facts.declaration.files[0].text == "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"
    assert not any("could not be read" in n for n in facts.notes)


def test_the_cards_license_passages_are_read_and_cached(mocked, corpus, tmp_path):
    """cardData holds only the front matter: the README is read for what its prose says about
    the terms, and those passages survive the facts cache."""
    body = _add_model(mocked, corpus, "facebook__bart-large-mnli")
    card = (corpus / "model-cards-bulk" / "AmazonScience__qanlu.md").read_text(encoding="utf-8")
    mocked.remove(responses.GET, NO_README)
    mocked.get(f"{HUB}/{body['id']}/resolve/main/README.md", body=card)
    refs = (ModelRef(id=body["id"]),)
    (facts,) = resolve(refs, _settings(tmp_path, lineage_depth=0))
    assert facts.declaration.card_text == (
        "## License\n\nThis library is licensed under the CC BY NC License."
    )
    (cached,) = resolve(refs, _settings(tmp_path, lineage_depth=0))
    assert cached.source is FactSource.CACHE
    assert cached.declaration.card_text == facts.declaration.card_text
