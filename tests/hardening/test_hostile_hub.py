"""A misbehaving Hub mirror on loopback: every failure is a per-model reason, never a crash."""

from __future__ import annotations

import time

import pytest

from llmaudit.licenses import classify
from llmaudit.models import FactSource, ModelRef
from llmaudit.resolve import resolve
from tests.loopback_hub import Reply, json_reply

from .conftest import TOKEN, hub_settings, model_info


def _resolve(hub, tmp_path, *ids, **overrides):
    settings = hub_settings(tmp_path, hub.url, **overrides)
    return resolve(
        tuple(ModelRef(id=i) for i in ids), settings, backoff=0.001, retry_after_cap=0.05
    )


def _with_good_model(hub):
    hub.route("/api/models/org/good", json_reply(model_info("org/good")))


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (
            Reply(body=b'{"id": "org/bad", "sha": '),
            "the Hub answered HTTP 200 with something that is not JSON (a proxy or login page?)",
        ),
        (
            Reply(body=b"<html><body>Sign in</body></html>", headers={"Content-Type": "text/html"}),
            "the Hub answered HTTP 200 with something that is not JSON (a proxy or login page?)",
        ),
        (json_reply(["org/bad"]), "the Hub answered with JSON that is not an object (list)"),
        (Reply(status=401), "the Hub refused the token, or the repo is private or missing (401)"),
        (Reply(status=403), "the Hub refused the token, or the repo is private or missing (403)"),
        (Reply(status=404), "not found on the Hub (404)"),
        (Reply(status=429, headers={"Retry-After": "0"}), "rate limited (429) after 1 retries"),
        (Reply(status=500), "server error (500) after 1 retries"),
        (Reply(status=503), "server error (503) after 1 retries"),
    ],
    ids=["truncated-json", "html-200", "json-list", "401", "403", "404", "429", "500", "503"],
)
def test_bad_answers_are_per_model_reasons(hub, tmp_path, reply, reason):
    hub.route("/api/models/org/bad", reply)
    _with_good_model(hub)
    bad, good = _resolve(hub, tmp_path, "org/bad", "org/good", token=TOKEN)
    assert bad.source is FactSource.UNRESOLVED
    assert bad.unresolved_reason == reason
    assert good.source is FactSource.HUB
    assert classify(good.declaration).license.key == "mit"


def test_connection_reset_is_a_reason(hub, tmp_path):
    hub.route("/api/models/org/bad", Reply(action="reset"))
    _with_good_model(hub)
    bad, good = _resolve(hub, tmp_path, "org/bad", "org/good")
    assert bad.source is FactSource.UNRESOLVED
    assert bad.unresolved_reason.startswith("could not connect to 127.0.0.1")
    assert good.source is FactSource.HUB


@pytest.mark.parametrize("action", ["hang", "delay"])
def test_never_finishing_answers_time_out_quickly(hub, tmp_path, action):
    reply = Reply(action="hang") if action == "hang" else Reply(delay=10, body=b"{}")
    hub.route("/api/models/org/bad", reply)
    _with_good_model(hub)
    start = time.monotonic()
    bad, good = _resolve(hub, tmp_path, "org/bad", "org/good", timeout=0.3)
    assert time.monotonic() - start < 3.0
    assert bad.source is FactSource.UNRESOLVED
    assert "after 1 retries" in bad.unresolved_reason
    # the host answered, so the reason is a timeout, not "could not connect"
    assert bad.unresolved_reason.startswith("timed out after 0.3s"), bad.unresolved_reason
    assert good.source is FactSource.HUB


def test_card_data_as_list_is_noted_and_license_comes_from_tags(hub, tmp_path):
    hub.route(
        "/api/models/org/odd",
        json_reply(
            model_info("org/odd", cardData=["license", "gpl-3.0"], tags=["license:apache-2.0"])
        ),
    )
    (facts,) = _resolve(hub, tmp_path, "org/odd")
    assert "the Hub's cardData is not a mapping; card metadata ignored" in facts.notes
    assert facts.declaration.card_license == ()
    assert classify(facts.declaration).license.key == "apache-2.0"


def test_missing_siblings_mean_unknown_files(hub, tmp_path):
    info = model_info("org/nosib")
    del info["siblings"]
    hub.route("/api/models/org/nosib", json_reply(info))
    (facts,) = _resolve(hub, tmp_path, "org/nosib")
    assert facts.files == ()
    assert "the Hub did not list the repo's files; file facts are unknown" in facts.notes


def test_100k_siblings_are_read_quickly(hub, tmp_path):
    siblings = [{"rfilename": f"shard-{i:06d}.bin"} for i in range(100_000)]
    hub.route("/api/models/org/huge", json_reply(model_info("org/huge", siblings=siblings)))
    # CPU time, not wall time: a loaded CI machine must not fail a test about quadratic work
    start = time.process_time()
    (facts,) = _resolve(hub, tmp_path, "org/huge")
    assert time.process_time() - start < 10.0
    assert len(facts.files) == 100_000
    assert facts.weight_formats == ("pickle",)
    assert len(facts.unsafe_files) == 100_000


def test_odd_field_types_never_crash(hub, tmp_path):
    hub.route(
        "/api/models/org/weird",
        json_reply(
            model_info(
                "org/weird",
                sha=5,
                tags="license:mit",
                gated=["x"],
                siblings={"a": 1},
                cardData={"license": {"a": 1}, "base_model": 7, "datasets": {"x": 1}},
            )
        ),
    )
    (facts,) = _resolve(hub, tmp_path, "org/weird")
    assert facts.source is FactSource.HUB
    assert facts.sha is None
    assert "card license is a dict, not text; ignored" in facts.notes
    assert facts.base_models == () and facts.datasets == ()


def test_redirect_to_another_host_never_carries_the_token(hub, other_host, tmp_path):
    hub.route(
        "/api/models/org/moved",
        Reply(status=302, headers={"Location": f"{other_host.url}/api/models/org/moved"}),
    )
    other_host.route("/api/models/org/moved", json_reply(model_info("org/moved")))
    _resolve(hub, tmp_path, "org/moved", token=TOKEN)
    assert other_host.paths() == ["/api/models/org/moved"]
    assert all(
        "Authorization" not in h and "authorization" not in h for h in other_host.seen_headers()
    )
    assert hub.seen_headers()[0]["Authorization"] == f"Bearer {TOKEN}"


def test_license_link_on_another_host_is_never_fetched(hub, other_host, tmp_path):
    hub.route(
        "/api/models/org/linked",
        json_reply(
            model_info(
                "org/linked",
                cardData={"license": "other", "license_link": f"{other_host.url}/LICENSE"},
                tags=["license:other"],
                siblings=[{"rfilename": "README.md"}],
            )
        ),
    )
    (facts,) = _resolve(hub, tmp_path, "org/linked", token=TOKEN)
    assert other_host.requests == []
    assert facts.declaration.license_link == f"{other_host.url}/LICENSE"
    assert classify(facts.declaration).license.is_unknown


def test_redirect_loop_is_a_reason(hub, tmp_path):
    hub.route(
        "/api/models/org/loop", Reply(status=302, headers={"Location": "/api/models/org/loop"})
    )
    (facts,) = _resolve(hub, tmp_path, "org/loop")
    assert facts.source is FactSource.UNRESOLVED
    assert facts.unresolved_reason == "too many redirects (more than 5)"


def test_50mb_card_from_the_hub_is_capped(hub, tmp_path):
    from .conftest import SHA

    hub.route(
        "/api/models/org/bigcard",
        json_reply(
            model_info("org/bigcard", cardData=None, tags=[], siblings=[{"rfilename": "README.md"}])
        ),
    )
    body = b"---\nlicense: apache-2.0\n---\n" + b"x" * (50 * 1024 * 1024)
    hub.route(f"/org/bigcard/resolve/{SHA}/README.md", Reply(body=body))
    start = time.monotonic()
    (facts,) = _resolve(hub, tmp_path, "org/bigcard", timeout=5.0)
    assert time.monotonic() - start < 5.0
    assert facts.declaration.card_license == ("apache-2.0",)
    assert "README.md is larger than 1 MB; only the start was read" in facts.notes
    cached = sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert cached < 5 * 1024 * 1024  # only the capped text is kept


def test_hub_card_with_an_impossible_date_is_a_note_and_others_resolve(hub, tmp_path):
    from .conftest import SHA

    hub.route(
        "/api/models/org/dated",
        json_reply(
            model_info("org/dated", cardData=None, tags=[], siblings=[{"rfilename": "README.md"}])
        ),
    )
    hub.route(
        f"/org/dated/resolve/{SHA}/README.md",
        Reply(body=b"---\nlicense: mit\nreleased: 2024-02-30\n---\n"),
    )
    _with_good_model(hub)
    dated, good = _resolve(hub, tmp_path, "org/dated", "org/good")
    assert dated.source is FactSource.HUB
    assert any("front matter is not valid YAML" in n for n in dated.notes)
    assert classify(dated.declaration).license.is_unknown
    assert classify(good.declaration).license.key == "mit"
