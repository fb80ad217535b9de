"""Notebook cell lines map to lines of the .ipynb file (SARIF needs file lines, issue #17)."""

from __future__ import annotations

import json
from pathlib import Path

from llmaudit.discover.notebook_lines import map_cell_lines
from llmaudit.discover.notebooks import read_notebook

DATA = Path(__file__).resolve().parents[1] / "data"


def _sources(text):
    cells = json.loads(text)["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]


def test_every_line_of_every_cell_of_a_real_notebook_maps_to_its_file_line():
    text = (DATA / "notebooks" / "whisper-LibriSpeech.ipynb").read_text(encoding="utf-8")
    sources = _sources(text)
    file_lines = text.splitlines()
    mapped = map_cell_lines(text, sources)
    assert len(mapped) == len(sources) == 15
    checked = 0
    for source, lines in zip(sources, mapped, strict=True):
        cell_lines = source.split("\n")
        if cell_lines[-1] == "":
            cell_lines.pop()
        assert len(lines) == len(cell_lines)
        for cell_line, file_line in zip(cell_lines, lines, strict=True):
            encoded = json.dumps(cell_line, ensure_ascii=False)[1:-1]
            assert encoded in file_lines[file_line - 1]
            checked += 1
    assert checked > 50


def test_a_found_model_points_at_its_line_in_the_file():
    path = (
        DATA
        / "projects"
        / "real-peft"
        / "examples"
        / "multi_adapter_weighted_inference_diffusers.ipynb"
    )
    text = path.read_text(encoding="utf-8")
    scan = read_notebook(text)
    candidate = next(
        c for c in scan.candidates if c.value == "stabilityai/stable-diffusion-xl-base-1.0"
    )
    file_line = scan.cell_file_lines[candidate.cell][candidate.line - 1]
    cell_line = scan.cell_lines[candidate.cell][candidate.line - 1]
    assert json.dumps(cell_line)[1:-1] in text.splitlines()[file_line - 1]
    assert file_line > candidate.line  # a file line, not the cell's own numbering


def test_string_sources_and_source_keys_in_metadata_are_handled():
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"source": "decoy"},
                "outputs": [
                    {"output_type": "display_data", "data": {"application/json": {"source": "x"}}}
                ],
                "source": "import x\nm = load('org/model')",
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1)
    [lines] = map_cell_lines(text, _sources(text))
    line = text.splitlines()[lines[1] - 1]
    assert lines[0] == lines[1] and '"source": "import x' in line


def test_a_cell_that_cannot_be_placed_gets_no_lines():
    text = json.dumps({"cells": [{"cell_type": "code", "source": ["a\n", "b"]}]})
    assert map_cell_lines(text, ["something else"]) == ((),)
