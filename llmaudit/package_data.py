"""Files shipped inside the package: data tables, schemas, policies and templates.

Everything is found relative to this package's own folder (what `importlib.resources.files`
answers for a package installed as plain files), never relative to the folder the package
sits in: in an installed copy that is `site-packages/`, where any other distribution may have
put a top-level `policies/` or `templates/`. In a source checkout, `llmaudit/policies` and
`llmaudit/templates` are symlinks to the top-level folders, so edits show up without a
reinstall, and a wheel build copies the files in.

`importlib.resources` itself is not imported: it loads tempfile and zipfile (~10-30 ms on
every pre-commit run; tests/report/test_precommit_hook.py keeps tempfile out) for a case
llmaudit does not have, running from a zip archive.
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
