"""Waivers: applied while valid, the finding returns the day after they expire (frozen clock)."""

from __future__ import annotations

import re

import pytest

from llmaudit.errors import ConfigError
from llmaudit.models import Verdict
from llmaudit.policy import evaluate, load_policy
from llmaudit.settings import Settings
from tests.policy.policy_builders import model, write

# 2026-06-30T12:00:00Z and 2026-07-01T12:00:00Z
JUNE_30 = "1782820800"
JULY_1 = "1782907200"

POLICY = """\
extends: commercial
waivers:
  - id: W-1
    rule: commercial-use
    subject: Acme/Model
    reason: Counsel approved a paid license from the author (ticket LEGAL-42).
    owner: legal@acme.example
    expires: 2026-06-30
"""


def _run(tmp_path, epoch: str, waiver_file=None):
    settings = Settings(environ={"SOURCE_DATE_EPOCH": epoch}, waivers=waiver_file)
    policy = load_policy(str(write(tmp_path / "p.yaml", POLICY)), settings)
    return evaluate((model("cc-by-nc-4.0"),), (), policy, settings)


def test_waiver_applies_through_its_expiry_day(stub_kb, tmp_path):
    result = _run(tmp_path, JUNE_30)
    audit = result.models[0]
    waived = [f for f in audit.findings if f.rule == "commercial-use"]
    assert [f.waived_by for f in waived] == ["W-1"]
    assert audit.verdict is Verdict.PASS
    assert [(u.id, u.owner, u.expires) for u in result.waivers] == [
        ("W-1", "legal@acme.example", "2026-06-30")
    ]


def test_expired_waiver_stops_applying_and_finding_returns(stub_kb, tmp_path):
    result = _run(tmp_path, JULY_1)
    audit = result.models[0]
    finding = next(f for f in audit.findings if f.rule == "commercial-use")
    assert finding.waived_by is None
    assert finding.message.endswith("licensor (waiver 'W-1' expired on 2026-06-30).")
    assert audit.verdict is Verdict.FAIL
    assert result.waivers == ()


def test_waiver_for_other_rule_or_subject_does_not_apply(stub_kb, tmp_path):
    settings = Settings(environ={"SOURCE_DATE_EPOCH": JUNE_30})
    policy = load_policy(str(write(tmp_path / "p.yaml", POLICY)), settings)
    result = evaluate((model("cc-by-nc-4.0", model_id="acme/other"),), (), policy, settings)
    assert result.models[0].verdict is Verdict.FAIL and result.waivers == ()


def test_separate_waiver_file(stub_kb, tmp_path):
    waivers = write(
        tmp_path / "waivers.yaml",
        """\
waivers:
  - rule: license-unknown
    subject: acme/mystery
    reason: Internal model, license is our own.
    owner: ml-platform
    expires: 2026-12-31
""",
    )
    settings = Settings(environ={"SOURCE_DATE_EPOCH": JUNE_30}, waivers=waivers)
    result = evaluate(
        (model("unknown", model_id="acme/mystery"),), (), load_policy("strict", settings), settings
    )
    assert result.models[0].verdict is Verdict.PASS
    assert result.waivers[0].id == "license-unknown:acme/mystery"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("waivers: 3\n", "waivers: expected array", id="not-a-list"),
        pytest.param("rules: {}\n", "one key, 'waivers'", id="policy-not-waiver-file"),
        pytest.param(
            "waivers:\n  - rule: gated\n    subject: a\n    reason: r\n    owner: o\n"
            "    expires: soon\n",
            "waivers.yaml:6: waivers[0].expires",
            id="date",
        ),
        pytest.param(
            "waivers:\n  - {id: x, rule: gated, subject: a, reason: r, owner: o,"
            " expires: 2026-01-01}\n  - {id: x, rule: gated, subject: b, reason: r,"
            " owner: o, expires: 2026-01-01}\n",
            "duplicate waiver id 'x'",
            id="dup-id",
        ),
    ],
)
def test_bad_waiver_file_is_config_error(stub_kb, tmp_path, text, expected):
    waivers = write(tmp_path / "waivers.yaml", text)
    settings = Settings(environ={"SOURCE_DATE_EPOCH": JUNE_30}, waivers=waivers)
    with pytest.raises(ConfigError, match=re.escape(expected)):
        evaluate((model(),), (), load_policy("default", settings), settings)


@pytest.mark.parametrize(
    ("subject", "applies"),
    [
        ("acme/*", True),
        ("ACME/MODEL", True),
        ("acme/mod", False),
        ("*/model", True),
        ("other/*", False),
        ("acme/[m]odel", False),
    ],
)
def test_waiver_subject_glob(subject, applies):
    from datetime import date

    from llmaudit.models import Finding, Severity
    from llmaudit.policy.document import Waiver
    from llmaudit.policy.waivers import waiver_matches

    waiver = Waiver(
        id="w", rule="gated", subject=subject, reason="r", owner="o", expires=date(2030, 1, 1)
    )
    finding = Finding(rule="gated", severity=Severity.INFO, message="m", subject="acme/model")
    assert waiver_matches(waiver, finding) is applies
