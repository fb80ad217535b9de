"""A scripted loopback HTTP server (a Hub mirror that misbehaves on purpose)."""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted answer; `action` overrides the normal send ("reset", "hang", "trickle")."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    action: str = ""
    delay: float = 0.0


def json_reply(body: object, status: int = 200) -> Reply:
    """A JSON body with the right content type."""
    return Reply(status=status, body=json.dumps(body).encode(),
                 headers={"Content-Type": "application/json"})


class LoopbackHub:
    """Serves scripted replies by exact path; unknown paths get the Hub's 404."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Reply | Callable[[str], Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer((host, 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.host = host
        self.port = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)
        self._thread.start()

    def route(self, path: str, reply: Reply | Callable[[str], Reply]) -> None:
        self.routes[path] = reply

    def seen_headers(self) -> list[dict[str, str]]:
        with self._lock:
            return [h for _, h in self.requests]

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.requests]

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _reply_for(self, path: str) -> Reply:
        reply = self.routes.get(path)
        if reply is None:
            return Reply(status=404, body=b'{"error":"Repository not found"}',
                         headers={"X-Error-Code": "RepoNotFound"})
        return reply(path) if callable(reply) else reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with hub._lock:
                    hub.requests.append((self.path, dict(self.headers.items())))
                reply = hub._reply_for(self.path)
                if reply.delay:
                    hub._stop.wait(reply.delay)
                with contextlib.suppress(OSError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.action == "reset":  # RST instead of an answer
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.action == "hang":  # headers, then never the body
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self.wfile.flush()
                    hub._stop.wait(30)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

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
