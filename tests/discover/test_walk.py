"""File walking on hostile trees: .gitignore, symlinks, binary, huge and undecodable files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from llmaudit.discover import discover
from llmaudit.discover.walk import MAX_FILE_BYTES, compile_patterns, walk_tree
from llmaudit.settings import Settings

LOADER = 'from transformers import AutoModel\nAutoModel.from_pretrained("{}")\n'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _found(root: Path, **kwargs):
    discovery = discover(Settings(root=root, **kwargs))
    return {ref.id for ref in discovery.models}, discovery.notes


def test_gitignore_at_root_and_nested(tmp_path):
    _write(tmp_path / ".gitignore", "build-out/\n*.gen.py\n!keep.gen.py\n")
    _write(tmp_path / "pkg" / ".gitignore", "local_*.py\n")
    _write(tmp_path / "build-out" / "a.py", LOADER.format("ignored/by-root-dir"))
    _write(tmp_path / "x.gen.py", LOADER.format("ignored/by-glob"))
    _write(tmp_path / "keep.gen.py", LOADER.format("kept/negated"))
    _write(tmp_path / "pkg" / "local_try.py", LOADER.format("ignored/nested"))
    _write(tmp_path / "pkg" / "app.py", LOADER.format("kept/app"))
    ids, _ = _found(tmp_path)
    assert ids == {"kept/negated", "kept/app"}


def test_skipped_folders_and_virtualenvs(tmp_path):
    for folder in ("node_modules", ".venv", "__pycache__", ".git", "env/lib/site-packages"):
        _write(tmp_path / folder / "m.py", LOADER.format("never/seen"))
    _write(tmp_path / "myenv" / "pyvenv.cfg", "home = /usr\n")
    _write(tmp_path / "myenv" / "m.py", LOADER.format("never/seen-venv"))
    _write(tmp_path / "src" / "m.py", LOADER.format("seen/src"))
    ids, _ = _found(tmp_path)
    assert ids == {"seen/src"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_out_of_tree_and_loops_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    project = tmp_path / "project"
    _write(outside / "secret.py", LOADER.format("outside/model"))
    _write(project / "app.py", LOADER.format("inside/model"))
    (project / "escape_dir").symlink_to(outside, target_is_directory=True)
    (project / "escape.py").symlink_to(outside / "secret.py")
    (project / "loop").symlink_to(project, target_is_directory=True)
    ids, notes = _found(project)
    assert ids == {"inside/model"}
    outside_notes = sorted(n.path for n in notes if "outside" in n.message)
    assert outside_notes == ["escape.py", "escape_dir"]


def test_binary_huge_and_undecodable_files_become_notes(tmp_path):
    (tmp_path / "binary.py").write_bytes(b"from_pretrained\x00\x01\x02")
    (tmp_path / "latin1.py").write_bytes(
        LOADER.format("latin/model").encode() + "# caf\xe9\n".encode("latin-1")
    )
    huge = tmp_path / "huge.py"
    with huge.open("wb") as handle:
        handle.write(LOADER.format("huge/model").encode())
        handle.write(b"#" * (MAX_FILE_BYTES + 1))
    _write(tmp_path / "ok.py", LOADER.format("fine/model"))
    ids, notes = _found(tmp_path)
    assert ids == {"fine/model"}
    messages = {n.path: n.message for n in notes}
    assert messages["binary.py"] == "skipped binary file"
    assert messages["latin1.py"].startswith("skipped file that is not UTF-8")
    assert messages["huge.py"].startswith("skipped large file")


@pytest.mark.parametrize("padding", [64 * 1024 - 60, 64 * 1024, 200 * 1024, MAX_FILE_BYTES - 200])
def test_ids_past_the_first_read_are_found(tmp_path, padding):
    """Files are read in one 64 KiB read first; a file that fills it is read to its end."""
    body = ("#" * 79 + "\n") * (padding // 80) + LOADER.format("far/model")
    _write(tmp_path / "long.py", body)
    ids, notes = _found(tmp_path)
    assert ids == {"far/model"}
    assert not notes


def test_files_mode_notes_missing_files(tmp_path):
    _write(tmp_path / "a.py", LOADER.format("acme/a"))
    ids, notes = _found(tmp_path, files=(tmp_path / "a.py", tmp_path / "gone.py"))
    assert ids == {"acme/a"}
    assert [(n.path, n.message) for n in notes] == [("gone.py", "not a file, skipped")]


def test_walk_yields_sorted_relative_posix_paths(tmp_path):
    for rel in ("b/z.py", "a.py", "b/a/y.py"):
        _write(tmp_path / rel, "")
    notes: list = []
    rels = [f.rel for f in walk_tree(tmp_path, compile_patterns(["b/a/"]), notes)]
    assert rels == ["a.py", "b/z.py"]
    assert notes == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_files_mode_does_not_read_symlinks_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text(LOADER.format("outside/model"), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.py").symlink_to(outside)
    ids, notes = _found(project, files=(project / "link.py",))
    assert ids == set()
    assert [(n.path, n.message) for n in notes] == [
        ("link.py", "skipped symlink pointing outside the project")
    ]


_PATTERN_PARTS = st.sampled_from(
    [
        "vendor",
        "build",
        "*",
        "**",
        "?",
        "/",
        "[ab]",
        "[!x]",
        ".py",
        "a",
        "b",
        "x",
        " ",
        "\\ ",
        "\\*",
        "!",
        "#",
        "gen_",
        "docs",
        "-",
        ".",
        "[",
        "]",
        "[]a]",
        "[^b]",
        "^",
    ]
)
_PATH_PARTS = st.sampled_from(
    [
        "vendor",
        "build",
        "a",
        "b",
        "x",
        "docs",
        "gen_1",
        ".py",
        "/",
        " ",
        "*",
        "#",
        "!",
        "ab",
        "-",
        ".",
    ]
)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # pathspec's own regexes for "[[..."
@settings(max_examples=500, deadline=None)
@given(
    patterns=st.lists(st.lists(_PATTERN_PARTS, max_size=6).map("".join), min_size=1, max_size=4),
    rel=st.lists(_PATH_PARTS, min_size=1, max_size=6).map("".join),
    is_dir=st.booleans(),
)
@example(patterns=["\\  /"], rel="vendor", is_dir=True)  # a valid line, an invalid folder form
def test_literal_precheck_never_changes_pathspecs_answer(patterns, rel, is_dir):
    import pathspec

    rel = rel.strip("/") or "a"
    matcher = compile_patterns(patterns)
    lines = [p for p in patterns if p.strip()]
    if matcher is None:
        assert not lines
        return
    if is_dir:  # a folder's own path, against the patterns as they apply to folders
        lines = [_folder_line(line) for line in lines]
    valid = []
    # pathspec rejects some lines (`foo\\`, `!`, a folder form such as `\\  ` of `\\  /`);
    # git ignores them
    for line in lines:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error):
            continue
        valid.append(line)
    spec = pathspec.GitIgnoreSpec.from_lines(valid)
    assert matcher(rel, is_dir) == bool(spec.match_file(rel))


def _folder_line(line: str) -> str:
    stripped = line.rstrip(" ")
    if stripped.endswith("/") and not stripped.endswith("\\/") and stripped.strip("!/"):
        return stripped[:-1]
    return line


# Whitelisting: ignore everything, then let file types and folders back in (the idiom of
# NirDiamant/RAG_Techniques' .gitignore, whose whole tree llmaudit skipped before).
_GIT_CASES = [
    (["*", "!*.py", "!*.ipynb", "!techniques", "!evaluation"], "git keeps techniques/*.py"),
    (["*", "!*.py", "!*/"], "every folder back in"),
    (["build/", "!build/keep.py", "*.md", "!docs"], "a folder pattern and a negated file"),
    (["/a", "!a/**", "b/*", "**/b"], "anchored and double-star patterns"),
    (["docs/", "!docs/", "sub", "!sub/"], "a folder ignored then let back in"),
]


@pytest.mark.parametrize(("patterns", "why"), _GIT_CASES, ids=[c[1] for c in _GIT_CASES])
def test_walk_keeps_what_git_keeps(tmp_path, patterns, why):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git as the reference")
    for folder in ("", "techniques/", "evaluation/", "build/", "docs/", "a/", "b/", "a/b/", "sub/"):
        for name in ("x.py", "keep.py", "n.ipynb", "r.md"):
            _write(tmp_path / f"{folder}{name}", "x\n")
    _write(tmp_path / ".gitignore", "\n".join(patterns) + "\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    walked = {f.rel for f in walk_tree(tmp_path, None, [])}
    assert walked - {".gitignore"} == set(listed) - {".gitignore"}, why


def _git(root: Path, *args: str) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _ignoring_project(root: Path) -> None:
    """A repository whose .gitignore matches files it tracks anyway (NirDiamant/RAG_Techniques
    ignores `*` and commits its runnable scripts; huggingface/lighteval ignores `*.json` and
    commits test configs), next to ignored files it does not track."""
    _write(root / ".gitignore", "*.json\nscripts/\n")
    _write(root / "scripts" / "run.py", LOADER.format("tracked/script"))
    _write(root / "scripts" / "local.py", LOADER.format("untracked/script"))
    _write(root / "configs" / "eval.json", '{"model_name_or_path": "tracked/config"}\n')
    _write(root / "scratch.json", '{"model_name_or_path": "untracked/config"}\n')
    _write(root / "app.py", LOADER.format("plain/app"))
    _git(root, "init", "-q")
    _git(root, "add", "-f", "scripts/run.py", "configs/eval.json", "app.py", ".gitignore")


def test_files_git_tracks_are_scanned_although_gitignore_matches_them(tmp_path):
    _ignoring_project(tmp_path)
    ids, _ = _found(tmp_path)
    assert ids == {"tracked/script", "tracked/config", "plain/app"}


def test_without_a_repository_gitignore_alone_decides(tmp_path):
    _ignoring_project(tmp_path)
    import shutil

    shutil.rmtree(tmp_path / ".git")
    ids, _ = _found(tmp_path)
    assert ids == {"plain/app"}


def test_tracked_list_comes_from_the_scanned_folder_not_git_variables(tmp_path, monkeypatch):
    _ignoring_project(tmp_path / "project")
    other = tmp_path / "other"
    other.mkdir()
    _git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))  # as inside another repository's hook
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    ids, _ = _found(tmp_path / "project")
    assert ids == {"tracked/script", "tracked/config", "plain/app"}


def test_a_scan_never_runs_the_repositorys_fsmonitor_program(tmp_path):
    _ignoring_project(tmp_path)
    marker = tmp_path.parent / f"{tmp_path.name}-ran"
    hook = tmp_path.parent / f"{tmp_path.name}-fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n")
    hook.chmod(0o755)
    _git(tmp_path, "config", "core.fsmonitor", str(hook))
    _git(tmp_path, "ls-files")  # git itself runs it: the hazard is real
    assert marker.exists()
    marker.unlink()
    ids, _ = _found(tmp_path)
    assert ids == {"tracked/script", "tracked/config", "plain/app"}
    assert not marker.exists()


def test_without_git_on_the_path_gitignore_alone_decides(tmp_path, monkeypatch):
    _ignoring_project(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    ids, _ = _found(tmp_path)
    assert ids == {"plain/app"}


def test_a_tree_no_gitignore_pattern_matches_never_starts_git(tmp_path, monkeypatch):
    import subprocess

    _write(tmp_path / ".gitignore", "build/\n")
    _write(tmp_path / "app.py", LOADER.format("plain/app"))
    started = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: started.append(a))
    ids, _ = _found(tmp_path)
    assert ids == {"plain/app"}
    assert started == []


def test_invalid_gitignore_and_exclude_patterns_become_notes(tmp_path):
    (tmp_path / ".gitignore").write_text("build/\nfoo\\\n[vendor-[ab]\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "x.py").write_text('AutoModel.from_pretrained("org/hidden")\n')
    (tmp_path / "foo.py").write_text('AutoModel.from_pretrained("org/seen")\n')
    found = discover(Settings(root=tmp_path, exclude=("!",)))
    assert [m.id for m in found.models] == ["org/seen"]
    messages = {(n.path, n.message) for n in found.notes}
    assert (".gitignore", "ignored invalid pattern 'foo\\\\'") in messages
    assert (".gitignore", "ignored invalid pattern '[vendor-[ab]'") in messages


def test_files_mode_with_unrelated_excludes_does_not_load_pathspec(tmp_path):
    import subprocess
    import sys

    (tmp_path / "app.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("acme/model")\n'
    )
    code = (
        "import sys; from pathlib import Path; from llmaudit.discover import discover; "
        "from llmaudit.settings import Settings; "
        "d = discover(Settings(root=Path('.'), files=(Path('app.py'),), exclude=('vendor/',))); "
        "print([m.id for m in d.models], 'pathspec' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['acme/model'] False"
