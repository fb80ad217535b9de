"""The fuzz profile switch: short by default, 2,000 examples under `-m fuzz` or LLMAUDIT_FUZZ."""

from __future__ import annotations

import pytest
from hypothesis import settings

from .profile import LONG, SHORT, choose_profile


@pytest.mark.parametrize(
    ("markexpr", "environ", "expected"),
    [
        ("", {}, SHORT),
        ("fuzz", {}, LONG),
        ("fuzz and not slow", {}, LONG),
        ("not fuzz", {}, SHORT),
        ("", {"LLMAUDIT_FUZZ": "long"}, LONG),
        ("fuzz", {"LLMAUDIT_FUZZ": "short"}, SHORT),
    ],
)
def test_choose_profile(markexpr, environ, expected):
    assert choose_profile(markexpr, environ) == expected


def test_profiles_have_the_promised_sizes():
    assert settings.get_profile(SHORT).max_examples == 50
    assert settings.get_profile(LONG).max_examples == 2000
