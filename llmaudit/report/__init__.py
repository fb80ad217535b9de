"""Report stage: render an AuditResult in a chosen format and write it atomically."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from llmaudit.errors import UsageError
from llmaudit.report.base import RenderContext, Renderer, wants_color
from llmaudit.report.formats import FORMAT_NAMES, FORMATS, OutputFormat, format_for_filename
from llmaudit.report.write import write_report

if TYPE_CHECKING:  # models costs ~30 ms to import; `--help` and `--format` parsing never need it
    from llmaudit.models import AuditResult


def get_renderer(fmt: str) -> Renderer:
    """The renderer registered for `fmt` (UsageError for an unknown format)."""
    try:
        target = FORMATS[fmt].renderer
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
    "FORMAT_NAMES",
    "OutputFormat",
    "RenderContext",
    "Renderer",
    "format_for_filename",
    "get_renderer",
    "render",
    "wants_color",
    "write_report",
]
