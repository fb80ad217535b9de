"""The `json` format: the versioned report contract (see docs/report-format.md)."""

from __future__ import annotations

import json

from llmaudit.models import AuditResult
from llmaudit.report.base import RenderContext
from llmaudit.report.document import build_document


class JsonRenderer:
    """Machine-readable report, schema `llmaudit/report@2`."""

    name = "json"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """Indented, key-order-stable JSON with a trailing newline."""
        return json.dumps(build_document(result), indent=2, ensure_ascii=False) + "\n"
