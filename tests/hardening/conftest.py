"""Fixtures for hardening tests: loopback Hubs and settings pointing at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from llmaudit.settings import Settings
from tests.loopback_hub import LoopbackHub, loopback_settings

TOKEN = "hf_hardeningSECRETtoken0123456789"
SHA = "b" * 40


@pytest.fixture
def other_host() -> Iterator[LoopbackHub]:
    """A second server on another loopback address: a different host for origin checks."""
    server = LoopbackHub(host="127.0.0.2")
    yield server
    server.close()


def hub_settings(tmp_path: Path, endpoint: str, **overrides: object) -> Settings:
    """Settings with their own cache, short timeouts (long enough for a loopback answer on a
    busy machine: 2 s was exceeded once at load 10 with the suite's workers; the tests of
    timeouts set their own) and one retry."""
    values: dict[str, object] = {"timeout": 5.0, "max_retries": 1, **overrides}
    return loopback_settings(tmp_path, endpoint, **values)  # type: ignore[arg-type]


def model_info(model_id: str, **extra: object) -> dict:
    """A minimal, well-formed /api/models body."""
    body: dict[str, object] = {
        "id": model_id,
        "sha": SHA,
        "gated": False,
        "pipeline_tag": "text-generation",
        "tags": ["license:mit"],
        "cardData": {"license": "mit"},
        "siblings": [{"rfilename": "model.safetensors"}],
    }
    body.update(extra)
    return body
