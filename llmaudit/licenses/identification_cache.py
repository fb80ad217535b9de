"""License-file identifications kept across runs in the cache folder (issue #16).

A package ships the same license files on every run: identifying them (fingerprint index,
normalisation, matching) was a fifth of the pre-commit hook's work. An entry is keyed by the
sha256 of the file's text and the identifier's identity: the llmaudit version and a digest
of the fingerprint index, the knowledge index and the identifier's source, so a new index or
new code never answers from an old entry. Entries are JSON (never pickle), written atomically;
a missing, damaged or foreign entry is a miss, and the text is identified again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from llmaudit import __version__
from llmaudit.models import LicenseMatch, LicenseSource, TextIdentification, TextMatch

IDENTIFICATIONS_DIR = "identifications"
ENTRY_FORMAT = 1  # bump when TextIdentification changes shape
_LICENSES_DIR = Path(__file__).parent


@cache
def identifier_digest(licenses_dir: Path = _LICENSES_DIR) -> str:
    """sha256 of what an identification depends on: the version, the shipped fingerprint and
    knowledge indexes and the source of the identifier (llmaudit/licenses/*.py)."""
    digest = hashlib.sha256(f"llmaudit {__version__}\n".encode())
    data = licenses_dir / "data"
    for path in (
        data / "fingerprints.json",
        data / "knowledge-index.json",
        *sorted(licenses_dir.glob("*.py")),
    ):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


class DocumentStore(Protocol):
    """JSON documents by key (llmaudit.resolve.store.JsonStore under the cache folder's
    IDENTIFICATIONS_DIR): None for anything missing, damaged or stored under another key."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, document: dict[str, Any]) -> None: ...


class IdentificationCache:
    """TextIdentification by file text, kept in a DocumentStore."""

    def __init__(self, store: DocumentStore, *, identity: str | None = None) -> None:
        self._store = store
        self._identity = identity

    def get(self, text: str) -> TextIdentification | None:
        """The stored identification of `text`, or None (a miss)."""
        raw = self._store.get(self._key(text))
        if raw is None or raw.get("format") != ENTRY_FORMAT:
            return None
        try:
            return identification_from_dict(raw["identification"])
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, text: str, identification: TextIdentification) -> None:
        """Keep `identification` for later runs (a failure to write only skips caching)."""
        self._store.put(
            self._key(text),
            {"format": ENTRY_FORMAT, "identification": asdict(identification)},
        )

    def _key(self, text: str) -> str:
        if self._identity is None:
            self._identity = identifier_digest()
        text_digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
        return f"{self._identity}:{text_digest}"


def identification_from_dict(raw: dict[str, Any]) -> TextIdentification:
    """Rebuild a TextIdentification from its asdict() form; ValueError/TypeError/KeyError when
    the document does not have that shape."""
    license_raw = dict(raw["license"])
    license_raw["source"] = LicenseSource(license_raw["source"])
    matches = tuple(TextMatch(**_fields(m)) for m in raw["matches"])
    restriction = raw["restriction"]
    if not isinstance(restriction, str):
        raise TypeError("restriction is not a string")
    return TextIdentification(
        license=LicenseMatch(**_fields(license_raw)), matches=matches, restriction=restriction
    )


def _fields(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise TypeError("an object was expected")
    return raw
