"""Files shipped inside the package: data tables, schemas, policies and templates.

Read straight from the package folder. `importlib.resources` would also import tempfile and
zip support (~5 ms on every pre-commit run) for a case llmaudit does not have: it is always
installed as plain files, never run from a zip archive.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def package_path(*parts: str) -> Path:
    """A path inside the installed `llmaudit` package."""
    return PACKAGE_DIR.joinpath(*parts)


def read_package_text(*parts: str) -> str:
    """The UTF-8 text of a file shipped in the package."""
    return package_path(*parts).read_text(encoding="utf-8")
