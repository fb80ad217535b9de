"""Hostile project trees: every odd file is a note, the rest of the project is still scanned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import llmaudit.discover as discover_stage
from llmaudit.discover import discover
from llmaudit.settings import Settings

from .bombs import alias_bomb

USE = 'from transformers import AutoModel\nAutoModel.from_pretrained("{model}")\n'


def _notes(discovery) -> dict[str, str]:
    return {note.path: note.message for note in discovery.notes}


def _ids(discovery) -> list[str]:
    return [m.id for m in discovery.models]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "good.py").write_text(USE.format(model="org-good/model"), encoding="utf-8")
    return root


def test_binary_file_named_py_is_skipped_with_a_note(project):
    (project / "weights.py").write_bytes(b"\x00\x01" + USE.format(model="org-x/bin").encode() * 50)
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model"]
    assert _notes(found)["weights.py"] == "skipped binary file"


def test_20mb_single_line_file_is_skipped_quickly(project):
    with (project / "huge.py").open("w", encoding="utf-8") as handle:
        handle.write(USE.format(model="org-x/huge").replace("\n", ";"))
        handle.write("#" * (20 * 1024 * 1024))
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model"]
    assert _notes(found)["huge.py"] == "skipped large file (20 MB)"


def test_long_expression_and_deep_parens_fall_back_to_patterns(project):
    chain = "+".join(['"a"'] * 300_000)
    (project / "chain.py").write_text(f"x = {chain}\n" + USE.format(model="org-x/chain"))
    (project / "parens.py").write_text(
        "x = " + "(" * 50_000 + ")" * 50_000 + "\n" + USE.format(model="org-x/parens")
    )
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model", "org-x/chain", "org-x/parens"]
    assert _notes(found)["parens.py"] == "not valid Python; scanned by pattern only"


@pytest.mark.parametrize(
    ("content", "note"),
    [
        ("[1, 2] from_pretrained", "invalid notebook JSON, skipped"),
        ('{"cells": "from_pretrained(\\"org-x/nb\\")"}', "notebook without a cells list, skipped"),
    ],
)
def test_invalid_notebooks_are_notes(project, content, note):
    (project / "bad.ipynb").write_text(content, encoding="utf-8")
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model"]
    assert _notes(found)["bad.ipynb"] == note


def test_notebook_with_junk_cells_keeps_the_good_ones(project):
    (project / "mixed.ipynb").write_text(
        '{"cells": [7, null, {"cell_type": "code", "source": 5}, {"cell_type": "code", "source":'
        ' ["from transformers import AutoModel\\n", "AutoModel.from_pretrained(\\"org-x/nb\\")"]}'
        '], "nbformat": 4}',
        encoding="utf-8",
    )
    assert _ids(discover(Settings(root=project))) == ["org-good/model", "org-x/nb"]


def test_deeply_nested_json_and_yaml_configs_are_notes(project):
    (project / "deep.json").write_text(
        '{"model_name_or_path": ' + "[" * 20_000 + "]" * 20_000 + "}"
    )
    (project / "deep.yaml").write_text("model_name_or_path: " + "[" * 20_000 + "]" * 20_000)
    found = discover(Settings(root=project))
    notes = _notes(found)
    assert notes["deep.json"].startswith("invalid JSON, read line by line")
    assert notes["deep.yaml"] == "YAML nested too deeply, skipped"
    assert _ids(found) == ["org-good/model"]


def test_yaml_alias_bomb_config_reports_nothing(project):
    laughs = alias_bomb("org-x/lol")
    (project / "laughs.yaml").write_text(laughs + "model_id: *i\n")
    assert _ids(discover(Settings(root=project))) == ["org-good/model"]


def test_symlink_loops_and_links_outside_are_never_followed(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(USE.format(model="org-x/outside"))
    os.symlink("loop-b", project / "loop-a")
    os.symlink("loop-a", project / "loop-b")
    os.symlink(".", project / "self")
    os.symlink(outside, project / "out")
    os.symlink(outside / "secret.py", project / "linked.py")
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model"]
    notes = _notes(found)
    assert notes["out"] == "skipped symlink pointing outside the project"
    assert notes["linked.py"] == "skipped symlink pointing outside the project"
    assert all(m.locations[0].path == "good.py" for m in found.models)


def test_explicit_files_outside_the_root_do_not_leak_paths(project, tmp_path):
    (tmp_path / "other.py").write_text(USE.format(model="org-x/other"))
    found = discover(Settings(root=project, files=(project / "good.py", project / "gone.py")))
    assert _ids(found) == ["org-good/model"]
    assert _notes(found)["gone.py"] == "not a file, skipped"


def test_file_vanishing_during_the_scan_is_a_note(project, monkeypatch):
    (project / "vanishing.py").write_text(USE.format(model="org-x/vanish"))
    real_walk = discover_stage.walk_tree

    def walk_then_delete(*args, **kwargs):
        yield from real_walk(*args, **kwargs)
        (project / "vanishing.py").unlink()  # listed, then gone before it is read

    monkeypatch.setattr(discover_stage, "walk_tree", walk_then_delete)
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model"]
    assert _notes(found)["vanishing.py"] == "cannot read file: No such file or directory"


def test_unreadable_folder_is_a_note(project, monkeypatch):
    locked = project / "locked"
    locked.mkdir()
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads every folder: the kernel's refusal is played instead
        real_scandir = os.scandir

        def refusing_scandir(path):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", refusing_scandir)
    try:
        found = discover(Settings(root=project))
    finally:
        locked.chmod(0o755)
    assert _notes(found)["locked"].startswith("cannot list folder")


def test_deeply_nested_folders_are_walked_without_recursion(project):
    folder = project
    for depth in range(400):
        folder = folder / f"d{depth % 10}"
    try:
        folder.mkdir(parents=True)
    except OSError:
        pytest.skip("file system refuses paths this long")
    (folder / "deep.py").write_text(USE.format(model="org-x/deep"))
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model", "org-x/deep"]


def test_model_paths_in_configs_never_escape_the_tree(project, tmp_path):
    outside = tmp_path / "outside-model"
    outside.mkdir()
    (outside / "config.json").write_text("{}")
    (project / "train.yaml").write_text(
        f"model_name_or_path: ../outside-model\nbase_model: {outside}\n"
        "teacher_model: ../../../../../../etc\n"
    )
    (project / "app.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("../outside-model")\n'
    )
    found = discover(Settings(root=project))
    assert _ids(found) == ["org-good/model"]
    assert all(m.local_path is None for m in found.models)


def test_cache_keys_never_become_paths(tmp_path):
    from llmaudit.resolve.store import JsonStore

    store = JsonStore(tmp_path / "files", writable=True)
    key = "../../../../escape.json"
    store.put(key, {"status": 200})
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) == 1 and (tmp_path / "files") in written[0].parents
    assert store.get(key) == {"status": 200, "key": key}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("serve.json", '{"model_name_or_path": "org-x/hidden", "seed": 1' + "0" * 5000 + "}"),
        ("serve.toml", 'model_name_or_path = "org-x/hidden"\nseed = 1' + "0" * 5000 + "\n"),
    ],
)
def test_a_huge_number_does_not_hide_the_models_of_a_config(project, name, text):
    (project / name).write_text(text)
    assert "org-x/hidden" in _ids(discover(Settings(root=project)))
