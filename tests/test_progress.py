"""The resolve progress counter: drawn on a terminal, silent otherwise, cleared at the end."""

from __future__ import annotations

import io

from llmaudit.models import ModelRef
from llmaudit.progress import StderrProgress, stderr_progress
from llmaudit.resolve import resolve
from llmaudit.settings import Settings


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_counter_redraws_in_place_and_clears():
    stream = _Terminal()
    progress = StderrProgress(stream)
    for done in range(1, 11):
        progress(done, 10)
    text = stream.getvalue()
    assert "\rresolving models 1/10" in text
    assert "\rresolving models 10/10" in text
    assert text.endswith("\r\033[K")


def test_small_runs_draw_nothing():
    stream = _Terminal()
    StderrProgress(stream)(1, 3)
    assert stream.getvalue() == ""


def test_no_counter_when_not_a_terminal_or_quiet():
    assert stderr_progress(io.StringIO(), quiet=False) is None
    assert stderr_progress(_Terminal(), quiet=True) is None
    assert stderr_progress(_Terminal(), quiet=False) is not None


def test_resolve_reports_each_model_once(tmp_path):
    seen: list[tuple[int, int]] = []
    refs = tuple(ModelRef(id=i) for i in ("gpt2", "openai/whisper-large-v3", "google/gemma-2-9b"))
    resolve(
        refs,
        Settings(offline=True, cache_dir=tmp_path, workers=2),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]
