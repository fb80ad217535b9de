"""Command bodies: options -> Settings -> pipeline -> rendered output -> exit code."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from llmaudit.errors import ExitCode, InputError, UsageError
from llmaudit.models import AuditResult, Verdict
from llmaudit.settings import (
    CACHE_PASSWORD_ENV,
    NO_CACHE_ENV,
    Settings,
    current_environ,
    default_cache_dir,
    env_flag,
    hub_endpoint,
    is_offline,
    shared_cache_url,
)
from llmaudit.targets import OutputTarget, output_targets

_FAIL_ON = {"fail": Verdict.FAIL, "warn": Verdict.WARN, "never": None}


# Formats whose stdout text already states the verdict (no second verdict line on stderr).
_HAS_VERDICT = frozenset({"table", "concise"})


def run_scan(
    *,
    paths: tuple[str, ...],
    files_only: bool,
    exclude: tuple[str, ...],
    verify: bool,
    **options: Any,
) -> int:
    """`llmaudit scan`: audit a project folder or the given files."""
    root, files = _scan_targets(paths, files_only)
    settings = build_settings(root=root, files=files, exclude=exclude, verify=verify, **options)
    return _audit_and_report(settings, options)


def run_check(*, models: tuple[str, ...], **options: Any) -> int:
    """`llmaudit check`: audit named models."""
    settings = build_settings(root=None, models=models, **options)
    return _audit_and_report(settings, options)


def _audit_and_report(settings: Settings, options: dict[str, Any]) -> int:
    from llmaudit.pipeline import exit_code_for, run_audit
    from llmaudit.progress import stderr_progress

    targets = output_targets(options.get("formats", ()), options.get("outputs", ()))
    progress = stderr_progress(sys.stderr, quiet=settings.verbosity < 0)
    result = run_audit(settings, progress=progress)
    warn_about_hub_fallback(result)
    emit_reports(result, targets, settings=settings)
    return exit_code_for(result, settings.fail_on)


def warn_about_hub_fallback(result: AuditResult) -> None:
    """One stderr line when an online run could not use the Hub and older facts stood in."""
    if result.hub_fallback:
        click.echo(f"llmaudit: warning: {result.hub_fallback}", err=True)


def _scan_targets(paths: tuple[str, ...], files_only: bool) -> tuple[Path, tuple[Path, ...]]:
    """The scan root and, in --files mode, the files to read."""
    if files_only:
        files = tuple(Path(p) for p in paths)
        missing = [str(p) for p in files if not p.is_file()]
        if missing:
            raise InputError(f"not a file: {missing[0]}")
        return Path.cwd(), files
    if len(paths) > 1:
        raise UsageError("scan takes one folder; use --files to scan several files")
    root = Path(paths[0] if paths else ".")
    if not root.exists():
        raise InputError(f"no such folder: {root}")
    if not root.is_dir():
        return Path.cwd(), (root,)
    return root, ()


def build_settings(
    *,
    root: Path | None,
    files: tuple[Path, ...] = (),
    models: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    verify: bool = False,
    **options: Any,
) -> Settings:
    """Merge command-line options with the environment into Settings."""
    environ = current_environ()
    offline = is_offline(environ, bool(options.get("offline")))
    cache_dir = options.get("cache_dir")
    return Settings(
        root=root,
        files=files,
        models=models,
        policy=_policy_option(options.get("policy")),
        offline=offline,
        cache_dir=Path(cache_dir) if cache_dir else default_cache_dir(environ),
        cache_url=shared_cache_url(options.get("cache_url"), environ),
        cache_password=environ.get(CACHE_PASSWORD_ENV) or None,
        endpoint=hub_endpoint(environ),
        token=None if offline else _environment_token(environ),
        stored_token=not offline and not _environment_token(environ),
        fail_on=_FAIL_ON[options.get("fail_on") or "fail"],
        exclude=exclude,
        workers=int(options.get("workers") or 16),
        baseline=_optional_path(options.get("baseline")),
        lock=_optional_path(options.get("lock")),
        waivers=_optional_path(options.get("waivers")),
        verify=verify,
        scan_cache=not options.get("no_cache") and not env_flag(environ, NO_CACHE_ENV),
        ci=bool(options.get("ci")) or environ.get("CI", "").lower() == "true",
        verbosity=int(options.get("verbose") or 0) - int(options.get("quiet") or 0),
        environ=environ,
    )


def _policy_option(value: str | None) -> str:
    """The policy to load; an empty `--policy ""` is a mistake, not the default policy."""
    if value is None:
        return "default"
    if not value.strip():
        raise UsageError(
            "--policy is empty; give a shipped policy name "
            "(`llmaudit policy list`) or a policy file"
        )
    return value


def _optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _environment_token(environ: dict[str, str]) -> str | None:
    """HF_TOKEN (or HUGGING_FACE_HUB_TOKEN); never printed. The stored login token is read
    by the Hub client when it first sends a request (Settings.stored_token)."""
    return (environ.get("HF_TOKEN") or environ.get("HUGGING_FACE_HUB_TOKEN") or "").strip() or None


def emit_reports(
    result: AuditResult, targets: tuple[OutputTarget, ...], *, settings: Settings
) -> None:
    """Render every target first, then write files atomically (each announced on stderr),
    print the stdout report; a run that wrote files ends with the verdict line on stderr
    unless the report on stdout states it."""
    from llmaudit.report import FORMATS, RenderContext, render, wants_color, write_report
    from llmaudit.report.document import verdict_line

    width = terminal_width(settings.environ)
    rendered = []
    for target in targets:
        ctx = RenderContext(
            color=target.path is None and wants_color(sys.stdout, settings.environ),
            verbosity=settings.verbosity,
            width=width if target.path is None else 100,
            policy_description=result.policy_description,
        )
        rendered.append((target, render(result, target.fmt, ctx)))
    quiet = settings.verbosity < 0
    for target, text in rendered:
        if target.path is not None:
            write_report(target.path, text)
            if not quiet:
                click.echo(f"wrote {target.path} ({FORMATS[target.fmt].title})", err=True)
    for target, text in rendered:
        if target.path is None:
            click.echo(text, nl=not text.endswith("\n"))
    wrote_files = any(t.path is not None for t in targets)
    if (
        wrote_files
        and not quiet
        and not any(t.path is None and t.fmt in _HAS_VERDICT for t in targets)
    ):
        click.echo(verdict_line(result), err=True)


def terminal_width(environ: dict[str, str], default: int = 100) -> int:
    """COLUMNS, else the terminal's width, else `default` (shutil.get_terminal_size's rules,
    without importing shutil on the pre-commit path)."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns if stdout else 0) or default
    except (AttributeError, ValueError, OSError):
        return default


def run_identify(*, files: tuple[str, ...], fmt: str) -> int:
    """`llmaudit identify`: which license each file holds."""
    from llmaudit.licenses.batch import identify_paths
    from llmaudit.licenses.present_identify import format_identifications, identification_to_dict

    for name in files:
        if not Path(name).is_file():
            raise InputError(f"not a file: {name}")
    rows = list(zip(files, identify_paths([Path(name) for name in files]), strict=True))
    if fmt == "json":
        click.echo(_dump_json([identification_to_dict(name, ident) for name, ident in rows]))
    else:
        click.echo(format_identifications(rows))
    return ExitCode.CLEAN


def run_licenses(*, key: str | None, fmt: str) -> int:
    """`llmaudit licenses [KEY]`: list the knowledge base or show one entry."""
    from llmaudit.licenses import all_licenses, find_license, get_license
    from llmaudit.licenses.present import (
        format_license_detail,
        format_license_table,
        license_to_dict,
    )

    if key is None:
        infos = all_licenses()
        if fmt == "json":
            click.echo(_dump_json([license_to_dict(i) for i in infos]))
        else:
            width = terminal_width(current_environ(), default=0) or None  # a pipe: no limit
            click.echo(format_license_table(infos, width))
        return ExitCode.CLEAN
    info = find_license(key) or get_license(key.strip().lower())
    if info is None:
        raise InputError(f"unknown license '{key}' (see `llmaudit licenses` for the list)")
    click.echo(_dump_json(license_to_dict(info)) if fmt == "json" else format_license_detail(info))
    return ExitCode.CLEAN


def run_policy_list() -> int:
    """`llmaudit policy list`."""
    from llmaudit.policy import list_policies

    for summary in list_policies():
        click.echo(f"{summary.name:<14} {summary.description}")
    return ExitCode.CLEAN


def run_policy_show(*, name: str) -> int:
    """`llmaudit policy show NAME`."""
    from llmaudit.policy import load_policy, policy_to_yaml

    settings = build_settings(root=None, offline=True)
    click.echo(policy_to_yaml(load_policy(name, settings)), nl=False)
    return ExitCode.CLEAN


def run_policy_validate(*, files: tuple[str, ...]) -> int:
    """`llmaudit policy validate FILE...`: one line per problem, exit 2 when any."""
    from llmaudit.policy import validate_policy_file

    failed = False
    for name in files:
        problems = validate_policy_file(Path(name))
        for problem in problems:
            click.echo(f"{problem}", err=True)
        if problems:
            failed = True
        else:
            click.echo(f"{name}: ok")
    return ExitCode.USAGE if failed else ExitCode.CLEAN


def run_baseline(
    *,
    path: str,
    policy: str,
    output: str,
    offline: bool,
    cache_dir: str | None,
    no_cache: bool = False,
) -> int:
    """`llmaudit baseline`: record current findings for --baseline."""
    from llmaudit.pipeline import run_audit
    from llmaudit.policy import write_baseline

    root, files = _scan_targets((path,), files_only=False)
    settings = build_settings(
        root=root,
        files=files,
        policy=policy,
        offline=offline,
        cache_dir=cache_dir,
        no_cache=no_cache,
    )
    result = run_audit(settings)
    warn_about_hub_fallback(result)
    count = write_baseline(result, Path(output))
    click.echo(f"wrote {count} findings to {output}")
    return ExitCode.CLEAN


def _dump_json(data: object) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
