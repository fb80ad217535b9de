"""exit_code_for: one table covers every documented exit code."""

from __future__ import annotations

import pytest

from llmaudit.errors import ExitCode
from llmaudit.models import (
    AuditError,
    AuditResult,
    FactSource,
    LicenseAssessment,
    LicenseMatch,
    ModelAudit,
    ModelFacts,
    ModelRef,
    Verdict,
)
from llmaudit.pipeline import exit_code_for

UNKNOWN = LicenseAssessment(license=LicenseMatch(key="unknown", spdx="NOASSERTION", name="?"))


def _model(verdict: Verdict, *, resolved: bool = True) -> ModelAudit:
    source = FactSource.HUB if resolved else FactSource.UNRESOLVED
    return ModelAudit(
        ref=ModelRef(id="org/m"),
        facts=ModelFacts(id="org/m", source=source),
        assessment=UNKNOWN,
        verdict=verdict,
    )


def _result(*models: ModelAudit, errors: int = 0) -> AuditResult:
    return AuditResult(
        tool_version="t",
        policy="p",
        generated_at="x",
        verdict=Verdict.worst([m.verdict for m in models]),
        models=models,
        errors=tuple(AuditError(target=f"t{i}", message="m") for i in range(errors)),
    )


CASES = [
    ("clean", _result(_model(Verdict.PASS)), Verdict.FAIL, ExitCode.CLEAN),
    ("warn-below-fail-on", _result(_model(Verdict.WARN)), Verdict.FAIL, ExitCode.CLEAN),
    ("warn-at-fail-on-warn", _result(_model(Verdict.WARN)), Verdict.WARN, ExitCode.VIOLATIONS),
    ("fail", _result(_model(Verdict.FAIL)), Verdict.FAIL, ExitCode.VIOLATIONS),
    ("fail-on-never", _result(_model(Verdict.FAIL)), None, ExitCode.CLEAN),
    (
        "unresolved-only",
        _result(_model(Verdict.FAIL, resolved=False), errors=1),
        Verdict.FAIL,
        ExitCode.UNRESOLVED,
    ),
    (
        "unresolved-never-passes",
        _result(_model(Verdict.FAIL, resolved=False), errors=1),
        None,
        ExitCode.UNRESOLVED,
    ),
    (
        "violation-beats-unresolved",
        _result(_model(Verdict.FAIL), _model(Verdict.FAIL, resolved=False), errors=1),
        Verdict.FAIL,
        ExitCode.VIOLATIONS,
    ),
]


@pytest.mark.parametrize(
    ("result", "fail_on", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_exit_code_table(result, fail_on, expected):
    assert exit_code_for(result, fail_on) is expected
