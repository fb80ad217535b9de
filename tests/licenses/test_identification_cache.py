"""License-file identifications kept across runs (issue #16): same answers from the cache as
from the identifier, JSON on disk, a damaged or foreign entry is a miss, and a new index or
new identifier code invalidates every entry.

The license files are real wheels' files (tests/data/licenses/packages/PROVENANCE.tsv).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from llmaudit.licenses.fingerprint import identify_text
from llmaudit.licenses.identification_cache import (
    IDENTIFICATIONS_DIR,
    IdentificationCache,
    identifier_digest,
)
from llmaudit.licenses.package_files import reconcile_with_files
from llmaudit.licenses.packages import match_license_string
from llmaudit.models import LicenseFile
from llmaudit.resolve.store import JsonStore

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"
# a known text, a file with no reference text, a multi-license file, a pointer file
FILES = (
    "pyarrow-26.0.1.LICENSE.txt",
    "pyarrow-26.0.1.NOTICE.txt",
    "ipython-9.19.1.COPYING.rst",
    "packaging-26.4.LICENSE",
    "click-8.5.1.LICENSE.txt",
)


def _text(name: str) -> str:
    return (PACKAGES / name).read_text(encoding="utf-8")


def _cache(cache_dir: Path, identity: str | None = None) -> IdentificationCache:
    """The cache as a run keeps it: JSON files under the cache folder."""
    return IdentificationCache(
        JsonStore(cache_dir / IDENTIFICATIONS_DIR, writable=True), identity=identity
    )


def _entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / IDENTIFICATIONS_DIR).rglob("*.json"))


@pytest.mark.parametrize("name", FILES)
def test_a_stored_identification_is_the_identifiers_answer(tmp_path, name):
    text = _text(name)
    fresh = identify_text(text)
    _cache(tmp_path).put(text, fresh)
    [entry] = _entries(tmp_path)
    json.loads(entry.read_text(encoding="utf-8"))  # JSON on disk, nothing else
    assert _cache(tmp_path).get(text) == fresh  # a later run, a new instance


def test_reconcile_answers_the_same_with_a_cold_and_a_warm_cache(tmp_path):
    """packaging's files: a pointer ("either of LICENSE.APACHE or LICENSE.BSD") and the two
    texts it names, so the cached path follows the pointer as the uncached one does."""
    files = tuple(
        LicenseFile(path=path, text=_text(f"packaging-26.4.{path}"), sha256="")
        for path in ("LICENSE", "LICENSE.APACHE", "LICENSE.BSD")
    )
    declared = match_license_string("Apache-2.0 OR BSD-2-Clause")
    uncached = reconcile_with_files(declared, files)
    cold = reconcile_with_files(declared, files, _cache(tmp_path))
    stored = _entries(tmp_path)
    assert stored, "the cold run stores what it identified"
    warm = reconcile_with_files(declared, files, _cache(tmp_path))
    assert uncached == cold == warm
    assert "either of LICENSE.APACHE or LICENSE.BSD" in warm.evidence  # the pointer, followed
    assert _entries(tmp_path) == stored


def test_the_warm_cache_answers_without_identifying(tmp_path):
    """An entry is used as stored: the identification recorded for one text answers for it."""
    mit, apache = _text("click-8.5.1.LICENSE.txt"), _text("pyarrow-26.0.1.LICENSE.txt")
    cache = _cache(tmp_path)
    cache.put(mit, identify_text(apache))  # as if the identifier had said Apache-2.0
    assert cache.get(mit) is not None
    files = (LicenseFile(path="LICENSE.txt", text=mit, sha256=""),)
    unknown = match_license_string("no such license")
    assert reconcile_with_files(unknown, files, cache).spdx == "Apache-2.0"
    assert reconcile_with_files(unknown, files).spdx != "Apache-2.0"


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: "{not json",
        lambda doc: json.dumps([doc]),
        lambda doc: json.dumps({**doc, "format": 0}),
        lambda doc: json.dumps({**doc, "identification": {"license": {}}}),
        lambda doc: json.dumps({**doc, "identification": {**doc["identification"], "matches": 3}}),
        lambda doc: json.dumps({**doc, "key": "another text"}),
        lambda doc: "",
    ],
    ids=["not-json", "list", "old-format", "no-fields", "bad-matches", "foreign-key", "empty"],
)
def test_a_damaged_entry_is_a_miss(tmp_path, damage):
    text = _text("click-8.5.1.LICENSE.txt")
    cache = _cache(tmp_path)
    cache.put(text, identify_text(text))
    [entry] = _entries(tmp_path)
    entry.write_text(damage(json.loads(entry.read_text(encoding="utf-8"))), encoding="utf-8")
    assert _cache(tmp_path).get(text) is None
    # ...and the next run identifies the text again and repairs the entry
    files = (LicenseFile(path="LICENSE.txt", text=text, sha256=""),)
    declared = match_license_string("BSD-3-Clause")
    assert reconcile_with_files(declared, files, _cache(tmp_path)) == (
        reconcile_with_files(declared, files)
    )
    assert _cache(tmp_path).get(text) == identify_text(text)


def test_another_identifier_never_reads_the_entries(tmp_path):
    text = _text("click-8.5.1.LICENSE.txt")
    _cache(tmp_path, "index-a").put(text, identify_text(text))
    assert _cache(tmp_path, "index-a").get(text) is not None
    assert _cache(tmp_path, "index-b").get(text) is None
    assert _cache(tmp_path).get(text) is None  # the shipped identifier's identity


def test_a_new_index_or_new_code_changes_the_identity(tmp_path):
    """The identity digests the fingerprint index, the knowledge index and the identifier's
    source: changing any of them gives a new identity (the llmaudit version is in it too)."""
    shipped = Path(identify_text.__code__.co_filename).parent
    copy = tmp_path / "licenses"
    (copy / "data").mkdir(parents=True)
    for name in ("fingerprints.json", "knowledge-index.json"):
        shutil.copy(shipped / "data" / name, copy / "data" / name)
    for source in shipped.glob("*.py"):
        shutil.copy(source, copy / source.name)
    first = identifier_digest(copy)
    assert first == identifier_digest.__wrapped__(copy)  # stable for the same files
    assert first == identifier_digest.__wrapped__(shipped)
    for changed in (copy / "data" / "fingerprints.json", copy / "normalize.py"):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert identifier_digest.__wrapped__(copy) != first, changed.name
        changed.write_bytes(original)
    assert identifier_digest.__wrapped__(copy) == first
