from __future__ import annotations

import os

import pytest

from llmaudit.errors import ExitCode, InputError
from llmaudit.report import write_report


def test_write_report_replaces_existing_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    write_report(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_report_keeps_permissions_of_existing_report(tmp_path):
    target = tmp_path / "report.sarif"
    target.write_text("old")
    target.chmod(0o640)
    write_report(target, "x")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("exc", "raised"), [(KeyboardInterrupt, KeyboardInterrupt), (OSError, InputError)]
)
def test_interrupted_write_leaves_old_report_and_no_temp_file(tmp_path, monkeypatch, exc, raised):
    target = tmp_path / "report.html"
    target.write_text("complete old report")

    def explode(*args, **kwargs):
        raise exc()

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(raised):
        write_report(target, "half")
    assert target.read_text() == "complete old report"
    assert os.listdir(tmp_path) == ["report.html"]


def test_write_report_writes_utf8_without_newline_translation(tmp_path):
    target = tmp_path / "NOTICE"
    write_report(target, "Copyright \u00a9 Meta\r\nx\n")
    assert target.read_bytes() == "Copyright \u00a9 Meta\r\nx\n".encode()


def test_missing_directory_is_a_one_line_input_error(tmp_path):
    with pytest.raises(InputError, match=r"cannot write report .*nope/r.json") as info:
        write_report(tmp_path / "nope" / "r.json", "x")
    assert info.value.exit_code == ExitCode.USAGE
