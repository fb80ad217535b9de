"""Installed distributions read straight from their `.dist-info` folders (issue #16).

`importlib.metadata` loads email, zipfile, csv, importlib.resources and their dependencies,
then parses METADATA with the email package: about a tenth of a pre-commit hook run that
checks a requirements file. This reader handles the usual layout (plain folders on
`sys.path`, a `.dist-info` folder with METADATA and RECORD, headers in plain RFC 822 form)
and answers exactly what `importlib.metadata.distribution(name)` would: the first match
along `sys.path`, in directory-listing order, its headers as `email` and importlib's
`_adapters.Message` give them, its RECORD rows as `Distribution.files` lists them
(tests/resolve/test_dist_info.py compares both on every installed distribution).
Anything else (a zip or egg on the path, an `.egg-info` match, another distribution finder
on `sys.meta_path`, a header block the email parser would treat specially, RECORD rows
importlib would reject) raises `NotPlain`, and the caller asks `importlib.metadata`.
"""

from __future__ import annotations

import csv
import os
import re
import sys
import textwrap
from importlib.machinery import PathFinder
from pathlib import Path, PurePosixPath

# A header line as the email parser splits it: a name of printable ASCII without ':' or
# space, then ':'; or a continuation line starting with a space or tab.
_HEADER = re.compile(r"([!-9;-~]+):(.*)")
_SEPARATOR_RUN = re.compile(r"[-_.]+")


class NotPlain(Exception):
    """The installation is not the plain layout this reader answers for."""


class DistInfo:
    """The parts of `importlib.metadata.Distribution` the package stage reads, for one
    `.dist-info` folder: `version`, `metadata.get_all`, `files` and `locate_file`."""

    def __init__(
        self, folder: Path, headers: list[tuple[str, str]], files: list[PurePosixPath]
    ) -> None:
        self.folder = folder
        self.metadata = Headers(headers)
        self.files = files
        versions = self.metadata.get_all("Version")
        if not versions:
            raise NotPlain("no Version header")
        self.version: str = versions[0]

    def locate_file(self, path: str | os.PathLike[str]) -> Path:
        return self.folder.parent / path


class Headers:
    """METADATA's headers in order, looked up by case-insensitive name."""

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self._headers = headers

    def get_all(self, name: str) -> list[str] | None:
        wanted = name.lower()
        values = [value for key, value in self._headers if key.lower() == wanted]
        return values or None


def find_distribution(name: str) -> DistInfo | None:
    """The distribution `importlib.metadata.distribution(name)` finds, or None when none is
    installed; NotPlain when importlib.metadata has to decide."""
    if not name:
        raise NotPlain("no name")
    if any(
        getattr(finder, "find_distributions", None) is not None and finder is not PathFinder
        for finder in sys.meta_path
    ):
        raise NotPlain("another distribution finder")
    wanted = _normalize(name)
    for entry in sys.path:
        folder = _first_match(entry, wanted)
        if folder is not None:
            return read_dist_info(folder)
    return None


def read_dist_info(folder: Path) -> DistInfo:
    """METADATA's headers and RECORD's paths of one `.dist-info` folder."""
    metadata = _read_text(folder / "METADATA")
    record = _read_text(folder / "RECORD")
    if not metadata or not record:
        raise NotPlain("METADATA or RECORD missing or empty")
    return DistInfo(folder, parse_headers(metadata), parse_record(record))


def parse_headers(text: str) -> list[tuple[str, str]]:
    """The header block of `text` as `email.message_from_string` (compat32) splits it and
    importlib.metadata re-indents folded values; NotPlain for anything the email parser
    handles specially (a Unix From line, a line that is not a header before the blank
    line, a first line that is a continuation, an empty header name, a carriage return)."""
    block = "" if text.startswith("\n") else text.split("\n\n", 1)[0]
    if "\r" in block:
        raise NotPlain("carriage return in headers")
    lines = block.split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    headers: list[tuple[str, list[str]]] = []
    for line in lines:
        if line[:1] in (" ", "\t"):
            if not headers:
                raise NotPlain("first header line is a continuation")
            headers[-1][1].append("\n" + line)
            continue
        match = _HEADER.fullmatch(line)
        if match is None or line.startswith("From "):
            raise NotPlain(f"not a header line: {line[:40]!r}")
        headers.append((match.group(1), [match.group(2).lstrip(" \t")]))
    if not headers:
        raise NotPlain("no headers")
    return [(name, _redent("".join(parts).rstrip("\r\n"))) for name, parts in headers]


def parse_record(text: str) -> list[PurePosixPath]:
    """RECORD's paths, as `Distribution.files` lists them (NotPlain for a row importlib
    would reject: no name, or more than path, hash and size)."""
    paths = []
    for row in csv.reader(text.splitlines()):
        if not 1 <= len(row) <= 3:
            raise NotPlain("RECORD row importlib would reject")
        paths.append(PurePosixPath(row[0]))
    return paths


def _first_match(entry: object, wanted: str) -> Path | None:
    """The first `.dist-info` folder for `wanted` in one `sys.path` entry, listed as
    importlib.metadata lists it (`FastPath.children`, `Lookup`)."""
    if not isinstance(entry, str):
        raise NotPlain("sys.path entry that is not a string")
    root = entry or "."
    try:
        children = os.listdir(root)
    except OSError:
        if os.path.isfile(root):
            raise NotPlain("zip file on sys.path") from None
        return None
    if os.path.basename(root).lower().endswith(".egg"):
        raise NotPlain("egg folder on sys.path")
    for child in children:
        low = child.lower()
        if not low.endswith((".dist-info", ".egg-info")):
            continue
        if _normalize(low.rpartition(".")[0].partition("-")[0]) != wanted:
            continue
        folder = Path(root, child)
        if not low.endswith(".dist-info") or not folder.is_dir():
            raise NotPlain("egg-info or a .dist-info that is not a folder")
        return folder
    return None


def _normalize(name: str) -> str:
    """importlib.metadata's `Prepared.normalize`: PEP 503 with underscores."""
    return _SEPARATOR_RUN.sub("-", name).lower().replace("-", "_")


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _redent(value: str) -> str:
    """importlib.metadata's `_adapters.Message` correction of folded values."""
    if not value or "\n" not in value:
        return value
    return textwrap.dedent(" " * 8 + value)
