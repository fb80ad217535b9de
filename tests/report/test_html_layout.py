"""The HTML report in a real browser: headless Chromium at phone (390 px) and desktop (1400 px)
width, asserting the page never scrolls sideways, and the folded repeated-info findings."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.report.html import fold_repeated_info

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-project"
CHROMIUM = shutil.which("chromium")
_FIT = re.compile(r'data-fit="(\d+) (\d+)"')


def host_page(report: str, width: int, height: int = 900) -> str:
    """A page that shows `report` in an iframe exactly `width` CSS px wide and writes the
    report's scrollWidth and viewport width into the DOM. Headless Chromium will not open a
    window narrower than 500 px; an iframe is a real viewport of any width (media queries
    included), and a srcdoc frame is same-origin, so its layout can be read."""
    probe = (
        "var d = this.contentDocument.documentElement; document.body.setAttribute("
        "'data-fit', d.scrollWidth + ' ' + this.contentWindow.innerWidth)"
    )
    return (
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe style="border:0;display:block" width="{width}" height="{height}" '
        f'srcdoc="{html.escape(report, quote=True)}" onload="{html.escape(probe)}">'
        "</iframe></body></html>"
    )


def chromium(page: Path, window: tuple[int, int], *extra: str) -> str:
    run = subprocess.run(
        [
            CHROMIUM or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",
            f"--window-size={window[0]},{window[1]}",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(
        cli,
        ["scan", str(DEMO), "--offline", "--policy", "commercial", "-o", f"html={out}"],
        env={"SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1"},
    )
    assert result.exit_code == 1, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")
@pytest.mark.parametrize("width", [390, 1400])
def test_report_has_no_sideways_scroll(demo_html, tmp_path, width):
    page = tmp_path / "host.html"
    page.write_text(host_page(demo_html, width), encoding="utf-8")
    found = _FIT.search(chromium(page, (max(width, 500) + 40, 900), "--dump-dom"))
    assert found, "the probe did not run"
    scroll_width, viewport = int(found[1]), int(found[2])
    assert viewport == width
    assert scroll_width <= viewport, f"page is {scroll_width}px wide in a {width}px viewport"


def test_phone_width_css_is_present(demo_html):
    # the layout rules the browser test relies on, so a failure without chromium points here
    assert "repeat(auto-fit, minmax(" in demo_html
    assert ".scroll { overflow-x: auto;" in demo_html
    assert "serif;" in demo_html and "Georgia" not in demo_html
    assert demo_html.count('<div class="scroll"><table>') == demo_html.count("<table>")


def test_verdict_words_are_the_command_lines(demo_html):
    badges = set(re.findall(r'<span class="badge v-\w+">([^<]+)</span>', demo_html))
    assert badges <= {"PASS", "WARN", "FAIL", "MENTION"} and "FAIL" in badges
    assert "Review" not in demo_html


def test_model_ids_wrap_at_slashes(demo_html):
    assert "<code>meta-llama/<wbr>Llama-3.1-8B-Instruct</code>" in demo_html


def test_repeated_info_findings_fold_into_one_line_with_a_count(demo_html):
    folded = re.findall(r"<details><summary>(\d+) &times; ([^<]+)</summary>", demo_html)
    assert folded, "no repeated info finding was folded"
    for count, _title in folded:
        assert int(count) > 1
    # every message is still there, inside the toggle
    assert demo_html.count("<li>") >= sum(int(c) for c, _ in folded)
    # one place for the whole group is said once, in the Where column, not on every line
    lines = re.findall(r"<details>.*?</details>", demo_html, flags=re.DOTALL)
    assert any('class="loc"' not in block for block in lines)


def test_fold_keeps_order_and_leaves_warnings_alone():
    def finding(rule: str, severity: str, message: str) -> dict[str, object]:
        return {
            "rule": rule,
            "severity": severity,
            "message": message,
            "path": None,
            "line": None,
            "waived_by": None,
            "mention_only": False,
        }

    findings = [
        finding("license", "warning", "w1"),
        finding("license", "warning", "w2"),
        finding("dataset-license", "info", "a"),
        finding("gated", "info", "g"),
        finding("dataset-license", "info", "b"),
    ]
    groups = fold_repeated_info(findings)
    assert [[f["message"] for f in g] for g in groups] == [["w1"], ["w2"], ["a", "b"], ["g"]]
