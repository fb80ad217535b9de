"""Python package names as package indexes compare them (PEP 503), without `packaging`.

`packaging.utils` imports `packaging.tags`, which loads logging and subprocess: tens of
milliseconds on every pre-commit hook run for one substitution (issue #16).
"""

from __future__ import annotations

import re

_SEPARATOR_RUN = re.compile(r"[-_.]+")


def canonical_name(name: str) -> str:
    """PEP 503's normalized name: each run of `-`, `_` and `.` becomes one `-`, lowercased
    (what `packaging.utils.canonicalize_name` returns)."""
    return _SEPARATOR_RUN.sub("-", name).lower()
