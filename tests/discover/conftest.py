"""Fixtures for discover tests: the small real projects under tests/data/projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.discover import discover
from llmaudit.models import Discovery
from llmaudit.settings import Settings

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "projects"


@pytest.fixture
def projects() -> Path:
    """The folder holding the sample projects."""
    return PROJECTS


@pytest.fixture(scope="session")
def app_discovery() -> Discovery:
    """Discovery of the full sample app (scanned once per session)."""
    return discover(Settings(root=PROJECTS / "discover-app"))
