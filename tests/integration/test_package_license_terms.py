"""A dependency's license terms reach the verdict: non-commercial packages fail `commercial`.

PyPI's JSON API is mocked with `responses` (the real answer's `info` shape, trimmed); the
requirements file, discovery, classification and policy are the real ones.
"""

from __future__ import annotations

import pytest
import responses

from llmaudit.models import Verdict
from llmaudit.pipeline import run_audit
from tests.loopback_hub import loopback_settings

PYPI = "https://pypi.org/pypi"


def _pypi_info(name: str, version: str, expression: str) -> dict:
    return {
        "info": {
            "name": name,
            "version": version,
            "license_expression": expression,
            "license": None,
            "classifiers": ["Programming Language :: Python :: 3"],
        }
    }


@pytest.mark.parametrize(
    ("expression", "verdict"),
    [
        ("CC-BY-NC-4.0", Verdict.FAIL),
        ("PolyForm-Noncommercial-1.0.0", Verdict.FAIL),
        ("Elastic-2.0", Verdict.WARN),
        ("Apache-2.0", Verdict.PASS),
    ],
)
def test_package_license_terms_decide_the_commercial_verdict(tmp_path, expression, verdict):
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("acme-weights-zz==1.2.0\n", encoding="utf-8")
    settings = loopback_settings(
        tmp_path,
        "https://hub.invalid",  # no model here: only PyPI is asked, and it is mocked
        timeout=2.0,
        max_retries=1,
        root=project,
        policy="commercial",
    )
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mocked:
        mocked.get(
            f"{PYPI}/acme-weights-zz/1.2.0/json",
            json=_pypi_info("acme-weights-zz", "1.2.0", expression),
        )
        result = run_audit(settings)
    (package,) = result.packages
    assert package.license.spdx == expression
    assert package.verdict is verdict
    if verdict is not Verdict.PASS:
        (finding,) = [f for f in package.findings if f.rule == "package-license"]
        assert expression in finding.message
