"""The output formats: name, file suffixes and renderer, in one table.

Imports nothing, so `cli.py` builds its `--format` choices from it without loading any
renderer; a renderer module is imported only when its format is chosen (`report.get_renderer`).
"""

from __future__ import annotations

from llmaudit.records import record


@record(frozen=True, kw_only=True)
class OutputFormat:
    """One report format: its `--format` name, how a file name selects it, and its renderer."""

    name: str
    title: str  # what the file holds, for `wrote PATH (TITLE)`: "SARIF 2.1.0"
    renderer: str  # "module:Class", imported on use
    # A file whose name ends with one of these gets this format when no --format is given.
    # Empty for the text formats: `.txt` could be `table` or `concise`.
    suffixes: tuple[str, ...] = ()
    # ... or whose name starts with this (NOTICE, NOTICE.txt, notice.md).
    name_prefix: str = ""


FORMAT_TABLE: tuple[OutputFormat, ...] = (
    OutputFormat(name="table", title="table", renderer="llmaudit.report.table:TableRenderer"),
    OutputFormat(
        name="concise", title="concise text", renderer="llmaudit.report.concise:ConciseRenderer"
    ),
    OutputFormat(
        name="json",
        title="llmaudit JSON",
        renderer="llmaudit.report.json:JsonRenderer",
        suffixes=(".json",),
    ),
    OutputFormat(
        name="markdown",
        title="Markdown",
        renderer="llmaudit.report.markdown:MarkdownRenderer",
        suffixes=(".md",),
    ),
    OutputFormat(
        name="html", title="HTML", renderer="llmaudit.report.html:HtmlRenderer", suffixes=(".html",)
    ),
    OutputFormat(
        name="sarif",
        title="SARIF 2.1.0",
        renderer="llmaudit.report.sarif:SarifRenderer",
        suffixes=(".sarif", ".sarif.json"),
    ),
    OutputFormat(
        name="junit",
        title="JUnit XML",
        renderer="llmaudit.report.junit:JunitRenderer",
        suffixes=(".xml",),
    ),
    OutputFormat(
        name="spdx-json",
        title="SPDX 2.3 JSON",
        renderer="llmaudit.report.spdx:SpdxJsonRenderer",
        suffixes=(".spdx.json",),
    ),
    OutputFormat(
        name="spdx-tv",
        title="SPDX 2.3 tag-value",
        renderer="llmaudit.report.spdx:SpdxTagValueRenderer",
        suffixes=(".spdx",),
    ),
    OutputFormat(
        name="cyclonedx",
        title="CycloneDX 1.6 JSON",
        renderer="llmaudit.report.cyclonedx:CycloneDxRenderer",
        suffixes=(".cdx.json",),
    ),
    OutputFormat(
        name="notice",
        title="NOTICE text",
        renderer="llmaudit.report.notice:NoticeRenderer",
        name_prefix="notice",
    ),
)

FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in FORMAT_TABLE)
FORMATS: dict[str, OutputFormat] = {f.name: f for f in FORMAT_TABLE}


def format_for_filename(filename: str) -> str | None:
    """The format a file name implies (longest matching suffix wins), or None."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for fmt in FORMAT_TABLE:
        if fmt.name_prefix and name.startswith(fmt.name_prefix):
            return fmt.name
    matches = [(len(s), f.name) for f in FORMAT_TABLE for s in f.suffixes if name.endswith(s)]
    return max(matches)[1] if matches else None
