"""A real redis-server (Debian's package) on a free loopback port, for the shared-cache tests.

No persistence (no RDB, no AOF) and its own temp dir; killed by the fixture at teardown.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def require_redis() -> str:
    """The redis-server binary, after checking the redis client is importable.

    Missing pieces skip the test on a developer machine; `.ci/run` installs both and sets
    LLMAUDIT_REQUIRE_REDIS=1, which turns the skip into a failure.
    """
    binary = shutil.which("redis-server")
    problem = None
    if binary is None:
        problem = "redis-server is not installed (apt-get install redis-server)"
    else:
        try:
            import redis  # noqa: F401
        except ImportError:
            problem = "the redis client is not installed (pip install -e '.[test]')"
    if problem is not None:
        if os.environ.get("LLMAUDIT_REQUIRE_REDIS") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    assert binary is not None
    return binary


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """One redis-server process; `stop()` kills it, `start()` starts it again (empty)."""

    def __init__(self, workdir: Path, *, password: str | None = None, tls: bool = False) -> None:
        self.binary = require_redis()
        self.workdir = workdir
        self.password = password
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.certificate = workdir / "server.pem" if tls else None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        scheme = "rediss" if self.certificate else "redis"
        return f"{scheme}://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ]
        if self.password:
            args += ["--requirepass", self.password]
        if self.certificate is not None:
            key = self.workdir / "server.key"
            if not self.certificate.exists():
                _make_certificate(self.certificate, key)
            args[2] = "0"  # no plain TCP port: TLS only
            args += [
                "--tls-port",
                str(self.port),
                "--tls-cert-file",
                str(self.certificate),
                "--tls-key-file",
                str(key),
                "--tls-ca-cert-file",
                str(self.certificate),
                "--tls-auth-clients",
                "no",
            ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._answers():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not start within 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self):  # type: ignore[no-untyped-def]
        import redis

        tls = {"ssl": True, "ssl_ca_certs": str(self.certificate)} if self.certificate else {}
        return redis.Redis(
            host="127.0.0.1", port=self.port, password=self.password, socket_timeout=5, **tls
        )

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as raw:
                sock = raw
                if self.certificate is not None:
                    import ssl

                    context = ssl.create_default_context(cafile=str(self.certificate))
                    sock = context.wrap_socket(raw, server_hostname="127.0.0.1")
                sock.sendall(b"PING\r\n")
                reply = sock.recv(64)
        except OSError:
            return False
        return reply.startswith((b"+PONG", b"-NOAUTH"))


def _make_certificate(certificate: Path, key: Path) -> None:
    """A self-signed certificate for 127.0.0.1 (openssl, EC P-256: fast to make)."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
