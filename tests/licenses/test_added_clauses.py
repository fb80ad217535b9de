"""Texts that add a clause of their own to a known license are not that license (#14).

The files are ScanCode 32.5.0's license texts (tests/data/licenses/scancode/PROVENANCE.tsv)
that llmaudit named as another license before session 10, and the references they were
confused with, which must still be named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.licenses.combined import find_added_terms_spans
from llmaudit.licenses.fingerprint import identify_path, identify_text
from llmaudit.licenses.normalize import tokenize_text

DATA = Path(__file__).resolve().parents[1] / "data" / "licenses"
SCANCODE = DATA / "scancode"
PACKAGES = DATA / "packages"


def _expected() -> list[tuple[str, str, str]]:
    """(file, expected SPDX or "unknown", why) from the folder's PROVENANCE.tsv."""
    rows = []
    for line in (SCANCODE / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        name, _, _, _, expected, why = line.split("\t")
        rows.append((name, expected, why))
    return rows


EXPECTED = _expected()


@pytest.mark.parametrize(("name", "expected", "why"), EXPECTED, ids=[r[0] for r in EXPECTED])
def test_scancode_texts_are_named_only_when_they_are_the_license(
    name: str, expected: str, why: str
) -> None:
    found = identify_path(SCANCODE / name).license
    assert found.spdx == ("NOASSERTION" if expected == "unknown" else expected), why


def test_the_added_clause_is_the_evidence() -> None:
    """X11 is MIT's text and an advertising ban: the evidence quotes the ban."""
    found = identify_path(SCANCODE / "x11-xconsortium.txt").license
    assert "'in advertising'" in found.evidence


def test_a_choice_of_law_after_mit_is_a_clause_of_its_own() -> None:
    mit = (SCANCODE / "mit.txt").read_text(encoding="utf-8")
    assert identify_text(mit).license.spdx == "MIT"
    governed = mit + "\nThis license is governed by the laws of the State of Texas.\n"
    found = identify_text(governed).license
    assert found.is_unknown
    assert "governed by the laws of" in found.evidence


def test_a_clause_the_reference_has_is_no_addition_inside_it() -> None:
    """BSD-3-Clause's own endorsement clause names the holder: an edit there adds no class
    of clause the reference lacks."""
    text = (DATA / "references" / "bsd-3-clause.txt").read_text(encoding="utf-8")
    edited = text.replace("the copyright holder nor", "Acme Widgets Incorporated nor")
    assert edited != text
    assert identify_text(edited).license.spdx == "BSD-3-Clause"


def test_an_exception_that_only_grants_permission_keeps_the_license_and_says_so() -> None:
    """psycopg2's LGPL-3.0-or-later notice with the OpenSSL linking exception: the license's
    own obligations hold; the evidence names the exception."""
    found = identify_path(PACKAGES / "psycopg2_binary-2.9.13.LICENSE").license
    assert found.spdx == "LGPL-3.0-or-later"
    assert "exception that only grants more permission" in found.evidence


def test_an_exception_that_forbids_is_unknown() -> None:
    found = identify_path(SCANCODE / "pretix-exception-3.0.txt").license
    assert found.is_unknown
    assert "special exceptions" in found.evidence


def test_an_exception_describing_itself_is_no_notice_of_a_work() -> None:
    found = identify_path(SCANCODE / "gcc-exception-3.1.txt").license
    assert found.is_unknown
    assert "no notice of the work's own license" in found.evidence


def test_a_patent_disclaimer_before_a_text_adds_no_terms() -> None:
    """OpenJPEG's "may be subject to ... patent rights, and no such rights are granted"
    before its BSD-2-Clause text disclaims; a patent grant there would be a term."""
    bsd2 = (SCANCODE / "bsd-simplified.txt").read_text(encoding="utf-8")
    disclaimer = (
        "This software may be subject to other third party and contributor rights, including "
        "patent rights, and no such rights are granted under this license.\n\n"
    )
    assert identify_text(disclaimer + bsd2).license.spdx == "BSD-2-Clause"
    grant = "Each contributor grants you a license under its patent claims.\n\n"
    assert identify_text(grant + bsd2).license.is_unknown


def test_clause_classes_are_read_on_normalised_words() -> None:
    words = tokenize_text("As a special exception, you may link this library.").tokens
    assert [kind for *_, kind in find_added_terms_spans(words)] == ["exception"]
    assert find_added_terms_spans(tokenize_text("MIT without a word more").tokens) == []


def test_the_other_license_of_a_dual_license_is_no_added_clause() -> None:
    """oracledb: "dual-licensed ... UPL 1.0 and Apache License 2.0 ... You may choose either
    license", an Apache-2.0 notice, then the UPL's text (with its patent grant): the UPL is
    the other choice, not a clause added to Apache-2.0."""
    found = identify_path(PACKAGES / "oracledb-26.1.0.LICENSE.txt").license
    assert found.spdx == "Apache-2.0"


def test_a_missing_clause_worded_like_its_neighbour_is_a_missing_passage() -> None:
    """BSD-1-Clause is BSD-2-Clause-Views without the binary clause, whose words ("the above
    copyright notice, this list of conditions and the following disclaimer") the source
    clause also has: no shingle of it is missing, but aligned the clause is."""
    from llmaudit.licenses.deviations import measure_aligned_gap, measure_gap
    from llmaudit.licenses.fingerprint import load_index
    from llmaudit.licenses.normalize import hash_shingles

    index = load_index()
    views = next(r for r in index.refs if r.key == "bsd-2-clause-views")
    shingles = hash_shingles(tokenize_text((SCANCODE / "bsd-1-clause.txt").read_text()).tokens)
    span = (0, len(shingles) - 1)
    assert measure_gap(views, set(shingles)) < 0.12 * views.size
    assert measure_aligned_gap(views, shingles, span) >= 0.12 * views.size
    whole = hash_shingles(tokenize_text((SCANCODE / "bsd-2-clause-views.txt").read_text()).tokens)
    assert measure_aligned_gap(views, whole, (0, len(whole) - 1)) == 0


def test_forms_of_distribution_are_a_term_only_inside_a_text() -> None:
    """D's zlib grants redistribution "in both source and binary form": a condition by form
    zlib's text never sets. Before a text, the same words describe what a package ships."""
    mit = (SCANCODE / "mit.txt").read_text(encoding="utf-8")
    shipped = "This package is distributed in source and binary forms under the MIT license.\n\n"
    assert identify_text(shipped + mit).license.spdx == "MIT"
    found = identify_path(SCANCODE / "d-zlib.txt").license
    assert found.is_unknown
    assert "'source and binary form'" in found.evidence


def test_a_document_that_takes_precedence_over_a_license_amends_it() -> None:
    found = identify_path(SCANCODE / "llgpl.txt").license
    assert found.is_unknown
    assert "'takes precedence'" in found.evidence


def test_a_notice_under_a_title_naming_an_exception_is_unknown() -> None:
    """CAL-1.0's text with the Combined Work Exception differs from CAL-1.0's only in its
    title; both quote "SPDX-License-Identifier: CAL-1.0" first. The exception id is not
    guessed; "with the exception of" some files names none."""
    found = identify_path(SCANCODE / "cal-1.0-combined-work-exception.txt").license
    assert found.is_unknown
    assert "'with combined work exception'" in found.evidence
    notice = "SPDX-License-Identifier: MIT\n"
    files = "All files are covered, with the exception of the fonts listed below.\n"
    assert identify_text(files + notice).license.spdx == "MIT"
    assert identify_text("Licensed with the Foo Exception.\n" + notice).license.is_unknown
