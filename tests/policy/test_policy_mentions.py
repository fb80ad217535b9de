"""`mentions: ignore | report | enforce`: a model only named in docs never decides the exit
code under the shipped policies; the real pipeline, offline, on a small project."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.errors import ExitCode
from llmaudit.models import LocationKind, Verdict
from llmaudit.pipeline import exit_code_for, run_audit
from llmaudit.policy import Mentions, load_policy
from llmaudit.settings import Settings

UNKNOWN_ID = "acme-lab/secret-model"  # neither cached nor built in: unresolved offline


def _project(root: Path) -> Path:
    (root / "app.py").write_text(
        "from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained('gpt2')\n"
    )
    (root / "README.md").write_text(
        "# Demo\n\nWe also tried [a bigger model](https://huggingface.co/acme-lab/secret-model)"
        " and the config at https://huggingface.co/gpt2/resolve/main/config.json\n"
    )
    return root


def _settings(tmp_path: Path, policy: str = "default", *, ci: bool = False) -> Settings:
    return Settings(
        root=_project(tmp_path),
        offline=True,
        policy=policy,
        ci=ci,
        cache_dir=tmp_path / "cache",
        environ={"SOURCE_DATE_EPOCH": "1767225600"},
    )


def _policy_file(tmp_path: Path, mode: str) -> str:
    path = tmp_path / f"mentions-{mode}.yaml"
    path.write_text(f"name: mentions-{mode}\nextends: default\nmentions: {mode}\n")
    return str(path)


@pytest.mark.parametrize("policy", ["default", "commercial", "research", "strict", "eu-sovereign"])
@pytest.mark.parametrize("ci", [False, True], ids=["plain", "ci"])
def test_mention_only_model_never_fails_a_shipped_policy(tmp_path, policy, ci):
    assert load_policy(policy, Settings()).mentions is Mentions.REPORT
    result = run_audit(_settings(tmp_path, policy, ci=ci))
    by_id = {m.ref.id: m for m in result.models}
    mentioned = by_id[UNKNOWN_ID]
    assert not mentioned.ref.used
    assert {loc.kind for loc in mentioned.ref.locations} == {LocationKind.MENTION}
    assert mentioned.findings and all(f.mention_only for f in mentioned.findings)
    assert mentioned.verdict is Verdict.PASS
    assert all(e.target != UNKNOWN_ID for e in result.errors)
    # gpt2 is loaded in app.py and linked in the README: used, judged as usual
    gpt2 = by_id["gpt2"]
    assert gpt2.ref.used
    assert {loc.kind for loc in gpt2.ref.locations} == {LocationKind.USE, LocationKind.MENTION}
    assert not any(f.mention_only for f in gpt2.findings)
    assert all(f.path in (None, "app.py") for f in gpt2.findings)  # placed at the use
    code = exit_code_for(result, Verdict.FAIL)
    assert code is (ExitCode.VIOLATIONS if gpt2.verdict is Verdict.FAIL else ExitCode.CLEAN)


def test_enforce_judges_a_mention_like_a_use(tmp_path):
    result = run_audit(_settings(tmp_path, _policy_file(tmp_path, "enforce"), ci=True))
    mentioned = {m.ref.id: m for m in result.models}[UNKNOWN_ID]
    assert mentioned.verdict is Verdict.FAIL
    assert not any(f.mention_only for f in mentioned.findings)
    assert [e.target for e in result.errors] == [UNKNOWN_ID]
    assert exit_code_for(result, Verdict.FAIL) is ExitCode.UNRESOLVED  # could not check it


def test_ignore_lists_the_mention_without_findings(tmp_path):
    result = run_audit(_settings(tmp_path, _policy_file(tmp_path, "ignore"), ci=True))
    mentioned = {m.ref.id: m for m in result.models}[UNKNOWN_ID]
    assert mentioned.findings == ()
    assert mentioned.verdict is Verdict.PASS
    assert exit_code_for(result, Verdict.FAIL) is ExitCode.CLEAN


def test_policy_rejects_an_unknown_mentions_mode(tmp_path):
    from llmaudit.policy import validate_policy_file

    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nmentions: sometimes\n")
    problems = validate_policy_file(path)
    assert any("mentions" in problem and "sometimes" in problem for problem in problems)
