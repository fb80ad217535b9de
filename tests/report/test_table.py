from __future__ import annotations

import io

import pytest

from llmaudit.report import RenderContext, render, wants_color

ESC = "\x1b["


def test_table_shows_model_location_license_verdict_and_reason(sample_result):
    text = render(sample_result, "table", RenderContext(width=120))
    row = next(line for line in text.splitlines() if "facebook/nllb-200-distilled-600M" in line)
    assert row.split()[:4] == ["FAIL", "facebook/nllb-200-distilled-600M", "cc-by-nc-4.0", "(tag)"]
    assert "app/translate.py:14" in row
    assert "[commercial-use] cc-by-nc-4.0 forbids commercial use" in text
    assert "Obligations to meet:" in text
    assert "Built with Llama" in text
    assert "acme-internal/support-router: not in the cache or built-in facts" in text
    assert "W-2026-007" in text and "expires 2026-06-30" in text
    assert ESC not in text


def test_colour_only_when_asked(sample_result):
    coloured = render(sample_result, "table", RenderContext(color=True))
    assert ESC in coloured
    assert "\x1b[1;31mFAIL" in coloured


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_lines_fit_the_width_and_have_no_trailing_spaces(sample_result, width):
    text = render(sample_result, "table", RenderContext(width=width))
    for line in text.splitlines():
        assert len(line) <= width
        assert line == line.rstrip()
    if width >= 140:
        assert "notebooks/eval.ipynb#cell3:3" in text


def test_quiet_hides_passing_packages_and_obligations(sample_result):
    text = render(sample_result, "table", RenderContext(verbosity=-1, width=120))
    package_rows = [
        line.split()[1]
        for line in text.splitlines()
        if line.startswith(("PASS", "FAIL", "WARN")) and "/" not in line
    ]
    assert package_rows == ["PyMuPDF"]
    assert "Obligations to meet" not in text


def test_verbose_shows_info_findings(sample_result):
    assert "[threshold]" not in render(sample_result, "table")
    assert "[threshold]" in render(sample_result, "table", RenderContext(verbosity=1))


def test_model_ids_with_markup_are_printed_literally(sample_result):
    import dataclasses

    model = sample_result.models[0]
    odd = dataclasses.replace(model, ref=dataclasses.replace(model.ref, id="org/[bold]x[/bold]"))
    text = render(dataclasses.replace(sample_result, models=(odd,)), "table")
    assert "org/[bold]x[/bold]" in text


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "environ", "expected"),
    [
        (_Tty(), {}, True),
        (_Tty(), {"NO_COLOR": "1"}, False),
        (io.StringIO(), {}, False),
        (io.StringIO(), {"FORCE_COLOR": "1"}, True),
        (_Tty(), {"NO_COLOR": ""}, True),
    ],
)
def test_wants_color(stream, environ, expected):
    assert wants_color(stream, environ) is expected


def test_paths_and_ids_are_cut_at_separators_not_mid_name():
    from llmaudit.report.table import wrap_at_separators

    assert (
        wrap_at_separators("notebooks/translate-replies.ipynb#cell2:4", 34)
        == "notebooks/translate-replies.ipynb\n  #cell2:4"
    )
    assert (
        wrap_at_separators("sentence-transformers/all-MiniLM-L6-v2", 30)
        == "sentence-transformers/\n  all-MiniLM-L6-v2"
    )
    assert wrap_at_separators("app.py:12\nshort", 20) == "app.py:12\nshort"
    # a part too long for the column keeps its start and end, never split over lines
    assert wrap_at_separators("abcdefghij", 4) == "ab…j"
    assert (
        wrap_at_separators("notebooks/translate-replies.ipynb#cell2:4", 19)
        == "notebooks/\n  translat…es.ipynb\n  #cell2:4"
    )
    assert (
        wrap_at_separators("facebook/nllb-200-distilled-600M", 17) == "facebook/\n  nllb-20…ed-600M"
    )


def test_long_notebook_locations_keep_their_file_name_whole(sample_result):
    from dataclasses import replace

    from llmaudit.models import Location

    audit = sample_result.models[2]
    where = Location(path="notebooks/translate-customer-replies.ipynb", line=4, cell=1)
    audit = replace(audit, ref=replace(audit.ref, locations=(where,)))
    text = render(replace(sample_result, models=(audit,)), "table", RenderContext(width=100))
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.endswith("translate-customer-replies.ipynb") for line in lines)
    assert "#cell2:4" in lines
