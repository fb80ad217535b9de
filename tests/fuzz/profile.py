"""Hypothesis settings for the fuzz suite: short in the default run, long under `-m fuzz`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SHORT = "llmaudit-fuzz-short"
LONG = "llmaudit-fuzz-long"
ENV = "LLMAUDIT_FUZZ"  # "long" / "short" forces a profile whatever the marker expression

_COMMON = {
    "deadline": None,
    "derandomize": False,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
settings.register_profile(SHORT, max_examples=50, **_COMMON)
settings.register_profile(LONG, max_examples=2000, **_COMMON)
_active = {"name": SHORT}


def choose_profile(markexpr: str, environ: dict[str, str] | None = None) -> str:
    """LONG when asked for through LLMAUDIT_FUZZ=long or a `-m` expression naming fuzz."""
    forced = (environ if environ is not None else os.environ).get(ENV, "").strip().lower()
    if forced in ("long", "short"):
        return LONG if forced == "long" else SHORT
    wants_fuzz = "fuzz" in markexpr and "not fuzz" not in markexpr
    return LONG if wants_fuzz else SHORT


def activate(name: str) -> None:
    """Remember the profile the fuzz tests of this session use."""
    _active["name"] = name


def fuzz_settings(**overrides: object) -> settings:
    """The active profile, per test (the global hypothesis profile is left alone)."""
    return settings(settings.get_profile(_active["name"]), **overrides)
