"""huggingface.co / hf.co links in any text file: models, and datasets under /datasets/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import unquote

from llmaudit.discover import python_prefilter
from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.model_ids import is_valid_revision, is_valid_segment
from llmaudit.discover.needles import Needles
from llmaudit.lazy_regex import lazy_compile
from llmaudit.models import LocationKind, RefKind

_NEEDLES = ("huggingface.co/", "hf.co/", "hf://")
_BYTE_NEEDLES = Needles([needle.encode() for needle in _NEEDLES])


def has_hint(data: bytes) -> bool:
    """Substring prefilter for Hub links (one pass for all three forms)."""
    return _BYTE_NEEDLES.occur_in(data)


_PATH = lazy_compile(r"[A-Za-z0-9._~%/-]+")


# First path segments of huggingface.co that are pages, not organisations.
_RESERVED = frozenset(
    {
        "docs",
        "blog",
        "models",
        "papers",
        "api",
        "settings",
        "join",
        "login",
        "pricing",
        "organizations",
        "collections",
        "learn",
        "tasks",
        "posts",
        "chat",
        "enterprise",
        "new",
        "new-dataset",
        "new-space",
        "inference-endpoints",
        "spaces",
        "datasets",
        "terms-of-service",
        "privacy",
        "support",
        "hub",
        "course",
        "autotrain",
        "transformers",
        "inference-api",
        "security",
        "brand",
        "contact",
        "notifications",
        "changelog",
        "search",
        "welcome",
        "oauth",
        "storage",
        "buckets",
        "mcp",
        "inference",
        "amp",
        "static-proxy",
        "front",
        "avatars",
        "leaderboard",
        "leaderboards",
        "user",
        "users",
        "billing",
        "careers",
        "jobs",
        "cli",
        "hardware",
        "inference-providers",
        "pro",
        "docs-api",
        "static",
        "assets",
        "js",
        "css",
        "img",
        "images",
        "favicon.ico",
        "robots.txt",
        "sitemap.xml",
        "apps",
        "events",
        "discord",
        "community",
        "deploy",
        "subscribe",
    }
)
_REVISION_PAGES = frozenset({"tree", "blob", "resolve", "commit", "raw"})


def read_doc_links(text: str) -> Scan:
    """Links in documentation (Markdown, reST, plain text): every one is a mention."""
    return Scan(candidates=tuple(find_url_candidates(text, prose=True)))


def read_code_links(text: str) -> Scan:
    """Links in code, configs and scripts: a file download outside a comment is a use."""
    return Scan(candidates=tuple(find_url_candidates(text, prose=False)))


def read_python_links(text: str) -> Scan:
    """Links in a Python module: as in code, except that a docstring or another
    triple-quoted string (a usage example such as diffusers' `EXAMPLE_DOC_STRING` with
    `load_image("https://huggingface.co/datasets/.../resolve/main/x.png")`) only quotes them."""
    candidates = tuple(find_url_candidates(text, prose=False))
    if not any(c.usage is LocationKind.USE for c in candidates):
        return Scan(candidates=candidates)
    blocks = python_prefilter.string_block_lines(text.encode("utf-8", "surrogatepass"))
    lines = text.splitlines()
    return Scan(
        candidates=tuple(
            replace(c, usage=LocationKind.MENTION)
            if c.usage is LocationKind.USE
            and (_within(c.line, blocks) or _in_unread_table(text, lines, c.line))
            else c
            for c in candidates
        )
    )


# A module-level name assigned a literal table: `NAME = {`, `NAME: dict[str, str] = [`.
_TABLE_START = re.compile(r"([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*[\[{(]")
# A transformers-era tokenizer's or config's class attribute naming such a table
# (`pretrained_vocab_files_map = PRETRAINED_VOCAB_FILES_MAP`): from_pretrained consulted it
# only for the id it was given, so the table downloads nothing by itself.
_LEGACY_MAP_ATTRIBUTE = r"^[ \t]+pretrained_[a-z_]*map\s*(?::[^=\n]*)?=\s*"
# How far up from a link its table's first line may be.
_TABLE_LINES = 400


def _in_unread_table(text: str, lines: list[str], line: int | None) -> bool:
    """True when the link sits in a module-level table that the module never reads again
    (parler-tts' `PARLER_TTS_PRETRAINED_CONFIG_ARCHIVE_MAP = {"org/x": "https://
    huggingface.co/org/x/resolve/main/config.json"}`, a transformers-era map nothing
    reads), or reads only as a legacy map attribute of a class (a vendored tokenizer's
    `pretrained_vocab_files_map = PRETRAINED_VOCAB_FILES_MAP`): a list of links, not a
    download."""
    if line is None:
        return False
    for index in range(line - 1, max(line - 1 - _TABLE_LINES, -1), -1):
        start = lines[index] if index < len(lines) else ""
        if not start or start[0] in " \t#":
            continue
        match = _TABLE_START.match(start)
        if match is None:
            return False
        name = re.escape(match.group(1))
        reads = len(re.findall(rf"\b{name}\b", text)) - 1
        return reads == len(re.findall(_LEGACY_MAP_ATTRIBUTE + name + r"\s*$", text, re.M))
    return False


def _within(line: int | None, blocks: list[tuple[int, int]]) -> bool:
    return line is not None and any(first <= line <= last for first, last in blocks)


def find_url_candidates(text: str, *, prose: bool) -> Iterator[Candidate]:
    """One candidate per Hub link, with the line and column of the link.

    In prose every link is a mention. In code a link is a use only when it fetches files
    (`.../resolve/<rev>/<file>`, `hf://...`) outside a comment; a link to a repository page
    there is usually a comment, a docstring or help text, so it stays a mention.
    """
    line, previous = 1, 0
    for start, end in _link_spans(text):
        path = _PATH.match(text, end)
        # A sentence may end right after a link ("...at huggingface.co/org/name."); a Hub
        # name never ends with a dot.
        parsed = parse_hub_path(path.group(0).rstrip(".")) if path else None
        if parsed is None:
            continue
        repo, kind, revision = parsed
        line += text.count("\n", previous, start)
        previous = start
        column = start - text.rfind("\n", 0, start)
        use = not prose and _fetches_files(text, start, end) and not _in_comment(text, start)
        yield Candidate(
            value=repo,
            line=line,
            column=column,
            kind=kind,
            revision=revision,
            explicit=True,
            usage=LocationKind.USE if use else LocationKind.MENTION,
        )


def _fetches_files(text: str, start: int, end: int) -> bool:
    if text.startswith("hf://", start):
        return True
    path = _PATH.match(text, end)
    parts = path.group(0).split("/") if path else []
    if parts and parts[0] == "datasets":
        parts = parts[1:]
    return len(parts) >= 4 and parts[2] == "resolve"


# `# ...` and `// ...` after a space or at line start; `--`, `;`, `*`, `<!--` starting a line.
_COMMENT = lazy_compile(r"^\s*(?:--|;|/?\*|<!--)|(?:^|\s)(?:#|//)", re.MULTILINE)


def _in_comment(text: str, start: int) -> bool:
    """True when the link sits after a comment marker on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_COMMENT.search(text, line_start, start))


def _link_spans(text: str) -> list[tuple[int, int]]:
    """(start, end of host) of every Hub link, found with str.find (regex scans are slower)."""
    spans = []
    for needle in _NEEDLES:
        index = text.find(needle)
        while index >= 0:
            if _starts_link(text, index):
                spans.append((_link_start(text, index), index + len(needle)))
            index = text.find(needle, index + 1)
    return sorted(spans)


def _starts_link(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    if before == ".":
        return _is_www(text, index)
    return not (before.isalnum() or before in "_-")


def _is_www(text: str, index: int) -> bool:
    return text[max(0, index - 4) : index] == "www."


def _link_start(text: str, index: int) -> int:
    for prefix in ("https://www.", "http://www.", "https://", "http://", "www."):
        if text.startswith(prefix, index - len(prefix)):
            return index - len(prefix)
    return index


def parse_hub_path(path: str, *, keep_main: bool = False) -> tuple[str, RefKind, str | None] | None:
    """("org/name", kind, revision) for a huggingface.co URL path, None when not a repo."""
    parts = [p for p in path.split("/") if p]
    kind = RefKind.MODEL
    if parts and parts[0] == "datasets":
        kind, parts = RefKind.DATASET, parts[1:]
    elif parts and (parts[0] == "spaces" or parts[0].lower() in _RESERVED):
        return None
    if len(parts) >= 2 and parts[1] in _REVISION_PAGES:
        # Legacy one-segment repos: huggingface.co/gpt2/resolve/main/config.json
        repo_parts, rest = parts[:1], parts[1:]
    elif len(parts) >= 2:
        repo_parts, rest = parts[:2], parts[2:]
    else:
        return None
    repo_parts[-1] = repo_parts[-1].removesuffix(".git")
    if not all(is_valid_segment(part) for part in repo_parts):
        return None
    revision = None
    candidate = unquote(rest[1]) if len(rest) >= 2 else ""
    if rest and rest[0] in _REVISION_PAGES and is_valid_revision(candidate):
        revision = candidate
        if revision == "main" and (rest[0] != "tree" or not keep_main):
            revision = None
    return "/".join(repo_parts), kind, revision
