"""Forked workers scanning a tree while it is walked: same results, in walk order; errors surface."""

from __future__ import annotations

import functools

import pytest

from llmaudit.discover import discover
from llmaudit.discover.file_scan import PARALLEL_MIN_FILES, scan_file, scan_files
from llmaudit.discover.walk import SourceFile, walk_tree
from llmaudit.discover.workers import BATCH_FILES, scan_in_workers
from llmaudit.settings import Settings


def _project(root, count):
    for index in range(count):
        folder = root / f"pkg{index % 13}"
        folder.mkdir(exist_ok=True)
        if index % 3 == 0:
            text = f'm = AutoModel.from_pretrained("org/model-{index}")\n'
        else:
            text = f"x = {index}\n"
        (folder / f"m{index}.py").write_text(text)


def test_a_walk_under_way_gives_what_a_listed_tree_gives(tmp_path):
    _project(tmp_path, 5 * BATCH_FILES + 7)
    listed = scan_files(list(walk_tree(tmp_path, None, [])), tmp_path, jobs=1)
    streamed = scan_files(walk_tree(tmp_path, None, []), tmp_path, jobs=3)
    assert streamed == listed
    assert sum(len(result.refs) for result in streamed) == len(range(0, 5 * BATCH_FILES + 7, 3))


def test_a_large_tree_is_scanned_by_workers_with_the_same_findings(tmp_path):
    _project(tmp_path, PARALLEL_MIN_FILES + 50)
    found = discover(Settings(root=tmp_path))
    ids = {ref.id for ref in found.models}
    assert ids == {f"org/model-{i}" for i in range(0, PARALLEL_MIN_FILES + 50, 3)}
    assert all(len(ref.locations) == 1 for ref in found.models)


def _scan_or_fail(source: SourceFile, root):
    if source.name == "m5.py":
        raise ValueError(f"cannot scan {source.rel}")
    result = scan_file(source, root)
    return result if result.refs else None


def test_an_error_in_a_worker_is_raised_in_the_parent(tmp_path):
    _project(tmp_path, 3 * BATCH_FILES)
    scan = functools.partial(_scan_or_fail, root=tmp_path)
    with pytest.raises(ValueError, match=r"cannot scan pkg5/m5\.py"):
        scan_in_workers(walk_tree(tmp_path, None, []), scan, 2)
