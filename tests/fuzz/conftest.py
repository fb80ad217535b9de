"""Fuzz modules set `pytestmark = pytest.mark.fuzz`; `-m fuzz` or LLMAUDIT_FUZZ=long runs 2,000."""

from __future__ import annotations

import pytest

from .profile import activate, choose_profile


def pytest_configure(config: pytest.Config) -> None:
    activate(choose_profile(config.option.markexpr or ""))
