"""No output names a file of the project's own workshop: every source is one a reader can open.

Issue #17: reports cited "shared corpus licenses/llama3.1.txt" and "notes/license-facts.md".
The audit here uses every model of the built-in table (so every knowledge-base entry those
models reach, their lineage and the table's provenance notes) in every format, and
`llmaudit licenses` prints every key, as text and JSON.
"""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.licenses import all_licenses
from llmaudit.package_data import read_package_text
from llmaudit.report import FORMATS

INTERNAL = re.compile(
    r"shared[ /]corpus|(?<![\w/.-])corpus[:/]|\(corpus |license-facts|(?<![\w/.-])notes/"
    r"|PROVENANCE|\.\./shared|(?<![\w/.:-])licenses/[\w.+-]+\.(?:txt|md)\b"
    r"|text_file",
    re.IGNORECASE,
)


def _leaks(text: str) -> list[str]:
    return sorted({text[max(0, m.start() - 40) : m.end() + 40] for m in INTERNAL.finditer(text)})


def test_the_pattern_catches_the_reported_leaks():
    for leak in (
        "(shared corpus licenses/llama3.1.txt)",
        "per notes/license-facts.md",
        "source: corpus:hub-api/json/gpt2.json",
        "(corpus mit.txt)",
        "text_file: llama3.1.txt",
    ):
        assert _leaks(leak), leak
    for public in (
        "https://www.apache.org/licenses/LICENSE-2.0.txt",
        "bookcorpus",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
    ):
        assert not _leaks(public), public


@pytest.fixture(scope="module")
def every_builtin_model(tmp_path_factory):
    table = yaml.safe_load(read_package_text("data", "models.yaml"))
    ids = sorted(entry["id"] for entry in table["models"])
    root = tmp_path_factory.mktemp("every-model")
    lines = ["from transformers import AutoModel"]
    lines += [f'm{n} = AutoModel.from_pretrained("{model_id}")' for n, model_id in enumerate(ids)]
    (root / "app.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, len(ids)


@pytest.fixture(scope="module")
def every_format(every_builtin_model, tmp_path_factory):
    """One scan writing a report in every format (`-o FORMAT=PATH` each): format -> text."""
    root, _ = every_builtin_model
    out = tmp_path_factory.mktemp("reports")
    outputs = [arg for fmt in sorted(FORMATS) for arg in ("-o", f"{fmt}={out / fmt}")]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        run = CliRunner().invoke(
            cli,
            [
                "scan",
                str(root),
                "--offline",
                "--cache-dir",
                str(out / "cache"),
                *outputs,
                "--fail-on",
                "never",
                "-v",
            ],
        )
    assert run.exit_code == 0, run.output
    return {fmt: (out / fmt).read_text(encoding="utf-8") for fmt in FORMATS}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_names_an_internal_file(every_builtin_model, every_format, fmt):
    _, count = every_builtin_model
    text = every_format[fmt]
    assert text.count("Llama") > 0 or fmt == "concise"  # the audit really covered the table
    assert count > 100
    assert _leaks(text) == []


def test_licenses_command_names_no_internal_file():
    runner = CliRunner()
    keys = sorted(info.key for info in all_licenses())
    assert len(keys) > 100
    outputs = [
        runner.invoke(cli, ["licenses"]),
        runner.invoke(cli, ["licenses", "--format", "json"]),
    ]
    for key in keys:
        outputs.append(runner.invoke(cli, ["licenses", key]))
        outputs.append(runner.invoke(cli, ["licenses", key, "--format", "json"]))
    for run in outputs:
        assert run.exit_code == 0, run.output
        assert _leaks(run.output) == []
