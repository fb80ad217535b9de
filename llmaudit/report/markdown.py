"""The `markdown` format: a compact summary that fits a pull-request comment."""

from __future__ import annotations

from llmaudit.models import AuditResult
from llmaudit.report.base import RenderContext
from llmaudit.report.document import build_document
from llmaudit.report.html import _open_issues
from llmaudit.report.templating import render_template

# GitHub caps a comment at 65,536 characters: shrink the tables until the body fits.
COMMENT_LIMIT = 65_000
ROW_LIMITS = (200, 50, 10)


class MarkdownRenderer:
    """GitHub-flavoured Markdown: verdict line, model table, why, obligations in <details>."""

    name = "markdown"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """The comment body."""
        doc = build_document(result)
        text = ""
        for max_rows in ROW_LIMITS:
            text = render_template(
                "report.md.j2",
                report=doc,
                issues=_open_issues(doc),
                max_rows=max_rows,
                icon={
                    "pass": "\u2705",
                    "warn": "\u26a0\ufe0f",
                    "fail": "\u274c",
                    "mention": "\U0001f4ac",
                },
                severity_icon={
                    "error": "\u274c",
                    "warning": "\u26a0\ufe0f",
                    "info": "\u2139\ufe0f",
                },
            )
            if len(text) <= COMMENT_LIMIT:
                break
        return text
