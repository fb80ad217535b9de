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
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def _exists(path: str) -> bool:
    return os.path.exists(path)


def _is_dir(path: str) -> bool:
    return os.path.isdir(path)


def _is_file(path: str) -> bool:
    return os.path.isfile(path)


def _realpath(path: str) -> str:
    return os.path.realpath(path)


QUESTIONS: dict[str, Callable[[str], Answer]] = {
    "exists": _exists,
    "is_dir": _is_dir,
    "is_file": _is_file,
    "realpath": _realpath,
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
