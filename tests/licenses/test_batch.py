"""Many files identified across worker processes give the per-file answers, in order."""

from __future__ import annotations

from pathlib import Path

from llmaudit.licenses import batch
from llmaudit.licenses.fingerprint import identify_path

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"


def test_a_large_batch_matches_one_file_at_a_time_in_order() -> None:
    files = sorted(p for p in PACKAGES.iterdir() if p.name != "PROVENANCE.tsv")
    paths = (files * (batch.PARALLEL_MIN_FILES // len(files) + 1))[::-1]
    assert len(paths) >= batch.PARALLEL_MIN_FILES
    found = batch.identify_paths(paths)
    assert [f.license.spdx for f in found] == [identify_path(p).license.spdx for p in paths]
    assert {f.license.spdx for f in found} >= {"Python-2.0", "MIT-CMU", "BSD-3-Clause"}


def test_a_small_batch_stays_in_this_process() -> None:
    assert batch._parallel_jobs(batch.PARALLEL_MIN_FILES - 1) == 1
