"""License stage: classify() a declaration against the knowledge base in `data/*.yaml`.

Nothing is loaded at import time: the knowledge base and license-expression load on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from llmaudit.licenses.classify import classify
from llmaudit.licenses.hub_ids import find_license
from llmaudit.licenses.knowledge import all_licenses, get_license
from llmaudit.licenses.lineage import classify_datasets, classify_lineage
from llmaudit.licenses.obligations import obligations_for
from llmaudit.licenses.packages import classify_package

if TYPE_CHECKING:
    from llmaudit.models import TextIdentification


def identify_text(text: str) -> TextIdentification:
    """Identify the license(s) in a text by fingerprints (llmaudit.licenses.fingerprint)."""
    from llmaudit.licenses.fingerprint import identify_text as identify

    return identify(text)


def identify_file(path: str | Path) -> TextIdentification:
    """Identify the license(s) in a file (`llmaudit identify FILE`)."""
    from llmaudit.licenses.fingerprint import identify_path

    return identify_path(path)


__all__ = [
    "all_licenses",
    "classify",
    "classify_datasets",
    "classify_lineage",
    "classify_package",
    "find_license",
    "get_license",
    "identify_file",
    "identify_text",
    "obligations_for",
]
