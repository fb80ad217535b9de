"""Report targets: which formats a run renders and where each one goes.

Several reports in one run follow the SBOM tools' convention (syft, trivy): `-o FORMAT[=PATH]`,
repeatable, at most one without a path (stdout). A single `--format X --output PATH` pair keeps
working; several `--format`s next to `--output`s are refused, because pairing by position is
how a SARIF file ends up holding a table.
"""

from __future__ import annotations

from pathlib import Path

from llmaudit.errors import UsageError
from llmaudit.records import record
from llmaudit.report.formats import FORMAT_NAMES, format_for_filename

# Formats meant for a terminal: the example in an error message sends them to stdout.
_TERMINAL_FORMATS = frozenset({"table", "concise"})


@record(frozen=True, kw_only=True)
class OutputTarget:
    """One rendered format and where it goes (None: stdout)."""

    fmt: str
    path: Path | None


def output_targets(formats: tuple[str, ...], outputs: tuple[str, ...]) -> tuple[OutputTarget, ...]:
    """The reports a run writes, from `--format` values and `-o/--output` values.

    An `-o` value is `FORMAT=PATH` or a bare `FORMAT` (stdout) when FORMAT is a known format
    name, and otherwise a path for the `--format` given (or the format its suffix names).
    """
    named: list[OutputTarget] = []
    paths: list[str] = []
    for value in outputs:
        target = _named_target(value)
        if target is None:
            paths.append(value)
        else:
            named.append(target)
    targets = named + _paired_targets(formats, paths, named)
    if not targets:
        targets = [OutputTarget(fmt="table", path=None)]
    _check_one_stdout(targets)
    _check_distinct_paths(targets)
    return tuple(targets)


def _named_target(value: str) -> OutputTarget | None:
    fmt, sep, path = value.partition("=")
    if fmt not in FORMAT_NAMES:
        return None
    if sep and not path:
        raise UsageError(
            f"-o {value}: missing path after '='; write -o {fmt}=PATH, or -o {fmt} for stdout"
        )
    return OutputTarget(fmt=fmt, path=Path(path) if path else None)


def _paired_targets(
    formats: tuple[str, ...], paths: list[str], named: list[OutputTarget]
) -> list[OutputTarget]:
    """`--format X [--output P]`: one report; several formats with paths are ambiguous."""
    if len(paths) > 1 or (paths and len(formats) > 1):
        raise UsageError(_ambiguous_message(formats, paths))
    if paths:
        fmt = formats[0] if formats else format_for_suffix(paths[0])
        return [OutputTarget(fmt=fmt, path=Path(paths[0]))]
    if not formats and named:
        return []
    return [OutputTarget(fmt=fmt, path=None) for fmt in formats]


def _ambiguous_message(formats: tuple[str, ...], paths: list[str]) -> str:
    example = " ".join(
        f"-o {f}" if f in _TERMINAL_FORMATS else f"-o {f}=PATH"
        for f in dict.fromkeys(formats or ("table", "sarif"))
    )
    return (
        f"{len(formats)} --format and {len(paths)} --output options do not say which "
        f"report goes where; name each one as -o FORMAT=PATH: {example}"
    )


def format_for_suffix(output: str) -> str:
    """The format a report file's name implies (`NOTICE*` is a NOTICE file)."""
    fmt = format_for_filename(output)
    if fmt is None:
        raise UsageError(f"cannot tell the format of {output}; write -o FORMAT={output}")
    return fmt


def _check_one_stdout(targets: list[OutputTarget]) -> None:
    to_stdout = [t.fmt for t in targets if t.path is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one report can go to stdout ({', '.join(to_stdout)}); "
            f"give the others a path: -o {to_stdout[-1]}=PATH"
        )


def _check_distinct_paths(targets: list[OutputTarget]) -> None:
    seen: dict[Path, str] = {}
    for target in targets:
        if target.path is None:
            continue
        if target.path in seen:
            raise UsageError(
                f"two reports ({seen[target.path]}, {target.fmt}) would be written to {target.path}"
            )
        seen[target.path] = target.fmt
