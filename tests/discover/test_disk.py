"""disk: answers about other paths are recorded and re-asked; folder-relative identities."""

from __future__ import annotations

import os

from llmaudit.discover.disk import Disk, FolderStats, answers_hold, stat_signature


def test_answers_are_recorded_once_and_hold_until_the_disk_changes(tmp_path):
    folder = tmp_path / "models" / "x"
    disk = Disk()
    assert not disk.is_dir(str(folder))
    assert not disk.exists(str(folder))
    assert not disk.is_dir(str(folder))  # asked again: one record
    asked = disk.asked()
    assert asked == [("exists", str(folder), False), ("is_dir", str(folder), False)]
    assert answers_hold(asked)
    folder.mkdir(parents=True)
    assert not answers_hold(asked)


def test_a_file_read_is_recorded_by_its_identity(tmp_path):
    pins = tmp_path / "pins.lst"
    pins.write_text("numpy==1.26.4\n")
    disk = Disk()
    assert disk.read_text(str(pins), 100) == "numpy==1.26.4\n"
    asked = disk.asked()
    assert asked == [("stat", str(pins), stat_signature(str(pins)))]
    assert answers_hold(asked)
    pins.write_text(
        "numpy==2.0.0\n"
    )  # another size: a same-size write within one clock tick is the racy case
    assert not answers_hold(asked)


def test_unknown_questions_never_hold():
    assert not answers_hold([("run", "/bin/sh", True)])


def test_folder_relative_identities_equal_plain_ones(tmp_path):
    paths = []
    for folder in ("a", "a/b", "c"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for name in ("one.py", "two.yaml"):
            path = tmp_path / folder / name
            path.write_text(folder + name)
            paths.append(str(path))
    missing = str(tmp_path / "a" / "gone.txt")
    with FolderStats() as stats:
        found = [stats.signature(path) for path in [*paths, missing, paths[0]]]
    assert found == [*(stat_signature(path) for path in paths), None, stat_signature(paths[0])]
    assert all(signature is not None for signature in found[: len(paths)])


def test_a_vanished_folder_gives_no_identity(tmp_path):
    with FolderStats() as stats:
        assert stats.signature(os.path.join(str(tmp_path), "nowhere", "x.py")) is None
