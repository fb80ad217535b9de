"""The `concise` format the pre-commit hook prints: one clickable line per problem."""

from __future__ import annotations

from dataclasses import replace

from llmaudit.models import AuditError, Finding, Location, Severity, Verdict
from llmaudit.report import RenderContext, render


def _lines(result, verbosity: int = 0) -> list[str]:
    return render(result, "concise", RenderContext(verbosity=verbosity)).splitlines()


def test_one_line_per_problem_then_the_summary(sample_result):
    lines = _lines(sample_result)
    assert lines[-1].startswith("llmaudit: policy commercial: FAIL: 5 model(s)")
    assert "1 mentioned only" in lines[-1]
    # the model only named in the README is no problem to fix
    assert not any("Mistral" in line for line in lines[:-1])
    assert (
        "app/translate.py:14: error [commercial-use] facebook/nllb-200-distilled-600M: "
        "cc-by-nc-4.0 forbids commercial use (§1(i) NonCommercial); policy 'commercial' "
        "requires it."
    ) in lines
    assert any(
        line.startswith("requirements.txt:3: error [package-license] PyMuPDF:") for line in lines
    )
    # the passing model has nothing to say; the unresolved one is explained by its finding,
    # so its "could not check" error is not repeated
    assert not any("sentence-transformers" in line for line in lines)
    assert not any(line.startswith("llmaudit: could not check") for line in lines)


def test_waived_and_info_findings_only_with_verbose(sample_result):
    quiet = "\n".join(_lines(sample_result))
    loud = "\n".join(_lines(sample_result, verbosity=1))
    assert "waived by W-2026-007" not in quiet
    assert "[attribution] NousResearch/Hermes-3-Llama-3.1-8B" in loud
    assert "(waived by W-2026-007)" in loud


def test_notebook_findings_point_at_the_cell(sample_result):
    audit = sample_result.models[0]
    cell = Location(path="nb/explore.ipynb", line=2, cell=3)
    finding = Finding(
        rule="remote-code",
        severity=Severity.WARNING,
        subject=audit.ref.id,
        message="needs trust_remote_code;\n  review it",
        path=cell.path,
        line=2,
    )
    audit = replace(
        audit, ref=replace(audit.ref, locations=(cell,)), findings=(finding,), verdict=Verdict.WARN
    )
    result = replace(sample_result, models=(audit,), packages=(), errors=())
    assert _lines(result)[0] == (
        f"nb/explore.ipynb#cell4:2: warning [remote-code] "
        f"{audit.ref.id}: needs trust_remote_code; review it"
    )


def test_errors_without_a_finding_and_check_mode_without_files(sample_result):
    audit = sample_result.models[3]
    bare = replace(
        audit,
        ref=replace(audit.ref, locations=()),
        findings=tuple(replace(f, path=None, line=None) for f in audit.findings),
    )
    result = replace(
        sample_result,
        models=(bare,),
        packages=(),
        errors=(AuditError(target="other/model", message="HTTP 500"),),
    )
    lines = _lines(result)
    assert lines[0].startswith("acme-internal/support-router: error [license-unknown] ")
    assert "llmaudit: could not check other/model: HTTP 500" in lines
