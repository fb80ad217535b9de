"""The Hub token: sent only to the configured host, never printed, reported or cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.models import Discovery, ModelRef
from llmaudit.pipeline import audit_discovery
from llmaudit.report import RenderContext, render
from llmaudit.report.formats import FORMAT_NAMES, FORMATS
from llmaudit.resolve import resolve
from tests.loopback_hub import Reply, json_reply

from .conftest import TOKEN, hub_settings, model_info
from .subprocs import child_env, run_llmaudit, write_project


def _serve_everything(hub, other_host, *, with_500: bool = True) -> list[str]:
    """One model per way a request can go: fine, refused, broken, redirected, linked away."""
    hub.route(
        "/api/models/org/fine",
        json_reply(
            model_info("org/fine", siblings=[{"rfilename": "README.md"}, {"rfilename": "LICENSE"}])
        ),
    )
    hub.route(f"/org/fine/resolve/{'b' * 40}/LICENSE", Reply(body=b"MIT License\n"))
    hub.route("/api/models/org/denied", Reply(status=401, body=b'{"error": "bad token"}'))
    hub.route("/api/models/org/broken", Reply(status=500, body=TOKEN.encode()))
    hub.route(
        "/api/models/org/moved",
        Reply(status=302, headers={"Location": f"{other_host.url}/api/models/org/moved"}),
    )
    other_host.route("/api/models/org/moved", json_reply(model_info("org/moved")))
    hub.route(
        "/api/models/org/linked",
        json_reply(
            model_info(
                "org/linked",
                tags=["license:other"],
                cardData={"license": "other", "license_link": f"{other_host.url}/LICENSE"},
            )
        ),
    )
    ids = ["org/fine", "org/denied", "org/moved", "org/linked"]
    return [*ids, "org/broken"] if with_500 else ids


def _all_bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.mark.parametrize("verbosity", ["-v", "-vv"])
def test_token_never_leaves_the_configured_host(hub, other_host, tmp_path, verbosity):
    ids = _serve_everything(hub, other_host, with_500=False)  # 500s cost retries: see below
    project = write_project(tmp_path / "proj", ids)
    reports = tmp_path / "reports"
    reports.mkdir()
    args = [
        "scan",
        str(project),
        verbosity,
        "--lock",
        str(tmp_path / "llmaudit.lock"),
        "-o",
        "table",
    ]
    for fmt in FORMAT_NAMES:
        output = reports / f"report-{fmt}{(*FORMATS[fmt].suffixes, '.txt')[0]}"
        args += ["-o", f"{fmt}={output}"]
    env = child_env(tmp_path, hub.url, HF_TOKEN=TOKEN)
    result = run_llmaudit(*args, env=env)
    assert result.returncode in (1, 3), result.stderr
    assert "org/fine" in result.stdout  # the table really was printed
    assert len(list(reports.iterdir())) == len(FORMAT_NAMES)
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        assert TOKEN not in text, name
    assert TOKEN.encode() not in _all_bytes_under(reports)
    assert TOKEN.encode() not in (tmp_path / "llmaudit.lock").read_bytes()
    cache = _all_bytes_under(tmp_path / "cache")
    assert b"org/fine" in cache  # the cache was written...
    assert TOKEN.encode() not in cache  # ...without the token (sqlite bytes and file store)
    sent_to_hub = [h.get("Authorization") for h in hub.seen_headers()]
    assert sent_to_hub and set(sent_to_hub) == {f"Bearer {TOKEN}"}
    assert other_host.paths() == ["/api/models/org/moved"]
    assert all("Authorization" not in h for h in other_host.seen_headers())


def test_token_is_not_in_error_lines(hub, tmp_path):
    (tmp_path / "bad.yaml").write_text("rules: [x]\n")
    project = write_project(tmp_path / "proj", ["org/x"])
    env = child_env(tmp_path, hub.url, HF_TOKEN=TOKEN)
    bad_policy = run_llmaudit(
        "scan", str(project), "-vv", "--policy", str(tmp_path / "bad.yaml"), env=env
    )
    assert bad_policy.returncode == 2
    (tmp_path / "cache").mkdir(exist_ok=True)
    (tmp_path / "cache" / "http-cache.sqlite").write_bytes(b"not a database" * 100)
    bad_cache = run_llmaudit("scan", str(project), "-vv", env=env)
    assert bad_cache.returncode == 3
    for result in (bad_policy, bad_cache):
        assert result.stderr.startswith("llmaudit: error: ")
        assert TOKEN not in result.stdout + result.stderr


def test_error_bodies_holding_the_token_are_never_echoed(hub, tmp_path):
    for path, status in (("/api/models/org/broken", 500), ("/api/models/org/denied", 401)):
        hub.route(
            path,
            Reply(
                status=status,
                body=f"bad token {TOKEN}".encode(),
                headers={"X-Error-Message": TOKEN},
            ),
        )
    settings = hub_settings(tmp_path, hub.url, token=TOKEN)
    refs = (ModelRef(id="org/broken"), ModelRef(id="org/denied"))
    result = audit_discovery(Discovery(models=refs), settings)
    assert [e.target for e in result.errors] == ["org/broken", "org/denied"]
    for fmt in ("json", "table", "sarif", "junit"):
        assert TOKEN not in render(result, fmt, RenderContext())


def test_offline_runs_never_send_a_token(hub, tmp_path):
    hub.route("/api/models/org/a", json_reply(model_info("org/a")))
    project = write_project(tmp_path / "proj", ["org/a"])
    env = child_env(tmp_path, hub.url, HF_TOKEN=TOKEN)
    run_llmaudit("scan", str(project), "--offline", env=env)
    assert hub.requests == []


@pytest.mark.parametrize(
    "link",
    [
        "LICENSE/../../../../../api/whoami-v2",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/api/whoami-v2",
        "/../../api/whoami-v2",
    ],
)
def test_license_link_never_leaves_the_repo(hub, tmp_path, link):
    info = model_info("org/evil", cardData={"license": "other", "license_link": link})
    del info["siblings"]  # no file list to check the link against
    hub.route("/api/models/org/evil", json_reply(info))
    hub.route("/api/whoami-v2", Reply(body=b"name: victim; email: victim@example.com"))
    (facts,) = resolve((ModelRef(id="org/evil"),), hub_settings(tmp_path, hub.url, token=TOKEN))
    assert all(p.startswith(("/api/models/org/evil", "/org/evil/")) for p in hub.paths())
    assert "/api/whoami-v2" not in hub.paths()
    assert all("victim" not in f.text for f in facts.declaration.files)
