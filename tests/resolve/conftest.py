"""A real loopback HTTP server that plays a Hub, plus helpers shared by the resolve tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from llmaudit.settings import Settings
from tests.loopback_hub import LoopbackHub, loopback_settings

HUB_JSON = "hub-api/json"


@pytest.fixture
def fake_hub() -> Iterator[LoopbackHub]:
    hub = LoopbackHub()
    yield hub
    hub.close()


@pytest.fixture
def other_host() -> Iterator[LoopbackHub]:
    """A second server under another host name (localhost vs 127.0.0.1)."""
    hub = LoopbackHub(host="localhost")
    yield hub
    hub.close()


def make_settings(tmp_path: Path, endpoint: str, **overrides: object) -> Settings:
    """Settings for tests: own cache dir, tiny timeouts, few retries."""
    values: dict[str, object] = {"timeout": 2.0, "max_retries": 2, **overrides}
    return loopback_settings(tmp_path, endpoint, **values)  # type: ignore[arg-type]


def load_hub_json(corpus: Path, name: str) -> dict:
    """A recorded /api/models body from the test corpus (tests/data/corpus)."""
    return json.loads((corpus / HUB_JSON / f"{name}.json").read_text(encoding="utf-8"))
