"""A passage several licenses share identifies none of them (found by the fuzz suite)."""

from __future__ import annotations

import pytest

from llmaudit.licenses import identify_text


@pytest.mark.parametrize("name", ["bsd-2-clause.txt", "bsd-3-clause.txt", "bsd-3-clause-clear.txt"])
@pytest.mark.parametrize("cut", ["HOLDERS AND", "IMPLIED WARRANTIES"])
def test_bsd_disclaimer_alone_is_unknown(corpus, name, cut):
    # Was "bsd-2-clause" (the smallest sibling wins on coverage) for a BSD-3 disclaimer tail.
    text = (corpus / "licenses" / name).read_text(encoding="utf-8")
    fragment = identify_text(text[text.upper().index(cut) :]).license
    assert fragment.is_unknown
    assert fragment.evidence.startswith("ambiguous between bsd-2-clause, bsd-3-clause")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("bsd-2-clause.txt", "bsd-2-clause"),
        ("bsd-3-clause.txt", "bsd-3-clause"),
        ("bsd-3-clause-clear.txt", "bsd-3-clause-clear"),
        ("mit.txt", "mit"),
    ],
)
def test_whole_sibling_texts_still_identify(corpus, name, key):
    text = (corpus / "licenses" / name).read_text(encoding="utf-8")
    assert identify_text(text).license.key == key


@pytest.mark.parametrize("values", [("mit", ")"), ("()",), ("0", ")")])
def test_card_license_values_that_break_the_expression_parser_are_unknown(values):
    # license-expression raised IndexError on "(mit) AND ())": one card stopped the audit.
    from llmaudit.licenses import classify
    from llmaudit.models import LicenseDeclaration

    for declaration in (
        LicenseDeclaration(card_license=values),
        LicenseDeclaration(tags=tuple(f"license:{v}" for v in values)),
    ):
        assert classify(declaration).license.is_unknown
