"""Exit codes and the error tree; each error carries the exit code the CLI uses."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (see README, "Exit codes")."""

    CLEAN = 0
    VIOLATIONS = 1
    USAGE = 2
    UNRESOLVED = 3
    INTERRUPTED = 130
    TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that temp report files are cleaned up the same way."""


class LlmauditError(Exception):
    """Base of every error llmaudit reports as one line."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(LlmauditError):
    """Bad command-line usage."""


class ConfigError(LlmauditError):
    """A policy, waiver, baseline or settings file is invalid."""


class InputError(LlmauditError):
    """A scanned path, file or model id is unusable."""


class ResolveError(LlmauditError):
    """Facts could not be fetched (network, Hub error, not found)."""

    exit_code = ExitCode.UNRESOLVED
