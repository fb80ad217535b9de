"""The per-file result cache: hits, misses after edits, deletes and renames, invalidation,
damaged caches, unwritable folders, concurrent writers, and the CLI switches.

The projects are copies of tests/data/projects/discover-app and real-helper-calls (real
excerpts, provenance in their PROVENANCE files). Files written by a test are younger than the
cache's two-second "racily clean" window, so the tests that want them stored move the run's
start forward with `_trust_fresh_files` instead of sleeping.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import llmaudit.discover.file_scan as file_scan
import llmaudit.discover.result_cache as result_cache
from llmaudit.cli import cli
from llmaudit.discover import discover
from llmaudit.discover.record_codec import encode
from llmaudit.discover.result_cache import cache_file
from llmaudit.models import Discovery
from llmaudit.settings import Settings

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "projects"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    tree = tmp_path / "project"
    shutil.copytree(PROJECTS / "discover-app", tree)
    return tree


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths `scan_file` reads, run after run (small trees scan in-process)."""
    seen: list[str] = []
    real = file_scan.scan_file

    def counting(source, root):
        seen.append(source.rel)
        return real(source, root)

    monkeypatch.setattr(file_scan, "scan_file", counting)
    return seen


@pytest.fixture
def _trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat files written a moment ago as old enough to store (no racily clean window)."""
    monkeypatch.setattr(result_cache, "RACY_NS", -60_000_000_000)


def _discover(root: Path, cache_dir: Path | None) -> Discovery:
    return discover(Settings(root=root, scan_cache=cache_dir is not None, cache_dir=cache_dir))


def _same(a: Discovery, b: Discovery) -> bool:
    """Equal in every field, those equality leaves out (snippets, location kinds) included."""
    return encode(a) == encode(b)


def _cache_data(cache_dir: Path, root: Path) -> dict:
    return json.loads(cache_file(cache_dir, root).read_text(encoding="utf-8"))


@pytest.mark.usefixtures("_trust_fresh_files")
def test_a_warm_run_reads_no_file_and_finds_the_same(project, cache_dir, scanned):
    cold = _discover(project, None)
    scanned.clear()
    first = _discover(project, cache_dir)
    assert len(scanned) > 10
    scanned.clear()
    warm = _discover(project, cache_dir)
    assert scanned == []
    assert _same(warm, cold) and _same(first, cold)
    assert cold.models and cold.packages  # something to compare


@pytest.mark.usefixtures("_trust_fresh_files")
def test_an_edited_file_is_read_again(project, cache_dir, scanned):
    _discover(project, cache_dir)
    app = project / "app.py"
    app.write_text(app.read_text().replace("google/gemma-2-2b-it", "google/gemma-2-9b-it"))
    scanned.clear()
    warm = _discover(project, cache_dir)
    assert scanned == ["app.py"]
    assert _same(warm, _discover(project, None))
    assert "google/gemma-2-9b-it" in {m.id for m in warm.models}


@pytest.mark.usefixtures("_trust_fresh_files")
def test_an_edit_that_keeps_size_and_mtime_is_seen_through_ctime(project, cache_dir, scanned):
    _discover(project, cache_dir)
    app = project / "app.py"
    before = app.stat()
    app.write_text(app.read_text().replace("gemma-2-2b-it", "gemma-2-2b-XX"))
    os.utime(app, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert app.stat().st_size == before.st_size
    scanned.clear()
    warm = _discover(project, cache_dir)
    assert scanned == ["app.py"]
    assert "google/gemma-2-2b-XX" in {m.id for m in warm.models}


@pytest.mark.usefixtures("_trust_fresh_files")
def test_deleted_added_and_renamed_files(project, cache_dir, scanned):
    _discover(project, cache_dir)
    (project / "Dockerfile").unlink()
    (project / "scripts" / "fetch_models.sh").rename(project / "scripts" / "get.sh")
    (project / "extra.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("org/new-model")\n'
    )
    scanned.clear()
    warm = _discover(project, cache_dir)
    assert sorted(scanned) == ["extra.py", "scripts/get.sh"]
    assert _same(warm, _discover(project, None))
    entries = _cache_data(cache_dir, project)["entries"]
    assert "Dockerfile" not in entries and "scripts/fetch_models.sh" not in entries
    assert "scripts/get.sh" in entries and "extra.py" in entries


@pytest.mark.usefixtures("_trust_fresh_files")
def test_a_model_folder_created_later_is_seen_although_the_file_did_not_change(project, cache_dir):
    """app.py loads "./models/my-bert": its result depends on that folder, not on app.py."""
    shutil.rmtree(project / "models")
    before = _discover(project, cache_dir)
    assert not any(m.local_path for m in before.models)
    (project / "models" / "my-bert").mkdir(parents=True)
    (project / "models" / "my-bert" / "config.json").write_text("{}")
    warm = _discover(project, cache_dir)
    assert "models/my-bert" in {m.id for m in warm.models if m.local_path}
    assert _same(warm, _discover(project, None))


@pytest.mark.usefixtures("_trust_fresh_files")
def test_an_edited_requirements_include_is_read_again(project, cache_dir, scanned):
    """pins.lst is no manifest of its own: only requirements.txt's result holds its lines."""
    (project / "pins.lst").write_text("numpy==1.26.4\n")
    requirements = project / "requirements.txt"
    requirements.write_text(requirements.read_text() + "-r pins.lst\n")
    _discover(project, cache_dir)
    (project / "pins.lst").write_text("numpy==1.26.4\nsentencepiece==0.2.0\n")
    scanned.clear()
    warm = _discover(project, cache_dir)
    assert scanned == ["requirements.txt"]
    assert "sentencepiece" in {p.name for p in warm.packages}
    assert _same(warm, _discover(project, None))


@pytest.mark.usefixtures("_trust_fresh_files")
def test_the_second_look_sees_an_edited_caller(tmp_path, cache_dir, scanned):
    tree = tmp_path / "helpers"
    shutil.copytree(PROJECTS / "real-helper-calls", tree)
    cold = _discover(tree, None)
    assert _same(_discover(tree, cache_dir), cold)
    assert _same(_discover(tree, cache_dir), cold)
    caller = tree / "llava" / "eval" / "run_llava.py"
    text = caller.read_text()
    assert "facebook/opt-350m" in text
    caller.write_text(text.replace("facebook/opt-350m", "facebook/opt-1.3b"))
    warm = _discover(tree, cache_dir)
    assert "facebook/opt-1.3b" in {m.id for m in warm.models}
    assert _same(warm, _discover(tree, None))


@pytest.fixture
def second_look_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The modules the second look reads to find helper calls, run after run."""
    seen: list[str] = []
    real = file_scan._calling_bytes

    def counting(source, **needles):
        seen.append(source.rel)
        return real(source, **needles)

    monkeypatch.setattr(file_scan, "_calling_bytes", counting)
    return seen


@pytest.mark.usefixtures("_trust_fresh_files")
def test_the_second_look_reads_only_its_callers_and_changed_modules(
    tmp_path, cache_dir, second_look_reads, monkeypatch
):
    tree = tmp_path / "helpers"
    shutil.copytree(PROJECTS / "real-helper-calls", tree)
    cold = _discover(tree, None)
    modules = set(second_look_reads)
    assert "llava/eval/run_llava.py" in modules and len(modules) > 3
    _discover(tree, cache_dir)
    callers = set(_cache_data(cache_dir, tree)["callers"][1])
    assert "llava/eval/run_llava.py" in callers and len(callers) < len(modules) - 1
    quiet = tree / "torchtune" / "__init__.py"
    assert str(quiet.relative_to(tree)) not in callers
    quiet.write_text(quiet.read_text() + "\n# edited\n")
    second_look_reads.clear()
    parsed: list[str] = []
    real_helpers = file_scan.module_helpers
    monkeypatch.setattr(file_scan, "module_helpers", lambda t: parsed.append(t) or real_helpers(t))
    warm = _discover(tree, cache_dir)
    assert sorted(second_look_reads) == sorted({*callers, "torchtune/__init__.py"})
    assert parsed == []  # the deferred helper modules are unchanged: their helpers are kept
    assert _same(warm, cold)
    _discover(tree, None)
    assert parsed  # a run without the cache parses them
    # A module that called no helper and now does is read again, since it changed.
    quiet.write_text(
        "from llava.model.builder import load_pretrained_model\n"
        'load_pretrained_model("facebook/opt-2.7b", None, "opt")\n'
    )
    warm = _discover(tree, cache_dir)
    assert "facebook/opt-2.7b" in {m.id for m in warm.models}
    assert _same(warm, _discover(tree, None))


@pytest.mark.usefixtures("_trust_fresh_files")
def test_another_llmaudit_version_ignores_the_cache(project, cache_dir, scanned, monkeypatch):
    _discover(project, cache_dir)
    monkeypatch.setattr(result_cache, "__version__", "999.0")
    scanned.clear()
    _discover(project, cache_dir)
    assert len(scanned) > 10


@pytest.mark.usefixtures("_trust_fresh_files")
def test_changed_exclude_patterns_ignore_the_cache(project, cache_dir, scanned):
    _discover(project, cache_dir)
    scanned.clear()
    discover(Settings(root=project, scan_cache=True, cache_dir=cache_dir, exclude=("docs/",)))
    assert len(scanned) > 10


def test_the_fingerprint_follows_the_scanning_code_and_data(tmp_path):
    package = tmp_path / "llmaudit"
    (package / "discover").mkdir(parents=True)
    (package / "data").mkdir()
    (package / "report").mkdir()
    (package / "models.py").write_text("A = 1\n")
    (package / "discover" / "walk.py").write_text("B = 1\n")
    (package / "data" / "models.yaml").write_text("x: 1\n")
    (package / "report" / "html.py").write_text("C = 1\n")
    first = result_cache._fingerprint("settings", package)
    assert result_cache._fingerprint("settings", package) == first
    assert result_cache._fingerprint("other settings", package) != first
    for changed in ("models.py", "discover/walk.py", "data/models.yaml"):
        path = package / changed
        original = path.read_text()
        path.write_text(original + "# edited\n")
        assert result_cache._fingerprint("settings", package) != first, changed
        path.write_text(original)
    (package / "report" / "html.py").write_text("C = 2\n")  # not part of discovery
    assert result_cache._fingerprint("settings", package) == first


@pytest.mark.usefixtures("_trust_fresh_files")
@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b'{"format": 1}',
        b"\xff\xfe garbage",
        b"[" * 100_000 + b"]" * 100_000,  # nested too deep for the parser
    ],
)
def test_an_unreadable_cache_is_ignored(project, cache_dir, damage):
    cold = _discover(project, None)
    path = cache_file(cache_dir, project)
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    assert _same(_discover(project, cache_dir), cold)
    assert _same(_discover(project, cache_dir), cold)  # rewritten, then used


@pytest.mark.usefixtures("_trust_fresh_files")
def test_a_truncated_cache_is_ignored(project, cache_dir):
    cold = _discover(project, cache_dir)
    path = cache_file(cache_dir, project)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _same(_discover(project, cache_dir), cold)


@pytest.mark.usefixtures("_trust_fresh_files")
def test_hostile_entries_are_misses_never_results(project, cache_dir, scanned):
    cold = _discover(project, cache_dir)
    path = cache_file(cache_dir, project)
    data = json.loads(path.read_text())
    entries = data["entries"]
    app = entries["app.py"]
    # well formed but for one value: the line number of its location is a string
    location = ["app.py", "1", None, None, "", "use", [], None]
    evil = [[["evil/model", None, "model", None, [location]]], *[[]] * 8]
    entries["app.py"] = [*app[:4], evil]
    entries["Dockerfile"] = [*entries["Dockerfile"][:4], [*[[]] * 8, [2**80]]]
    entries["Makefile"] = [10**40, "x", None, True]
    entries["README.md"] = "not a list"
    entries[".env"] = [*entries[".env"][:4], [[1, 2, 3]]]
    data["second_look"] = [1, 2]
    data["callers"] = ["not a key", [1, None]]
    path.write_text(json.dumps(data))
    scanned.clear()
    again = _discover(project, cache_dir)
    assert _same(again, cold)
    assert "evil/model" not in {m.id for m in again.models}
    assert {"app.py", "Dockerfile", "Makefile", "README.md", ".env"} <= set(scanned)


@pytest.mark.usefixtures("_trust_fresh_files")
def test_an_unwritable_cache_folder_means_no_cache(project, tmp_path, scanned):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache_dir = blocker / "cache"
    cold = _discover(project, None)
    assert _same(_discover(project, cache_dir), cold)
    scanned.clear()
    assert _same(_discover(project, cache_dir), cold)
    assert len(scanned) > 10
    assert blocker.read_text() == "not a folder"


def test_files_written_during_the_last_two_seconds_are_not_stored(project, cache_dir, scanned):
    for path in project.rglob("*"):
        if path.is_file():
            os.utime(path)  # now: racily clean
    _discover(project, cache_dir)
    scanned.clear()
    _discover(project, cache_dir)
    assert len(scanned) > 10


def test_a_cache_folder_inside_the_tree_is_not_used(project, scanned):
    cache_dir = project / "llmaudit-cache"
    _discover(project, cache_dir)
    assert not cache_dir.exists()


@pytest.mark.usefixtures("_trust_fresh_files")
def test_concurrent_writers_leave_one_whole_cache(project, cache_dir):
    cold = _discover(project, None)
    path = cache_file(cache_dir, project)
    payloads = [json.dumps({"n": n, "pad": "x" * (200_000 + n)}).encode() for n in range(8)]
    seen: list[bytes] = []
    done = threading.Event()

    def read_while_writing() -> None:
        while not done.is_set():
            if path.exists():
                seen.append(path.read_bytes())

    reader = threading.Thread(target=read_while_writing)
    reader.start()
    writers = [
        threading.Thread(target=result_cache._write_atomically, args=(path, payload))
        for payload in payloads * 4
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    done.set()
    reader.join()
    assert path.read_bytes() in payloads
    assert all(data in payloads for data in seen)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left
    assert _same(_discover(project, cache_dir), cold)  # a foreign file is simply ignored


def _scan(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["scan", *args, "--offline", "--format", "json"], env=env)


@pytest.mark.usefixtures("_trust_fresh_files")
def test_scan_caches_by_default_and_no_cache_turns_it_off(project, cache_dir):
    path = cache_file(cache_dir, project)
    for switch, env in ((["--no-cache"], None), ([], {"LLMAUDIT_NO_CACHE": "1"})):
        result = _scan(str(project), "--cache-dir", str(cache_dir), *switch, env=env)
        assert result.exit_code in (0, 1, 3), result.output
        assert not path.exists()
    fixed_clock = {"SOURCE_DATE_EPOCH": "1700000000"}  # the reports' timestamp
    cached = _scan(str(project), "--cache-dir", str(cache_dir), env=fixed_clock)
    assert path.exists()
    again = _scan(str(project), "--cache-dir", str(cache_dir), env=fixed_clock)
    uncached = _scan(str(project), "--cache-dir", str(cache_dir), "--no-cache", env=fixed_clock)
    assert again.stdout == cached.stdout == uncached.stdout


def test_the_pre_commit_files_mode_does_not_use_the_cache(project, cache_dir, monkeypatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(
        cli,
        ["scan", "--files", "app.py", "Dockerfile", "--offline", "--cache-dir", str(cache_dir)],
    )
    assert result.exit_code in (0, 1, 3), result.output
    assert not (cache_dir / "discover").exists()
