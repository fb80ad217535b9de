"""Policy evaluation on real stage output: built-in facts, real classification, offline."""

from __future__ import annotations

import pytest

from llmaudit.models import Verdict
from llmaudit.pipeline import run_audit
from llmaudit.settings import Settings


@pytest.mark.parametrize(
    ("model_id", "policy", "expected"),
    [
        pytest.param(
            "meta-llama/Llama-3.1-8B-Instruct",
            "commercial",
            Verdict.PASS,
            id="llama3.1-conditional-passes-commercial",
        ),
        pytest.param(
            "meta-llama/Llama-3.1-8B-Instruct",
            "eu-sovereign",
            Verdict.WARN,
            id="llama3.1-california-law-warns-eu",
        ),
        pytest.param(
            "meta-llama/Llama-3.1-8B-Instruct",
            "strict",
            Verdict.WARN,
            id="llama3.1-gated-warns-strict",
        ),
        pytest.param("gpt2", "strict", Verdict.PASS, id="mit-passes-strict"),
    ],
)
def test_builtin_facts_through_the_pipeline(tmp_path, model_id, policy, expected):
    settings = Settings(
        models=(model_id,),
        offline=True,
        policy=policy,
        cache_dir=tmp_path,
        environ={"SOURCE_DATE_EPOCH": "1767225600"},
    )
    result = run_audit(settings)
    (audit,) = result.models
    assert result.policy == policy
    assert audit.verdict is expected, [(f.rule, f.message) for f in audit.findings]
    if model_id.startswith("meta-llama/"):
        assert [e.model_id for e in audit.lineage] == ["meta-llama/Llama-3.1-8B"]
        # Same license on both: the base's obligations are the model's own, listed once.
        naming = [o for o in audit.obligations if o.kind == "naming"]
        assert len(naming) == 1 and naming[0].license_key == "llama3.1"
