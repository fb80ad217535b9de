"""Normalisation, the shipped fingerprint index, file reading and presentation."""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import pytest

from llmaudit.licenses.fingerprint import (
    INDEX_PATH,
    MAX_FILE_BYTES,
    drop_references,
    identify_path,
    identify_text,
    load_index,
    read_license_file,
)
from llmaudit.licenses.fingerprint_index import _unpack, with_hash_tables
from llmaudit.licenses.normalize import find_markers, hash_shingles, tokenize_text
from llmaudit.licenses.present_identify import format_identifications, identification_to_dict

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        pytest.param("The MIT License", ("the", "mit", "license"), id="case-folded"),
        pytest.param(
            "Licensor\u2019s \u201cWork\u201d\u2014all",
            ("licensor", "work", "all"),
            id="smart-quotes-and-dashes-separate-words",
        ),
        pytest.param(
            "see [the site](https://example.org/x) &amp; more",
            ("see", "the", "site", "more"),
            id="markdown-link-target-and-entity",
        ),
        pytest.param(
            "## 1. Definitions.\n  (a) **Grant** iv. foo",
            ("definitions", "grant", "foo"),
            id="headings-enumerators-bold",
        ),
        pytest.param(
            "Llama 2 and Llama 3.1 v. 2.0",
            ("llama", "2", "and", "llama", "3.1", "2.0"),
            id="version-numbers-kept",
        ),
        pytest.param("Open RAIL++-M License", ("open", "rail++", "license"), id="plus-plus-kept"),
        pytest.param("caf\u00e9 licence", ("cafe", "license"), id="accents-and-spelling"),
        pytest.param("\u8bb8\u53ef\u534f\u8bae MIT", ("mit",), id="cjk-ignored"),
        pytest.param(
            "<p>Some <b>bold</b></p> <https://gnu.org>",
            ("some", "bold", "http", "gnu", "org"),
            id="html-tags-not-autolinks",
        ),
    ],
)
def test_tokenize_normalises(text: str, tokens: tuple[str, ...]) -> None:
    assert tokenize_text(text).tokens == tokens


def test_tokenize_remembers_lines_and_survives_crlf() -> None:
    stream = tokenize_text("alpha beta\r\n\r\ngamma\r\n")
    assert stream.tokens == ("alpha", "beta", "gamma")
    assert stream.lines == (1, 1, 3)


def test_shingles_are_stable_crc32_of_five_tokens() -> None:
    tokens = ("permission", "is", "hereby", "granted", "free", "of")
    assert hash_shingles(tokens) == [
        zlib.crc32(b"permission is hereby granted free"),
        zlib.crc32(b"is hereby granted free of"),
    ]
    assert hash_shingles(tokens[:4]) == []


def test_index_is_cached_and_covers_the_model_licenses() -> None:
    index = load_index()
    assert load_index() is index
    keys = {ref.key for ref in index.refs}
    assert {
        "llama3.1",
        "llama3.2",
        "llama4",
        "gemma",
        "apache-2.0",
        "mit",
        "openrail++",
        "cc-by-nc-4.0",
        "gpl-3.0",
        "falcon-180b",
    } <= keys
    assert {ref.kind for ref in index.refs} == {"license", "aup"}
    spdx = {ref.key: ref.spdx for ref in index.refs if ref.kind == "license"}
    assert spdx["apache-2.0"] == "Apache-2.0"
    assert spdx["openrail++"] == "LicenseRef-openrail-pp"
    assert all("+" not in value for value in spdx.values())


def test_index_ships_no_license_text() -> None:
    """Hashes and metadata only. Each reference's restriction phrases ("non commercial",
    "monthly active users": the few words the restriction patterns matched in its own text,
    so that a copy is not doubted for them) are metadata, checked apart."""
    index = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    phrases = [p for ref in index["refs"] for p in ref.pop("restrictions", [])]
    assert phrases and all(len(p.split()) <= 8 for p in phrases)
    raw = json.dumps(index).lower()
    for phrase in (
        "permission is hereby granted",
        "without warranty of any kind",
        "monthly active users",
        "acceptable use policy",
    ):
        assert phrase not in raw


def test_index_matches_the_corpus_it_was_built_from(corpus: Path) -> None:
    """The shipped index is in sync: every reference's file hash equals the corpus file's."""
    import hashlib

    raw = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    extra = ROOT / "scripts" / "reference_texts"
    for ref in raw["refs"]:
        folder = corpus / "licenses" if (corpus / "licenses" / ref["file"]).exists() else extra
        data = (folder / ref["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == ref["sha256"], ref["file"]
    files = {ref["file"] for ref in raw["refs"]}
    assert files == {p.name for p in (corpus / "licenses").iterdir()} | {
        p.name for p in extra.glob("*.txt")
    }


def test_build_is_deterministic_and_reproduces_the_shipped_hashes(corpus: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_fingerprints import build_index
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    built = build_index(corpus / "licenses")
    shipped = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    # same corpus, same bytes: the shipped hashes are reproduced exactly
    assert built["hashes"] == shipped["hashes"]
    assert built["posting_ids"] == shipped["posting_ids"]
    assert built["masked_hashes"] == shipped["masked_hashes"]
    assert [(r["file"], r["key"], r["kind"]) for r in built["refs"]] == [
        (r["file"], r["key"], r["kind"]) for r in shipped["refs"]
    ]


def test_read_license_file_detects_binary(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x00\x01\x02MIT License")
    assert read_license_file(path) == (None, "binary file")
    ident = identify_path(path)
    assert ident.license.is_unknown
    assert ident.license.evidence == "binary file"


def test_read_license_file_caps_size_and_replaces_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_bytes(b"caf\xe9 " + b"x" * MAX_FILE_BYTES)
    text, note = read_license_file(path)
    assert text is not None and text.startswith("caf\ufffd ")
    assert len(text.encode("utf-8")) <= MAX_FILE_BYTES + 2
    assert note.startswith("truncated")


def test_identify_path_reads_a_license_file(corpus: Path) -> None:
    ident = identify_path(corpus / "licenses" / "llama3.1.txt")
    assert ident.license.key == "llama3.1"
    assert ident.license.source.value == "license-file"


def test_dropping_a_reference_makes_its_text_unknown_not_a_sibling(corpus: Path) -> None:
    """A Llama version we do not know must not be reported as its nearest sibling."""
    index = drop_references(load_index(), frozenset({"llama3.2"}))
    ident = identify_text((corpus / "licenses" / "llama3.2.txt").read_text(), index)
    assert ident.license.is_unknown
    assert "llama" in ident.license.evidence


def test_identification_to_dict_has_the_cli_shape(corpus: Path) -> None:
    text = (corpus / "licenses" / "llama3.txt").read_text()
    data = identification_to_dict("LICENSE", identify_text(text))
    assert data["path"] == "LICENSE"
    assert data["license"]["id"] == "llama3"
    assert data["license"]["spdx"] == "LicenseRef-llama3"
    assert 0.9 <= data["license"]["confidence"] <= 1.0
    assert [(m["key"], m["kind"]) for m in data["matches"]] == [
        ("llama3", "license"),
        ("llama3", "aup"),
    ]
    assert data["matches"][0]["start_line"] == 1
    assert json.loads(json.dumps(data)) == data


def test_format_identifications_is_a_table(corpus: Path) -> None:
    rows = [
        ("LICENSE", identify_text((corpus / "licenses" / "mit.txt").read_text())),
        ("README.md", identify_text("Just a model card without any license text.")),
    ]
    lines = format_identifications(rows).splitlines()
    assert lines[0].split() == ["PATH", "LICENSE", "SPDX", "CONFIDENCE", "MATCHES"]
    assert lines[1].split()[:4] == ["LICENSE", "mit", "MIT", "1.00"]
    assert lines[2].split()[:4] == ["README.md", "unknown", "NOASSERTION", "0.00"]


def test_span_ignores_stray_hits_but_spans_a_rewritten_middle() -> None:
    from llmaudit.licenses.deviations import find_span

    body = list(range(0, 40))
    stray = [400, 401, 402]
    assert find_span(body + stray) == (0, 39)
    tail = list(range(200, 240))  # a second large cluster: the text between still counts
    assert find_span(body + tail + stray) == (0, 239)


def test_gap_counts_a_missing_middle_not_a_missing_end() -> None:
    import array
    import base64

    from llmaudit.licenses.deviations import measure_gap
    from llmaudit.licenses.fingerprint_index import Reference

    values = list(range(1000, 1100))
    sequence = base64.b64encode(array.array("I", values).tobytes()).decode()
    if sys.byteorder == "big":  # the index is little-endian
        pytest.skip("little-endian fixture")
    ref = Reference(
        ref="r", key="r", kind="license", name="r", spdx="LicenseRef-r", size=100, sequence=sequence
    )
    assert measure_gap(ref, set(values[:60])) == 0  # truncated: end missing
    assert measure_gap(ref, set(values[:30] + values[70:])) == 40  # clause cut out


def test_index_tables_answer_as_the_dicts_they_replace() -> None:
    # load_index() keeps the stored hash lists as SortedTables (bisection): they must be
    # strictly increasing, and every lookup must give what a dict of the same pairs gives.
    raw = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    index = load_index()
    for table, keys, values in (
        (index.table, "hashes", "posting_ids"),
        (index.masked, "masked_hashes", "masked_posting_ids"),
    ):
        pairs = dict(zip(_unpack(raw[keys], "I"), _unpack(raw[values], "H"), strict=True))
        stored = list(_unpack(raw[keys], "I"))
        assert stored == sorted(set(stored))
        assert len(table) == len(pairs)
        assert all(table.get(key) == value for key, value in pairs.items())
        absent = [k + 1 for k in stored[:2000] if k + 1 not in pairs]
        assert absent and all(table.get(k) is None for k in (*absent, 2**32 - 1))


def test_hash_tables_are_the_same_maps() -> None:
    index = load_index()
    hashed = with_hash_tables(index)
    for table, as_dict in ((index.table, hashed.table), (index.masked, hashed.masked)):
        assert isinstance(as_dict, dict) and len(as_dict) == len(table)
        assert all(table.get(key) == value for key, value in as_dict.items())
    assert (hashed.refs, hashed.postings) == (index.refs, index.postings)
    assert with_hash_tables(hashed) == hashed


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("licensed for noncommercial use only", {"noncommercial"}),
        ("Attribution-NonCommercial-ShareAlike", {"noncommercial", "sharealike"}),
        (
            "non commercial share alike no derivatives",
            {"noncommercial", "sharealike", "noderivatives"},
        ),
        ("GNU Affero General Public License", {"affero"}),
        ("commercial use and derivatives are allowed alike", set()),
        ("uncommercial or nonaffero words", set()),
    ],
)
def test_markers_are_found_whatever_the_spacing(words: str, found: set[str]) -> None:
    assert find_markers(tokenize_text(words).tokens) == found


def test_contractions_read_as_the_words_they_stand_for() -> None:
    """ "don't" is "do not" (a copy of Apache-2.0 that contracts it was a systematic rename),
    with "can't" and "won't" spelt as licenses spell them."""
    text = "Don't modify it; it doesn\u2019t apply, you can't and WON'T."
    assert tokenize_text(text).tokens == (
        *("do", "not", "modify", "it", "it", "does", "not", "apply"),
        *("you", "cannot", "and", "will", "not"),
    )
