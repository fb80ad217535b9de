"""Command line: parse options, call the pipeline, print, exit (heavy imports stay inside)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

import click

from llmaudit import __version__
from llmaudit.errors import ExitCode, LlmauditError, Terminated
from llmaudit.report.formats import FORMAT_NAMES

F = TypeVar("F", bound=Callable[..., Any])

FAIL_ON = ("fail", "warn", "never")


def _audit_options(func: F) -> F:
    """Options shared by `scan` and `check`."""
    options = [
        click.option(
            "--policy",
            "policy",
            default="default",
            show_default=True,
            metavar="NAME|FILE",
            help="Shipped policy name or a policy YAML file.",
        ),
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(FORMAT_NAMES),
            help="Format of the one report (stdout, or --output PATH). For several "
            "reports use -o FORMAT=PATH instead.",
        ),
        click.option(
            "-o",
            "--output",
            "outputs",
            multiple=True,
            metavar="FORMAT[=PATH]|PATH",
            help="A report: FORMAT=PATH writes a file (atomically), FORMAT alone goes "
            "to stdout; repeatable (-o table -o sarif=audit.sarif). A bare PATH "
            "takes --format's format, else the one its suffix names.",
        ),
        click.option(
            "--offline",
            is_flag=True,
            help="Use only the cache and built-in facts (also HF_HUB_OFFLINE=1).",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False),
            help="Cache directory (also LLMAUDIT_CACHE_DIR).",
        ),
        click.option(
            "--cache-url",
            metavar="URL",
            help="Shared cache for many runners: redis://host:port/db or rediss:// "
            "(also LLMAUDIT_CACHE_URL; password also LLMAUDIT_CACHE_PASSWORD).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default="fail",
            show_default=True,
            help="Lowest verdict that makes the exit code 1.",
        ),
        click.option(
            "--baseline",
            type=click.Path(dir_okay=False),
            help="Fail only on findings not in this baseline file.",
        ),
        click.option(
            "--waivers", type=click.Path(dir_okay=False), help="Extra waiver file (YAML)."
        ),
        click.option(
            "--lock",
            "lock",
            type=click.Path(dir_okay=False),
            default=None,
            help="Read/write a llmaudit.lock and report license drift.",
        ),
        click.option("--ci", is_flag=True, help="CI mode: fail closed on anything unchecked."),
        click.option(
            "--workers",
            type=click.IntRange(1, 64),
            default=16,
            show_default=True,
            help="Concurrent Hub requests.",
        ),
        click.option("-q", "--quiet", count=True, help="Less output."),
        click.option("-v", "--verbose", count=True, help="More output."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


_no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file again: neither use nor write the per-file discovery cache "
    "(also LLMAUDIT_NO_CACHE=1). The Hub cache is not affected.",
)


class _OneLineUsageError(click.ClickException):
    """A click usage error shown in the house style: one `llmaudit: error:` line, exit 2."""

    exit_code = int(ExitCode.USAGE)

    def show(self, file: Any = None) -> None:
        click.echo(f"llmaudit: error: {_printable(self.message)}", err=True)


def _one_line(exc: click.UsageError) -> _OneLineUsageError:
    command = exc.ctx.command_path if exc.ctx else "llmaudit"
    return _OneLineUsageError(f"{exc.format_message()} (see `{command} --help`)")


class _Cli(click.Group):
    """Root group that turns every error into one line on stderr and a documented exit code."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Terminated:
            _fail("terminated", ExitCode.TERMINATED)
        except KeyboardInterrupt:
            _fail("interrupted", ExitCode.INTERRUPTED)
        except LlmauditError as exc:
            _fail(str(exc), exc.exit_code)
        except Exception as exc:  # the one catch-all: never a traceback unless --debug
            if ctx.params.get("debug"):
                raise
            _fail(
                f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for details)",
                ExitCode.USAGE,
            )


def _fail(message: str, code: int) -> None:
    click.echo(f"llmaudit: error: {_printable(message)}", err=True)
    raise click.exceptions.Exit(int(code))


def _printable(message: str) -> str:
    # Messages quote file contents and ids: escape control characters so that hostile input
    # can neither forge a second "llmaudit: error:" line nor drive the terminal.
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="llmaudit")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
def cli(debug: bool) -> None:
    """Audit the licenses and safety of the AI models a project uses."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--files",
    "files_only",
    is_flag=True,
    help="Scan only the given files, not whole folders (what pre-commit passes).",
)
@click.option("--exclude", multiple=True, help="Glob of paths to skip; repeatable.")
@click.option("--verify", is_flag=True, help="Drop candidates the Hub does not know.")
@_no_cache_option
@_audit_options
def scan(
    paths: tuple[str, ...], files_only: bool, exclude: tuple[str, ...], verify: bool, **options: Any
) -> None:
    """Discover models and dependencies under PATHS (default: .) and audit them."""
    from llmaudit.commands import run_scan

    _exit(run_scan(paths=paths, files_only=files_only, exclude=exclude, verify=verify, **options))


@cli.command()
@click.argument("models", nargs=-1, required=True)
@_audit_options
def check(models: tuple[str, ...], **options: Any) -> None:
    """Audit named models: org/name, org/name@revision, Hub URLs or local folders."""
    from llmaudit.commands import run_check

    _exit(run_check(models=models, **options))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
def identify(files: tuple[str, ...], fmt: str) -> None:
    """Identify which license each FILE holds."""
    from llmaudit.commands import run_identify

    _exit(run_identify(files=files, fmt=fmt))


@cli.command()
@click.argument("key", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
def licenses(key: str | None, fmt: str) -> None:
    """List the license knowledge base, or show one license's facts."""
    from llmaudit.commands import run_licenses

    _exit(run_licenses(key=key, fmt=fmt))


@cli.group()
def policy() -> None:
    """List, show and validate policies."""


@policy.command("list")
def policy_list() -> None:
    """List the shipped policies."""
    from llmaudit.commands import run_policy_list

    _exit(run_policy_list())


@policy.command("show")
@click.argument("name")
def policy_show(name: str) -> None:
    """Show a policy (after `extends:` is applied)."""
    from llmaudit.commands import run_policy_show

    _exit(run_policy_show(name=name))


@policy.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def policy_validate(files: tuple[str, ...]) -> None:
    """Validate policy files; exit 2 on the first invalid one."""
    from llmaudit.commands import run_policy_validate

    _exit(run_policy_validate(files=files))


@cli.command()
@click.argument("path", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--policy", default="default", show_default=True, metavar="NAME|FILE")
@click.option(
    "--output",
    "-o",
    default="llmaudit-baseline.json",
    show_default=True,
    type=click.Path(dir_okay=False),
)
@click.option("--offline", is_flag=True)
@click.option("--cache-dir", type=click.Path(file_okay=False))
@_no_cache_option
def baseline(
    path: str, policy: str, output: str, offline: bool, cache_dir: str | None, no_cache: bool
) -> None:
    """Record today's findings so that `--baseline` fails only on new ones."""
    from llmaudit.commands import run_baseline

    _exit(
        run_baseline(
            path=path,
            policy=policy,
            output=output,
            offline=offline,
            cache_dir=cache_dir,
            no_cache=no_cache,
        )
    )


def _exit(code: int) -> None:
    raise click.exceptions.Exit(int(code))


def main() -> None:
    """Console entry point; SIGTERM ends a run like Ctrl-C (one line, no partial report)."""
    import signal

    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        cli(prog_name="llmaudit")
    except SystemExit as stop:
        if stop.code in (ExitCode.INTERRUPTED, ExitCode.TERMINATED):
            _exit_without_shutdown(int(stop.code))
        raise


def _exit_without_shutdown(code: int) -> None:
    """End an interrupted run without interpreter shutdown.

    Resolver threads may still sit in a socket or SQLite call, and finalizing the
    interpreter under them can crash CPython (SIGSEGV instead of exit 130). Every `finally`
    on the way here has run (temporary report files are gone), so exit directly.
    """
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


__all__ = ["cli", "main"]
