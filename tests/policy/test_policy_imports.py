"""Loading a policy and evaluating stays off the heavy imports (pre-commit path)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("jsonschema", "requests", "huggingface_hub", "jinja2", "spdx_tools", "cyclonedx")

SCRIPT = f"""
import sys
from llmaudit.models import FactSource, LicenseAssessment, LicenseMatch, ModelAudit, ModelFacts
from llmaudit.models import ModelRef
from llmaudit.policy import evaluate, load_policy
from llmaudit.settings import Settings

policy = load_policy("strict", Settings())
match = LicenseMatch(key="apache-2.0", spdx="Apache-2.0", name="Apache")
audit = ModelAudit(ref=ModelRef(id="a/b"), facts=ModelFacts(id="a/b", source=FactSource.HUB),
                   assessment=LicenseAssessment(license=match))
evaluate((audit,), (), policy, Settings())
print(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def test_policy_path_imports_no_heavy_module():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""
