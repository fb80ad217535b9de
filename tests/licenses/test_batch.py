"""Many files identified at once give the per-file answers, in order: each distinct text is
identified once, across worker processes for a large batch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from llmaudit.licenses import batch
from llmaudit.licenses.fingerprint import identify_path

PACKAGES = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"


def _files() -> list[Path]:
    return sorted(p for p in PACKAGES.iterdir() if p.name != "PROVENANCE.tsv")


def test_a_large_batch_matches_one_file_at_a_time_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = _files()
    monkeypatch.setattr(batch, "PARALLEL_MIN_CHARS", 2)
    # Threads an earlier test left (a loopback server's handler of a reply that never ends)
    # would keep the batch in this process; none of them touches what the workers use.
    monkeypatch.setattr(batch.threading, "active_count", lambda: 1)
    assert batch._parallel_jobs(2) > 1 or len(batch.os.sched_getaffinity(0)) == 1
    paths = (files * 3)[::-1]  # every text three times, in another order than the folder's
    found = batch.identify_paths(paths)
    assert found == [identify_path(p) for p in paths]
    assert {f.license.spdx for f in found} >= {"Python-2.0", "MIT-CMU", "BSD-3-Clause"}


def test_each_distinct_text_is_identified_once(monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files()
    read: list[str] = []
    identify_text = batch.identify_text

    def counted(text: str, index: batch.FingerprintIndex) -> batch.TextIdentification:
        read.append(text)
        return identify_text(text, index)

    monkeypatch.setattr(batch, "identify_text", counted)
    monkeypatch.setattr(batch, "PARALLEL_MIN_CHARS", 10**12)  # counted in this process
    found = batch.identify_paths(files * 2)
    assert len(read) == len(set(read)) == len({p.read_bytes() for p in files})
    assert found[: len(files)] == found[len(files) :]


def test_a_repeated_pointer_is_followed_beside_each_file(tmp_path: Path) -> None:
    """Two copies of packaging's pointer ("either of the licenses found in LICENSE.APACHE or
    LICENSE.BSD"): the same text, but only one has the files it points to beside it."""
    complete, alone = tmp_path / "complete", tmp_path / "alone"
    for folder, names in (
        (complete, ("LICENSE", "LICENSE.APACHE", "LICENSE.BSD")),
        (alone, ("LICENSE",)),
    ):
        folder.mkdir()
        for name in names:
            shutil.copy(PACKAGES / f"packaging-26.4.{name}", folder / name)
    paths = [complete / "LICENSE", alone / "LICENSE", *_files()[: batch.HASHED_MIN_FILES]]
    found = batch.identify_paths(paths)
    assert found[0].license.spdx == "Apache-2.0 OR BSD-2-Clause"
    assert found[1].license.is_unknown
    assert "LICENSE.APACHE or LICENSE.BSD" in found[1].license.evidence


def test_a_binary_file_in_a_batch_is_unknown_with_its_reason(tmp_path: Path) -> None:
    binary = tmp_path / "LICENSE.bin"
    binary.write_bytes(b"\x00\x01" * 100)
    found = batch.identify_paths([binary, *_files()[: batch.HASHED_MIN_FILES]])
    assert found[0].license.is_unknown
    assert found[0].license.evidence == identify_path(binary).license.evidence


def test_chunks_hold_every_text_once_and_weigh_about_the_same() -> None:
    sizes = [900, 10, 500, 400, 30, 20, 300, 300, 250, 5]
    chunks = batch._balanced_chunks(len(sizes), sizes, 3)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(sizes)))
    loads = [sum(sizes[i] for i in chunk) for chunk in chunks]
    assert loads == sorted(loads, reverse=True)  # the heaviest is handed out first
    # each text went to the lightest chunk: the heaviest outweighs the lightest by less than
    # its own last (smallest) text
    assert loads[0] - loads[-1] <= min(sizes[i] for i in chunks[0])
    assert batch._balanced_chunks(2, [5, 7], 8) == [[1], [0]]


def test_a_small_batch_stays_in_this_process() -> None:
    assert batch._parallel_jobs(batch.PARALLEL_MIN_CHARS - 1) == 1
