"""Table: license facts x shipped policies -> verdict, ids naming the clause that decides."""

from __future__ import annotations

import pytest

from llmaudit.models import Modality, Verdict
from llmaudit.policy import evaluate
from tests.policy.policy_builders import ancestor, lineage, model

P, W, F = Verdict.PASS, Verdict.WARN, Verdict.FAIL

# (id, model kwargs, {policy: verdict})
CASES = [
    (
        "apache-permissive",
        dict(key="apache-2.0"),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": P}),
    ),
    (
        "cc-by-nc-nc-clause",
        dict(key="cc-by-nc-4.0"),
        dict(default=W, commercial=F, research=P, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "qwen-research-research-only",
        dict(key="qwen-research"),
        dict(default=W, commercial=F, research=P, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "mnpl-non-production",
        dict(key="mnpl-0.1"),
        dict(default=W, commercial=F, research=P, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "llama3.1-conditional-passes-with-obligations",
        dict(key="llama3.1"),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": W}),
    ),
    (
        "llama3.2-text-eu-multimodal-scope-not-hit",
        dict(key="llama3.2", modality=Modality.TEXT),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": W}),
    ),
    (
        "llama3.2-vision-eu-multimodal-exclusion",
        dict(key="llama3.2", modality=Modality.VISION),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": F}),
    ),
    (
        "llama3.2-unknown-modality-eu-caution",
        dict(key="llama3.2", modality=Modality.UNKNOWN),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": W}),
    ),
    (
        "tongyi-prc-governing-law",
        dict(key="tongyi-qianwen"),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": W}),
    ),
    (
        "hunyuan-excludes-eu-all-models",
        dict(key="hunyuan"),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": F}),
    ),
    (
        "unknown-license-is-never-permission",
        dict(key="unknown"),
        dict(default=F, commercial=F, research=F, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "known-license-unclear-commercial-terms",
        dict(key="odd-terms"),
        dict(default=W, commercial=F, research=P, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "finetune-of-nc-base-inherits-nc",
        dict(key="apache-2.0", bases=lineage("cc-by-nc-4.0")),
        dict(default=W, commercial=F, research=W, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "finetune-declaring-base-license-no-conflict",
        dict(key="llama3.1", bases=lineage("llama3.1")),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": W}),
    ),
    (
        "relicensed-llama-finetune-conflict",
        dict(key="mit", bases=lineage("llama3.1")),
        dict(default=W, commercial=W, research=W, strict=F, **{"eu-sovereign": W}),
    ),
    (
        "deep-lineage-nc-at-depth-3",
        dict(key="mit", bases=lineage("apache-2.0", "mit", "cc-by-nc-4.0")),
        dict(default=W, commercial=F, research=W, strict=F, **{"eu-sovereign": F}),
    ),
    (
        "permissive-base-may-be-relicensed",
        dict(key="llama3.1", bases=lineage("apache-2.0")),
        dict(default=P, commercial=P, research=P, strict=P, **{"eu-sovereign": W}),
    ),
    (
        "unknown-base-license-stays-unknown",
        dict(key="apache-2.0", bases=lineage("unknown")),
        dict(default=F, commercial=F, research=F, strict=F, **{"eu-sovereign": F}),
    ),
]

POLICIES = ("default", "commercial", "eu-sovereign", "research", "strict")


@pytest.mark.parametrize(
    ("kwargs", "policy_name", "expected"),
    [
        pytest.param(kw, name, table[name], id=f"{case}-{name}")
        for case, kw, table in CASES
        for name in POLICIES
    ],
)
def test_verdict_table(stub_kb, policies, settings, kwargs, policy_name, expected):
    result = evaluate((model(**kwargs),), (), policies(policy_name), settings)
    audit = result.models[0]
    why = [(f.rule, f.severity.value, f.message) for f in audit.findings]
    assert audit.verdict is expected, why


def test_merge_takes_strictest_parent(stub_kb, policies, settings):
    merged = model(
        "apache-2.0",
        bases=(
            ancestor("org/parent-a", "apache-2.0"),
            ancestor("org/other-parent", "qwen-research"),
        ),
    )
    audit = evaluate((merged,), (), policies("commercial"), settings).models[0]
    assert audit.verdict is Verdict.FAIL
    fired = [f for f in audit.findings if f.rule == "commercial-use"]
    assert len(fired) == 1 and "org/other-parent" in fired[0].message


def test_declared_base_without_lineage_entry_is_unknown(stub_kb, policies, settings):
    from dataclasses import replace

    audit = model("apache-2.0")
    audit = replace(audit, facts=replace(audit.facts, base_models=("ghost/base",)))
    result = evaluate((audit,), (), policies("commercial"), settings).models[0]
    assert result.verdict is Verdict.FAIL
    assert any(f.rule == "license-unknown" and "ghost/base" in f.message for f in result.findings)


def test_ci_mode_fails_closed_on_unknown_license_even_when_policy_only_warns(tmp_path):
    from llmaudit.models import Severity, Verdict
    from llmaudit.policy import evaluate, load_policy
    from llmaudit.settings import Settings

    lenient = tmp_path / "lenient.yaml"
    lenient.write_text("name: lenient\nrules:\n  license-unknown: warning\n")
    audit = model("unknown", model_id="acme/mystery")
    relaxed = Settings(root=tmp_path)
    policy = load_policy(str(lenient), relaxed)
    (judged,) = evaluate((audit,), (), policy, relaxed).models
    assert judged.verdict is Verdict.WARN
    (ci_judged,) = evaluate((audit,), (), policy, Settings(root=tmp_path, ci=True)).models
    assert ci_judged.verdict is Verdict.FAIL
    assert any(
        f.rule == "license-unknown" and f.severity is Severity.ERROR for f in ci_judged.findings
    )
