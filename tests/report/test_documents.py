"""Content checks for the template formats: notice, html, markdown, junit."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from llmaudit.models import FactSource, LicenseInfo, LineageEntry, Obligation
from llmaudit.report import render
from llmaudit.report.templating import render_template, template_dir

LLAMA_NOTICE = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, "
    "Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved."
)


def test_template_dir_is_the_repo_templates_folder():
    assert (template_dir() / "report.html.j2").is_file()
    assert (template_dir() / "NOTICE.j2").is_file()


def test_templates_fail_loudly_on_missing_values():
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render_template("NOTICE.j2", project="x")


def test_notice_carries_llama_notice_and_built_with_llama_verbatim(sample_result):
    text = render(sample_result, "notice")
    assert LLAMA_NOTICE in text
    assert "Built with Llama" in text
    section = text.split("\nNousResearch/Hermes-3-Llama-3.1-8B\n")[1]
    assert "Based on: meta-llama/Llama-3.1-8B" in section
    assert "acme-internal/support-router" in text and "UNKNOWN" in text


def test_notice_includes_inherited_license_notice_of_a_base_model(sample_result):
    """A fine-tune under Apache-2.0 built on Llama 3.1 still owes the Llama notice."""
    llama = sample_result.models[1]
    base = LineageEntry(
        model_id="meta-llama/Llama-3.1-8B",
        relation="finetune",
        depth=1,
        license=llama.assessment.license,
        source=FactSource.HUB,
        info=llama.license_info,
    )  # the entry the licenses stage attaches
    apache = sample_result.models[0]
    inherited = Obligation(
        kind="notice",
        text="keep the Llama notice",
        license_key="llama3.1",
        inherited_from="meta-llama/Llama-3.1-8B",
    )
    audit = dataclasses.replace(apache, lineage=(base,), obligations=(inherited,))
    text = render(dataclasses.replace(sample_result, models=(audit,)), "notice")
    assert "Inherited from meta-llama/Llama-3.1-8B under the Llama 3.1 Community License" in text
    assert LLAMA_NOTICE in text


def test_notice_points_at_repo_notice_file(sample_result):
    apache = sample_result.models[0]
    facts = dataclasses.replace(apache.facts, files=("NOTICE", "config.json"))
    audit = dataclasses.replace(apache, facts=facts)
    text = render(dataclasses.replace(sample_result, models=(audit,)), "notice")
    assert "The model repository ships NOTICE" in text


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href"} and value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_has_every_section(sample_result):
    html = render(sample_result, "html")
    parser = _Collector()
    parser.feed(html.replace("<wbr>", ""))  # <wbr> splits text nodes
    assert parser.external == []
    assert "script" not in parser.tags
    text = " ".join(" ".join(parser.text).split())
    for needle in (
        "AI model compliance report",
        "Issues requiring action",
        "Lineage",
        "Obligations",
        "Required notice and attribution texts",
        LLAMA_NOTICE,
        "Built with Llama",
        "tatsu-lab/alpaca",
        "Software packages",
        "W-2026-007",
        "2026-06-30",
        "Could not be checked",
        "AGPL-3.0-only",
    ):
        assert needle in text, needle


def test_html_escapes_hostile_text(sample_result):
    model = sample_result.models[0]
    evil = dataclasses.replace(
        model, ref=dataclasses.replace(model.ref, id="org/<script>alert(1)</script>")
    )
    html = render(dataclasses.replace(sample_result, models=(evil,)), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_html_flags_expired_waiver(sample_result):
    waiver = dataclasses.replace(sample_result.waivers[0], expires="2025-12-01")
    html = render(dataclasses.replace(sample_result, waivers=(waiver,)), "html")
    assert "2025-12-01 (expired)" in html


def test_markdown_table_survives_pipes_in_messages(sample_result):
    model = sample_result.models[2]
    finding = dataclasses.replace(model.findings[0], message="a | b")
    audit = dataclasses.replace(model, findings=(finding,))
    text = render(dataclasses.replace(sample_result, models=(audit,)), "markdown")
    assert "a \\| b" in text
    assert text.startswith("## \u274c llmaudit: FAIL under policy `commercial`")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == 3 for line in rows if "\\|" not in line)


def _gated_eu_refused(audit):
    gate = dataclasses.replace(audit.facts.gate, mode="manual", eu_disallowed=True)
    facts = dataclasses.replace(audit.facts, gated=True, gate=gate)
    return dataclasses.replace(audit, facts=facts)


def test_markdown_and_html_show_the_base_and_the_hub_gate(sample_result):
    finetune = next(m for m in sample_result.models if m.lineage)
    result = dataclasses.replace(sample_result, models=(_gated_eu_refused(finetune),))
    row = next(line for line in render(result, "markdown").splitlines() if finetune.ref.id in line)
    assert "finetune on `meta-llama/Llama-3.1-8B` (`llama3.1`)" in row
    assert "Hub refuses EU users" in row and "gated (manual)" in row
    html = render(result, "html")
    assert "approved by the publisher by hand" in html
    assert "the Hub refuses users in the EU" in html


def test_junit_counts_failures_and_errors(sample_result):
    root = ET.fromstring(render(sample_result, "junit").encode())
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "2", "1")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["facebook/nllb-200-distilled-600M"].find("failure").get("type") == "commercial-use"
    assert cases["acme-internal/support-router"].find("error") is not None
    assert cases["NousResearch/Hermes-3-Llama-3.1-8B"].find("failure") is None
    assert cases["PyMuPDF"].find("failure") is not None
    mentioned = cases["mistralai/Mistral-7B-v0.1"]  # unresolved, but only named in docs
    assert mentioned.find("failure") is None and mentioned.find("error") is None
    assert "[mentioned only: does not count]" in mentioned.find("system-out").text


def test_unused_license_info_fields_do_not_break_templates(sample_result):
    bare = LicenseInfo(key="apache-2.0", name="Apache License 2.0", spdx="Apache-2.0")
    audit = dataclasses.replace(sample_result.models[0], license_info=bare)
    result = dataclasses.replace(sample_result, models=(audit,))
    for fmt in ("html", "notice", "markdown"):
        assert "sentence-transformers/all-MiniLM-L6-v2" in render(result, fmt).replace("<wbr>", "")


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("chromium"), reason="chromium not installed")
def test_html_renders_in_headless_chromium(sample_result, tmp_path):
    import subprocess

    page = tmp_path / "report.html"
    page.write_text(render(sample_result, "html"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    run = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--window-size=1100,1400",
            f"--screenshot={shot}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Issues requiring action" in run.stdout
    assert LLAMA_NOTICE.replace("\u00a9", "©") in run.stdout
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_notice_writes_a_credit_line_when_the_license_fixes_no_literal_text(sample_result):
    text = render(sample_result, "notice")
    assert (
        '"facebook/nllb-200-distilled-600M" by facebook '
        "(https://huggingface.co/facebook/nllb-200-distilled-600M), licensed under the "
        "Creative Commons Attribution Non Commercial 4.0"
    ) in text


def test_markdown_fits_a_github_comment_for_a_huge_project(sample_result):
    from llmaudit.report.markdown import COMMENT_LIMIT

    base = sample_result.models[2]
    many = tuple(
        dataclasses.replace(base, ref=dataclasses.replace(base.ref, id=f"org/m{i:04}"))
        for i in range(1500)
    )
    text = render(dataclasses.replace(sample_result, models=many), "markdown")
    assert len(text) <= COMMENT_LIMIT
    assert "more model(s); see the full report" in text
