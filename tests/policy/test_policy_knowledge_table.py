"""The real knowledge base x shipped policies: verdicts a license counsel would give."""

from __future__ import annotations

import pytest

from llmaudit.errors import ConfigError
from llmaudit.models import (
    FactSource,
    LicenseAssessment,
    LicenseMatch,
    LicenseSource,
    LineageEntry,
    Modality,
    ModelAudit,
    ModelFacts,
    ModelRef,
    Verdict,
)
from llmaudit.policy import evaluate
from llmaudit.settings import Settings

P, W, F = Verdict.PASS, Verdict.WARN, Verdict.FAIL
POLICIES = ("default", "commercial", "eu-sovereign", "research", "strict")


def _kb():
    from llmaudit.licenses import all_licenses, get_license

    try:
        all_licenses()
    except ConfigError as exc:  # the knowledge base is being written concurrently
        pytest.skip(f"knowledge base not loadable: {exc}")
    return get_license


def _match(key: str) -> LicenseMatch:
    info = _kb()(key)
    assert info is not None, key
    return LicenseMatch(
        key=info.key,
        spdx=info.spdx,
        name=info.name,
        source=LicenseSource.CARD,
        confidence=1.0,
        evidence=key,
    )


def _audit(
    key: str,
    modality: Modality = Modality.TEXT,
    bases: tuple[str, ...] = (),
    relation: str = "finetune",
) -> ModelAudit:
    own = _match(key)
    lineage = tuple(
        LineageEntry(
            model_id=f"org/parent-{i}",
            relation=relation,
            depth=1,
            license=_match(b),
            source=FactSource.HUB,
            info=_kb()(b),
        )
        for i, b in enumerate(bases)
    )
    return ModelAudit(
        ref=ModelRef(id="acme/model"),
        facts=ModelFacts(
            id="acme/model",
            source=FactSource.HUB,
            modality=modality,
            card_exists=True,
            base_models=tuple(e.model_id for e in lineage),
            base_model_relation=relation if bases else None,
        ),
        assessment=LicenseAssessment(license=own, evidence=(own,), infos=(_kb()(key),)),
        license_info=_kb()(key),
        lineage=lineage,
    )


def _verdicts(**table: Verdict) -> dict[str, Verdict]:
    return {name.replace("_", "-"): verdict for name, verdict in table.items()}


# (id naming the clause, license key, modality, bases, expected verdicts); `strict` warns on
# output restrictions (e.g. Llama 2 §1.b.v: no improving other LLMs with outputs).
CASES = [
    (
        "apache-2.0-permissive",
        "apache-2.0",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=P, research=P, strict=P),
    ),
    (
        "llama2-700M-MAU-conditional-california-law",
        "llama2",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=W),
    ),
    (
        "llama3.1-conditional-california-law",
        "llama3.1",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=P),
    ),
    (
        "llama3.2-text-eu-clause-multimodal-only",
        "llama3.2",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=P),
    ),
    (
        "llama3.2-vision-eu-multimodal-exclusion",
        "llama3.2",
        Modality.VISION,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=F, research=P, strict=P),
    ),
    (
        "llama3.3-text-70b-eu-clause-does-not-bite",
        "llama3.3",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=P),
    ),
    (
        "llama4-multimodal-eu-exclusion",
        "llama4",
        Modality.MULTIMODAL,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=F, research=P, strict=P),
    ),
    (
        "gemma-terms-of-use-california-law",
        "gemma",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=P),
    ),
    (
        "openrail-use-restrictions-flow-down",
        "openrail",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=P, research=P, strict=W),
    ),
    (
        "cc-by-nc-4.0-non-commercial",
        "cc-by-nc-4.0",
        Modality.TEXT,
        (),
        _verdicts(default=W, commercial=F, eu_sovereign=F, research=P, strict=F),
    ),
    (
        "qwen-research-research-only",
        "qwen-research",
        Modality.TEXT,
        (),
        _verdicts(default=W, commercial=F, eu_sovereign=F, research=P, strict=F),
    ),
    (
        "tongyi-qianwen-100M-MAU-prc-courts",
        "tongyi-qianwen",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=W),
    ),
    (
        "deepseek-prc-law",
        "deepseek",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=W, research=P, strict=W),
    ),
    (
        "mistral-mnpl-non-production",
        "mnpl",
        Modality.TEXT,
        (),
        _verdicts(default=W, commercial=F, eu_sovereign=F, research=P, strict=F),
    ),
    (
        "mistral-mrl-research-only",
        "mrl",
        Modality.TEXT,
        (),
        _verdicts(default=W, commercial=F, eu_sovereign=F, research=P, strict=F),
    ),
    (
        "hunyuan-excludes-eu-uk-kr",
        "tencent-hunyuan",
        Modality.TEXT,
        (),
        _verdicts(default=P, commercial=P, eu_sovereign=F, research=P, strict=P),
    ),
    (
        "unknown-is-not-permission",
        "unknown",
        Modality.TEXT,
        (),
        _verdicts(default=F, commercial=F, eu_sovereign=F, research=F, strict=F),
    ),
    (
        "apache-finetune-of-llama3.1-card-conflict",
        "apache-2.0",
        Modality.TEXT,
        ("llama3.1",),
        _verdicts(default=W, commercial=W, eu_sovereign=W, research=W, strict=F),
    ),
    (
        "mit-finetune-of-cc-by-nc-inherits-nc",
        "mit",
        Modality.TEXT,
        ("cc-by-nc-4.0",),
        _verdicts(default=W, commercial=F, eu_sovereign=F, research=W, strict=F),
    ),
    (
        "merge-of-apache-and-mrl-strictest-parent",
        "apache-2.0",
        Modality.TEXT,
        ("apache-2.0", "mrl"),
        _verdicts(default=W, commercial=F, eu_sovereign=F, research=W, strict=F),
    ),
    (
        "llama3.2-vision-finetune-inherits-eu-exclusion",
        "llama3.2",
        Modality.VISION,
        ("llama3.2",),
        _verdicts(default=P, commercial=P, eu_sovereign=F, research=P, strict=P),
    ),
]


@pytest.mark.parametrize(
    ("key", "modality", "bases", "policy_name", "expected"),
    [
        pytest.param(key, modality, bases, name, table[name], id=f"{case}-{name}")
        for case, key, modality, bases, table in CASES
        for name in POLICIES
    ],
)
def test_counsel_verdicts(policies, key, modality, bases, policy_name, expected):
    relation = "merge" if len(bases) > 1 else "finetune"
    audit = _audit(key, modality, bases, relation)
    result = evaluate((audit,), (), policies(policy_name), Settings()).models[0]
    why = [(f.rule, f.severity.value, f.message) for f in result.findings]
    assert result.verdict is expected, why


def _whole_kb():
    from llmaudit.licenses import all_licenses

    try:
        return all_licenses()
    except ConfigError:
        return ()


@pytest.mark.parametrize("info", _whole_kb(), ids=lambda i: i.key)
def test_every_entry_under_commercial_and_research(policies, info):
    from llmaudit.policy.rules.base import commercial_status

    settings = Settings()
    audit = _audit(info.key)
    commercial = evaluate((audit,), (), policies("commercial"), settings).models[0]
    research = evaluate((audit,), (), policies("research"), settings).models[0]
    unknown = info.key == "unknown" or info.category == "unknown"
    blocked = commercial_status(info).value in ("prohibited", "unknown")
    assert (commercial.verdict is Verdict.FAIL) == (unknown or blocked)
    assert (research.verdict is Verdict.FAIL) == unknown
    for finding in commercial.findings:
        assert finding.message.endswith(".") and finding.subject == "acme/model"
