"""Package licenses read from the license files a wheel ships (issue #14)."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from llmaudit.licenses.packages import classify_package
from llmaudit.models import LicenseFile, LicenseSource, PackageFacts
from llmaudit.resolve.packages import read_license_files

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"
BSD_CLASSIFIER = ("License :: OSI Approved :: BSD License",)
CORPUS_LICENSES = Path(__file__).resolve().parents[1] / "data" / "corpus" / "licenses"


def _file(name: str, path: str = "") -> LicenseFile:
    data = (PACKAGES / name).read_bytes()
    return LicenseFile(
        path=path or name, text=data.decode(), sha256=hashlib.sha256(data).hexdigest()
    )


def _text(path: str, text: str) -> LicenseFile:
    return LicenseFile(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def _dist_info(root: Path, name: str, files: dict[str, str], metadata_lines: list[str]) -> Path:
    """A real .dist-info directory (METADATA, RECORD and the given files) under `root`."""
    info = root / f"{name}.dist-info"
    for relative, source in files.items():
        target = info / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((PACKAGES / source).read_bytes())
    (info / "METADATA").write_text("\n".join(["Metadata-Version: 2.4", *metadata_lines]) + "\n")
    record = [f"{info.name}/{p},," for p in [*files, "METADATA", "RECORD"]]
    record.append("pkg/__init__.py,,")
    (info / "RECORD").write_text("\n".join(record) + "\n")
    return info


def test_jinja2_with_only_the_bsd_classifier_gets_bsd3_from_its_license_file(tmp_path) -> None:
    info = _dist_info(
        tmp_path,
        "jinja2-3.1.6",
        {"licenses/LICENSE.txt": "jinja2-3.1.6.LICENSE.txt"},
        [
            "Name: Jinja2",
            "Version: 3.1.6",
            f"Classifier: {BSD_CLASSIFIER[0]}",
            "License-File: LICENSE.txt",
        ],
    )
    files = read_license_files(metadata.PathDistribution(info))
    assert [f.path for f in files] == ["jinja2-3.1.6.dist-info/licenses/LICENSE.txt"]
    found = classify_package(
        PackageFacts(name="jinja2", license_classifiers=BSD_CLASSIFIER, license_files=files)
    )
    assert (found.key, found.spdx, found.source) == (
        "bsd-3-clause",
        "BSD-3-Clause",
        LicenseSource.LICENSE_FILE,
    )
    assert "classifiers BSD License" in found.evidence
    # without the file the classifier alone says too little
    assert classify_package(
        PackageFacts(name="jinja2", license_classifiers=BSD_CLASSIFIER)
    ).is_unknown


def test_only_license_files_of_the_dist_info_are_read(tmp_path) -> None:
    info = _dist_info(
        tmp_path,
        "tzdata-2026.6",
        {
            "licenses/LICENSE": "tzdata-2026.6.LICENSE",
            "COPYING": "jinja2-3.1.6.LICENSE.txt",
            "entry_points.txt": "jinja2-3.1.6.LICENSE.txt",
        },
        ["Name: tzdata", "Version: 2026.6", "License: Apache-2.0"],
    )
    paths = [f.path for f in read_license_files(metadata.PathDistribution(info))]
    assert paths == ["tzdata-2026.6.dist-info/COPYING", "tzdata-2026.6.dist-info/licenses/LICENSE"]


def test_generic_bsd_metadata_is_refined_by_the_file() -> None:
    found = classify_package(
        PackageFacts(
            name="x", license_expression="BSD", license_files=(_file("jinja2-3.1.6.LICENSE.txt"),)
        )
    )
    assert found.spdx == "BSD-3-Clause"
    assert "package-metadata: BSD" in found.evidence


def test_metadata_and_file_that_agree_raise_confidence() -> None:
    facts = PackageFacts(
        name="python-dateutil",
        license_expression="BSD-3-Clause",
        license_files=(_file("python_dateutil-4.0.0.LICENSE"),),
    )
    found = classify_package(facts)
    assert found.spdx == "BSD-3-Clause"  # the file's header names Apache, its body holds BSD-3
    assert found.confidence >= 0.95
    assert "license file python_dateutil-4.0.0.LICENSE says Apache-2.0" in found.evidence


def test_metadata_and_file_that_disagree_report_both_and_keep_the_stricter() -> None:
    facts = PackageFacts(
        name="x",
        license_expression="MIT",
        license_files=(_file("certifi-2026.10.19.post1.LICENSE"),),
    )
    found = classify_package(facts)
    assert found.key == "mpl-2.0"
    assert found.confidence == 0.5
    assert "disagree" in found.evidence and "package-metadata: MIT" in found.evidence
    assert "MPL" in found.evidence


def test_pointer_file_reads_the_files_shipped_beside_it() -> None:
    files = tuple(
        _file(f"packaging-26.4.{n}", f"packaging-26.4.dist-info/licenses/{n}")
        for n in ("LICENSE", "LICENSE.APACHE", "LICENSE.BSD")
    )
    found = classify_package(PackageFacts(name="packaging", license_files=files))
    assert found.spdx == "Apache-2.0 OR BSD-2-Clause"
    assert "pointer l.1" in found.evidence


def test_unknown_file_leaves_the_metadata_answer() -> None:
    facts = PackageFacts(
        name="matplotlib",
        license_classifiers=("License :: OSI Approved :: Python Software Foundation License",),
        license_files=(_file("matplotlib-3.11.2.LICENSE"),),
    )
    found = classify_package(facts)
    assert (found.key, found.source) == ("psf-2.0", LicenseSource.PACKAGE_METADATA)


def test_a_model_repo_license_pointer_reads_the_files_beside_it() -> None:
    from llmaudit.licenses.classify import classify
    from llmaudit.models import LicenseDeclaration

    files = tuple(
        _file(f"packaging-26.4.{n}", n) for n in ("LICENSE", "LICENSE.APACHE", "LICENSE.BSD")
    )
    evidence = classify(LicenseDeclaration(files=files)).evidence
    pointer = next(m for m in evidence if "license-file: LICENSE " in m.evidence + " ")
    assert pointer.spdx == "Apache-2.0 OR BSD-2-Clause"  # how the files combine is classify's
    assert pointer.source is LicenseSource.LICENSE_FILE


def test_a_vendored_pointer_reads_the_files_beside_it_and_the_own_license_comes_first() -> None:
    """pip ships `licenses/src/pip/_vendor/<project>/LICENSE*` beside its own LICENSE: the
    vendored packaging's pointer resolves in its own folder (not another project's
    LICENSE.BSD), and the package's own file is identified first."""
    from llmaudit.licenses.package_files import identify_files

    vendor = "pip-26.3.dist-info/licenses/src/pip/_vendor"
    files = (
        _file("packaging-26.4.LICENSE", f"{vendor}/packaging/LICENSE"),
        _file("packaging-26.4.LICENSE.APACHE", f"{vendor}/packaging/LICENSE.APACHE"),
        _file("packaging-26.4.LICENSE.BSD", f"{vendor}/packaging/LICENSE.BSD"),
        _file("jinja2-3.1.6.LICENSE.txt", f"{vendor}/other/LICENSE.BSD"),
        _file("click-8.5.1.LICENSE.txt", "pip-26.3.dist-info/licenses/LICENSE.txt"),
    )
    found = {file.path: ident.license.spdx for file, ident in identify_files(files)}
    assert next(iter(found)) == "pip-26.3.dist-info/licenses/LICENSE.txt"
    assert found[f"{vendor}/packaging/LICENSE"] == "Apache-2.0 OR BSD-2-Clause"
    assert found[f"{vendor}/other/LICENSE.BSD"] == "BSD-3-Clause"


def test_a_license_file_that_adds_use_restrictions_makes_the_package_unknown() -> None:
    mit = (CORPUS_LICENSES / "mit.txt").read_text(encoding="utf-8")
    addendum = "\n\nThe model weights shipped in this package are for non-commercial use only.\n"
    files = (_text("acme_weights-1.0.dist-info/licenses/LICENSE", mit + addendum),)
    facts = PackageFacts(name="acme-weights", license_expression="MIT", license_files=files)
    found = classify_package(facts)
    assert found.is_unknown
    assert "adds terms that restrict use ('non commercial')" in found.evidence


def test_a_vendored_license_with_restrictions_does_not_change_the_package() -> None:
    mit = (CORPUS_LICENSES / "mit.txt").read_text(encoding="utf-8")
    restricted = mit + "\n\nFor research use only.\n"
    files = (
        _text("pkg-1.0.dist-info/licenses/LICENSE", mit),
        _text("pkg-1.0.dist-info/licenses/src/pkg/_vendor/x/LICENSE", restricted),
    )
    facts = PackageFacts(name="pkg", license_expression="MIT", license_files=files)
    assert classify_package(facts).key == "mit"


def test_a_wheel_file_that_includes_a_shared_text_reads_it() -> None:
    """pypdfium2 ships BUILD_LICENSES/SHARED/Apache-2.0.txt and one-line files
    '#include ./SHARED/Apache-2.0.txt' (tests/data/licenses/includes)."""
    from llmaudit.licenses.package_files import identify_files

    root = Path(__file__).resolve().parents[1] / "data" / "licenses" / "includes"
    base = "pypdfium2-5.15.2.dist-info/licenses/BUILD_LICENSES"
    names = ["SHARED/Apache-2.0.txt", "highway.txt", "android/cpu_features.txt"]
    files = tuple(
        _text(
            f"{base}/{n}",
            (root / "pypdfium2-5.15.2" / "BUILD_LICENSES" / n).read_text(encoding="utf-8"),
        )
        for n in names
    )
    found = {file.path: ident.license.spdx for file, ident in identify_files(files)}
    assert found[f"{base}/highway.txt"] == "Apache-2.0"
    assert found[f"{base}/android/cpu_features.txt"] == "Apache-2.0"
