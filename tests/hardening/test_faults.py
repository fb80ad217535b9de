"""Faults: interrupted writes, Ctrl-C, concurrent runs, network down, cold cache in CI."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

import llmaudit.report.write as write_module
from llmaudit.models import Discovery, FactSource, ModelRef
from llmaudit.pipeline import audit_discovery
from llmaudit.report import RenderContext, render, write_report
from llmaudit.resolve import resolve
from tests.loopback_hub import LoopbackHub, Reply, json_reply, wait_for

from .clihelp import run_cli
from .conftest import hub_settings, model_info
from .subprocs import child_env, run_llmaudit, start_llmaudit, write_project

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-project"


def _interrupt(*args: object) -> None:
    raise KeyboardInterrupt


def test_interrupted_report_write_keeps_the_old_report_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text('{"old": true}', encoding="utf-8")
    monkeypatch.setattr(write_module.os, "fsync", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_report(target, '{"new": true}' * 100_000)
    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_interrupted_write_through_the_cli_is_130_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(write_module.os, "fsync", _interrupt)
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    result = run_cli("scan", str(DEMO), "--offline", "-o", str(out))
    assert result.exit_code == 130
    assert result.stderr == "llmaudit: error: interrupted\n"
    assert list(out.parent.iterdir()) == []


def _slow_hub_project(hub: LoopbackHub, tmp_path: Path, count: int) -> Path:
    ids = [f"org/slow-{i}" for i in range(count)]
    for model_id in ids:
        hub.route(f"/api/models/{model_id}", Reply(delay=20, body=b"{}"))
    return write_project(tmp_path / "proj", ids)


def _interrupt_child(hub: LoopbackHub, tmp_path: Path, count: int, grace: float):
    project = _slow_hub_project(hub, tmp_path, count)
    out = tmp_path / "report.json"
    child = start_llmaudit("scan", str(project), "-o", str(out), env=child_env(tmp_path, hub.url))
    try:
        assert wait_for(lambda: len(hub.requests) >= 1, 20)
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=grace)
        elapsed = time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    return child.returncode, stderr, elapsed, out


def test_sigint_during_a_single_request_exits_130_with_one_line(hub, tmp_path):
    code, stderr, elapsed, out = _interrupt_child(hub, tmp_path, 1, grace=10)
    assert code == 130
    assert stderr == "llmaudit: error: interrupted\n"
    assert elapsed < 3
    assert not out.exists()


@pytest.mark.slow
def test_sigint_while_many_models_resolve_exits_promptly(hub, tmp_path):
    code, stderr, elapsed, _ = _interrupt_child(hub, tmp_path, 6, grace=4)
    assert code == 130 and elapsed < 4, stderr
    assert stderr == "llmaudit: error: interrupted\n"


def test_sigterm_leaves_no_report_and_the_next_run_works(hub, tmp_path):
    project = _slow_hub_project(hub, tmp_path, 1)
    out = tmp_path / "report.json"
    env = child_env(tmp_path, hub.url)
    child = start_llmaudit("scan", str(project), "-o", str(out), env=env)
    assert wait_for(lambda: len(hub.requests) >= 1, 20)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=10)
    assert child.returncode == 143
    assert stderr.endswith("llmaudit: error: terminated\n"), stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.glob("*report.json*")) == []
    hub.route("/api/models/org/slow-0", json_reply(model_info("org/slow-0")))
    again = run_llmaudit("scan", str(project), "-o", str(out), env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(out.read_text())["models"][0]["license"]["id"] == "mit"


def test_two_runs_sharing_one_cache_both_succeed(hub, tmp_path):
    ids = [f"org/shared-{i}" for i in range(12)]
    for model_id in ids:
        hub.route(
            f"/api/models/{model_id}",
            Reply(delay=0.05, body=json.dumps(model_info(model_id)).encode()),
        )
    project = write_project(tmp_path / "proj", ids)
    env = child_env(tmp_path, hub.url)
    children = [start_llmaudit("scan", str(project), "--format", "json", env=env) for _ in range(2)]
    outputs = [child.communicate(timeout=60) for child in children]
    for child, (stdout, stderr) in zip(children, outputs, strict=True):
        assert child.returncode == 0, stderr
        models = json.loads(stdout)["models"]
        assert sorted(m["id"] for m in models) == sorted(ids)
        assert {m["license"]["id"] for m in models} == {"mit"}
    offline = run_llmaudit("scan", str(project), "--offline", "--format", "json", env=env)
    assert offline.returncode == 0, offline.stderr
    assert {m["source"] for m in json.loads(offline.stdout)["models"]} == {"cache"}


def test_network_down_with_warm_cache_completes_from_the_cache(tmp_path):
    hub = LoopbackHub()
    hub.route("/api/models/org/warm", json_reply(model_info("org/warm")))
    project = write_project(tmp_path / "proj", ["org/warm"])
    env = child_env(tmp_path, hub.url)
    assert run_llmaudit("scan", str(project), env=env).returncode == 0
    hub.close()  # the network is gone from now on
    down = run_llmaudit("scan", str(project), "--format", "json", env=env)
    assert down.returncode == 0, down.stderr
    (model,) = json.loads(down.stdout)["models"]
    assert (model["source"], model["license"]["id"]) == ("cache", "mit")


def test_network_down_with_expired_cache_marks_facts_stale(hub, tmp_path):
    hub.route("/api/models/org/old", json_reply(model_info("org/old")))
    resolve((ModelRef(id="org/old"),), hub_settings(tmp_path, hub.url, cache_ttl=0.4))
    hub.close()
    time.sleep(0.5)  # both caches (facts and HTTP) now hold expired answers
    settings = hub_settings(tmp_path, hub.url, cache_ttl=0.4, max_retries=0)
    result = audit_discovery(Discovery(models=(ModelRef(id="org/old"),)), settings)
    (audit,) = result.models
    assert audit.facts.source is FactSource.CACHE and audit.facts.stale
    (model,) = json.loads(render(result, "json", RenderContext()))["models"]
    assert model["stale"] is True
    assert model["license"]["id"] == "mit"
    table = render(result, "table", RenderContext(width=120))
    assert "mit (card, stale)" in table


def test_cold_cache_in_ci_with_unreachable_hub_exits_3(tmp_path):
    hub = LoopbackHub()
    endpoint = hub.url
    hub.close()  # a port that refuses connections
    project = write_project(tmp_path / "proj", ["org/cold"])
    result = run_llmaudit(
        "scan", str(project), "--ci", "--format", "json", env=child_env(tmp_path, endpoint)
    )
    assert result.returncode == 3, result.stderr
    (model,) = json.loads(result.stdout)["models"]
    assert model["source"] == "unresolved"
    assert model["verdict"] != "pass"
