"""NOTICE carries the copyright lines of the models' and packages' own files (issue #17)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from llmaudit.licenses.copyright import find_copyright_lines
from llmaudit.models import LicenseFile, PackageRef
from llmaudit.report import render
from llmaudit.resolve.packages import installed_package_facts

FILES = Path(__file__).resolve().parents[1] / "data" / "license-files"


def _license_file(path: str, name: str) -> LicenseFile:
    text = (FILES / name).read_text(encoding="utf-8")
    return LicenseFile(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def _with_files(sample_result, index, *files):
    audit = sample_result.models[index]
    facts = dataclasses.replace(
        audit.facts,
        declaration=dataclasses.replace(audit.facts.declaration, files=files),
        files=tuple(f.path for f in files),
    )
    models = list(sample_result.models)
    models[index] = dataclasses.replace(audit, facts=facts)
    return dataclasses.replace(sample_result, models=tuple(models))


def _section(notice: str, model_id: str) -> str:
    rule = "-" * 78
    return notice.split(f"\n{model_id}\n{rule}\n", 1)[1].split(f"\n{rule}\n", 1)[0]


def test_copyright_line_of_the_model_license_file_is_reproduced(sample_result):
    result = _with_files(sample_result, 0, _license_file("LICENSE", "openai-whisper.LICENSE"))
    section = _section(render(result, "notice"), "sentence-transformers/all-MiniLM-L6-v2")
    assert "\nCopyright (c) 2022 OpenAI\n" in section
    assert "credit the publisher" not in section


def test_notice_file_of_the_model_is_reproduced_verbatim(sample_result):
    result = _with_files(sample_result, 0, _license_file("NOTICE", "requests-2.34.2.NOTICE"))
    section = _section(render(result, "notice"), "sentence-transformers/all-MiniLM-L6-v2")
    assert "Contents of NOTICE in the model repository" in section
    assert "Requests\nCopyright 2019 Kenneth Reitz" in section
    assert "ships NOTICE" not in section  # read, so reproduced rather than pointed at


def test_without_a_copyright_line_the_publisher_is_credited(sample_result):
    notice = render(sample_result, "notice")
    section = _section(notice, "sentence-transformers/all-MiniLM-L6-v2")
    assert (
        "files were not read;\ncredit the publisher, sentence-transformers "
        "(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)." in section
    )
    nllb = _section(notice, "facebook/nllb-200-distilled-600M")
    assert "files state no copyright line;\ncredit the publisher, facebook" in nllb


def test_models_that_fail_the_policy_are_marked(sample_result):
    notice = render(sample_result, "notice")
    nllb = _section(notice, "facebook/nllb-200-distilled-600M")
    assert "POLICY:   FAIL under policy 'commercial' (commercial-use)." in nllb
    assert "POLICY:" not in _section(notice, "sentence-transformers/all-MiniLM-L6-v2")
    assert "PyMuPDF 1.24.10: AGPL-3.0-only (FAIL under policy 'commercial')" in notice


def test_installed_package_license_files_give_copyright_lines():
    for name, line in (
        ("requests", "Copyright 2019 Kenneth Reitz"),  # its NOTICE (§4(d))
        ("PyYAML", "Copyright (c) 2006-2016 Kirill Simonov"),
    ):
        facts = installed_package_facts(PackageRef(name=name))
        assert facts is not None
        assert line in [
            found for f in facts.license_files for found in find_copyright_lines(f.text)
        ]


def test_package_copyright_lines_are_in_the_notice(sample_result):
    package = sample_result.packages[0]
    facts = installed_package_facts(PackageRef(name="requests"))
    assert facts is not None
    packages = (
        dataclasses.replace(
            package, facts=dataclasses.replace(package.facts, license_files=facts.license_files)
        ),
        *sample_result.packages[1:],
    )
    notice = render(dataclasses.replace(sample_result, packages=packages), "notice")
    assert "transformers 4.44.2: Apache-2.0\n  Copyright 2019 Kenneth Reitz\n" in notice
