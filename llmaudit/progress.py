"""A one-line progress counter on stderr while many models resolve (TTY only)."""

from __future__ import annotations

from typing import TextIO

MIN_TOTAL = 10  # fewer models resolve too fast for a counter to help


class StderrProgress:
    """Callable `(done, total)` that redraws `resolving models 12/300` in place."""

    def __init__(self, stream: TextIO, *, label: str = "resolving models") -> None:
        self._stream = stream
        self._label = label
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_TOTAL:
            return
        self._stream.write(f"\r{self._label} {done}/{total}")
        self._stream.flush()
        self._drawn = True
        if done == total:
            self.clear()

    def clear(self) -> None:
        """Erase the counter line so the report starts on a clean line."""
        if self._drawn:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._drawn = False


def stderr_progress(stream: TextIO, *, quiet: bool) -> StderrProgress | None:
    """A counter when `stream` is an interactive terminal and output is not quieted."""
    isatty = getattr(stream, "isatty", None)
    if quiet or not (isatty and isatty()):
        return None
    return StderrProgress(stream)
