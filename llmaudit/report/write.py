"""Atomic report writing: a temp file beside the target, then os.replace."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from llmaudit.errors import InputError


def write_report(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` to `path` so that readers see the old file or the whole new one, never half."""
    target = Path(path)
    if target.exists() and not target.is_file():
        # /dev/stdout, /dev/null, a FIFO: nothing to swap atomically, and os.replace would
        # put a regular file in place of the device node.
        return _write_through(target, text)
    if target.is_symlink():  # keep the link, replace the file it points at
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    import tempfile  # only runs that write a file pay for it

    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write report {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, temp_name)
        os.replace(temp_name, target)
    except BaseException as exc:  # also KeyboardInterrupt: never leave the temp file behind
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write report {target}: {exc.strerror or exc}") from exc
        raise
    return target


def _write_through(target: Path, text: str) -> Path:
    try:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write report {target}: {exc.strerror or exc}") from exc
    return target


def _copy_mode(target: Path, temp_name: str) -> None:
    """Keep an existing report's permissions; new reports get the umask's default."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp_name, mode)
