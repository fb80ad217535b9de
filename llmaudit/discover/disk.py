"""The file system beyond the file being scanned, as one file's scan sees it.

A file's findings can depend on other paths: a value naming a project folder that holds a
model (`./checkpoints/run1` with a `config.json`), a dataset path that exists in the
project, a requirements file's `-r` includes. Every such question goes through `Disk`,
which keeps each answer, so that a result cached across runs (`result_cache`) is reused only
while every answer still holds (`answers_hold`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

# An answer: a bool (exists, is a folder, is a file), a resolved path, or the identity of a
# file that was read (size, mtime_ns, inode, ctime_ns; None when it could not be stat'ed).
Answer = bool | str | tuple[int, ...] | None
Asked = tuple[str, str, Answer]  # (question, path, answer)


def stat_signature(path: str) -> tuple[int, ...] | None:
    """(size, mtime_ns, inode, ctime_ns) of the file at `path`, None when it cannot be stat'ed.

    ctime changes with any write, rename or chmod, even one that puts mtime back.
    """
    try:
        return _signature(os.stat(path))
    except (OSError, ValueError):
        return None


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


class FolderStats:
    """`stat_signature` for files that come folder by folder (a walk): each is stat'ed
    relative to an open handle on its folder, so the kernel resolves one path component
    instead of all of them (0.055 -> 0.040 s for lm-evaluation-harness's 15,328 files).
    Use as a context manager: the last folder's handle is closed on exit."""

    def __init__(self) -> None:
        self._folder: str | None = None
        self._handle = -1

    def __enter__(self) -> FolderStats:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()

    def signature(self, absolute: str) -> tuple[int, ...] | None:
        """The file's (size, mtime_ns, inode, ctime_ns), None when it cannot be stat'ed."""
        folder, separator, name = absolute.rpartition(os.sep)
        if not separator or not _RELATIVE_STAT:
            return stat_signature(absolute)
        if folder != self._folder:
            self._open(folder)
        if self._handle < 0:
            return stat_signature(absolute)
        try:
            return _signature(os.stat(name, dir_fd=self._handle))
        except (OSError, ValueError):
            return None

    def _open(self, folder: str) -> None:
        self._close()
        self._folder = folder
        try:
            self._handle = os.open(folder or os.sep, os.O_RDONLY | _O_DIRECTORY)
        except (OSError, ValueError):
            self._handle = -1

    def _close(self) -> None:
        if self._handle >= 0:
            os.close(self._handle)
        self._handle = -1
        self._folder = None


_RELATIVE_STAT = os.stat in os.supports_dir_fd
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


QUESTIONS: dict[str, Callable[[str], Answer]] = {
    "exists": os.path.exists,
    "is_dir": os.path.isdir,
    "is_file": os.path.isfile,
    "realpath": os.path.realpath,
    "stat": stat_signature,
}


class Disk:
    """Answers about paths other than the scanned file, each one remembered."""

    def __init__(self) -> None:
        self._answers: dict[tuple[str, str], Answer] = {}

    def _ask(self, question: str, path: str) -> Answer:
        key = (question, path)
        if key not in self._answers:
            self._answers[key] = QUESTIONS[question](path)
        return self._answers[key]

    def exists(self, path: str) -> bool:
        """Whether `path` exists (os.path.exists)."""
        return self._ask("exists", path) is True

    def is_dir(self, path: str) -> bool:
        """Whether `path` is a folder (os.path.isdir)."""
        return self._ask("is_dir", path) is True

    def is_file(self, path: str) -> bool:
        """Whether `path` is a regular file (os.path.isfile)."""
        return self._ask("is_file", path) is True

    def realpath(self, path: str) -> str:
        """`path` with symlinks resolved (os.path.realpath)."""
        answer = self._ask("realpath", path)
        return answer if isinstance(answer, str) else os.path.realpath(path)

    def read_text(self, path: str, limit: int) -> str:
        """Up to `limit` characters of the UTF-8 file at `path` (OSError, UnicodeDecodeError).

        The file's identity is taken before it is read: a write after that changes it.
        """
        self._ask("stat", path)
        with open(path, encoding="utf-8") as handle:
            return handle.read(limit)

    def asked(self) -> list[Asked]:
        """Every question asked and its answer, in a stable order."""
        return sorted(
            ((question, path, answer) for (question, path), answer in self._answers.items()),
            key=lambda asked: (asked[0], asked[1]),
        )


def answers_hold(asked: list[Asked]) -> bool:
    """Whether every question, asked again now, gets the answer recorded."""
    for question, path, answer in asked:
        ask = QUESTIONS.get(question)
        if ask is None or ask(path) != answer:
            return False
    return True
