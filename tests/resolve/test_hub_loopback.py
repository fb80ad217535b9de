"""The Hub client against a real loopback HTTP server: real sockets, real failures."""

from __future__ import annotations

import json

from llmaudit.models import FactSource, ModelRef
from llmaudit.resolve import resolve
from llmaudit.resolve.repo import LICENSE_CAP, README_CAP
from tests.loopback_hub import LoopbackHub, Reply, json_reply

from .conftest import load_hub_json, make_settings

TOKEN = "hf_loopbackSECRETtoken"
SHA = "a" * 40


def _info(model_id: str, **extra: object) -> dict:
    body = {
        "id": model_id,
        "sha": SHA,
        "gated": False,
        "pipeline_tag": "text-generation",
        "library_name": "transformers",
        "tags": ["license:mit"],
        "cardData": {"license": "mit"},
        "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}],
    }
    body.update(extra)
    return body


def _resolve(hub: LoopbackHub, tmp_path, *model_ids: str, **overrides):
    settings = make_settings(tmp_path, hub.url, **overrides)
    refs = tuple(ModelRef(id=m) for m in model_ids)
    return resolve(refs, settings, backoff=0.001, retry_after_cap=0.5)


def test_429_honours_retry_after_then_succeeds(fake_hub, tmp_path):
    fake_hub.add(
        "/api/models/org/a",
        Reply(status=429, headers={"Retry-After": "0.2"}),
        Reply(body=json.dumps(_info("org/a")).encode()),
    )
    import time

    start = time.monotonic()
    (facts,) = _resolve(fake_hub, tmp_path, "org/a")
    assert time.monotonic() - start >= 0.2  # waited as told, not the 1 ms backoff
    assert facts.source is FactSource.HUB
    assert facts.declaration.card_license == ("mit",)
    assert fake_hub.paths().count("/api/models/org/a") == 2


def test_429_forever_is_a_per_model_reason(fake_hub, tmp_path):
    fake_hub.add("/api/models/org/a", Reply(status=429, headers={"Retry-After": "0"}))
    (facts,) = _resolve(fake_hub, tmp_path, "org/a", max_retries=3)
    assert facts.source is FactSource.UNRESOLVED
    assert facts.unresolved_reason == "rate limited (429) after 3 retries"
    assert fake_hub.paths().count("/api/models/org/a") == 4


def test_500_then_success_is_retried(fake_hub, tmp_path):
    fake_hub.add(
        "/api/models/org/a",
        Reply(status=500),
        Reply(status=502),
        Reply(body=json.dumps(_info("org/a")).encode()),
    )
    (facts,) = _resolve(fake_hub, tmp_path, "org/a")
    assert facts.source is FactSource.HUB
    assert facts.sha == SHA


def test_timeout_gives_a_reason_not_a_crash(fake_hub, tmp_path):
    fake_hub.add("/api/models/org/slow", Reply(delay=1.0, body=b"{}"))
    (facts,) = _resolve(fake_hub, tmp_path, "org/slow", timeout=0.2, max_retries=1)
    assert facts.source is FactSource.UNRESOLVED
    assert facts.unresolved_reason == "timed out after 0.2s after 1 retries"


def test_404_is_per_model_and_others_still_resolve(fake_hub, tmp_path):
    fake_hub.add("/api/models/org/a", Reply(body=json.dumps(_info("org/a")).encode()))
    missing, found = _resolve(fake_hub, tmp_path, "org/missing", "org/a")
    assert missing.source is FactSource.UNRESOLVED
    assert missing.unresolved_reason == "not found on the Hub (404)"
    assert found.source is FactSource.HUB


def test_gated_files_401_use_card_data_and_say_what_is_missing(fake_hub, tmp_path, corpus):
    info = load_hub_json(corpus, "meta-llama__Llama-3.1-8B-Instruct")
    fake_hub.add_json("/api/models/meta-llama/Llama-3.1-8B-Instruct", info)
    fake_hub.add(
        "/meta-llama/Llama-3.1-8B-Instruct/resolve/main/LICENSE",
        Reply(status=401, headers={"X-Error-Code": "GatedRepo"}),
    )
    (facts,) = _resolve(fake_hub, tmp_path, "meta-llama/Llama-3.1-8B-Instruct", lineage_depth=0)
    assert facts.gated is True
    assert facts.declaration.card_license == ("llama3.1",)
    assert facts.declaration.files == ()
    assert any("could not read LICENSE" in n and "gated" in n for n in facts.notes)


def test_malformed_json_with_200_is_a_reason(fake_hub, tmp_path):
    fake_hub.add(
        "/api/models/org/html",
        Reply(body=b"<html><body>Sign in</body></html>", headers={"Content-Type": "text/html"}),
    )
    (facts,) = _resolve(fake_hub, tmp_path, "org/html")
    assert facts.source is FactSource.UNRESOLVED
    assert "not JSON" in (facts.unresolved_reason or "")


def test_non_dict_card_data_is_ignored_with_a_note(fake_hub, tmp_path):
    fake_hub.add_json("/api/models/org/odd", _info("org/odd", cardData=["license", "mit"], tags=[]))
    fake_hub.add(
        "/org/odd/resolve/main/README.md", Reply(body=b"---\nlicense: apache-2.0\n---\n# Card\n")
    )
    (facts,) = _resolve(fake_hub, tmp_path, "org/odd")
    assert any("cardData is not a mapping" in n for n in facts.notes)
    # cardData unusable -> the README front matter is read instead
    assert facts.declaration.card_license == ("apache-2.0",)


def test_50_mb_readme_is_capped(fake_hub, tmp_path):
    fake_hub.add_json("/api/models/org/huge", _info("org/huge", cardData=None, tags=[]))
    size = 50 * 1024 * 1024
    fake_hub.add(
        "/org/huge/resolve/main/README.md",
        Reply(body=b"---\nlicense: bsd-3-clause\n---\n" + b"x" * 1000, size=size),
    )
    (facts,) = _resolve(fake_hub, tmp_path, "org/huge")
    assert facts.declaration.card_license == ("bsd-3-clause",)
    assert any("README.md is larger than" in n for n in facts.notes)
    sent = fake_hub.bytes_sent.get("/org/huge/resolve/main/README.md", 0)
    assert sent < size  # the client stopped reading; the server never got to send it all
    assert size > README_CAP


def test_binary_license_is_skipped_with_a_note(fake_hub, tmp_path):
    info = _info("org/bin")
    info["siblings"].append({"rfilename": "LICENSE.pdf"})
    info["siblings"].append({"rfilename": "LICENSE"})
    fake_hub.add_json("/api/models/org/bin", info)
    fake_hub.add(
        "/org/bin/resolve/main/LICENSE.pdf", Reply(body=b"%PDF-1.7\n\x00\x01\x02\xff\xfe" * 100)
    )
    fake_hub.add("/org/bin/resolve/main/LICENSE", Reply(body=b"MIT License\n\nCopyright"))
    (facts,) = _resolve(fake_hub, tmp_path, "org/bin")
    assert [f.path for f in facts.declaration.files] == ["LICENSE"]
    assert facts.declaration.files[0].text.startswith("MIT License")
    assert "LICENSE.pdf is binary; not read" in facts.notes


def test_license_file_over_cap_is_truncated(fake_hub, tmp_path):
    info = _info("org/long")
    info["siblings"].append({"rfilename": "LICENSE.md"})
    fake_hub.add_json("/api/models/org/long", info)
    fake_hub.add("/org/long/resolve/main/LICENSE.md", Reply(body=b"terms ", size=3_000_000))
    (facts,) = _resolve(fake_hub, tmp_path, "org/long")
    (license_file,) = facts.declaration.files
    assert len(license_file.text) == LICENSE_CAP


def test_token_goes_only_to_the_endpoint_host(fake_hub, other_host, tmp_path):
    fake_hub.add(
        "/api/models/org/moved",
        Reply(status=307, headers={"Location": f"{other_host.url}/api/models/org/moved"}),
    )
    other_host.add_json("/api/models/org/moved", _info("org/moved"))
    fake_hub.add(
        "/api/models/org/same", Reply(status=301, headers={"Location": "/api/models/org/same2"})
    )
    fake_hub.add_json("/api/models/org/same2", _info("org/same2"))
    moved, same = _resolve(fake_hub, tmp_path, "org/moved", "org/same", token=TOKEN)
    assert moved.source is FactSource.HUB and same.source is FactSource.HUB
    auth = {path: h.get("Authorization") for path, h in fake_hub.requests}
    assert auth["/api/models/org/moved"] == f"Bearer {TOKEN}"
    assert auth["/api/models/org/same2"] == f"Bearer {TOKEN}"  # same-host redirect keeps it
    assert other_host.requests, "the redirect was followed"
    assert all("Authorization" not in h for _, h in other_host.requests)


def test_token_never_reaches_the_cache_files(fake_hub, tmp_path):
    info = _info("org/a")
    info["siblings"].append({"rfilename": "LICENSE"})
    fake_hub.add_json("/api/models/org/a", info)
    fake_hub.add("/org/a/resolve/main/LICENSE", Reply(body=b"MIT License"))
    _resolve(fake_hub, tmp_path, "org/a", token=TOKEN)
    cache_files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert cache_files
    for path in cache_files:
        assert TOKEN.encode() not in path.read_bytes(), path


def test_warm_cache_then_offline_gives_the_same_facts_without_requests(fake_hub, tmp_path):
    info = _info(
        "org/a",
        cardData={"license": "apache-2.0", "datasets": ["org/data"], "base_model": "org/base"},
    )
    info["siblings"].append({"rfilename": "LICENSE"})
    fake_hub.add_json("/api/models/org/a", info)
    fake_hub.add_json("/api/models/org/base", _info("org/base"))
    fake_hub.add("/org/a/resolve/main/LICENSE", Reply(body=b"Apache License 2.0"))
    fake_hub.add("/org/base/resolve/main/LICENSE", Reply(status=404))
    fake_hub.add_json(
        "/api/datasets/org/data", {"id": "org/data", "cardData": {"license": "cc0-1.0"}}
    )
    (cold,) = _resolve(fake_hub, tmp_path, "org/a")
    served = len(fake_hub.requests)
    (warm,) = _resolve(fake_hub, tmp_path, "org/a")
    assert len(fake_hub.requests) == served  # all from the cache
    (offline,) = _resolve(fake_hub, tmp_path, "org/a", offline=True)
    assert len(fake_hub.requests) == served
    assert cold.source is FactSource.HUB
    assert warm.source is offline.source is FactSource.CACHE
    for facts in (warm, offline):
        assert facts.declaration == cold.declaration
        assert facts.ancestors[0].declaration == cold.ancestors[0].declaration
        assert facts.datasets == tuple(
            type(d)(id=d.id, license=d.license, source=FactSource.CACHE) for d in cold.datasets
        )
        assert facts.files == cold.files and facts.sha == cold.sha
    assert cold.datasets[0].license == ("cc0-1.0",)


def test_stale_cache_is_served_when_the_hub_fails(fake_hub, tmp_path):
    import time

    fake_hub.add_json("/api/models/org/a", _info("org/a"))
    _resolve(fake_hub, tmp_path, "org/a", cache_ttl=0.05)
    time.sleep(0.1)
    fake_hub.add("/api/models/org/a", Reply(status=503))
    (facts,) = _resolve(fake_hub, tmp_path, "org/a", cache_ttl=0.05)
    assert facts.source is FactSource.CACHE
    assert facts.stale is True
    assert facts.declaration.card_license == ("mit",)


def test_lock_reports_a_license_changed_upstream(fake_hub, tmp_path):
    lock = tmp_path / "llmaudit.lock"
    fake_hub.add_json(
        "/api/models/org/a", _info("org/a", cardData={"license": "llama3"}, tags=["license:llama3"])
    )
    (first,) = _resolve(fake_hub, tmp_path, "org/a", lock=lock)
    assert first.notes == () and lock.exists()
    fake_hub.add_json(
        "/api/models/org/a",
        _info("org/a", cardData={"license": "llama3.1"}, tags=["license:llama3.1"]),
    )
    # the cache is fresh, but a lock run asks the Hub anyway: drift is the point of a lock
    (second,) = _resolve(fake_hub, tmp_path, "org/a", lock=lock)
    assert second.source is FactSource.HUB
    assert second.declaration.card_license == ("llama3.1",)
    assert "license changed upstream since llmaudit.lock: llama3 -> llama3.1" in second.notes
    # ...and when the Hub is down, the cached copy still answers, marked stale
    fake_hub.add("/api/models/org/a", Reply(status=503))
    (third,) = _resolve(fake_hub, tmp_path, "org/a", lock=lock, max_retries=0)
    assert third.source is FactSource.CACHE and third.stale is True
    assert third.declaration.card_license == ("llama3.1",)


def test_relative_and_same_repo_license_links_are_fetched(fake_hub, tmp_path):
    relative = _info(
        "org/rel",
        cardData={"license": "other", "license_name": "acme", "license_link": "docs/TERMS.txt"},
    )
    relative["siblings"].append({"rfilename": "docs/TERMS.txt"})
    fake_hub.add_json("/api/models/org/rel", relative)
    fake_hub.add("/org/rel/resolve/main/docs/TERMS.txt", Reply(body=b"ACME model terms"))
    absolute = _info(
        "org/abs",
        cardData={
            "license": "other",
            "license_name": "acme",
            "license_link": f"{fake_hub.url}/org/abs/blob/main/TERMS.md",
        },
    )
    absolute["siblings"].append({"rfilename": "TERMS.md"})
    fake_hub.add_json("/api/models/org/abs", absolute)
    fake_hub.add("/org/abs/resolve/main/TERMS.md", Reply(body=b"ACME terms, absolute link"))
    external = _info(
        "org/ext",
        cardData={
            "license": "other",
            "license_name": "acme",
            "license_link": "https://acme.example/terms",
        },
    )
    fake_hub.add_json("/api/models/org/ext", external)
    rel, absolute_facts, ext = _resolve(fake_hub, tmp_path, "org/rel", "org/abs", "org/ext")
    assert [(f.path, f.text) for f in rel.declaration.files] == [
        ("docs/TERMS.txt", "ACME model terms")
    ]
    assert absolute_facts.declaration.files[0].text == "ACME terms, absolute link"
    assert ext.declaration.files == ()  # other hosts are never fetched
    assert ext.declaration.license_link == "https://acme.example/terms"


def test_corrupted_http_cache_is_one_resolve_error(fake_hub, tmp_path):
    import pytest

    from llmaudit.errors import ResolveError

    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "http-cache.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ResolveError) as err:
        _resolve(fake_hub, tmp_path, "org/a")
    assert "http-cache.sqlite" in str(err.value) and "\n" not in str(err.value)


def test_dataset_ref_resolves_its_license(fake_hub, tmp_path):
    from llmaudit.models import RefKind

    fake_hub.add_json("/api/datasets/org/data", {"id": "org/data", "cardData": {"license": "odbl"}})
    settings = make_settings(tmp_path, fake_hub.url)
    refs = (
        ModelRef(id="org/data", kind=RefKind.DATASET),
        ModelRef(id="org/nodata", kind=RefKind.DATASET),
    )
    found, missing = resolve(refs, settings, backoff=0.001)
    assert found.declaration.card_license == ("odbl",)
    assert found.source is FactSource.HUB
    assert missing.source is FactSource.UNRESOLVED


def test_interrupted_license_download_is_a_note_not_a_crash(fake_hub, tmp_path):
    info = _info("org/cut")
    info["siblings"].append({"rfilename": "LICENSE"})
    fake_hub.add_json("/api/models/org/cut", info)
    fake_hub.add(
        "/org/cut/resolve/main/LICENSE",
        Reply(body=b"MIT License, but the connection drops", claimed_length=100_000),
    )
    (facts,) = _resolve(fake_hub, tmp_path, "org/cut")
    assert facts.source is FactSource.HUB
    assert facts.declaration.files == ()
    assert any(n.startswith("LICENSE could not be read: download interrupted") for n in facts.notes)


def test_expired_facts_beat_builtin_when_the_hub_is_down(fake_hub, tmp_path):
    import time

    fake_hub.add_json(
        "/api/models/openai/whisper-large-v3",
        _info("openai/whisper-large-v3", cardData={"license": "mit"}),
    )
    _resolve(fake_hub, tmp_path, "openai/whisper-large-v3", cache_ttl=0.05)
    (tmp_path / "cache" / "http-cache.sqlite").unlink()  # only the facts cache is left
    time.sleep(0.1)
    fake_hub.add("/api/models/openai/whisper-large-v3", Reply(status=500))
    (facts,) = _resolve(
        fake_hub, tmp_path, "openai/whisper-large-v3", cache_ttl=0.05, max_retries=1
    )
    assert facts.source is FactSource.CACHE and facts.stale is True
    assert facts.declaration.card_license == ("mit",)  # what the Hub said, not the table
    assert facts.notes[0].startswith("the Hub could not be used (server error (500)")


def test_models_resolve_concurrently_and_shared_bases_are_fetched_once(fake_hub, tmp_path):
    import threading
    import time

    # Requests in flight at once at the Hub, not wall time: a loaded machine slows the clock,
    # while a sequential resolver never has more than one request open.
    lock = threading.Lock()
    in_flight = peak = 0

    def slow(body: dict):
        def reply(path: str) -> Reply:
            nonlocal in_flight, peak
            with lock:
                in_flight += 1
                peak = max(peak, in_flight)
            time.sleep(0.2)
            with lock:
                in_flight -= 1
            return json_reply(body)

        return reply

    for i in range(8):
        fake_hub.route(
            f"/api/models/org/m{i}",
            slow(_info(f"org/m{i}", cardData={"license": "mit", "base_model": "org/b"})),
        )
    fake_hub.route("/api/models/org/b", slow(_info("org/b")))
    facts = _resolve(fake_hub, tmp_path, *(f"org/m{i}" for i in range(8)), workers=8)
    assert all(f.ancestors[0].id == "org/b" for f in facts)
    assert fake_hub.paths().count("/api/models/org/b") == 1
    assert peak >= 4, peak  # 8 workers: the 8 model requests overlap


def test_hostile_json_shapes_are_reasons(fake_hub, tmp_path):
    fake_hub.add("/api/models/org/deep", Reply(body=b"[" * 100_000 + b"]" * 100_000))
    fake_hub.add("/api/models/org/list", Reply(body=b"[1, 2, 3]"))
    fake_hub.add("/api/models/org/latin", Reply(body=b'{"id": "\xff\xfe"}'))
    deep, listed, latin = _resolve(fake_hub, tmp_path, "org/deep", "org/list", "org/latin")
    assert "not JSON" in (deep.unresolved_reason or "")
    assert listed.unresolved_reason == "the Hub answered with JSON that is not an object (list)"
    assert "not JSON" in (latin.unresolved_reason or "")


def test_facts_rebuilt_from_the_http_cache_are_stored_again_with_that_answers_age(
    fake_hub, tmp_path
):
    """A facts entry gone (or of an older format after an upgrade) while the HTTP cache is
    fresh: the facts rebuilt from the cached answer are stored again, dated when the answer
    left the Hub, so the next run (a pre-commit hook) is answered without the HTTP layer."""
    import shutil
    import time

    from llmaudit.resolve.cache import HTTP_CACHE_FILE
    from llmaudit.resolve.store import FACTS_DIR

    fake_hub.add_json("/api/models/org/a", _info("org/a"))
    settings = make_settings(tmp_path, fake_hub.url)
    before_first = time.time()
    (first,) = _resolve(fake_hub, tmp_path, "org/a")
    after_first = time.time()
    assert first.source is FactSource.HUB
    asked = len(fake_hub.requests)

    shutil.rmtree(settings.cache_path() / FACTS_DIR)
    (second,) = _resolve(fake_hub, tmp_path, "org/a")
    assert second.source is FactSource.CACHE and len(fake_hub.requests) == asked
    [stored] = (settings.cache_path() / FACTS_DIR).rglob("*.json")
    fetched_at = json.loads(stored.read_text(encoding="utf-8"))["fetched_at"]
    assert before_first - 1 <= fetched_at <= after_first + 1  # the answer's age, not now's

    (settings.cache_path() / HTTP_CACHE_FILE).unlink()
    (third,) = _resolve(fake_hub, tmp_path, "org/a")
    assert third.source is FactSource.CACHE and len(fake_hub.requests) == asked
    assert (third.declaration, third.sha) == (first.declaration, first.sha)
