"""Autouse guards: no test touches user state or the real network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
# Sample projects hold real `test_*.py` files from other repositories: data, not our tests.
collect_ignore_glob = ["data/*"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files.")


@pytest.fixture(autouse=True)
def _isolate_user_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every cache and token location at a temp dir and drop Hub env settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("LLMAUDIT_CACHE_DIR", str(home / "llmaudit-cache"))
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "HF_HUB_OFFLINE",
                 "LLMAUDIT_OFFLINE", "LLMAUDIT_CACHE_URL", "LLMAUDIT_CACHE_PASSWORD",
                 "SOURCE_DATE_EPOCH", "NO_COLOR", "CI"):
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
    """The shared corpus of real license texts, cards and Hub responses."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
