"""Report stage: render an AuditResult in a chosen format and write it atomically."""

from __future__ import annotations

from importlib import import_module

from llmaudit.errors import UsageError
from llmaudit.models import AuditResult
from llmaudit.report.base import RenderContext, Renderer, wants_color
from llmaudit.report.write import write_report

# Name -> "module:Class"; a module is imported only when its format is chosen, so the
# pre-commit path never pays for jinja2, spdx-tools or cyclonedx.
FORMATS: dict[str, str] = {
    "table": "llmaudit.report.table:TableRenderer",
    "concise": "llmaudit.report.concise:ConciseRenderer",
    "json": "llmaudit.report.json:JsonRenderer",
    "markdown": "llmaudit.report.markdown:MarkdownRenderer",
    "html": "llmaudit.report.html:HtmlRenderer",
    "sarif": "llmaudit.report.sarif:SarifRenderer",
    "junit": "llmaudit.report.junit:JunitRenderer",
    "spdx-json": "llmaudit.report.spdx:SpdxJsonRenderer",
    "spdx-tv": "llmaudit.report.spdx:SpdxTagValueRenderer",
    "cyclonedx": "llmaudit.report.cyclonedx:CycloneDxRenderer",
    "notice": "llmaudit.report.notice:NoticeRenderer",
}


def get_renderer(fmt: str) -> Renderer:
    """The renderer registered for `fmt` (UsageError for an unknown format)."""
    try:
        target = FORMATS[fmt]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(f"unknown report format {fmt!r}; choose one of: {known}") from None
    module_name, class_name = target.split(":")
    renderer: Renderer = getattr(import_module(module_name), class_name)()
    return renderer


def render(result: AuditResult, fmt: str, ctx: RenderContext | None = None) -> str:
    """Render `result` in format `fmt`."""
    return get_renderer(fmt).render(result, ctx or RenderContext())


__all__ = [
    "FORMATS",
    "RenderContext",
    "Renderer",
    "get_renderer",
    "render",
    "wants_color",
    "write_report",
]
