"""Hostile paths given on the command line: one line and exit 2, or a per-file note."""

from __future__ import annotations

import json

from .clihelp import assert_one_line_error, run_cli

USE = 'from transformers import AutoModel\nAutoModel.from_pretrained("org-good/model")\n'


def test_files_mode_notes_binary_and_reports_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text(USE)
    (tmp_path / "blob.py").write_bytes(b"\x00\x01\x02" * 1000)
    result = run_cli("scan", "--files", "good.py", "blob.py", "--offline", "--format", "json")
    document = json.loads(result.stdout)
    assert [m["id"] for m in document["models"]] == ["org-good/model"]
    assert {"path": "blob.py", "message": "skipped binary file", "line": None} in document["notes"]


def test_files_mode_with_a_missing_file_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(
        run_cli("scan", "--files", "nope.py", "--offline"), 2, "not a file: nope.py"
    )


def test_scan_of_a_missing_folder_is_one_line(tmp_path):
    assert_one_line_error(
        run_cli("scan", str(tmp_path / "nowhere"), "--offline"), 2, "no such folder"
    )


def test_malformed_model_ids_are_one_line(tmp_path):
    result = run_cli("check", "org/../../etc", "--offline")
    assert_one_line_error(result, 2, "invalid model id 'org/../../etc'")


def test_identify_binary_and_huge_files(tmp_path):
    (tmp_path / "blob").write_bytes(b"\x00" * 5000)
    with (tmp_path / "huge.txt").open("w") as handle:
        handle.write("Permission is hereby granted, free of charge " * 600_000)
    result = run_cli(
        "identify", str(tmp_path / "blob"), str(tmp_path / "huge.txt"), "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    blob, huge = json.loads(result.stdout)
    assert (blob["license"]["id"], blob["license"]["evidence"]) == ("unknown", "binary file")
    assert huge["license"]["id"] == "unknown"  # one MIT sentence repeated is not the MIT text


def test_unwritable_report_target_is_one_line(tmp_path):
    target = tmp_path / "missing-dir" / "report.json"
    result = run_cli("scan", str(tmp_path), "--offline", "-o", str(target))
    assert_one_line_error(result, 2, "cannot write report")
    assert not target.parent.exists()
