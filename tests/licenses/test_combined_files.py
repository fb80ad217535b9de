"""Real package license files that hold several texts (issue #14): the file's own license wins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llmaudit.licenses.fingerprint import identify_path, identify_text
from tests.perturb import edit_share

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"


def test_pyarrow_license_is_apache_not_a_bundled_bsd_text() -> None:
    ident = identify_path(PACKAGES / "pyarrow-26.0.1.LICENSE.txt")
    assert (ident.license.key, ident.license.spdx) == ("apache-2.0", "Apache-2.0")
    spans = {(m.key, m.start_line, m.end_line) for m in ident.matches}
    assert ("apache-2.0", 2, 202) in spans
    bundled = {m.key for m in ident.matches if m.start_line > 202}
    assert {"bsd-3-clause", "mit", "zlib"} <= bundled
    assert "bsd-3-clause l.214-238" in ident.license.evidence


def test_matplotlib_license_is_its_own_not_its_bundled_font_license() -> None:
    ident = identify_path(PACKAGES / "matplotlib-3.11.2.LICENSE")
    # its own license is a renamed PSF-2.0 (MDT, JDH): its own reference, never PSF-2.0 or OFL
    assert (ident.license.key, ident.license.spdx) == ("matplotlib", "LicenseRef-matplotlib")
    ofl = next(m for m in ident.matches if m.key == "ofl-1.1")
    assert ofl.start_line > 100  # found and reported, just not promoted to the main license


def test_a_second_text_of_another_variant_is_read_apart_from_the_first() -> None:
    """xlrd: BSD-3-Clause, then an older BSD text with advertising clauses; candidates
    compared over both at once read them as one BSD-4-Clause-like text."""
    ident = identify_path(PACKAGES / "xlrd-2.0.2.LICENSE")
    assert ident.license.spdx == "BSD-3-Clause"
    assert "read apart from the texts after it: bsd-4-clause l.42-75" in ident.license.evidence
    assert "the first not named" in ident.license.evidence


def test_a_bundled_lapack_copy_does_not_tie_the_first_text_with_open_mpi() -> None:
    """numpy's and scipy's LICENSE.txt bundle LAPACK's BSD-3-Clause-Open-MPI far below
    their own BSD-3-Clause: both are found, each on its own lines."""
    for name, lapack in (("numpy-2.4.6.LICENSE.txt", 95), ("scipy-1.17.1.LICENSE.txt", 93)):
        ident = identify_path(PACKAGES / name)
        assert ident.license.spdx == "BSD-3-Clause", ident.license.evidence
        spans = {(m.key, m.start_line) for m in ident.matches}
        assert ("bsd-3-clause-open-mpi", lapack) in spans


def test_a_second_text_that_restricts_use_keeps_the_file_unknown() -> None:
    xlrd = (PACKAGES / "xlrd-2.0.2.LICENSE").read_text(encoding="utf-8")
    restricted = xlrd.replace(
        "This one covers some earlier work::",
        "This one covers some earlier work::\n\n"
        "    The earlier work may not be used for commercial purposes.",
    )
    ident = identify_text(restricted)
    assert ident.license.is_unknown, ident.license.evidence


def test_a_cut_open_mpi_reading_gives_way_to_plain_bsd3() -> None:
    """dill words clause 3 as Open MPI does ("the copyright holders") but lacks its
    no-reassurances paragraph: BSD-3-Clause, not a tie with BSD-3-Clause-Open-MPI."""
    ident = identify_path(PACKAGES / "dill-0.4.1.LICENSE")
    assert ident.license.spdx == "BSD-3-Clause", ident.license.evidence
    open_mpi = identify_path(PACKAGES / "numpy-2.4.6.numpy_linalg_lapack_lite_LICENSE.txt")
    assert open_mpi.license.spdx == "BSD-3-Clause-Open-MPI"


def test_jinja2_license_is_bsd3() -> None:
    assert identify_path(PACKAGES / "jinja2-3.1.6.LICENSE.txt").license.spdx == "BSD-3-Clause"


def _bsd3(clause3: str) -> str:
    text = (PACKAGES / "jinja2-3.1.6.LICENSE.txt").read_text(encoding="utf-8")
    original = r"Neither the name of the copyright holder nor the names of its\s+contributors may"
    assert re.search(original, text)
    return re.sub(original + " be used", clause3, text)


def test_bsd3_variant_whose_endorsement_clause_permits_is_not_bsd3() -> None:
    inverted = _bsd3(
        "The name of the copyright holder and the names of its\ncontributors may be used"
    )
    ident = identify_text(inverted)
    assert ident.license.is_unknown
    assert "endorsement clause" in ident.license.evidence


def test_bsd3_variant_that_still_forbids_endorsement_is_bsd3() -> None:
    kept = _bsd3("The names of the copyright holder and its\ncontributors may not be used")
    assert identify_text(kept).license.spdx == "BSD-3-Clause"
    none_of = _bsd3("None of the names of the copyright holder and its\ncontributors may be used")
    assert identify_text(none_of).license.spdx == "BSD-3-Clause"


def test_dual_license_file_gives_an_or_expression() -> None:
    mit = (PACKAGES / "jinja2-3.1.6.LICENSE.txt").read_text(encoding="utf-8")
    apache = (PACKAGES / "pyarrow-26.0.1.LICENSE.txt").read_text(encoding="utf-8")
    apache_only = "\n".join(apache.splitlines()[1:202])
    text = (
        "This project is dual licensed: you may use it under either of the licenses below.\n\n"
        + mit
        + "\n\n"
        + apache_only
    )
    ident = identify_text(text)
    assert ident.license.spdx == "BSD-3-Clause OR Apache-2.0"
    assert [m.key for m in ident.matches] == ["bsd-3-clause", "apache-2.0"]


def test_two_texts_without_a_choice_keep_the_first_as_the_license() -> None:
    mit = (PACKAGES / "jinja2-3.1.6.LICENSE.txt").read_text(encoding="utf-8")
    apache = "\n".join((PACKAGES / "pyarrow-26.0.1.LICENSE.txt").read_text().splitlines()[1:202])
    ident = identify_text(apache + "\n\nThird-party code in vendor/:\n\n" + mit)
    assert ident.license.spdx == "Apache-2.0"
    assert "bsd-3-clause" in ident.license.evidence


def test_unknown_license_terms_before_a_known_text_make_the_file_unknown() -> None:
    mit = (PACKAGES / "jinja2-3.1.6.LICENSE.txt").read_text(encoding="utf-8")
    own = (
        "Acme Source License. Permission is granted to use this software for evaluation "
        "only. Redistribution in any form is prohibited without a written agreement with "
        "Acme. The software is provided without warranty of any kind and Acme is not liable "
        "for any damages arising from its use. Support is offered under a separate agreement.\n\n"
    )
    ident = identify_text(own + "Bundled third-party code:\n\n" + mit)
    assert ident.license.is_unknown
    assert "license terms we do not know" in ident.license.evidence


def _truth() -> list[tuple[str, str]]:
    rows = (PACKAGES / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()
    return [
        (cells[0], cells[-1])
        for cells in (r.split("\t") for r in rows)
        if not cells[0].startswith("#")
    ]


@pytest.mark.parametrize(("name", "expected"), _truth(), ids=[n for n, _ in _truth()])
def test_real_package_license_files_against_the_truth_set(name: str, expected: str) -> None:
    """Each file of tests/data/licenses/packages as read by hand (PROVENANCE.tsv)."""
    found = identify_path(PACKAGES / name).license
    assert (found.spdx if not found.is_unknown else "unknown") == expected, found.evidence


CORPUS_LICENSES = Path(__file__).resolve().parents[1] / "data" / "corpus" / "licenses"
EXTRA_REFERENCES = Path(__file__).resolve().parents[2] / "scripts" / "reference_texts"


@pytest.mark.parametrize(
    ("reference", "before", "after", "phrase"),
    [
        ("mit", "", "The Software may not be used for commercial purposes.", "commercial"),
        ("mit", "", "The model weights are licensed under CC BY-NC 4.0.", "CC-BY-NC-4.0"),
        ("mit", "", "The model weights are under CC BY-NC 4.0 and may not be sold.", "cc by nc"),
        ("apache-2.0", "", "Use of the weights is restricted to non-commercial research.", "non"),
        ("bsd-3-clause", "For research use only.", "", "research use only"),
        ("mit", "", "Commercial use requires a paid license.", "commercial use requires paid"),
        ("mit", "", "This software cannot be used for commercial purposes.", "cannot be used"),
        ("mit", "", "The weights can't be used for commercial purposes.", "cannot be used"),
        ("mit", "", "The data is not to be used for commercial purposes.", "not to be used"),
        # restrictions of who may use it, where or how (ScanCode's BSD-3-Clause-No-Military,
        # Kimi K2's modified MIT, Odoo's proprietary license): another license, not the text
        (
            "bsd-3-clause",
            "",
            "YOU ACKNOWLEDGE THAT THIS SOFTWARE IS NOT DESIGNED, LICENSED OR INTENDED FOR USE IN"
            " THE DESIGN, CONSTRUCTION, OPERATION OR MAINTENANCE OF ANY MILITARY FACILITY.",
            "for use in",
        ),
        (
            "mit",
            "",
            "Our only modification part is that, if the Software (or any derivative works thereof)"
            " is used for any of your commercial products or services that have more than 100"
            ' million monthly active users, you shall prominently display "Kimi K2" on the user'
            " interface of such product or service.",
            "monthly active users",
        ),
        (
            "mit",
            "This software may only be used if you have purchased a valid license.",
            "",
            "may only be used",
        ),
        (
            "bsd-3-clause",
            "",
            "This software may only be redistributed and used in connection with an Acme"
            " microcontroller product.",
            "may only be redistributed and used",
        ),
        ("mit", "", "No reverse engineering of this software is permitted.", "reverse engineering"),
        (
            "bsd-3-clause",
            "Redistribution and use in binary form, without modification, are permitted.",
            "",
            "without modification",
        ),
        # MS-LPL is MS-PL with a platform limitation (its section 3(F), verbatim)
        (
            "ms-pl",
            "",
            "(F) Platform Limitation- The licenses granted in sections 2(A) & 2(B) extend\n"
            "only to the software or derivative works that you create that run on a Microsoft\n"
            "Windows operating system product.",
            "extend only to",
        ),
    ],
)
def test_a_known_license_with_added_use_restrictions_is_not_that_license(
    reference: str, before: str, after: str, phrase: str
) -> None:
    text = (CORPUS_LICENSES / f"{reference}.txt").read_text(encoding="utf-8")
    ident = identify_text(f"{before}\n\n{text}\n\n{after}\n")
    assert ident.license.is_unknown, ident.license.evidence
    assert phrase in ident.license.evidence


def test_a_sentence_restricting_use_inside_a_permissive_text_is_another_license() -> None:
    """The JSON license is MIT with "The Software shall be used for Good, not Evil." between
    its condition and its disclaimer: not MIT."""
    text = (CORPUS_LICENSES / "mit.txt").read_text(encoding="utf-8")
    json_license = text.replace(
        "THE SOFTWARE IS PROVIDED",
        "The Software shall be used for Good, not Evil.\n\nTHE SOFTWARE IS PROVIDED",
    )
    ident = identify_text(json_license)
    assert ident.license.is_unknown, ident.license.evidence
    assert "used for good" in ident.license.evidence


@pytest.mark.parametrize(
    "after",
    [
        "This license permits commercial and non-commercial use.",
        "Third-party components are listed in THIRD_PARTY_NOTICES.md under their own licenses.",
        "Commercial use is permitted.",
        # passlib's UnixCrypt notice grants both
        "Permission to use, copy, modify and distribute this software for non-commercial or "
        "commercial purposes and without fee is hereby granted.",
    ],
)
def test_text_after_a_license_that_restricts_nothing_keeps_it(after: str) -> None:
    text = (CORPUS_LICENSES / "mit.txt").read_text(encoding="utf-8")
    assert identify_text(f"{text}\n\n{after}\n").license.key == "mit"


def test_filled_in_contact_lines_are_the_copiers_own() -> None:
    """numpy.random's NCSA text fills in "Developed by:" with a name, two e-mail addresses
    and a URL, as the template asks: NCSA (here offered with BSD-3-Clause), not unknown."""
    ident = identify_path(PACKAGES / "numpy-2.4.6.numpy_random_LICENSE.md")
    assert ident.license.spdx == "NCSA OR BSD-3-Clause", ident.license.evidence


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("Not for commercial use: https://acme.example/terms", "not for commercial"),
        ("Non-commercial: licensing@acme.example", "non commercial"),
        ("Commercial use needs a paid license from https://acme.example/buy.", "commercial use"),
        ("For research use only.", "research use only"),
    ],
)
def test_terms_added_inside_a_license_make_it_unknown_however_short(line: str, phrase: str) -> None:
    """Words inside the license text that take commercial use away, even on a line with an
    address (which is otherwise the copier's own), or shorter than an edit the alignment
    tolerates: never the license they were added to."""
    text = (CORPUS_LICENSES / "mit.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, row in enumerate(lines) if "furnished to do so" in row) + 1
    ident = identify_text("\n".join([*lines[:at], line, *lines[at:]]))
    assert ident.license.is_unknown, ident.license.evidence
    assert phrase in ident.restriction


def test_an_edit_beside_a_licenses_own_noncommercial_words_adds_no_terms() -> None:
    text = (CORPUS_LICENSES / "unlicense.txt").read_text(encoding="utf-8")
    edited = text.replace("for any purpose, commercial", "for any goal, commercial")
    assert identify_text(edited).license.spdx == "Unlicense"


def test_an_edited_python_stack_is_not_read_as_its_opening_psf_text() -> None:
    """The Python-2.0 stack opens with PSF-2.0's text and its later parts repeat PSF-2.0's
    wording. Edited so that the stack is in doubt (5% of words, seed 2 of the edit ladder),
    the part before the repetition is no text of its own: unknown, never PSF-2.0."""
    stack = (EXTRA_REFERENCES / "python-2.0.txt").read_text(encoding="utf-8")
    ident = identify_text(edit_share(stack, 0.05, seed=2))
    assert ident.license.spdx in ("Python-2.0", "NOASSERTION"), ident.license.evidence


def test_the_bsd_license_without_its_variant_is_said_not_guessed() -> None:
    """lxml's overview says "distributed under the BSD license": BSD is a family; which
    variant is in a file the overview points to. Unknown, and the evidence says why."""
    ident = identify_path(PACKAGES / "lxml-6.2.1.LICENSES.txt")
    assert ident.license.is_unknown
    assert "BSD license without its variant" in ident.license.evidence
    said = identify_text("Acme Tools are distributed under the BSD license.\n")
    assert said.license.is_unknown
    assert "without its variant" in said.license.evidence


def test_cc_pddc_dedication_is_named_and_unlicense_stays_unlicense() -> None:
    """The Creative Commons public-domain dedication (ScanCode's text) shares its
    relinquishment sentences with the Unlicense: each is named as itself."""
    pddc = (EXTRA_REFERENCES / "cc-pddc.txt").read_text(encoding="utf-8")
    assert identify_text(pddc).license.spdx == "CC-PDDC"
    unlicense = (CORPUS_LICENSES / "unlicense.txt").read_text(encoding="utf-8")
    assert identify_text(unlicense).license.spdx == "Unlicense"


_SPLIT = (
    "The source code is partially in the public domain and partially released under the "
    "BSD 2-Clause license.\n\nIn either case, there are minimal if no restrictions on the "
    "redistribution, modification and usage of the software.\n\n"
)


def _corpus(name: str) -> str:
    return (CORPUS_LICENSES / f"{name}.txt").read_text(encoding="utf-8")


def test_a_work_split_between_two_licenses_is_both_not_a_choice() -> None:
    """pycryptodome: "partially in the public domain and partially ... BSD 2-Clause. In either
    case, ...": both apply, each to its part (AND, never the OR "either" would suggest)."""
    ident = identify_path(PACKAGES / "pycryptodomex-3.24.2.LICENSE.rst")
    assert ident.license.spdx == "Unlicense AND BSD-2-Clause"
    assert "split between its texts" in ident.license.evidence
    assert {m.key for m in ident.matches} >= {"unlicense", "bsd-2-clause"}


@pytest.mark.parametrize(
    ("preamble", "texts", "reason"),
    [
        # a part under terms the file names no known license for
        (
            "This project is partially licensed under the MIT license and partially under "
            "our own proprietary terms.\n\n",
            ("mit",),
            "names no known license for",
        ),
        (
            "This project is partially licensed under the MIT license and partially under "
            "the GNU GPL.\n\n",
            ("mit", "gpl-3.0"),
            "names no known license for",
        ),
        # the texts are not the parts it names
        (_SPLIT, ("mit", "bsd-2-clause"), "which its texts do not match"),
        # a part named without its text
        (_SPLIT, ("unlicense",), "which its texts do not match"),
    ],
)
def test_a_split_whose_parts_are_not_all_known_texts_is_unknown(
    preamble: str, texts: tuple[str, ...], reason: str
) -> None:
    ident = identify_text(preamble + "\n\n".join(_corpus(t) for t in texts))
    assert ident.license.is_unknown, ident.license.spdx
    assert reason in ident.license.evidence


def test_in_either_case_offers_no_choice() -> None:
    text = "In either case, there are minimal restrictions.\n\n" + _corpus("unlicense")
    ident = identify_text(text + "\n\n" + _corpus("bsd-2-clause"))
    assert " OR " not in ident.license.spdx


@pytest.mark.parametrize(
    "preamble",
    [
        # biopython's LICENSE.rst: its own license for all files, a choice for some of them
        "This project is released under the license below. Unless stated otherwise, all "
        "files are under it. Some files are explicitly dual licensed under your choice of "
        "it or the Apache License (both given in full below). This is with the intention "
        "of later offering all of it under this dual licensing approach.",
        "Portions of this project are available under either of the licenses below.",
    ],
)
def test_a_choice_for_some_of_the_work_is_no_choice_for_the_file(preamble: str) -> None:
    bsd = _corpus("bsd-2-clause")
    apache = "\n".join((PACKAGES / "pyarrow-26.0.1.LICENSE.txt").read_text().splitlines()[1:202])
    ident = identify_text(preamble + "\n\n" + bsd + "\n\n" + apache)
    assert ident.license.spdx == "BSD-2-Clause", ident.license.evidence
    assert "apache-2.0" in ident.license.evidence
    whole = identify_text("This project is dual licensed.\n\n" + bsd + "\n\n" + apache)
    assert whole.license.spdx == "BSD-2-Clause OR Apache-2.0"


def test_zope_public_license_versions_are_told_apart() -> None:
    """ZPL-2.1 (zope.interface's LICENSE.txt, titled) and the ZPL-2.0 reference text (which
    names Zope Corporation where 2.1 says "the copyright holders")."""
    assert identify_path(PACKAGES / "zope.interface-8.7.LICENSE.txt").license.spdx == "ZPL-2.1"
    zpl20 = Path(__file__).resolve().parents[2] / "scripts" / "reference_texts" / "zpl-2.0.txt"
    assert identify_path(zpl20).license.spdx == "ZPL-2.0"


def test_a_filled_in_version_is_no_rename_but_a_renamed_product_is() -> None:
    """The PSF agreement from Python's documentation renders "Python |release|" as "Python
    Python 2.7.5" wherever the name stands: the same change, yet the same license. The name
    replaced by another one everywhere stays a rename."""
    psf = (EXTRA_REFERENCES / "psf-2.0.txt").read_text(encoding="utf-8")
    filled = re.sub(r"\bPython\b(?! Software)", "Python Python 3.12.1", psf)
    assert identify_text(filled).license.spdx == "PSF-2.0"
    renamed = re.sub(r"\bPython\b(?! Software)", "Snake 3.12.1", psf)
    assert identify_text(renamed).license.is_unknown


INCLUDES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "includes"
BUILD_LICENSES = INCLUDES / "pypdfium2-5.15.2" / "BUILD_LICENSES"


@pytest.mark.parametrize(
    ("name", "expected", "also"),
    [
        ("highway.txt", "Apache-2.0", ()),
        ("android/cpu_features.txt", "Apache-2.0", ("bsd-2-clause",)),
        ("all_except_musl/llvm-libc.txt", "Apache-2.0", ("ncsa",)),
    ],
)
def test_an_include_line_stands_for_the_text_it_names(
    name: str, expected: str, also: tuple[str, ...]
) -> None:
    """pypdfium2's BUILD_LICENSES: '#include ../SHARED/Apache-2.0.txt' is the Apache text."""
    ident = identify_path(BUILD_LICENSES / name)
    assert ident.license.spdx == expected, ident.license.evidence
    assert "#include" in ident.license.evidence
    assert set(also) <= {m.key for m in ident.matches}


def test_an_include_outside_the_license_folder_or_missing_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "Apache-2.0.txt"
    secret.write_text((BUILD_LICENSES / "SHARED" / "Apache-2.0.txt").read_text(encoding="utf-8"))
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "LICENSE").write_text("#include ../../../Apache-2.0.txt\n")
    (deep / "NOTICE").write_text("#include ./missing.txt\n")
    assert identify_path(deep / "LICENSE").license.is_unknown
    assert identify_path(deep / "NOTICE").license.is_unknown


def test_names_filling_in_an_endorsement_clause_are_the_copiers_own() -> None:
    """BSD-3-Clause's "Neither the name of the copyright holder" is a template slot: a long
    list of names there (nccl: NVIDIA, LBNL, the U.S. DOE) changes nothing; words in the slot
    that take commercial use away still make the text another license."""
    text = (CORPUS_LICENSES / "bsd-3-clause.txt").read_text(encoding="utf-8")
    assert "Neither the name of the copyright holder nor the names of its" in text
    names = "Neither the name of Acme Corporation, Example University, the Ministry of Energy of Freedonia, nor the names of their"
    filled = text.replace("Neither the name of the copyright holder nor the names of its", names)
    assert identify_text(filled).license.spdx == "BSD-3-Clause"
    restricted = text.replace(
        "Neither the name of the copyright holder nor the names of its",
        "Neither the name of Acme, which is for non-commercial use only, nor the names of its",
    )
    assert identify_text(restricted).license.is_unknown


def test_names_for_name_before_a_list_fills_in_the_slot_too() -> None:
    """configobj: "Neither the names of Michael Foord, Eli Courtwright or Rob Dennis, nor the
    name of Voidspace, may be used to endorse": "names", agreeing with the list, fills in the
    template as the names do; a "not" or a restriction in the slot is license text."""
    ident = identify_path(PACKAGES / "configobj-5.0.9.LICENSE")
    assert ident.license.spdx == "BSD-3-Clause"
    text = (PACKAGES / "configobj-5.0.9.LICENSE").read_text(encoding="utf-8")
    lifted = text.replace("nor the name of Voidspace,  may", "nor the name of Voidspace, may not")
    assert lifted != text
    assert identify_text(lifted).license.spdx != "BSD-3-Clause"
    restricted = text.replace("Voidspace,", "Voidspace, for non-commercial use only,")
    assert identify_text(restricted).license.is_unknown


@pytest.mark.parametrize(
    ("reference", "after", "named"),
    [
        (
            "mit",
            "The model weights are released under the Llama 3.1 Community License Agreement.",
            "LicenseRef-llama3.1",
        ),
        (
            "apache-2.0",
            "The weights are subject to the Gemma Terms of Use (https://ai.google.dev/gemma/terms).",
            "LicenseRef-gemma",
        ),
        (
            "mit",
            "The checkpoints are licensed under the Tongyi Qianwen RESEARCH LICENSE AGREEMENT.",
            "LicenseRef-qwen-research",
        ),
        (
            "bsd-3-clause",
            "Model weights: CreativeML Open RAIL-M.",
            "LicenseRef-creativeml-openrail-m",
        ),
    ],
)
def test_a_permissive_text_then_a_model_license_named_in_prose_is_unknown(
    reference: str, after: str, named: str
) -> None:
    """Code under a permissive text, weights under a model license: the file is not simply
    the permissive license (that would drop the model license's conditions)."""
    text = (CORPUS_LICENSES / f"{reference}.txt").read_text(encoding="utf-8")
    ident = identify_text(f"{text}\n\n{after}\n")
    assert ident.license.is_unknown, ident.license.evidence
    assert f"names {named}" in ident.license.evidence
    assert [m.key for m in ident.matches if m.kind == "named"] == [named]


def test_a_notice_then_a_model_license_named_in_prose_is_unknown() -> None:
    ident = identify_text(
        "The code in this repository is licensed under the Apache License, Version 2.0.\n"
        "The model weights are licensed under the Llama 3.2 Community License Agreement.\n"
    )
    assert ident.license.is_unknown, ident.license.evidence
    assert "LicenseRef-llama3.2" in ident.license.evidence


@pytest.mark.parametrize(
    "after",
    [
        "Built with Llama 3.1. Trained on public data.",  # a model, not its license
        "This project has no research license.",  # no one's terms
        "See the Open RAIL initiative for responsible licensing.",
    ],
)
def test_a_model_or_a_generic_phrase_named_after_a_permissive_text_changes_nothing(
    after: str,
) -> None:
    text = (CORPUS_LICENSES / "mit.txt").read_text(encoding="utf-8")
    ident = identify_text(f"{text}\n\n{after}\n")
    assert ident.license.spdx == "MIT", ident.license.evidence
    assert not [m for m in ident.matches if m.kind == "named"]


def test_a_model_license_text_naming_itself_stays_that_license() -> None:
    text = (CORPUS_LICENSES / "llama3.1.txt").read_text(encoding="utf-8")
    ident = identify_text(
        f"{text}\n\nLlama 3.1 is licensed under the Llama 3.1 Community License.\n"
    )
    assert ident.license.key == "llama3.1", ident.license.evidence


_COMPONENTS = (
    "This project includes third-party components with separate licenses.\n\n"
    "### yyjson\n\n- Upstream: https://github.com/ibireme/yyjson\n- License: {first}\n\n"
    "### TinyCC\n\n- Upstream: https://repo.or.cz/tinycc.git\n- License: {second}\n"
)


def test_license_fields_of_included_components_are_their_and() -> None:
    ident = identify_text(_COMPONENTS.format(first="MIT", second="GNU LGPL v2.1 or later"))
    assert ident.license.spdx == "MIT AND LGPL-2.1-or-later", ident.license.evidence


@pytest.mark.parametrize(
    "text",
    [
        # one field naming a license we do not know makes the list unknown
        _COMPONENTS.format(first="MIT", second="the TinyCC license"),
        # a README's own field is no list of included parts
        "This package includes a parser.\n\n- Author: Acme\n- License: MIT\n",
    ],
)
def test_license_fields_are_read_only_as_a_list_of_known_parts(text: str) -> None:
    assert identify_text(text).license.is_unknown


def test_a_long_list_of_names_in_the_endorsement_slot_still_forbids() -> None:
    """pyfaidx's clause names Johns Hopkins, its affiliates and their staff in 51 words
    before "may be used to endorse": the copier's names, and the clause still forbids; with
    "Neither" made "The" it permits, and the text is unknown."""
    text = (PACKAGES / "pyfaidx-0.9.2.2.LICENSE").read_text(encoding="utf-8")
    assert identify_text(text).license.spdx == "BSD-3-Clause"
    inverted = identify_text(text.replace("3. Neither the name", "3. The name")).license
    assert inverted.is_unknown
    assert "endorsement clause permits" in inverted.evidence
