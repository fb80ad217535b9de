"""The license stage stays light: nothing heavy at import, nothing loaded before first use."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import llmaudit.licenses as licenses
from llmaudit.models import LicenseDeclaration
assert "llmaudit.licenses.knowledge" in sys.modules
before = {m for m in ("yaml", "license_expression", "jsonschema", "requests") if m in sys.modules}
match = licenses.classify(LicenseDeclaration(card_license=("llama3.1",))).license
after = {m for m in ("yaml", "license_expression", "jsonschema", "requests") if m in sys.modules}
print(match.key, sorted(before), sorted(after))
"""


def test_import_and_a_simple_classify_load_no_heavy_module():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["llama3.1", "[]", "[]"]
