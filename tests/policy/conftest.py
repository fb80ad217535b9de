"""Fixtures for policy tests: the builders' license entries, frozen-clock settings, policies."""

from __future__ import annotations

import pytest

from llmaudit.models import LicenseInfo
from llmaudit.policy import load_policy
from llmaudit.settings import Settings
from tests.policy.policy_builders import LICENSES


@pytest.fixture
def stub_kb() -> dict[str, LicenseInfo]:
    """The builders' license entries (policy_builders.LICENSES), independent of the real
    knowledge base: the built audits carry them, so nothing is patched."""
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
