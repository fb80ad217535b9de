"""classify_package(): PEP 639 expressions, License fields and classifiers to SPDX."""

from __future__ import annotations

import pytest

from llmaudit.licenses import classify_package
from llmaudit.licenses.packages import _BSD_FAMILY, _CLASSIFIERS
from llmaudit.licenses.spdx import _parse_with, parse_spdx_expression, spdx_licensing
from llmaudit.models import LicenseSource, PackageFacts


@pytest.mark.parametrize(
    ("expression", "key", "spdx"),
    [
        ("MIT", "mit", "MIT"),
        ("Apache-2.0", "apache-2.0", "Apache-2.0"),
        ("Apache 2.0", "apache-2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "apache-2.0", "Apache-2.0"),
        ("MIT License", "mit", "MIT"),
        ("BSD-3-Clause", "bsd-3-clause", "BSD-3-Clause"),
        ("GPL-2.0+", "gpl-2.0", "GPL-2.0-or-later"),
        ("LGPL-3.0-or-later", "lgpl-3.0", "LGPL-3.0-or-later"),
        ("PSF-2.0", "psf-2.0", "PSF-2.0"),
        ("Apache-2.0 OR BSD-3-Clause", "apache-2.0", "Apache-2.0 OR BSD-3-Clause"),
        ("MIT AND GPL-3.0-only", "gpl-3.0", "MIT AND GPL-3.0-only"),
        ("BlueOak-1.0.0", "blueoak-1.0.0", "BlueOak-1.0.0"),
    ],
)
def test_license_expression_and_field(expression, key, spdx):
    match = classify_package(PackageFacts(name="pkg", license_expression=expression))
    assert (match.key, match.spdx) == (key, spdx)
    assert match.source is LicenseSource.PACKAGE_METADATA
    assert match.confidence >= 0.85


@pytest.mark.parametrize(
    ("classifiers", "key", "spdx"),
    [
        (("License :: OSI Approved :: MIT License",), "mit", "MIT"),
        (("License :: OSI Approved :: Apache Software License",), "apache-2.0", "Apache-2.0"),
        (
            ("License :: OSI Approved :: GNU General Public License v3 (GPLv3)",),
            "gpl-3.0",
            "GPL-3.0-only",
        ),
        (
            (
                "License :: OSI Approved :: MIT License",
                "License :: OSI Approved :: Apache Software License",
            ),
            "mit",
            "MIT OR Apache-2.0",
        ),
    ],
)
def test_classifiers(classifiers, key, spdx):
    match = classify_package(PackageFacts(name="pkg", license_classifiers=classifiers))
    assert (match.key, match.spdx) == (key, spdx)


def test_versionless_classifier_is_less_confident():
    match = classify_package(
        PackageFacts(
            name="pkg", license_classifiers=("License :: OSI Approved :: Apache Software License",)
        )
    )
    assert match.confidence < 0.8


@pytest.mark.parametrize(
    "facts",
    [
        PackageFacts(name="pkg"),
        PackageFacts(name="pkg", license_expression="UNKNOWN"),
        PackageFacts(name="pkg", license_expression="Proprietary"),
        PackageFacts(name="pkg", license_expression="MIT AND LicenseRef-Proprietary"),
        PackageFacts(name="pkg", license_classifiers=("License :: Other/Proprietary License",)),
        PackageFacts(
            name="pkg",
            license_classifiers=(
                "License :: OSI Approved :: MIT License",
                "License :: Other/Proprietary License",
            ),
        ),
    ],
)
def test_unnormalisable_metadata_is_unknown(facts):
    match = classify_package(facts)
    assert match.is_unknown
    assert match.spdx == "NOASSERTION"


def test_expression_beats_classifiers():
    facts = PackageFacts(
        name="pkg",
        license_expression="Apache-2.0",
        license_classifiers=("License :: OSI Approved :: MIT License",),
    )
    assert classify_package(facts).key == "apache-2.0"


def test_with_exception_names_the_license_not_the_exception():
    from llmaudit.licenses import classify_package
    from llmaudit.models import PackageFacts

    torch_2025 = (
        "Apache-2.0 AND Apache-2.0 WITH LLVM-exception AND BSD-2-Clause AND "
        "BSD-3-Clause AND BSL-1.0 AND ISC AND MIT AND Zlib"
    )
    match = classify_package(PackageFacts(name="torch", license_expression=torch_2025))
    assert match.key != "llvm-exception"
    assert not match.is_unknown
    assert "LLVM-exception" in match.spdx


@pytest.mark.parametrize("name", sorted(_CLASSIFIERS))
def test_each_classifier_parses_as_the_spdx_list_parses_it(name):
    # The pre-commit path answers classifiers without license-expression's SPDX index where
    # it can; the index must agree.
    spdx, _ = _CLASSIFIERS[name]
    by_index = _parse_with(spdx_licensing(), spdx)
    if spdx == _BSD_FAMILY:
        assert by_index.keys == () and by_index.unknown == (spdx,)
    else:
        assert parse_spdx_expression(spdx) == by_index


def test_bsd_classifier_alone_is_unknown_until_the_files_say_which_bsd():
    match = classify_package(
        PackageFacts(name="pkg", license_classifiers=("License :: OSI Approved :: BSD License",))
    )
    assert match.is_unknown
    assert match.evidence == "package-metadata: classifiers BSD License"
