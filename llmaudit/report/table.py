"""The `table` format: a terminal summary a developer reads in ten seconds."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from llmaudit.models import (
    AuditResult,
    FactSource,
    Finding,
    Location,
    LocationKind,
    ModelAudit,
    Obligation,
    PackageAudit,
    Severity,
)
from llmaudit.report.base import RenderContext
from llmaudit.report.document import (
    MENTION_WORD,
    finding_place,
    format_location,
    shown_verdict,
    sorted_findings,
    sorted_models,
    sorted_obligations,
    sorted_packages,
    summary_line,
    uses_first,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_VERDICT_STYLE = {
    "pass": "bold green",
    "warn": "bold yellow",
    "fail": "bold red",
    MENTION_WORD: "dim",
}
_SEVERITY_MARK = {
    Severity.ERROR: ("x", "red"),
    Severity.WARNING: ("!", "yellow"),
    Severity.INFO: ("i", "cyan"),
}
_MAX_LOCATIONS = 2
_SECTION = re.compile(r"^(?:§+\s?|(?:section|clause|art\.?|article)\s+)[\w.()]+", re.IGNORECASE)
_GAP = 3  # rich's SIMPLE_HEAD padding between columns
_VERDICT_WIDTH = 7 + _GAP
_LAYOUT_SAMPLE = 300  # rows scored when choosing column widths


class TableRenderer:
    """Rich table of models and packages, then why things failed and what to do."""

    name = "table"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """Plain text (ANSI colour only when ctx.color) ending in a newline."""
        console = _make_console(ctx)
        _print_header(console, result)
        models = sorted_models(result.models)
        if models:  # with none, the summary line above says "no models found"
            console.print(_model_table(models, ctx))
        _print_reasons(console, models, ctx)
        if ctx.verbosity >= 0:
            _print_obligations(console, models, ctx)
        packages = sorted_packages(result.packages)
        if packages and (ctx.verbosity >= 0 or any(p.verdict.value != "pass" for p in packages)):
            console.print()
            console.print(_package_table(packages, ctx))
            _print_package_reasons(console, packages, ctx)
        _print_waivers(console, result)
        _print_errors(console, result)
        text: str = console.file.getvalue()  # type: ignore[attr-defined]
        return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _make_console(ctx: RenderContext) -> Console:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=max(ctx.width, 60),
        force_terminal=ctx.color,
        color_system="standard" if ctx.color else None,
        no_color=not ctx.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )


def _verdict_text(verdict: str) -> Text:
    from rich.text import Text

    return Text(verdict.upper(), style=_VERDICT_STYLE.get(verdict, ""))


def _print_header(console: Console, result: AuditResult) -> None:
    from rich.text import Text

    line = Text()
    line.append(f"llmaudit {result.tool_version}", style="bold")
    line.append(f"  policy: {result.policy}  verdict: ")
    line.append_text(_verdict_text(result.verdict.value))
    if result.offline:
        line.append("  (offline: cache and built-in facts only)", style="dim")
    console.print(line)
    console.print(Text(summary_line(result), style="dim"))


def _model_table(models: list[ModelAudit], ctx: RenderContext) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    rows = [(_model_label(m), _license_text(m), _locations_text(m, ctx)) for m in models]
    widths = _column_widths(rows, ctx.width - _VERDICT_WIDTH)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Verdict", no_wrap=True, width=_VERDICT_WIDTH - _GAP)
    for header, width in zip(("Model", "License", "Used at"), widths, strict=True):
        table.add_column(header, overflow="fold", width=width)
    for audit, (model, license_text, used_at) in zip(models, rows, strict=True):
        cells = (
            wrap_at_separators(model, widths[0]),
            license_text,
            wrap_at_separators(used_at, widths[2]),
        )
        table.add_row(_verdict_text(shown_verdict(audit)), *(Text(cell) for cell in cells))
    return table


def _column_widths(rows: Sequence[tuple[str, str, str]], available: int) -> list[int]:
    """Widths of the Model, License and Used at columns.

    Natural widths when they fit. Otherwise every license width from its longest word up to
    its natural width is tried, with the model id keeping either its whole width or up to 3/5
    of what is left, and the locations the rest; the split that shortens the fewest names
    wins, then the one that prints the fewest lines, then the one that cuts the fewest model
    ids (ids and paths that do not fit are cut at a "/", see wrap_at_separators).
    """
    headers = ("Model", "License", "Used at")
    natural = [
        max([len(headers[i])] + [len(line) for row in rows for line in row[i].splitlines()])
        for i in range(3)
    ]
    room = available - _GAP * 2
    if sum(natural) <= room:
        return natural
    longest_word = max([len(word) for row in rows for word in row[1].split()] + [len(headers[1])])
    sample = rows[:: max(1, len(rows) // _LAYOUT_SAMPLE)]  # enough rows to choose a layout
    path_part = max(
        len(part)
        for row in sample
        for line in row[2].splitlines() or [""]
        for part in _PATH_PARTS.split(line)
    )
    best: tuple[tuple[int, int, int], list[int]] | None = None
    for license_width in range(min(natural[1], max(longest_word, 8)), natural[1] + 1):
        rest = max(room - license_width, 16)
        shared = max(8, min(natural[0], max(rest - natural[2], rest * 3 // 5)))
        # ...or leaves the locations just enough to show every path part whole
        whole_parts = max(8, min(natural[0], rest - min(natural[2], path_part + 2)))
        for model in {shared, max(8, min(natural[0], rest - 12)), whole_parts}:
            widths = [model, license_width, max(8, min(natural[2], rest - model))]
            # fewest names shortened with "…" first, then fewest lines, then the fewest
            # model ids cut in two
            score = (
                sum(_shortened_cells(row, widths) for row in sample),
                sum(_row_lines(row, widths) for row in sample),
                sum(1 for row in sample if len(row[0]) > model),
            )
            if best is None or score < best[0]:
                best = (score, widths)
    assert best is not None
    return best[1]


_PATH_PARTS = re.compile(r"(?<=/)|(?=[#:])")  # where wrap_at_separators may cut a path


def _shortened_cells(row: tuple[str, str, str], widths: list[int]) -> int:
    """How many of a row's id and path cells lose a middle part at these widths."""
    return sum(
        1
        for text, width in ((row[0], widths[0]), (row[2], widths[2]))
        if "…" in wrap_at_separators(text, width) and "…" not in text
    )


def _row_lines(row: tuple[str, str, str], widths: list[int]) -> int:
    model, license_text, used_at = row
    return max(
        _path_lines(model, widths[0]),
        _prose_lines(license_text, widths[1]),
        _path_lines(used_at, widths[2]),
    )


def _path_lines(text: str, width: int) -> int:
    lines = text.splitlines() or [text]
    if all(len(line) <= width for line in lines):  # the common case, without wrapping
        return len(lines)
    return wrap_at_separators(text, width).count("\n") + 1


def _prose_lines(text: str, width: int) -> int:
    if len(text) <= width:
        return 1
    import textwrap

    return len(textwrap.wrap(text, width)) or 1


def wrap_at_separators(text: str, width: int, indent: str = "  ") -> str:
    """Each line of `text` cut to `width` after a "/" or before a "#" (else before a ":")
    where it can be, continuations indented. A name is never split: a part between two such
    places that is still too long keeps its start and end around a "…"."""
    out: list[str] = []
    for line in text.splitlines() or [text]:
        prefix = ""
        while len(prefix) + len(line) > width:
            limit = width - len(prefix)
            cut = max(line.rfind("/", 0, limit) + 1, line.rfind("#", 1, limit + 1))
            cut = cut if cut > 0 else line.rfind(":", 1, limit + 1)
            if cut <= 0:  # no place to cut within the width: shorten this part instead
                cut = _next_separator(line)
                out.append(prefix + shorten_middle(line[:cut], limit))
            else:
                out.append(prefix + line[:cut])
            line, prefix = line[cut:], indent
            if not line:
                break
        else:
            out.append(prefix + line)
    return "\n".join(out)


def _next_separator(line: str) -> int:
    """Where the part at the start of `line` ends: after its first "/", before "#" or ":"."""
    ends = [line.find("/", 1) + 1, line.find("#", 1), line.find(":", 1)]
    return min([end for end in ends if end > 0] or [len(line)])


def shorten_middle(text: str, width: int) -> str:
    """`text` in at most `width` characters, its middle replaced by "…" when it must be."""
    if len(text) <= width:
        return text
    if width < 3:
        return text[:width]
    head = (width - 1 + 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def _model_label(audit: ModelAudit) -> str:
    label = audit.ref.id
    revision = audit.ref.revision
    if revision:
        label += f"@{revision}"
    return label


def _locations_text(audit: ModelAudit, ctx: RenderContext) -> str:
    ordered = uses_first(audit.ref.locations)
    if ctx.verbosity < 1 and audit.ref.used:
        # the column says where the model is used; -v adds the places that only mention it
        ordered = [loc for loc in ordered if loc.kind is LocationKind.USE]
    locations = [
        format_location(loc)
        + (" (mention)" if loc.kind is LocationKind.MENTION and audit.ref.used else "")
        for loc in ordered
    ]
    if ctx.verbosity < 1 and len(locations) > _MAX_LOCATIONS:
        extra = len(locations) - _MAX_LOCATIONS
        locations = [*locations[:_MAX_LOCATIONS], f"+{extra} more"]
    return "\n".join(locations) or "-"


def _license_text(audit: ModelAudit) -> str:
    match = audit.assessment.license
    if audit.facts.source is FactSource.UNRESOLVED:
        return "unknown (not resolved)"
    text = match.key
    details = [match.source.value] if match.source.value != "none" else []
    if audit.facts.source is FactSource.BUILTIN and "builtin" not in details:
        details.append("builtin")
    if audit.facts.stale:  # served from an expired cache entry: the Hub could not confirm it
        details.append("stale")
    if details:
        text += f" ({', '.join(details)})"
    return text


def _hanging(mark: Text, body: Text, indent: int) -> object:
    """`mark` then `body`, continuation lines aligned under the body."""
    from rich.table import Table

    grid = Table.grid(padding=0)
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(mark, body)
    return grid


def _print_reasons(console: Console, models: list[ModelAudit], ctx: RenderContext) -> None:
    rows = [
        (m.ref, f) for m in models for f in sorted_findings(m.findings) if _shows_finding(f, ctx)
    ]
    if not rows:
        return
    console.print()
    console.print("Why:", style="bold")
    for ref, finding in rows:
        console.print(_finding_line(ref.id, finding, ref.locations))


def _shows_finding(finding: Finding, ctx: RenderContext) -> bool:
    if finding.severity is Severity.INFO:
        return ctx.verbosity >= 1
    return not (finding.waived_by or finding.mention_only) or ctx.verbosity >= 0


def _finding_line(subject: str, finding: Finding, locations: tuple[Location, ...]) -> object:
    from rich.text import Text

    mark, style = _SEVERITY_MARK[finding.severity]
    quiet = finding.waived_by or finding.mention_only
    prefix = Text("  ~ ", style="dim") if quiet else Text(f"  {mark} ", style=f"bold {style}")
    line = Text()
    line.append(subject, style="bold")
    line.append(f" [{finding.rule}] ", style=style)
    # "org/model [rule] is under ...": a message that starts with its subject says it once
    message = finding.message
    line.append(
        message.removeprefix(f"{subject} ") if message.startswith(f"{subject} ") else message
    )
    if finding.path:
        line.append(f" ({finding_place(finding, locations)})", style="dim")
    if finding.waived_by:
        line.append(f" waived by {finding.waived_by}", style="dim")
    elif finding.mention_only:
        line.append(" mentioned only: does not count", style="dim")
    return _hanging(prefix, line, 4)


def _print_obligations(console: Console, models: list[ModelAudit], ctx: RenderContext) -> None:
    """Obligations per license; models with the very same duties share one heading."""
    from rich.text import Text

    groups: dict[tuple[str, tuple[Obligation, ...]], list[ModelAudit]] = {}
    for audit in models:
        if audit.obligations:
            key = (audit.assessment.license.key, tuple(sorted_obligations(audit.obligations)))
            groups.setdefault(key, []).append(audit)
    if not groups:
        return
    console.print()
    console.print("Obligations to meet:", style="bold")
    for (license_key, obligations), members in groups.items():
        console.print(_hanging(Text("  "), _obligation_heading(license_key, members), 2))
        for obligation in obligations:
            console.print(_hanging(Text("    - "), _obligation_line(obligation, ctx), 6))


def _obligation_heading(license_key: str, members: list[ModelAudit]) -> Text:
    from rich.text import Text

    heading = Text(", ".join(m.ref.id for m in members), style="bold")
    heading.append(f" ({license_key})")
    if len(members) == 1:
        for entry in sorted(members[0].lineage, key=lambda e: (e.depth, e.model_id)):
            how = ", ".join(p for p in (entry.relation, entry.license.key) if p)
            heading.append(f" <- {entry.model_id} ({how})", style="dim")
    return heading


def _obligation_line(obligation: Obligation, ctx: RenderContext) -> Text:
    from rich.text import Text

    line = Text(f"{obligation.kind}: {obligation.text}")
    clause = obligation.clause if ctx.verbosity >= 1 else _section_of(obligation.clause)
    suffix = [clause] if clause else []
    if obligation.inherited_from:
        suffix.append(f"from {obligation.inherited_from}")
    if suffix:
        line.append(f" [{'; '.join(suffix)}]", style="dim")
    return line


def _section_of(clause: str) -> str:
    """Just the section reference ("§1.b.i(B)") of a clause note; the full note with -v."""
    match = _SECTION.match(clause.strip())
    return match.group(0).rstrip(",;:") if match else ""


def _package_table(packages: list[PackageAudit], ctx: RenderContext) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title_justify="left",
        title="Packages",
        title_style="bold",
    )
    table.add_column("Verdict", no_wrap=True, min_width=7)
    table.add_column("Package", overflow="fold")
    table.add_column("Version", overflow="fold")
    table.add_column("License", overflow="fold")
    for audit in packages:
        if ctx.verbosity < 0 and audit.verdict.value == "pass":
            continue
        table.add_row(
            _verdict_text(audit.verdict.value),
            Text(audit.ref.name),
            Text(audit.ref.version or audit.facts.version or "-"),
            Text(audit.license.spdx or audit.license.key),
        )
    return table


def _print_package_reasons(
    console: Console, packages: list[PackageAudit], ctx: RenderContext
) -> None:
    for audit in packages:
        for finding in sorted_findings(audit.findings):
            if _shows_finding(finding, ctx):
                console.print(_finding_line(audit.ref.name, finding, audit.ref.locations))


def _print_waivers(console: Console, result: AuditResult) -> None:
    from rich.text import Text

    if not result.waivers:
        return
    console.print()
    console.print("Waivers applied:", style="bold")
    for waiver in sorted(result.waivers, key=lambda w: (w.id, w.subject)):
        body = Text(
            f"{waiver.id} {waiver.rule} on {waiver.subject}: {waiver.reason} "
            f"(owner {waiver.owner}, expires {waiver.expires})"
        )
        console.print(_hanging(Text("  "), body, 2))


def _print_errors(console: Console, result: AuditResult) -> None:
    from rich.text import Text

    if not result.errors:
        return
    console.print()
    console.print("Could not check:", style="bold red")
    for error in sorted(result.errors, key=lambda e: e.target):
        console.print(_hanging(Text("  "), Text(f"{error.target}: {error.message}"), 2))
