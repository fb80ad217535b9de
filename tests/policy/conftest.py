"""Fixtures for policy tests: a stub knowledge base, frozen-clock settings, policy loader."""

from __future__ import annotations

import pytest

from llmaudit.models import LicenseInfo
from llmaudit.policy import load_policy
from llmaudit.settings import Settings
from tests.policy.policy_builders import LICENSES


@pytest.fixture
def stub_kb(monkeypatch: pytest.MonkeyPatch) -> dict[str, LicenseInfo]:
    """Make llmaudit.licenses.get_license answer from LICENSES (independent of the real KB)."""
    import llmaudit.licenses

    monkeypatch.setattr(llmaudit.licenses, "get_license",
                        lambda key: LICENSES.get(key.strip().lower()))
    return LICENSES


@pytest.fixture
def settings() -> Settings:
    return Settings(environ={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01


@pytest.fixture(scope="session")
def policies():
    """Shipped policies by name, loaded once per session (they are immutable values)."""
    cache = {}

    def load(name: str):
        if name not in cache:
            cache[name] = load_policy(name, Settings())
        return cache[name]
    return load
