"""A real loopback HTTP server that plays the Hub, well or badly, for the resolve and
hardening tests (requests goes through its whole transport, nothing is patched)."""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from llmaudit.settings import Settings


@dataclass
class Reply:
    """One scripted answer.

    `size` streams that many bytes of `body` repeated; `claimed_length` announces more bytes
    than are sent, then hangs up; `action` replaces the answer: "reset" (a TCP RST) or "hang"
    (headers, then never the body); `delay` waits before answering.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    size: int | None = None
    claimed_length: int | None = None
    action: str = ""


Route = Reply | Callable[[str], Reply]


def json_reply(body: object, status: int = 200) -> Reply:
    """A JSON body with the right content type."""
    return Reply(
        status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


class _QuietServer(ThreadingHTTPServer):
    """A client that drops its connection (the resolver closes a streamed 404 unread) is no
    server error: printing its traceback would land in the output a CLI test checks."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class LoopbackHub:
    """Scripted replies by exact path (consumed in order, the last one repeats); any other
    path goes to `fallback`, else gets the Hub's 404 with `X-Error-Code: RepoNotFound`."""

    def __init__(
        self, host: str = "127.0.0.1", fallback: Callable[[str], Reply] | None = None
    ) -> None:
        self.routes: dict[str, list[Route]] = {}
        self.fallback = fallback
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.latency = 0.0
        self.bytes_sent: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = _QuietServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.host = host
        self.port = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()

    def add(self, path: str, *replies: Route) -> None:
        """Answer `path` with `replies` in order, repeating the last one."""
        self.routes[path] = list(replies)

    def route(self, path: str, reply: Route) -> None:
        """Answer `path` always with `reply` (or with what `reply(path)` returns)."""
        self.add(path, reply)

    def add_json(self, path: str, body: object, status: int = 200) -> None:
        self.add(path, json_reply(body, status))

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.requests]

    def seen_headers(self) -> list[dict[str, str]]:
        with self._lock:
            return [h for _, h in self.requests]

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _next_reply(self, path: str) -> Reply:
        with self._lock:
            replies = self.routes.get(path)
            if not replies:
                if self.fallback is not None:
                    return self.fallback(path)
                return Reply(
                    status=404,
                    body=b'{"error":"Repository not found"}',
                    headers={"X-Error-Code": "RepoNotFound"},
                )
            route = replies.pop(0) if len(replies) > 1 else replies[0]
        return route(path) if callable(route) else route

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with hub._lock:
                    hub.requests.append((self.path, dict(self.headers.items())))
                if hub.latency:
                    time.sleep(hub.latency)
                reply = hub._next_reply(self.path)
                if reply.delay:
                    hub._stop.wait(reply.delay)
                with contextlib.suppress(OSError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.action == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    return
                total = reply.size if reply.size is not None else len(reply.body)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.action == "hang":
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self.wfile.flush()
                    hub._stop.wait(30)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(reply.claimed_length or total))
                self.end_headers()
                if reply.size is None:
                    self.wfile.write(reply.body)
                    if reply.claimed_length:
                        self.close_connection = True
                    return
                self._stream(reply, total)

            def _stream(self, reply: Reply, total: int) -> None:
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


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll until `predicate` holds or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def loopback_settings(
    tmp_path: Path, endpoint: str, *, timeout: float, max_retries: int, **overrides: object
) -> Settings:
    """Settings aimed at a loopback Hub: their own cache and HF_HOME, short timeouts."""
    values: dict[str, object] = {
        "cache_dir": tmp_path / "cache",
        "endpoint": endpoint,
        "timeout": timeout,
        "max_retries": max_retries,
        "workers": 4,
        "environ": {"HF_HOME": str(tmp_path / "hf")},
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
