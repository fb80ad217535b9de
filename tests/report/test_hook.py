"""The declared pre-commit hook on the realistic commit bench/hook.py times (tests/hook_commit.py):
what it prints and finds, and the modules it may import to stay fast.

The hook runs as pre-commit starts it: the `entry` of .pre-commit-hooks.yaml in a new process
on the commit's 10 files, with the Hub reachable (the loopback Hub) and the cache warmed by
one earlier run. Speed itself is measured by bench/hook.py, not here: these tests pin what
the fast path must keep doing (the same findings, the same lines) and what it must not load.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hook_commit import hook_command, hook_environment, hub_answer, run_hook, write_project
from tests.loopback_hub import LoopbackHub


@pytest.fixture(scope="module")
def commit(tmp_path_factory):
    """The commit's files, a Hub that knows its models, and the hook's environment, with the
    cache warmed by one earlier hook run (as the developer's earlier commits did)."""
    tmp = tmp_path_factory.mktemp("hook")
    root = tmp / "project"
    root.mkdir()
    files = [str(p.relative_to(root)) for p in write_project(root)]
    hub = LoopbackHub(fallback=hub_answer)
    try:
        env = hook_environment(tmp, hub.url)
        first = run_hook(hook_command(files), root, env)
        assert first.returncode == 1, first.stdout + first.stderr
        assert hub.requests, "the first run fills the cache from the Hub"
        yield root, files, hub, env
    finally:
        hub.close()


@pytest.mark.parametrize("verbosity", [(), ("-v",)], ids=["default", "verbose"])
def test_hook_on_the_realistic_commit_prints_its_golden_lines(commit, check_golden, verbosity):
    root, files, hub, env = commit
    asked = len(hub.requests)
    run = run_hook(hook_command([*verbosity, *files]), root, env)
    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    assert len(hub.requests) == asked, "a warm cache answers the hook without the Hub"
    name = "hook-commit.concise" + ("-verbose" if verbosity else "")
    check_golden(name, run.stdout)


def test_hook_on_the_realistic_commit_finds_its_golden_facts(commit, check_golden, tmp_path):
    """Every fact and finding of the hook's run (its JSON report), so that a faster hook is
    checked to do the same work: same models, licenses, lineage, packages and verdicts."""
    root, files, _, env = commit
    report = tmp_path / "report.json"
    run = run_hook(hook_command(["-o", f"json={report}", *files]), root, env)
    assert run.returncode == 1, run.stderr
    document = json.loads(report.read_text(encoding="utf-8"))
    document["generated_at"] = document["root"] = "-"
    for package in document["packages"]:  # the installed versions the commit pins
        package["version"] = package["specifier"] = "-"
    check_golden("hook-commit.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


# The hook path's import budget: modules a hook run never imports. The HTTP, report, SBOM and
# license-expression stacks serve other formats, a cold cache or compound package licenses;
# each costs tens of milliseconds on every commit (bench/hook.py).
NEVER_ON_THE_HOOK_PATH = (
    "requests",
    "requests_cache",
    "urllib3",
    "huggingface_hub",
    "jinja2",
    "rich",
    "spdx_tools",
    "cyclonedx",
    "jsonschema",
    "license_expression",
    "redis",
    "multiprocessing",
    "concurrent.futures.process",
    "sqlite3",
    "llmaudit.report.table",
    "llmaudit.report.json",
    "llmaudit.report.html",
    "llmaudit.licenses.present",
)
# ... and what a commit without dependency manifests never needs: installed package metadata
# (importlib.metadata, email, zipfile), requirement parsing (packaging), license texts, TOML,
# .gitignore matching and temporary files.
NOT_WITHOUT_MANIFESTS = (
    "importlib.metadata",
    "email",
    "zipfile",
    "packaging",
    "llmaudit.licenses.fingerprint",
    "pathspec",
    "tomllib",
    "importlib.resources",
    "tempfile",
)

PROBE = """
import json, sys
from llmaudit.cli import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _imported_by(command: list[str], cwd: Path, env: dict[str, str]) -> set[str]:
    probe = [sys.executable, "-c", PROBE, *command[command.index("scan") :]]
    run = subprocess.run(probe, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert "model(s)" in run.stdout, run.stdout + run.stderr
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def _over_budget(modules: set[str], budget: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for b in budget if m == b or m.startswith(b + "."))


def test_hook_on_the_realistic_commit_stays_within_its_import_budget(commit):
    root, files, _, env = commit
    over = _over_budget(_imported_by(hook_command(files), root, env), NEVER_ON_THE_HOOK_PATH)
    assert not over, f"the hook imported {', '.join(over)}"


# ... and what a warm cache spares: the commit's packages ship the same license files on every
# run, so their identifications come from the cache and the text identifier is not loaded.
NOT_WITH_A_WARM_CACHE = (
    "llmaudit.licenses.fingerprint",
    "llmaudit.licenses.fingerprint_index",
    "llmaudit.licenses.normalize",
    "llmaudit.licenses.combined",
    "llmaudit.licenses.notices",
    "llmaudit.licenses.candidates",
    # stored facts answer: no Hub answers, model folders, built-in table or HF cache read
    "llmaudit.resolve.repo",
    "llmaudit.resolve.local",
    "llmaudit.resolve.embedded",
    "llmaudit.resolve.hf_cache",
    "llmaudit.resolve.metadata",
    "llmaudit.resolve.card",
)


def test_hook_with_a_warm_cache_does_not_identify_license_files_again(commit):
    root, files, _, env = commit
    stored = sorted((Path(env["LLMAUDIT_CACHE_DIR"]) / "identifications").rglob("*.json"))
    assert stored, "the first run kept the packages' license-file identifications"
    imported = _imported_by(hook_command(files), root, env)
    over = _over_budget(imported, NOT_WITH_A_WARM_CACHE)
    assert not over, f"the warm hook imported {', '.join(over)}"
    assert "llmaudit.licenses.package_files" in imported, "the packages' files were checked"


# ... and what the commit's requirements file (plain `name==version` pins of packages
# installed as plain .dist-info folders) does not need: packaging's parser and version
# classes, importlib.metadata and the email parser.
NOT_FOR_PLAIN_PINS = ("packaging", "importlib.metadata", "email", "zipfile")


def test_hook_reads_plain_pins_and_installs_without_packaging_or_importlib_metadata(commit):
    root, files, _, env = commit
    over = _over_budget(_imported_by(hook_command(files), root, env), NOT_FOR_PLAIN_PINS)
    assert not over, f"the hook imported {', '.join(over)}"


def test_hook_on_one_python_file_offline_stays_within_its_import_budget(tmp_path):
    (tmp_path / "app.py").write_text(
        'from transformers import pipeline\np = pipeline("ner", model="dslim/bert-base-NER")\n'
    )
    env = hook_environment(tmp_path, "http://127.0.0.1:9")
    imported = _imported_by(hook_command(["--offline", "app.py"]), tmp_path, env)
    over = _over_budget(imported, NEVER_ON_THE_HOOK_PATH + NOT_WITHOUT_MANIFESTS)
    assert not over, f"the hook imported {', '.join(over)}"
