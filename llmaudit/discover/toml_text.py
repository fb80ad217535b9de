"""TOML text to data: tomllib (Python 3.11+) or tomli, imported on first use.

One place for the version switch; the import waits until a TOML file is actually read,
since most pre-commit runs never read one.
"""

from __future__ import annotations

import sys
from typing import Any


def parse_toml(text: str) -> dict[str, Any]:
    """The document in `text`; ValueError (TOMLDecodeError) when it is not TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def toml_table(value: object) -> dict[str, Any]:
    """`value` when it is a table of the parsed document, else an empty one (a key that holds
    a string or a list where a table belongs, or no key at all)."""
    return value if isinstance(value, dict) else {}
