"""Jinja2 templates shipped as this package's `templates/` data."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llmaudit.package_data import package_path

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup


def template_dir() -> Path:
    """This package's `templates/` data, never a folder beside the package."""
    return package_path("templates")


@cache
def _environment(directory: Path, html: bool) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(directory)),
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["clause"] = readable_clause
    env.filters["md_code"] = markdown_code
    env.filters["slash_wrap"] = wrap_after_slashes
    return env


_SOURCE_URL = re.compile(r"\s*\(https?://[^()\s]+\)")


def readable_clause(text: object) -> str:
    """A clause reference without the address of its source ("§2 (https://...)" -> "§2"):
    the report links the license text once, beside the license name."""
    return _SOURCE_URL.sub("", str(text)).strip()


def wrap_after_slashes(text: object) -> Markup:
    """Escaped text with a line-break opportunity after each `/`, so a model id or a path
    wraps at its separators on a narrow screen instead of every few characters."""
    from markupsafe import Markup, escape

    return Markup(str(escape(text)).replace("/", "/<wbr>"))


def escape_markdown(text: object) -> str:
    """Text safe inside a GitHub Markdown table cell: no pipes, HTML or line breaks."""
    value = str(text).replace("\\", "\\\\")
    for char in "|*_`[]<>#":
        value = value.replace(char, "\\" + char)
    return " ".join(value.split())


def markdown_code(text: object) -> str:
    """An inline code span that survives backticks and pipes in the text."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    fence = "``" if "`" in value else "`"
    return f"{fence}{value}{fence}" if fence == "`" else f"{fence} {value} {fence}"


def render_template(name: str, **context: Any) -> str:
    """Render `name` with StrictUndefined; HTML templates (`.html.j2`) are autoescaped."""
    env = _environment(template_dir(), name.endswith(".html.j2"))
    return env.get_template(name).render(**context)
