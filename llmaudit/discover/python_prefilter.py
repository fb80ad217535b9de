"""Cheap tests that decide which Python files are worth an `ast.parse` (the expensive step).

Everything here works on UTF-8 bytes: substring search on bytes runs at memchr speed, while
the same search on a `str` holding any non-ASCII character is several times slower.
"""

from __future__ import annotations

import functools
import re

_LOADER_NAMES = (
    b"from_pretrained", b"pipeline", b"SentenceTransformer", b"CrossEncoder", b"SparseEncoder",
    b"hf_hub_download", b"snapshot_download", b"hf_hub_url", b"model_info", b"list_repo_files",
    b"InferenceClient", b"AsyncInferenceClient", b"LLM", b"EngineArgs", b"AsyncEngineArgs",
    b"load_dataset", b"load_dataset_builder", b"get_dataset_config_names",
    b"get_dataset_split_names", b"from_quantized", b"FlagModel", b"FlagReranker", b"HuggingFace",
)
# Loader names grouped under a shared substring: a file without it skips the whole group.
_NAME_GROUPS: tuple[tuple[bytes, tuple[bytes, ...]], ...] = (
    (b"from_pretrained", (b"from_pretrained",)),
    (b"pipeline", (b"pipeline",)),
    (b"Encoder", (b"CrossEncoder", b"SparseEncoder")),
    (b"SentenceTransformer", (b"SentenceTransformer",)),
    (b"_download", (b"hf_hub_download", b"snapshot_download")),
    (b"hf_hub_url", (b"hf_hub_url",)),
    (b"model_info", (b"model_info",)),
    (b"list_repo_files", (b"list_repo_files",)),
    (b"InferenceClient", (b"InferenceClient", b"AsyncInferenceClient")),
    (b"LLM", (b"LLM",)),
    (b"EngineArgs", (b"EngineArgs", b"AsyncEngineArgs")),
    (b"from_quantized", (b"from_quantized",)),
    (b"Flag", (b"FlagModel", b"BGEM3FlagModel", b"FlagReranker")),
    (b"HuggingFace", (b"HuggingFace",)),
    (b"dataset", (b"load_dataset", b"load_dataset_builder", b"get_dataset_config_names",
                  b"get_dataset_split_names")),
)
_CONSTANT_WORDS = (b"MODEL", b"TOKENIZER", b"ADAPTER", b"CHECKPOINT")
_OTHER_HINTS = (b"hf-hub:", b"hf_hub:", b"MODEL", b"TOKENIZER", b"ADAPTER", b"CHECKPOINT")
# Substrings covering every loader name and constant word (fewer needles, fewer passes).
_NEEDLES = (
    b"from_pretrained", b"from_quantized", b"Flag", b"HuggingFace", b"pipeline", b"Encoder",
    b"SentenceTransformer", b"_download",
    b"hf_hub", b"model_info", b"list_repo_files", b"InferenceClient", b"LLM", b"EngineArgs",
    b"dataset", b"hf-hub:", *_CONSTANT_WORDS,
)
_HUB_PREFIX = re.compile(rb"""["']hf[-_]hub:""")
# An upper-case MODEL-like constant assigned a quoted "org/x" (BASE_MODEL = "org/x"); one
# pattern per word keeps each on the regex engine's fast literal-prefix scan.
_NAMED_CONSTANTS = tuple(
    (word, re.compile(word + rb"""[A-Z0-9_]*\s*(?::[^=\n]*)?=\s*[rbfu]{0,2}["'][^"'\n]*/"""))
    for word in (b"MODEL", b"TOKENIZER", b"ADAPTER", b"CHECKPOINT")
)
_ID_KEYWORD_ARGS = frozenset({b"model", b"repo_id", b"model_id", b"path", b"tokenizer",
                              b"pretrained_model_name_or_path", b"model_name_or_path",
                              b"model_name", b"tokenizer_name"})
# One argument: an optional `keyword=`, then a quoted literal or a plain (dotted) name.
_PIECE = re.compile(
    rb"""\s*(?:(\w+)\s*=(?!=)\s*)?(?:([rbfuRBFU]{0,2}["'])|([A-Za-z_][\w.]*)\s*$)?"""
)
_BINDING_TAIL = (
    rb"""\s*(?::[^=\n]*)?=(?!=)\s*(?:[rbfuRBFU]{0,2}["']|os\.getenv|(?:os\.)?environ\.get)"""
)


def has_hint(data: bytes) -> bool:
    """The first prefilter: substring tests only, so most files cost almost nothing."""
    return any(needle in data for needle in _NEEDLES)


def is_worth_parsing(data: bytes) -> bool:
    """The whole prefilter on a file's raw bytes (no decoding for the many files that fail)."""
    return code_worth_parsing(data) is not None


def code_worth_parsing(data: bytes) -> bytes | None:
    """The code of `data` without docstrings when it may hold a reference, else None.

    Library sources quote loader calls in docstrings all the time, so docstrings go first
    (cheap: a few `find`s) and every later test runs once, on the (smaller) code only.
    """
    code = strip_docstrings(data)
    names = present_loader_names(code)
    if not names and not any(word in code for word in _OTHER_HINTS):
        return None
    return code if has_code_evidence(code, names) else None


def present_loader_names(code: bytes) -> tuple[bytes, ...]:
    """The loader names that occur in `code` at all (one pass per group of names)."""
    names: list[bytes] = []
    for needle, group in _NAME_GROUPS:
        if needle in code:
            names.extend(name for name in group if len(group) == 1 or name in code)
    return tuple(names)


def has_code_evidence(code: bytes, names: tuple[bytes, ...] | None = None) -> bool:
    """A loader call whose id argument is a literal or a name bound to one, an "hf-hub:"
    string, or a MODEL-like constant set to "org/name"."""
    if _has_hub_prefix(code) or _has_named_constant(code):
        return True
    checked: set[bytes] = set()
    for call in loader_calls(code, names):
        for name in _id_argument_names(call.group(1)):
            if name == b"":
                return True  # a literal
            if name not in checked:
                checked.add(name)
                if is_bound_to_literal(code, name) or _is_constant_from_elsewhere(code, name):
                    return True
    return False


def _is_constant_from_elsewhere(code: bytes, name: bytes) -> bool:
    """An upper-case constant (`settings.BASE_MODEL`) or an imported name
    (`from config import model_id`): another module may bind it to a literal."""
    if name.isupper() and any(c in name for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        return True
    return bool(re.search(rb"^[ \t]*(?:from\s+\S+\s+)?import\b[^\n]*\b" + re.escape(name)
                          + rb"\b", code, re.MULTILINE))


@functools.cache
def _loader_call_pattern(names: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """A loader name and its call arguments, for just the names a file contains.

    Few alternatives (usually one) keep the regex on its fast literal scan; lookbehinds
    would defeat it, so word starts are checked in Python.
    """
    # "HuggingFace" stands for a family of wrapper classes (HuggingFaceEmbeddings, ...).
    alternatives = [name + rb"\w*" if name == b"HuggingFace" else name for name in names]
    return re.compile(
        rb"(?:" + b"|".join(alternatives) + rb")\s*\(((?:[^()]|\([^()]{0,200}\)){0,400})"
    )


def loader_calls(code: bytes, names: tuple[bytes, ...] | None = None
                 ) -> list[re.Match[bytes]]:
    """Loader calls that start a name, are not definitions (`def from_pretrained(`) and are
    not on a comment line."""
    names = present_loader_names(code) if names is None else names
    if not names:
        return []
    calls = []
    for call in _loader_call_pattern(names).finditer(code):
        start = call.start()
        before = code[start - 1:start]
        if before.isalnum() or before == b"_" or code[max(0, start - 4):start] == b"def ":
            continue
        line_start = code.rfind(b"\n", 0, start) + 1
        if not code[line_start:start].lstrip().startswith(b"#"):
            calls.append(call)
    return calls


def _has_hub_prefix(code: bytes) -> bool:
    return (b"hf-hub:" in code or b"hf_hub:" in code) and bool(_HUB_PREFIX.search(code))


def _has_named_constant(code: bytes) -> bool:
    return any(word in code and pattern.search(code) for word, pattern in _NAMED_CONSTANTS)


def _id_argument_names(arguments: bytes) -> list[bytes]:
    """Names passed where a loader takes its id (b"" for a literal there)."""
    names = []
    for index, piece in enumerate(arguments.split(b",")):
        match = _PIECE.match(piece)
        if match is None:
            continue
        keyword, literal, name = match.groups()
        if (keyword is None and index > 1) or (keyword and keyword not in _ID_KEYWORD_ARGS):
            continue
        if literal or b'"' in piece or b"'" in piece:  # a literal, f-string, Path("..."), ...
            names.append(b"")
        elif name:
            names.append(name.rsplit(b".", 1)[-1])
    return names


def is_bound_to_literal(code: bytes, name: bytes) -> bool:
    """`name = "..."`, `name = os.getenv(...)`, `def f(name="...")` or an argparse "--name"."""
    if name not in code:
        return False
    for match in re.finditer(re.escape(name) + _BINDING_TAIL, code):
        before = code[match.start() - 1:match.start()]
        if not (before.isalnum() or before == b"_"):
            return True
    flag = name.replace(b"_", b"-")
    return any(f"{q}--{n}{q}".encode() in code for q in "\"'" for n in (flag.decode(),
                                                                        name.decode()))


def could_bind_attribute(code: bytes, name: str) -> bool:
    """Cheap test that `name` may be an attribute, dict key or argument bound to a literal."""
    raw = name.encode()
    if raw not in code:
        return False
    key = rb"""["']""" + re.escape(raw) + rb"""["']\s*:\s*[rbfuRBFU]{0,2}["']"""
    return is_bound_to_literal(code, raw) or bool(re.search(key, code))


def strip_docstrings(data: bytes) -> bytes:
    """`data` with triple-quoted strings blanked (line count kept)."""
    parts = []
    position = 0
    next_double = data.find(b'"""')
    next_single = data.find(b"'''")
    while next_double >= 0 or next_single >= 0:
        if next_single < 0 or 0 <= next_double < next_single:
            start, quote = next_double, b'"""'
        else:
            start, quote = next_single, b"'''"
        end = data.find(quote, start + 3)
        end = len(data) if end < 0 else end + 3
        parts.append(data[position:start])
        parts.append(b"\n" * data.count(b"\n", start, end))
        position = end
        if 0 <= next_double < end:
            next_double = data.find(b'"""', end)
        if 0 <= next_single < end:
            next_single = data.find(b"'''", end)
    parts.append(data[position:])
    return b"".join(parts)


def hit_lines(code: bytes) -> list[int]:
    """Sorted 1-based lines with a loader call or "hf-hub:" string (where the AST walk goes)."""
    starts = [m.start() for m in loader_calls(code)]
    if _has_hub_prefix(code):
        starts += [m.start() for m in _HUB_PREFIX.finditer(code)]
    lines = []
    line, previous = 1, 0
    for position in sorted(starts):
        line += code.count(b"\n", previous, position)
        previous = position
        lines.append(line)
    return sorted(set(lines))
