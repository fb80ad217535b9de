"""The issue's "done when": `llmaudit scan --format json` lists each model once, no decoy."""

from __future__ import annotations

import json

from click.testing import CliRunner

from llmaudit.cli import cli


def _scan_json(path, tmp_path) -> dict:
    result = CliRunner().invoke(
        cli,
        [
            "scan",
            str(path),
            "--offline",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
    )
    assert result.exit_code in (0, 3), result.output  # 3: some facts unresolved offline
    return json.loads(result.stdout)


def test_scan_json_lists_every_model_once_with_locations(projects, tmp_path):
    report = _scan_json(projects / "discover-app", tmp_path)
    ids = [m["id"] for m in report["models"]]
    assert len(ids) == len({i.lower() for i in ids}) + 1  # Llama 3.1 twice: two revisions
    assert "EleutherAI/gpt-neox-20b" not in ids
    llama = [m for m in report["models"] if m["id"] == "meta-llama/Llama-3.1-8B-Instruct"]
    assert sorted((loc["path"], loc["line"]) for m in llama for loc in m["locations"]) == [
        ("README.md", 3),
        ("app.py", 12),  # the constant, in both references (two revisions)
        ("app.py", 12),
        ("app.py", 20),
        ("app.py", 21),
    ]
    names = {p["name"] for p in report["packages"]}
    assert {"torch", "transformers", "numpy", "sentence-transformers"} <= names


def test_scan_json_on_decoys_lists_no_model(projects, tmp_path):
    report = _scan_json(projects / "decoys", tmp_path)
    assert report["models"] == []
