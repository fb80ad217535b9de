"""A Hub that refuses connections costs one request's retries, not every model's."""

from __future__ import annotations

import socket
import time

from llmaudit.models import FactSource, ModelRef
from llmaudit.resolve import resolve
from llmaudit.settings import Settings


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_endpoint_fails_fast_after_first_exhausted_retries(tmp_path):
    settings = Settings(
        endpoint=f"http://127.0.0.1:{_closed_port()}",
        cache_dir=tmp_path,
        workers=1,
        max_retries=3,
        timeout=2.0,
    )
    refs = tuple(ModelRef(id=f"acme/private-model-{i}") for i in range(6))
    started = time.monotonic()
    facts = resolve(refs, settings, backoff=0.1)
    elapsed = time.monotonic() - started
    # one request's backoff is 0.1 + 0.2 + 0.4 = 0.7 s; six models retried each would be 4.2 s
    assert elapsed < 2.5, elapsed
    assert all(f.source is FactSource.UNRESOLVED for f in facts)
    assert all("could not connect" in (f.unresolved_reason or "") for f in facts)


def test_refused_endpoint_still_serves_builtin_facts(tmp_path):
    settings = Settings(
        endpoint=f"http://127.0.0.1:{_closed_port()}", cache_dir=tmp_path, workers=2, max_retries=1
    )
    (facts,) = resolve((ModelRef(id="meta-llama/Llama-3.1-8B-Instruct"),), settings, backoff=0.01)
    assert facts.source is FactSource.BUILTIN
    assert facts.declaration.card_license == ("llama3.1",)
