"""Small pieces of the Hub client: text decoding, Retry-After, token scoping, URLs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import requests

from llmaudit.resolve.hub import HubClient, _retry_after, decode_text
from llmaudit.settings import Settings


def _response(headers):
    response = requests.Response()
    response.status_code = 429
    response.headers.update(headers)
    return response


def test_decode_text():
    assert decode_text("Lizenz: Übersetzung".encode()) == "Lizenz: Übersetzung"
    assert decode_text(b"\xef\xbb\xbfMIT License") == "MIT License"
    assert decode_text(b"%PDF\x00\x01binary") is None
    assert decode_text(bytes(range(128, 256)) * 20) is None
    latin = "Licence Ouverte : réutilisation libre, à condition de citer l'œuvre. " * 20
    assert decode_text(latin.encode("cp1252")) == latin
    assert decode_text(bytes(range(1, 32)) * 300) is None  # control bytes are not text
    # a capped body cut inside a multi-byte character is still text
    assert decode_text("é".encode() * 100 + "é".encode()[:1]) == "é" * 100


def test_retry_after_seconds_date_and_garbage():
    assert _retry_after(_response({"Retry-After": "7"}), 1.0) == 7.0
    later = datetime.now(timezone.utc) + timedelta(seconds=30)
    http_date = format_datetime(later, usegmt=True)
    assert 25 < _retry_after(_response({"Retry-After": http_date}), 1.0) <= 30
    assert _retry_after(_response({"Retry-After": "soon"}), 1.5) == 1.5
    assert _retry_after(_response({}), 2.0) == 2.0


def test_token_only_for_the_endpoint_origin():
    hub = HubClient(Settings(endpoint="https://hub.example/mirror", token="hf_unitSECRET"))
    bearer = {"Authorization": "Bearer hf_unitSECRET"}
    assert hub._auth_headers("https://hub.example/api/models/a/b") == bearer
    assert hub._auth_headers("https://HUB.example:443/x") == bearer
    assert hub._auth_headers("http://hub.example/x") == {}  # never over plain http
    assert hub._auth_headers("https://hub.example:8443/x") == {}
    assert hub._auth_headers("https://cdn.hub.example/x") == {}
    assert hub._auth_headers("https://evil.example/?u=https://hub.example") == {}
    assert "hf_unitSECRET" not in repr(hub.settings)


def test_urls_quote_revisions_and_paths():
    hub = HubClient(Settings(endpoint="https://hub.example/"))
    assert hub.model_api_url("a/b", "refs/pr/1") == (
        "https://hub.example/api/models/a/b/revision/refs%2Fpr%2F1"
    )
    assert hub.file_url("a/b", "0" * 40, "LICENSE 2.md") == (
        f"https://hub.example/a/b/resolve/{'0' * 40}/LICENSE%202.md"
    )


def test_damaged_cache_pages_are_one_resolve_error(tmp_path):
    import sqlite3

    import pytest

    from llmaudit.errors import ResolveError

    class DamagedSession:
        def get(self, *args, **kwargs):
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self):
            pass

    hub = HubClient(Settings(cache_dir=tmp_path, endpoint="https://hub.example"))
    hub._session = DamagedSession()
    with pytest.raises(ResolveError) as err:
        hub.get_json("https://hub.example/api/models/a/b")
    assert "http-cache.sqlite" in str(err.value) and "damaged" in str(err.value)


def test_interrupt_in_a_worker_stops_the_run_without_waiting_for_the_queue():
    import time

    import pytest

    from llmaudit.resolve import _map_bounded

    started: list[int] = []

    def work(item: int) -> int:
        started.append(item)
        if item == 0:
            raise KeyboardInterrupt
        time.sleep(0.05)
        return item

    begin = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        _map_bounded(work, list(range(200)), workers=4)
    assert time.monotonic() - begin < 1.0
    assert len(started) < 20  # queued models were not started after the interrupt
    assert _map_bounded(lambda x: x * 2, [3, 1, 2], workers=8) == (6, 2, 4)


def test_repo_paths_never_climb_out_of_the_repo():
    from llmaudit.resolve.repo import safe_repo_path

    assert safe_repo_path("./LICENSE.md") == "LICENSE.md"
    assert safe_repo_path("docs//LICENSE") == "docs/LICENSE"
    assert safe_repo_path("LICENSE/../../api/whoami-v2") is None
    assert safe_repo_path("..") is None
    assert safe_repo_path("") is None
