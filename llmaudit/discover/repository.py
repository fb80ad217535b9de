"""The git repository a scanned folder sits in, found without running git."""

from __future__ import annotations

from pathlib import Path

_MAX_DEPTH = 64


def find_repository_path(folder: Path) -> str | None:
    """`folder` relative to its repository's top level, POSIX style ("" at the top, e.g.
    "services/app" below it); None outside a repository.

    The top level is the nearest folder holding `.git` (a directory, or a file as in
    worktrees and submodules), as `git rev-parse --show-toplevel` finds it.
    """
    start = folder.resolve()
    for depth, candidate in enumerate((start, *start.parents)):
        if depth > _MAX_DEPTH:
            break
        if (candidate / ".git").exists():
            return "/".join(start.relative_to(candidate).parts)
    return None
