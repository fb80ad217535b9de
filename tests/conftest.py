"""Autouse guards: no test touches user state or the real network."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

# Real license texts, cards and Hub responses copied into the repository (provenance in
# tests/data/corpus/README.md and PROVENANCE.tsv), so that a plain clone runs every test.
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
# With this set (.ci/run sets it), any skipped test fails the run: a skip hides a check.
NO_SKIPS = "LLMAUDIT_NO_SKIPS"
# Sample projects hold real `test_*.py` files from other repositories: data, not our tests.
collect_ignore_glob = ["data/*"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files.")


def _skipped_reports(config: pytest.Config) -> list[pytest.TestReport]:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return list(reporter.stats.get("skipped", [])) if reporter is not None else []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get(NO_SKIPS) == "1" and exitstatus == 0 and _skipped_reports(session.config):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    skipped = _skipped_reports(config)
    if os.environ.get(NO_SKIPS) != "1" or not skipped:
        return
    terminalreporter.write_line(
        f"{NO_SKIPS}=1: {len(skipped)} test(s) skipped, so the run fails:", red=True
    )
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        terminalreporter.write_line(f"  {report.nodeid}: {reason}")


@pytest.fixture(autouse=True)
def _isolate_user_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every cache and token location at a temp dir and drop Hub env settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("LLMAUDIT_CACHE_DIR", str(home / "llmaudit-cache"))
    for name in (
        "HF_TOKEN",
        "HUGGING_FACE_HUB_TOKEN",
        "HF_ENDPOINT",
        "HF_HUB_OFFLINE",
        "LLMAUDIT_OFFLINE",
        "LLMAUDIT_CACHE_URL",
        "LLMAUDIT_CACHE_PASSWORD",
        "SOURCE_DATE_EPOCH",
        "NO_COLOR",
        "CI",
    ):
        monkeypatch.delenv(name, raising=False)


_real_connect = socket.socket.connect


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        return host in {"localhost", "::1"} or host.startswith("127.")
    return isinstance(address, (str, bytes))  # AF_UNIX


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch: pytest.MonkeyPatch):
    """Fail any test that opens a socket to anything but loopback."""

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        _real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def corpus() -> Path:
    """The corpus of real license texts, cards and Hub responses (tests/data/corpus)."""
    if not CORPUS.is_dir():
        pytest.fail(f"{CORPUS} is missing: the tests need their data")
    return CORPUS


@pytest.fixture
def hub():
    """A loopback Hub for one test (tests/loopback_hub.py), closed after it."""
    from tests.loopback_hub import LoopbackHub

    server = LoopbackHub()
    yield server
    server.close()
