"""The renderer interface every output format implements, and the context it renders in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TextIO

from llmaudit.records import record

if TYPE_CHECKING:
    from llmaudit.models import AuditResult

DEFAULT_WIDTH = 100


@record(frozen=True, kw_only=True)
class RenderContext:
    """How to render: colour, detail level, terminal width and the policy's description."""

    color: bool = False
    verbosity: int = 0
    width: int = DEFAULT_WIDTH
    policy_description: str = ""


class Renderer(Protocol):
    """One output format: its name and a pure render function (suffixes: `report.formats`)."""

    name: str

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """Turn an audit result into the text of this format."""
        ...


def wants_color(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour only on a TTY and never when NO_COLOR is set (https://no-color.org)."""
    if "NO_COLOR" in environ and environ["NO_COLOR"] != "":
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
