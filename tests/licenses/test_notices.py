"""License notices, SPDX lines and pointers name a license with their evidence line (#14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from llmaudit.licenses.fingerprint import identify_path, identify_text
from llmaudit.licenses.normalize import tokenize_text
from llmaudit.licenses.notices import find_notices

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"

# (file in tests/data/licenses/packages, SPDX, line of the evidence)
REAL_FILES = [
    ("certifi-2026.10.19.post1.LICENSE", "MPL-2.0", 15),
    ("tzdata-2026.6.LICENSE", "Apache-2.0", 6),
    ("python_dateutil-4.0.0.LICENSE", "Apache-2.0", 4),
    ("tqdm-4.70.1.LICENCE", "MPL-2.0", 23),
    ("license_expression-30.4.4.NOTICE", "Apache-2.0", 5),
    ("ipython-9.19.1.COPYING.rst", "BSD-3-Clause", 5),
    ("pillow-13.0.0.LICENSE", "MIT-CMU", 10),
    ("numpy-2.4.6.numpy_random_src_splitmix64_LICENSE.md", "CC0-1.0", 5),
    ("pycryptodome-4.5.0.src_mlkem-native_LICENSE", "Apache-2.0 OR ISC OR MIT", 4),
    ("pymupdf-2.1.COPYING", "AGPL-3.0-only OR LicenseRef-artifex-commercial", 1),
]


@pytest.mark.parametrize(("name", "spdx", "line"), REAL_FILES, ids=[r[0] for r in REAL_FILES])
def test_real_notice_files_name_their_license_with_the_line(
    name: str, spdx: str, line: int
) -> None:
    ident = identify_path(PACKAGES / name)
    assert ident.license.spdx == spdx
    assert f"l.{line}:" in ident.license.evidence


def test_dateutil_reports_the_bundled_bsd_text_with_its_span() -> None:
    ident = identify_path(PACKAGES / "python_dateutil-4.0.0.LICENSE")
    assert "bsd-3-clause l.30-52" in ident.license.evidence
    assert [m.kind for m in ident.matches] == ["notice", "license"]


def test_pointer_to_two_license_files_reads_both(tmp_path: Path) -> None:
    for name in ("LICENSE", "LICENSE.APACHE", "LICENSE.BSD"):
        shutil.copy(PACKAGES / f"packaging-26.4.{name}", tmp_path / name)
    ident = identify_path(tmp_path / "LICENSE")
    assert ident.license.spdx == "Apache-2.0 OR BSD-2-Clause"
    assert ident.license.evidence.startswith("pointer l.1: either of LICENSE.APACHE or LICENSE.BSD")


def test_pointer_without_its_files_is_unknown_and_says_where_it_points(tmp_path: Path) -> None:
    shutil.copy(PACKAGES / "packaging-26.4.LICENSE", tmp_path / "LICENSE")
    ident = identify_path(tmp_path / "LICENSE")
    assert ident.license.is_unknown
    assert "LICENSE.APACHE or LICENSE.BSD" in ident.license.evidence


GNU = (
    "This library is free software; you can redistribute it and/or\nmodify it under the terms "
    "of the GNU Lesser General Public\nLicense as published by the Free Software Foundation; "
    "either\nversion {v} of the License{later}.\n"
)


@pytest.mark.parametrize(
    ("version", "later", "spdx"),
    [
        ("2.1", ", or (at your option) any later version", "LGPL-2.1-or-later"),
        ("2.1", "", "LGPL-2.1-only"),
        ("3", ", or (at your option) any later version", "LGPL-3.0-or-later"),
    ],
)
def test_lgpl_notice(version: str, later: str, spdx: str) -> None:
    ident = identify_text(GNU.format(v=version, later=later))
    assert ident.license.spdx == spdx


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        ("// SPDX-License-Identifier: MIT OR Apache-2.0\n", "MIT OR Apache-2.0"),
        ("<!-- SPDX-License-Identifier: BSD-3-Clause -->\n", "BSD-3-Clause"),
        (
            "Licensed under either of Apache License, Version 2.0 or MIT license at your option.",
            "Apache-2.0 OR MIT",
        ),
        (
            "This program is free software: you can redistribute it under the terms of the GNU "
            "Affero General Public License as published by the Free Software Foundation, either "
            "version 3 of the License, or (at your option) any later version.",
            "AGPL-3.0-or-later",
        ),
        (
            "All content is made available under the terms of the Eclipse Public License v2.0.",
            "EPL-2.0",
        ),
        # docutils' COPYING.rst: "released under the `GNU General Public License`_ version 3
        # or later" (its rst markup around the name)
        (
            "released under the `GNU General Public License`_ version 3 or later",
            "GPL-3.0-or-later",
        ),
        (
            "under the terms of the GNU General Public License, version 2 or any later version",
            "GPL-2.0-or-later",
        ),
        (
            "This dataset is licensed under a Creative Commons Attribution 4.0 International "
            "License.",
            "CC-BY-4.0",
        ),
        (
            "This work is licensed under CC BY-NC-SA 4.0.",
            "CC-BY-NC-SA-4.0",
        ),
        (
            "The text is made available under the Creative Commons Attribution-ShareAlike 3.0 "
            "Unported License.",
            "CC-BY-SA-3.0",
        ),
        ("This project is licensed under the CC0 1.0 Universal license.", "CC0-1.0"),
        (
            "Licensed under either of the MIT license or the Creative Commons Attribution 4.0 "
            "International license.",
            "MIT OR CC-BY-4.0",
        ),
    ],
)
def test_spdx_lines_and_pointers(text: str, spdx: str) -> None:
    assert identify_text(text).license.spdx == spdx


@pytest.mark.parametrize(
    "text",
    [
        "This project is not licensed under the Apache License, Version 2.0.",
        "FreeType is incompatible with the GNU General Public License version 3, but not version 2.",
        "SPDX-License-Identifier: NotARealLicense-9\n",
        # a Creative Commons combination the knowledge base does not know is no neighbour
        "This work is licensed under the Creative Commons Attribution-NoDerivs 2.5 License.",
        "This work is licensed under the Creative Commons Attribution License.",
        "import os\nimport sys\nx = 1\ny = 2\n# Licensed under the Apache License, Version 2.0\n",
    ],
)
def test_mentions_negations_and_source_code_are_not_notices(text: str) -> None:
    assert identify_text(text).license.is_unknown


def test_notice_inside_a_full_text_is_part_of_it() -> None:
    lines = (PACKAGES / "pyarrow-26.0.1.LICENSE.txt").read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines[:202])  # the Apache-2.0 text with its appendix
    stream = tokenize_text(text)
    assert find_notices(stream, text)  # the appendix holds the header template ...
    ident = identify_text(text)
    assert ident.license.evidence.startswith("full text matches apache-2.0")
    assert [m.kind for m in ident.matches] == ["license"]  # ... which is not reported twice


@pytest.mark.parametrize(
    "sentence",
    [
        "Portions of this software are licensed under the MIT license.",
        "Some files in this directory are licensed under the Modified BSD License.",
        "The documentation is licensed under the MIT license.",
        "This software is not licensed under the MIT license.",
    ],
)
def test_a_license_named_for_a_part_of_the_work_is_no_pointer(sentence: str) -> None:
    assert find_notices(tokenize_text(sentence), sentence) == ()


def test_a_license_named_for_the_whole_work_is_a_pointer() -> None:
    text = "Acme is licensed under the terms of the Modified BSD License.\n"
    (notice,) = find_notices(tokenize_text(text), text)
    assert (notice.spdx, notice.kind) == ("BSD-3-Clause", "pointer")


def test_a_debian_copyright_file_names_every_license_its_paragraphs_give() -> None:
    """scikit-image's LICENSE.txt (DEP-5): "Files: *" under BSD-3-Clause, some files under
    BSD-2-Clause or MIT: all of them apply."""
    ident = identify_path(PACKAGES / "scikit_image-0.26.0.LICENSE.txt")
    assert ident.license.spdx == "BSD-3-Clause AND BSD-2-Clause AND MIT"
    assert ident.license.evidence.startswith("copyright-format l.3: License: BSD-3-Clause")


_DEP5 = "Files: *\nCopyright: 2020 Acme\nLicense: {whole}\n\nFiles: vendor/*\nCopyright: 2019 Other\nLicense: {part}\n"


@pytest.mark.parametrize(
    ("whole", "part", "spdx"),
    [
        ("Expat", "GPL-2+", "MIT AND GPL-2.0-or-later"),
        ("BSD-3-clause", "BSD-3-clause", "BSD-3-Clause"),
        ("Apache-2.0", "LGPL-2.1+ or MIT", "Apache-2.0 AND (LGPL-2.1-or-later OR MIT)"),
        # a paragraph whose license we do not know: no answer from the fields
        ("MIT", "Acme-Proprietary", "NOASSERTION"),
        ("MIT", "public-domain", "NOASSERTION"),
    ],
)
def test_debian_copyright_fields(whole: str, part: str, spdx: str) -> None:
    assert identify_text(_DEP5.format(whole=whole, part=part)).license.spdx == spdx


@pytest.mark.parametrize(
    "text",
    [
        'Licensed under the Apache License, Version 2.0 (the "License");\nyou may not use '
        "this file except in compliance with the License.\n\nThe model weights are released "
        "for non-commercial research only.\n",
        "Files: *\nCopyright: 2020 Acme\nLicense: MIT\n\nThe software may not be used for "
        "commercial purposes.\n",
    ],
)
def test_words_after_a_notice_that_take_commercial_use_away_make_it_unknown(text: str) -> None:
    ident = identify_text(text)
    assert ident.license.is_unknown, ident.license.spdx
    assert ident.restriction


def test_a_notice_beside_a_restriction_of_the_files_own_is_unknown() -> None:
    """7-Zip's LICENSE (extractcode-7z): an LGPL-2.1 notice, then "unRAR restriction ... cannot
    be used to re-create the RAR compression algorithm": never plain LGPL-2.1-or-later."""
    ident = identify_path(PACKAGES / "extractcode_7z-16.5.210531.LICENSE.txt")
    assert ident.license.is_unknown
    assert "adds a restriction" in ident.license.evidence


def test_no_restrictions_is_no_restriction() -> None:
    text = (
        'Licensed under the Apache License, Version 2.0 (the "License").\n'
        "There are no restrictions on use beyond the License.\n"
    )
    assert identify_text(text).license.spdx == "Apache-2.0"


@pytest.mark.parametrize(
    "text",
    [
        "This project is licensed under the Apache License 2.0. See LICENSE for details.",
        "Licensed under the Apache License, Version 2.0. See the LICENSE file.",
    ],
)
def test_a_version_ending_a_sentence_before_a_capital_is_kept(text: str) -> None:
    """ "2.0." before a capital read as a rewrapped list's enumerator dropped the version."""
    ident = identify_text(text)
    assert ident.license.spdx == "Apache-2.0", ident.license.evidence


def test_an_enumerator_moved_mid_line_is_still_dropped() -> None:
    tokens = tokenize_text("to do so, subject to the terms: 2. Engage in the activity").tokens
    assert "2" not in tokens
    assert tokenize_text("the Apache License 2.0. See LICENSE").tokens[-3:] == (
        "2.0",
        "see",
        "license",
    )


def test_an_spdx_line_in_a_markdown_code_span() -> None:
    ident = identify_text("## License\n\n`SPDX-License-Identifier: Apache-2.0 OR MIT`\n")
    assert ident.license.spdx == "Apache-2.0 OR MIT"
    assert "l.3:" in ident.license.evidence


COMPONENTS = (
    "Acme Widgets\nCopyright 2024 Acme, Inc.\n\n"
    'This product bundles parser 1.2 which is available under a "2-clause BSD" license.\n\n'
    "This software contains code from the following projects, licensed under the MIT license:\n"
    "  tinyjson - https://example.org/tinyjson\n"
)


def test_a_notice_that_names_only_included_parts_gives_their_and() -> None:
    ident = identify_text(COMPONENTS)
    assert ident.license.spdx == "BSD-2-Clause AND MIT"
    assert "l.4:" in ident.license.evidence and "l.6:" in ident.license.evidence


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("Commercial use is prohibited.\n", "commercial"),
        (
            "Permission is hereby granted to evaluate this software; redistribution is not "
            "permitted and no warranty is given.\n",
            "terms of its own",
        ),
        ("This product includes software from the Zed project.\n", "without a license"),
        ("Use of the parser is subject to export restrictions.\n", "restriction"),
    ],
)
def test_included_parts_beside_anything_else_stay_unknown(extra: str, reason: str) -> None:
    ident = identify_text(COMPONENTS + "\n" + extra)
    assert ident.license.is_unknown
    assert reason in ident.license.evidence


def test_an_apache_attribution_notice_names_no_license() -> None:
    text = (
        "Apache Avro\nCopyright 2010 The Apache Software Foundation\n\n"
        "This product includes software developed at\n"
        "The Apache Software Foundation (http://www.apache.org/).\n"
    )
    assert identify_text(text).license.is_unknown


def test_a_component_table_with_an_unknown_license_names_none() -> None:
    table = "Component,Origin,License,Copyright\nsrc,foo,MIT,Copyright 2020 Foo\n"
    assert identify_text(table).license.spdx == "MIT"
    assert identify_text(table + "src,bar,Acme-Proprietary,Copyright 2021 Bar\n").license.is_unknown


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        (
            "Dual licensed under the GNU GPL v3 or the Acme Commercial License.",
            "GPL-3.0-only OR LicenseRef-acme-commercial",
        ),
        (
            "This project is dual-licensed under AGPLv3 or a commercial license.",
            "AGPL-3.0-only OR LicenseRef-commercial",
        ),
        (
            "Dual licensed under AGPL 3.0 or later or our commercial license.",
            "AGPL-3.0-or-later OR LicenseRef-commercial",
        ),
        (
            "This library is dual licensed under the GNU LGPL version 2.1 or a commercial license.",
            "LGPL-2.1-only OR LicenseRef-commercial",
        ),
    ],
)
def test_a_dual_license_statement_is_the_or_of_what_it_names(text: str, spdx: str) -> None:
    found = identify_text(text).license
    assert found.spdx == spdx, found.evidence
    # the commercial alternative has no terms we know: the free license is the one chosen
    assert found.key == spdx.split("-only")[0].split("-or-later")[0].lower()


@pytest.mark.parametrize(
    "text",
    [
        "Dual licensed under GPL 4 or the Acme Commercial License.",  # no GPL 4
        "Dual licensed under the Acme Public License or a commercial license.",  # unknown name
        "We are not dual licensed under AGPL 3.0 or a commercial license.",
        "Dual licensed: GPL or commercial.",  # no version, no "license"
    ],
)
def test_a_dual_license_statement_naming_a_part_we_cannot_read_is_unknown(text: str) -> None:
    assert identify_text(text).license.is_unknown


@pytest.mark.parametrize(
    "expression", ["LicenseRef-acme-commercial", "MIT AND LicenseRef-acme-commercial"]
)
def test_a_commercial_license_ref_is_never_a_known_license(expression: str) -> None:
    """Alone or beside another license that also applies, terms we cannot read stay unknown:
    the commercial alternative of a dual license is never what a policy allows."""
    from llmaudit.licenses.packages import match_license_string

    assert match_license_string(expression).is_unknown
