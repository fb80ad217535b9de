"""Card fields, tags and LICENSE files that disagree: a finding naming both values, and the
verdict of the most restrictive reading (a permissive field never hides stricter terms)."""

from __future__ import annotations

import pytest

from llmaudit.models import Verdict

from .hub_repos import audit_one, data_text, rules_at, serve_repo

MODEL = "someorg/mixed-signals"


@pytest.fixture
def hub():
    from tests.loopback_hub import LoopbackHub

    server = LoopbackHub()
    yield server
    server.close()


def test_permissive_card_with_a_non_commercial_license_file_fails_commercial(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={"license": "apache-2.0"},
        files={"LICENSE": data_text("cc-by-nc-4.0.LICENSE.txt")},
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    assert "commercial-use" in rules_at(audit, Verdict.FAIL)
    conflict = next(f.message for f in audit.findings if f.rule == "license-conflict")
    assert "cc-by-nc-4.0" in conflict and "apache-2.0" in conflict
    assert any("LICENSE file" in f.message for f in audit.findings if f.rule == "commercial-use")


def test_permissive_card_with_a_non_commercial_license_link_fails_commercial(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={
            "license": "mit",
            "license_link": "https://creativecommons.org/licenses/by-nc/4.0/",
        },
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    mismatch = next(f.message for f in audit.findings if f.rule == "card-mismatch")
    assert "mit" in mismatch and "cc-by-nc-4.0" in mismatch
    hit = next(f.message for f in audit.findings if f.rule == "commercial-use")
    assert "license_link" in hit


def test_unknown_license_name_next_to_a_declared_id_is_a_mismatch_and_not_a_pass(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={
            "license": "apache-2.0",
            "license_name": "acme-internal-model-license",
            "license_link": "https://acme.example/model-license",
        },
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    mismatch = next(f.message for f in audit.findings if f.rule == "card-mismatch")
    assert "apache-2.0" in mismatch and "acme-internal-model-license" in mismatch
    unknown = next(f.message for f in audit.findings if f.rule == "license-unknown")
    assert "license_name" in unknown and "acme-internal-model-license" in unknown


@pytest.mark.parametrize("name", ["other", "Apache License 2.0", "apache-2.0"])
def test_license_name_that_agrees_or_is_a_placeholder_is_no_finding(hub, tmp_path, name):
    serve_repo(hub, MODEL, card_data={"license": "apache-2.0", "license_name": name})
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.PASS, [(f.rule, f.message) for f in audit.findings]
