"""The shared cache (--cache-url) against a real redis-server and the loopback Hub."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.models import FactSource, ModelRef
from llmaudit.resolve import resolve
from llmaudit.resolve.cache import CacheStores
from tests.loopback_hub import LoopbackHub, Reply, json_reply, loopback_settings
from tests.redis_server import RedisServer, free_port

REPO = Path(__file__).resolve().parents[2]
SHA = "0123456789abcdef0123456789abcdef01234567"
LICENSES = ("apache-2.0", "cc-by-nc-4.0", "mit", "llama3.1")
PASSWORD = "s3cret-Pa55word"
TOKEN = "hf_abcdefghijklmnopqrstuvwxyz0123456789"


def hub_answer(path: str) -> Reply:
    """A Hub-shaped answer for any model, dataset or file (licenses vary by model number)."""
    if path.startswith("/api/datasets/"):
        return json_reply({"id": path[len("/api/datasets/") :], "cardData": {"license": "mit"}})
    if path.startswith("/api/models/"):
        model_id = path[len("/api/models/") :]
        index = int("".join(c for c in model_id if c.isdigit()) or 0)
        card: dict[str, object] = {
            "license": LICENSES[index % len(LICENSES)],
            "datasets": [f"data/set{index % 3}"],
        }
        if index % 2:
            card["base_model"] = f"base/common{index % 3}"
        return json_reply(
            {
                "id": model_id,
                "sha": SHA,
                "gated": False,
                "pipeline_tag": "text-generation",
                "library_name": "transformers",
                "cardData": card,
                "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}],
            }
        )
    return Reply(status=404, body=b"{}", headers={"X-Error-Code": "EntryNotFound"})


@pytest.fixture
def hub():
    server = LoopbackHub(fallback=hub_answer)
    yield server
    server.close()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def _settings(tmp_path: Path, name: str, hub: LoopbackHub, url: str | None, **overrides):
    return loopback_settings(
        tmp_path / name, hub.url, timeout=2.0, max_retries=0, cache_url=url, **overrides
    )


def _refs(count: int) -> tuple[ModelRef, ...]:
    return tuple(ModelRef(id=f"org{i}/model-{i}") for i in range(count))


def _resolve(settings, refs, notes: list[str] | None = None):
    stores = CacheStores(settings, note=(notes.append if notes is not None else print))
    with stores:
        return resolve(refs, settings, backoff=0.01, stores=stores)


def _licenses(facts) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.id, f.declaration.card_license) for f in facts]


# ---------------------------------------------------------------- runners sharing facts


def _run_cli(home: Path, hub_url: str, cache_url: str, *models: str, **env: str):
    home.mkdir()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LLMAUDIT_", "HF_"))}
    environ.update(
        HOME=str(home),
        HF_HOME=str(home / "hf"),
        XDG_CACHE_HOME=str(home / "xdg"),
        LLMAUDIT_CACHE_DIR=str(home / "cache"),
        HF_ENDPOINT=hub_url,
        LLMAUDIT_CACHE_URL=cache_url,
        PYTHONPATH=str(REPO),
        HF_TOKEN=TOKEN,
        **env,
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "llmaudit",
            "check",
            *models,
            "--format",
            "json",
            "--policy",
            "commercial",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
        cwd=home,
    )


def _verdicts(stdout: str) -> list[tuple[str, str, str]]:
    report = json.loads(stdout)
    return [(m["id"], m["license"]["id"], m["verdict"]) for m in report["models"]]


def _check_in_process(home: Path, hub_url: str, cache_url: str, *models: str):
    return CliRunner().invoke(
        cli,
        ["check", *models, "--format", "json", "--policy", "commercial", "--fail-on", "never"],
        env={
            "HF_ENDPOINT": hub_url,
            "LLMAUDIT_CACHE_URL": cache_url,
            "HOME": str(home),
            "LLMAUDIT_CACHE_DIR": str(home / "cache"),
            "HF_TOKEN": TOKEN,
        },
    )


def test_second_runner_on_another_home_asks_the_hub_nothing_then_survives_a_down_hub(
    hub, redis_server, tmp_path
):
    models = [f"org{i}/model-{i}" for i in range(8)]
    first = _check_in_process(tmp_path / "runner1", hub.url, redis_server.url, *models)
    assert first.exit_code == 0, first.output
    assert hub.paths(), "the first runner must have asked the Hub"

    hub.requests.clear()  # the second runner: another process, another home folder
    second = _run_cli(tmp_path / "runner2", hub.url, redis_server.url, *models)
    assert second.returncode == 0, second.stderr
    assert hub.paths() == []
    assert _verdicts(second.stdout) == _verdicts(first.stdout)
    assert {m["source"] for m in json.loads(second.stdout)["models"]} == {"cache"}
    assert not (tmp_path / "runner2" / "cache" / "facts").exists()  # nothing went local

    hub.close()  # a third runner with the Hub down
    third = _check_in_process(tmp_path / "runner3", hub.url, redis_server.url, *models)
    assert third.exit_code == 0, third.output
    assert _verdicts(third.stdout) == _verdicts(first.stdout)
    licenses = {license for _, license, _ in _verdicts(first.stdout)}
    assert len(licenses) > 2, licenses  # a real mix, not one answer for every model


# ---------------------------------------------------------------- faults


def test_redis_killed_mid_run_switches_to_the_local_cache_with_one_note(
    hub, redis_server, tmp_path
):
    served = 0

    def answer_then_kill_redis(path: str) -> Reply:
        nonlocal served
        served += 1
        if served == 12:
            redis_server.stop()
        return hub_answer(path)

    hub.fallback = answer_then_kill_redis
    notes: list[str] = []
    settings = _settings(tmp_path, "a", hub, redis_server.url)
    start = time.monotonic()
    facts = _resolve(settings, _refs(30), notes)
    assert time.monotonic() - start < 8  # at most one socket timeout, never a hang
    assert {f.source for f in facts} == {FactSource.HUB}
    assert len(notes) == 1 and notes[0].startswith("lost the shared cache redis://127.0.0.1")
    assert "the local cache in" in notes[0]
    assert any((settings.cache_dir / "facts").rglob("*.json"))  # later facts were kept locally
    assert (settings.cache_dir / "http-cache.sqlite").exists()  # ...and later Hub answers

    # A Redis restart loses nothing the Hub cannot give again: the next run asks it again.
    redis_server.start()
    hub.requests.clear()
    again = _resolve(_settings(tmp_path, "b", hub, redis_server.url), _refs(30))
    assert _licenses(again) == _licenses(facts)
    assert hub.paths()


def test_unreachable_redis_at_start_is_a_note_and_the_run_completes(hub, tmp_path):
    notes: list[str] = []
    url = f"redis://:{PASSWORD}@127.0.0.1:{free_port()}/0"
    settings = _settings(tmp_path, "a", hub, url)
    facts = _resolve(settings, _refs(3), notes)
    assert {f.source for f in facts} == {FactSource.HUB}
    assert len(notes) == 1 and "is unreachable" in notes[0] and PASSWORD not in notes[0]
    assert (settings.cache_dir / "http-cache.sqlite").exists()


def test_a_server_that_never_answers_costs_one_timeout(hub, tmp_path, monkeypatch):
    from llmaudit.resolve import shared_cache

    monkeypatch.setattr(shared_cache, "OPERATION_TIMEOUT", 0.3)
    with socket.socket() as silent:  # accepts connections (backlog) and never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        notes: list[str] = []
        start = time.monotonic()
        facts = _resolve(_settings(tmp_path, "a", hub, url), _refs(3), notes)
        assert time.monotonic() - start < 3
    assert {f.source for f in facts} == {FactSource.HUB}
    assert len(notes) == 1 and "is unreachable" in notes[0] and "imeout" in notes[0]


def test_unreachable_redis_through_the_cli_gives_one_note_and_the_audit_exit_code(hub, tmp_path):
    url = f"redis://:{PASSWORD}@127.0.0.1:{free_port()}/0"
    result = CliRunner().invoke(
        cli,
        ["check", "org0/model-0", "--cache-url", url, "--format", "json"],
        env={"HF_ENDPOINT": hub.url},
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and PASSWORD not in result.output
    assert result.stderr.count("llmaudit: note: shared cache redis://***@127.0.0.1") == 1
    report_notes = [n["message"] for n in json.loads(result.stdout)["notes"]]
    assert any(n.startswith("shared cache redis://***@127.0.0.1") for n in report_notes)


def test_garbage_entries_are_misses_and_get_replaced(hub, redis_server, tmp_path):
    refs = _refs(6)
    first = _resolve(_settings(tmp_path, "a", hub, redis_server.url), refs)
    client = redis_server.client()
    keys = sorted(client.keys("llmaudit:*"))
    assert keys
    garbage = (
        b'{"format": 1, "fetched_at": 1e18, "facts": {"id": ',
        b"\x00\xff\xfe",
        b"[1, 2]",
        b'{"key": "someone else", "format": 1}',
        b"",
        b'{"status_code": "x"}',
    )
    for n, key in enumerate(keys):
        client.set(key, garbage[n % len(garbage)])

    hub.requests.clear()
    second = _resolve(_settings(tmp_path, "b", hub, redis_server.url), refs)
    assert _licenses(second) == _licenses(first)
    assert {f.source for f in second} == {FactSource.HUB}
    assert hub.paths()

    hub.requests.clear()
    third = _resolve(_settings(tmp_path, "c", hub, redis_server.url), refs)
    assert hub.paths() == []  # the garbage was overwritten with whole, valid entries
    assert _licenses(third) == _licenses(first)


def test_concurrent_runners_leave_only_whole_entries(hub, redis_server, tmp_path):
    refs = _refs(24)
    hub.latency = 0.005
    results: dict[int, tuple] = {}

    def runner(n: int) -> None:
        results[n] = _resolve(_settings(tmp_path, f"r{n}", hub, redis_server.url), refs)

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = _licenses(results[0])
    assert all(_licenses(results[n]) == expected for n in range(4))
    paths = hub.paths()
    assert len(paths) == len(set(paths))  # runners that start together still ask once each
    client = redis_server.client()
    for key in client.keys("llmaudit:*"):
        json.loads(client.get(key))  # every value is one whole JSON document

    hub.requests.clear()
    assert _licenses(_resolve(_settings(tmp_path, "late", hub, redis_server.url), refs)) == expected
    assert hub.paths() == []


def test_a_claim_left_by_a_killed_runner_delays_the_others_only_until_it_expires(
    hub, redis_server, tmp_path
):
    settings = _settings(tmp_path, "a", hub, redis_server.url)
    claim = f"llmaudit:v1:{hub.url}:claim:model|org0/model-0|"
    redis_server.client().set(claim, b"1", ex=1)
    start = time.monotonic()
    facts = _resolve(settings, _refs(2))
    assert 0.5 < time.monotonic() - start < 6
    assert {f.source for f in facts} == {FactSource.HUB}
    assert "/api/models/org0/model-0" in hub.paths()


# ---------------------------------------------------------------- keys, TTL, secrets


def test_keys_are_namespaced_by_endpoint_and_schema_and_expire(hub, redis_server, tmp_path):
    _resolve(_settings(tmp_path, "a", hub, redis_server.url, cache_ttl=3600.0), _refs(2))
    client = redis_server.client()
    keys = [k.decode() for k in client.keys("*")]
    assert keys and all(k.startswith(f"llmaudit:v1:{hub.url}:") for k in keys)
    ttls = [client.ttl(k) for k in keys]
    assert all(3600 < ttl <= 3600 + 7 * 86400 for ttl in ttls), ttls

    other = LoopbackHub(host="localhost", fallback=hub_answer)
    try:
        _resolve(_settings(tmp_path, "b", other, redis_server.url), _refs(2))
        assert other.paths()  # another endpoint's entries are not this one's
    finally:
        other.close()


def test_expired_entries_are_refreshed_and_served_stale_when_the_hub_is_down(
    hub, redis_server, tmp_path
):
    refs = _refs(3)
    fresh = _resolve(_settings(tmp_path, "a", hub, redis_server.url, cache_ttl=0.01), refs)
    time.sleep(0.05)
    hub.requests.clear()
    refreshed = _resolve(_settings(tmp_path, "b", hub, redis_server.url, cache_ttl=0.01), refs)
    assert hub.paths() and {f.source for f in refreshed} == {FactSource.HUB}
    hub.close()
    time.sleep(0.05)
    stale = _resolve(_settings(tmp_path, "c", hub, redis_server.url, cache_ttl=0.01), refs)
    assert _licenses(stale) == _licenses(fresh)
    assert all(f.source is FactSource.CACHE and f.stale for f in stale)


def test_the_token_never_reaches_redis(hub, redis_server, tmp_path):
    settings = _settings(tmp_path, "a", hub, redis_server.url, token=TOKEN)
    _resolve(settings, _refs(3))
    assert any("Bearer" in h.get("Authorization", "") for h in hub.seen_headers())
    client = redis_server.client()
    values = b"".join(client.get(k) or b"" for k in client.keys("*"))
    assert values and TOKEN.encode() not in values and b"Bearer" not in values


def test_offline_run_reads_the_shared_cache_and_writes_nothing(hub, redis_server, tmp_path):
    refs = _refs(3)
    online = _resolve(_settings(tmp_path, "a", hub, redis_server.url), refs)
    client = redis_server.client()
    before = {k: client.get(k) for k in client.keys("*")}
    hub.requests.clear()
    offline = _resolve(_settings(tmp_path, "b", hub, redis_server.url, offline=True), refs)
    assert hub.paths() == [] and _licenses(offline) == _licenses(online)
    assert {k: client.get(k) for k in client.keys("*")} == before


# ---------------------------------------------------------------- TLS and passwords


def test_rediss_with_the_servers_ca_shares_facts_over_tls(hub, tmp_path):
    server = RedisServer(tmp_path / "tls", password=PASSWORD, tls=True)
    server.start()
    try:
        url = f"{server.url}?ssl_ca_certs={server.certificate}"
        first = _resolve(_settings(tmp_path, "a", hub, url), _refs(3))
        hub.requests.clear()
        second = _resolve(_settings(tmp_path, "b", hub, url), _refs(3))
        assert hub.paths() == [] and _licenses(second) == _licenses(first)

        notes: list[str] = []  # a certificate we cannot verify: not used, the run goes on
        _resolve(_settings(tmp_path, "c", hub, server.url), _refs(1), notes)
        assert len(notes) == 1 and "is unreachable" in notes[0] and PASSWORD not in notes[0]
        assert "certificate" in notes[0].lower()
    finally:
        server.stop()


@pytest.fixture
def locked_redis(tmp_path):
    server = RedisServer(tmp_path / "locked", password=PASSWORD)
    server.start()
    yield server
    server.stop()


def _check(url: str, hub: LoopbackHub, **env: str):
    return CliRunner().invoke(
        cli,
        ["check", "org1/model-1", "--cache-url", url, "--format", "json", "-v"],
        env={"HF_ENDPOINT": hub.url, **env},
    )


def test_password_protected_redis_with_the_password_in_the_url(hub, locked_redis):
    result = _check(locked_redis.url, hub)
    assert result.exit_code == 0, result.output
    assert locked_redis.client().keys("llmaudit:*")
    assert PASSWORD not in result.output


def test_password_from_the_environment(hub, locked_redis):
    url = f"redis://127.0.0.1:{locked_redis.port}/0"
    result = _check(url, hub, LLMAUDIT_CACHE_PASSWORD=PASSWORD)
    assert result.exit_code == 0, result.output
    assert locked_redis.client().keys("llmaudit:*")
    assert PASSWORD not in result.output


@pytest.mark.parametrize("auth", ["wrong-Pa55word", ""], ids=["wrong_password", "no_password"])
def test_refused_password_is_one_line_exit_2_without_the_password(hub, locked_redis, auth):
    url = (
        f"redis://:{auth}@127.0.0.1:{locked_redis.port}/0"
        if auth
        else f"redis://127.0.0.1:{locked_redis.port}/0"
    )
    result = _check(url, hub)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("llmaudit: error: --cache-url redis://")
    assert "Traceback" not in result.output
    assert PASSWORD not in result.output and (not auth or auth not in result.output)
    assert hub.paths() == []  # a misconfigured cache stops the run before the Hub is asked


def test_database_out_of_range_is_a_config_error(hub, redis_server):
    result = _check(redis_server.url.rsplit("/", 1)[0] + "/999", hub)
    assert result.exit_code == 2
    assert "llmaudit: error: --cache-url" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "http://cache:6379/0",
        "redis://",
        "redis://host:99999/0",
        "redis://host/zero",
        f"memcached://:{PASSWORD}@host/0",
    ],
)
def test_malformed_cache_url_is_a_usage_error_without_the_password(url):
    result = CliRunner().invoke(cli, ["check", "org/model", "--cache-url", url])
    assert result.exit_code == 2
    assert result.stderr.startswith("llmaudit: error: --cache-url")
    assert PASSWORD not in result.output and "Traceback" not in result.output


def test_the_settings_repr_hides_the_url_and_password(tmp_path):
    settings = replace(
        loopback_settings(tmp_path, "http://127.0.0.1:1", timeout=1, max_retries=0),
        cache_url=f"redis://:{PASSWORD}@h/0",
        cache_password=PASSWORD,
    )
    assert PASSWORD not in repr(settings)
