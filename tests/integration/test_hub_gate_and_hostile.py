"""The Hub's gate facts (EU refusal, form fields, auto/manual) and hostile or malformed cards."""

from __future__ import annotations

import json

import pytest

from llmaudit.models import Verdict
from llmaudit.report import render
from llmaudit.report.base import RenderContext
from tests.hardening.bombs import alias_bomb

from .hub_repos import audit_one, recorded_info, rules_at, serve_repo

MODEL = "someorg/eu-less-model"


def _llama_gate_card(**extra: object) -> dict:
    """The recorded Llama 3.1 cardData (real extra_gated_* shapes) under another license."""
    card = dict(recorded_info("llama-3.1-8b-instruct.api.json")["cardData"])
    card.update(license="apache-2.0", base_model=None, **extra)
    return {k: v for k, v in card.items() if v is not None}


def test_eu_disallowed_gate_fails_eu_sovereign(hub, tmp_path):
    serve_repo(
        hub, MODEL, card_data=_llama_gate_card(extra_gated_eu_disallowed=True), gated="manual"
    )
    audit = audit_one(hub, tmp_path, MODEL, "eu-sovereign")
    assert audit.verdict is Verdict.FAIL
    assert rules_at(audit, Verdict.FAIL) == ["geographic-restriction"]
    message = next(f.message for f in audit.findings if f.rule == "geographic-restriction")
    assert "extra_gated_eu_disallowed" in message and "EU" in message


def test_eu_disallowed_gate_is_only_a_note_without_a_jurisdiction(hub, tmp_path):
    serve_repo(hub, MODEL, card_data=_llama_gate_card(extra_gated_eu_disallowed=True), gated="auto")
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.PASS
    assert any(f.rule == "geographic-restriction" for f in audit.findings)


def test_gate_facts_are_kept_and_shown(hub, tmp_path):
    serve_repo(hub, MODEL, card_data=_llama_gate_card(), gated="manual")
    audit = audit_one(hub, tmp_path, MODEL, "default")
    gate = audit.facts.gate
    assert gate.mode == "manual" and not gate.eu_disallowed
    assert gate.fields[:3] == ("First Name", "Last Name", "Date of birth")
    assert gate.prompt.startswith("### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT")
    gated = next(f.message for f in audit.findings if f.rule == "gated")
    assert "approves each request" in gated and "First Name" in gated
    from llmaudit.models import AuditResult

    result = AuditResult(
        tool_version="t",
        policy="default",
        verdict=audit.verdict,
        generated_at="2026-01-01T00:00:00Z",
        models=(audit,),
    )
    doc = json.loads(render(result, "json", RenderContext()))
    (model,) = doc["models"]
    assert model["gate"]["mode"] == "manual"
    assert model["gate"]["fields"][0] == "First Name"


def test_no_card_data_while_readme_has_front_matter_is_a_warning(hub, tmp_path):
    bomb = alias_bomb("lol")
    readme = f"---\nlicense: mit\n{bomb}tags: *i\n---\n# model\n"
    serve_repo(hub, MODEL, card_data=None, files={"README.md": readme}, tags=[])
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.WARN
    assert rules_at(audit, Verdict.WARN) == ["malformed-metadata"]
    messages = [f.message for f in audit.findings if f.rule == "malformed-metadata"]
    assert any("not parsed by the Hub" in m and "license: mit" in m for m in messages)
    assert any("billion laughs" in m for m in messages)
    assert audit_one(hub, tmp_path / "ci", MODEL, "commercial", ci=True).verdict is Verdict.FAIL


@pytest.mark.parametrize(
    ("card", "field", "read"),
    [
        pytest.param(
            {"license": "apache-2.0", "base_model": {"x": "y"}},
            "card base_model",
            "{'x': 'y'}",
            id="base-model-mapping",
        ),
        pytest.param(
            {"license": "apache-2.0", "base_model": ["org/base", 7]},
            "card base_model",
            "['org/base', 7]",
            id="base-model-list-with-number",
        ),
        pytest.param(
            {"license": "mit", "license_name": ["a", "b"]},
            "card license_name",
            "['a', 'b']",
            id="license-name-list",
        ),
    ],
)
def test_malformed_lineage_or_license_fields_are_never_clean(hub, tmp_path, card, field, read):
    serve_repo(hub, "org/base", card_data={"license": "apache-2.0"})
    serve_repo(hub, MODEL, card_data=card, tags=[])
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is not Verdict.PASS
    (problem,) = [p for p in audit.facts.metadata_problems if p.field == field]
    assert problem.read == read
    assert any(
        field in f.message and read in f.message
        for f in audit.findings
        if f.rule == "malformed-metadata"
    )
    assert audit_one(hub, tmp_path / "ci", MODEL, "commercial", ci=True).verdict is Verdict.FAIL


def test_license_that_is_a_number_is_not_reported_as_undeclared(hub, tmp_path):
    serve_repo(hub, MODEL, card_data={"license": 42}, tags=[])
    audit = audit_one(hub, tmp_path, MODEL, "default")
    assert audit.verdict is Verdict.FAIL
    unknown = next(f.message for f in audit.findings if f.rule == "license-unknown")
    assert "no license is declared" not in unknown
    assert "card license: 42" in unknown
    assert "malformed-metadata" in rules_at(audit, Verdict.WARN)


def test_eu_refusing_gate_on_a_base_model_is_a_caution_for_its_fine_tune(hub, tmp_path):
    serve_repo(
        hub,
        "someorg/eu-less-base",
        card_data=_llama_gate_card(extra_gated_eu_disallowed=True),
        gated="manual",
    )
    serve_repo(
        hub, MODEL, card_data={"license": "apache-2.0", "base_model": "someorg/eu-less-base"}
    )
    audit = audit_one(hub, tmp_path, MODEL, "eu-sovereign")
    assert "geographic-restriction" in rules_at(audit, Verdict.WARN)
    assert "geographic-restriction" not in rules_at(audit, Verdict.FAIL)
