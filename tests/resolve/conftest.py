"""A real loopback HTTP server that plays a Hub, plus helpers shared by the resolve tests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from llmaudit.settings import Settings

HUB_JSON = "hub-api/json"


@dataclass
class Reply:
    """One scripted answer; `size` streams that many bytes of `body` repeated."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    size: int | None = None
    claimed_length: int | None = None  # announce more bytes than are sent, then hang up


class FakeHub:
    """Routes path -> list of replies (consumed in order, the last one repeats)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.latency = 0.0
        self.bytes_sent: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()

    def add(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def add_json(self, path: str, body: object, status: int = 200) -> None:
        self.add(path, Reply(status=status, body=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json"}))

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.requests]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_reply(self, path: str) -> Reply:
        with self._lock:
            replies = self.routes.get(path)
            if not replies:
                return Reply(status=404, body=b'{"error":"Repository not found"}',
                             headers={"X-Error-Code": "RepoNotFound"})
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with hub._lock:
                    hub.requests.append((self.path, dict(self.headers.items())))
                if hub.latency:
                    time.sleep(hub.latency)
                reply = hub._next_reply(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                total = reply.size if reply.size is not None else len(reply.body)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(reply.claimed_length or total))
                self.end_headers()
                if reply.size is None:
                    self.wfile.write(reply.body)
                    if reply.claimed_length:
                        self.close_connection = True
                    return
                sent = 0
                chunk = (reply.body * (65536 // max(len(reply.body), 1) + 1))[:65536]
                while sent < total:
                    piece = chunk[: total - sent]
                    self.wfile.write(piece)
                    sent += len(piece)
                    with hub._lock:
                        hub.bytes_sent[self.path] = sent

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    hub = FakeHub()
    yield hub
    hub.close()


@pytest.fixture
def other_host() -> Iterator[FakeHub]:
    """A second server under another host name (localhost vs 127.0.0.1)."""
    hub = FakeHub(host="localhost")
    yield hub
    hub.close()


def make_settings(tmp_path: Path, endpoint: str, **overrides: object) -> Settings:
    """Settings for tests: own cache dir, tiny timeouts, few retries."""
    values: dict[str, object] = {
        "cache_dir": tmp_path / "cache", "endpoint": endpoint, "timeout": 2.0,
        "max_retries": 2, "workers": 4, "environ": {"HF_HOME": str(tmp_path / "hf")},
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def load_hub_json(corpus: Path, name: str) -> dict:
    """A recorded /api/models body from the shared corpus."""
    return json.loads((corpus / HUB_JSON / f"{name}.json").read_text(encoding="utf-8"))
