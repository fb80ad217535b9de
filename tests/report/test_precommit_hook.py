"""Real pre-commit, real git: the llmaudit hook blocks a non-commercial model under `commercial`.

pre-commit cannot build the hook's `language: python` environment without PyPI, and tests
never use the network, so the test runs the hook exactly as .pre-commit-hooks.yaml declares
it (same id, filters, pass_filenames, require_serial) as a `repo: local` hook with
`language: system`, pointing the entry at this venv's llmaudit executable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LLMAUDIT = BIN / "llmaudit"
PRE_COMMIT = BIN / "pre-commit"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (LLMAUDIT.exists() and PRE_COMMIT.exists() and shutil.which("git")),
        reason="needs git, pre-commit and the llmaudit console script in this venv",
    ),
]


def _hook_manifest() -> dict:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return hook


def test_manifest_is_valid_for_pre_commit():
    run = subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    hook = _hook_manifest()
    assert hook["id"] == "llmaudit"
    assert hook["entry"] == "llmaudit scan --format concise --files"
    assert hook["pass_filenames"] is True
    assert {"python", "jupyter", "yaml", "json", "toml", "dockerfile", "shell", "text"} <= set(
        hook["types_or"]
    )


@pytest.fixture
def git_repo(tmp_path, monkeypatch):
    """A git repo with pre-commit installed and the llmaudit hook under the commercial policy."""
    repo = tmp_path / "project"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Dev",
        "GIT_AUTHOR_EMAIL": "dev@example.com",
        "GIT_COMMITTER_NAME": "Dev",
        "GIT_COMMITTER_EMAIL": "dev@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HF_HUB_OFFLINE": "1",
        "NO_COLOR": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    hook = {
        **_hook_manifest(),
        "language": "system",
        "entry": _hook_manifest()["entry"].replace("llmaudit", str(LLMAUDIT), 1),
        "args": ["--offline", "--policy", "commercial"],
    }
    hook.pop("minimum_pre_commit_version", None)
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)

    assert git("init", "-q", "-b", "main").returncode == 0
    install = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    git("add", ".pre-commit-config.yaml")
    assert git("commit", "-q", "--no-verify", "-m", "config").returncode == 0
    return repo, git


def _commit_model(repo: Path, git, name: str, model_id: str):
    (repo / name).write_text(
        "from transformers import pipeline\n\n"
        f'pipe = pipeline("text-generation", model="{model_id}")\n'
    )
    git("add", name)
    return git("commit", "-m", f"use {model_id}")


def test_commit_adding_noncommercial_model_is_blocked(git_repo):
    repo, git = git_repo
    run = _commit_model(repo, git, "translate.py", "facebook/nllb-200-distilled-600M")
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "llmaudit (AI model licenses)" in output and "Failed" in output
    assert "facebook/nllb-200-distilled-600M" in output
    assert (
        "translate.py:3: error [commercial-use] facebook/nllb-200-distilled-600M is under "
        in output
    )
    assert git("log", "--format=%s").stdout.splitlines() == ["config"]


def test_commit_adding_apache_model_goes_through(git_repo):
    repo, git = git_repo
    run = _commit_model(repo, git, "search.py", "sentence-transformers/all-MiniLM-L6-v2")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "llmaudit (AI model licenses)" in output and "Passed" in output
    assert (
        git("log", "--format=%s").stdout.splitlines()[0]
        == "use sentence-transformers/all-MiniLM-L6-v2"
    )


def test_commit_without_relevant_files_skips_the_hook(git_repo):
    repo, git = git_repo
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    git("add", "logo.png")
    run = git("commit", "-m", "logo")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "(no files to check)Skipped" in (run.stdout + run.stderr).replace(".", "")
