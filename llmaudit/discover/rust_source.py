"""Rust sources: the Hub repos that hf-hub, candle and mistral.rs programs download (#13).

Read with a small lexer (comments, string, raw string and char literals), nothing executed.
Uses, each at the line where the id is written:
- a literal in the repo argument of a download call: `Repo::with_revision("org/x".into(),
  RepoType::Model, rev)`, `Repo::model(..)`, `api.model("org/x".to_string())` (a file that
  uses `hf_hub`), `TextModelBuilder::new("org/x")` (a file that uses `mistralrs`);
- every literal of the `let` / `const` / `static` binding that argument names, when the
  binding is in scope at the call (candle's `let model_id = match args.model_id { Some(id)
  => id, None => "org/x".to_string() };` ... `Repo::with_revision(model_id, ...)`); a function
  parameter is no binding;
- the `default_value` of a clap option whose field names a model (TGI's `#[clap(default_value
  = "bigscience/bloom", long, env)] model_id: String`): the model the program runs by default.
`RepoType::Dataset`, `Repo::dataset` and `api.dataset` download datasets. Ids elsewhere in
the code (tests' fixtures, log messages) are not reported; huggingface.co links are read by
the links reader as in every code file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.config_files import is_model_key
from llmaudit.models import RefKind
from llmaudit.records import record

HINT = re.compile(rb"Repo::|ModelBuilder|default_value|\.model\(|\.dataset\(")
_LEXEME = re.compile(
    r"//[^\n]*|/\*|(?<![A-Za-z0-9_])(?:b?r(?P<hashes>#*)\"|b?\")|'(?:\\.|[^\\'\n])'"
)
_COMMENT_EDGE = re.compile(r"/\*|\*/")
_CALL = re.compile(
    r"\bRepo::(?P<ctor>new|with_revision|model|dataset)\s*\("
    r"|\.(?P<method>model|dataset)\s*\("
    r"|\b(?P<builder>[A-Z]\w*ModelBuilder)::new\s*\("
)
_NAME_ARG = re.compile(
    r"\s*&?\s*(?:(?P<owner>[a-z_]\w*)\s*\.\s*)?(?P<name>[A-Za-z_]\w*)"
    r"(?:\s*\.\s*(?:to_string|clone|into|as_str|to_owned|as_ref|unwrap)\s*\(\s*\))*\s*"
)
_CLAP_DEFAULT = re.compile(
    r"#\[\s*(?:arg|clap)\s*\((?P<attr>[^\]]*?)\bdefault_value(?:_t)?\s*=\s*(?P<value>\"[^\"]*\")"
    r"[^\]]*\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?(?P<field>[a-z_]\w*)\s*:"
)
_CLOSER_OF = {"(": ")", "[": "]", "{": "}"}
# a name the repo argument or its binding uses: a constant, or a function called without
# arguments (`which.model_id()`); `::` paths and macros (`format!`) are not followed
_USED_NAME = re.compile(r"(?<![\w:])(?:\.\s*)?(?P<name>[A-Za-z_]\w*)(?P<call>\s*\(\s*\))?")


@record(frozen=True)
class _Literal:
    start: int
    end: int
    value: str


@record(frozen=True)
class _Lexed:
    code: str  # the text with comments and literals blanked (newlines kept)
    literals: tuple[_Literal, ...]


def read_rust(text: str) -> Scan:
    """Candidates in one Rust source file."""
    lexed = _lex(text)
    found = [*_download_arguments(text, lexed), *_clap_defaults(text, lexed)]
    unique = {(c.value, c.line, c.column, c.kind): c for c in found}
    return Scan(candidates=tuple(unique.values()))


def _lex(text: str) -> _Lexed:
    """Blank comments and literals out of `text`, keeping each string literal's value."""
    code = list(text)
    literals: list[_Literal] = []
    position = 0
    while (match := _LEXEME.search(text, position)) is not None:
        start, lexeme = match.start(), match.group(0)
        if lexeme.startswith("//"):
            end = match.end()
        elif lexeme == "/*":
            end = _comment_end(text, match.end())
        elif lexeme.startswith("'"):
            end = match.end()
        else:
            end, value = _string_end(text, match.end(), match.group("hashes"))
            literals.append(_Literal(start, end, value))
        for index in range(start, end):
            if code[index] != "\n":
                code[index] = " "
        position = end
    return _Lexed(code="".join(code), literals=tuple(literals))


def _comment_end(text: str, position: int) -> int:
    """The end of a block comment opened before `position` (Rust's nest)."""
    depth = 1
    for edge in _COMMENT_EDGE.finditer(text, position):
        depth += 1 if edge.group(0) == "/*" else -1
        if depth == 0:
            return edge.end()
    return len(text)


def _string_end(text: str, position: int, hashes: str | None) -> tuple[int, str]:
    """The end of a string literal whose opening quote ends at `position`, and its value."""
    if hashes is not None:  # raw: no escapes, closed by the quote and as many '#'
        close = text.find('"' + hashes, position)
        end = len(text) if close < 0 else close + 1 + len(hashes)
        return end, text[position : max(position, end - 1 - len(hashes))]
    index = position
    while index < len(text) and text[index] != '"':
        index += 2 if text[index] == "\\" else 1
    value = re.sub(r"\\(.)", r"\1", text[position:index])
    return min(index + 1, len(text)), value


def _download_arguments(text: str, lexed: _Lexed) -> Iterator[Candidate]:
    code = lexed.code
    uses_hub, uses_mistral = "hf_hub" in code, "mistralrs" in code
    depths: list[int] = []  # brace depth at each offset, counted when a binding is looked up
    for call in _CALL.finditer(code):
        if (call.group("method") and not uses_hub) or (call.group("builder") and not uses_mistral):
            continue
        first, arguments = _arguments(code, call.end())
        kind = (
            RefKind.DATASET
            if "dataset" in (call.group("ctor"), call.group("method"))
            or "RepoType::Dataset" in code[arguments[0] : arguments[1]]
            else RefKind.MODEL
        )
        literals = list(_values_in(lexed, first))
        named = _NAME_ARG.fullmatch(code, first[0], first[1])
        if named is not None and named.group("owner") is None:
            name = named.group("name")
            depths = depths or list(accumulate((c == "{") - (c == "}") for c in code))
            for span, position in _binding_spans(code, depths, name, call.start()):
                literals.extend(
                    lit
                    for lit in _values_in(lexed, span)
                    if position is None or _tuple_position(code, span[0], lit.start) == position
                )
        for literal in literals:
            yield _candidate(text, literal, kind)


def _values_in(lexed: _Lexed, span: tuple[int, int]) -> Iterator[_Literal]:
    """The literals in `span`, and those of the file's constants and of its functions that
    return a string which `span` names (`DEFAULT_MODEL_ID`, `args.which.model_id()`): one
    step, nothing further."""
    yield from _literals_in(lexed, span)
    code = lexed.code
    for used in _USED_NAME.finditer(code, span[0], span[1]):
        name = used.group("name")
        if used.group("call"):
            body = _string_function_body(code, name)
            if body is not None:
                yield from _literals_in(lexed, body)
        elif name.isupper():
            for initializer in _constant_initializers(code, name):
                yield from _literals_in(lexed, initializer)


def _constant_initializers(code: str, name: str) -> Iterator[tuple[int, int]]:
    """The initializers of every `const` / `static` named `name` in the file."""
    pattern = re.compile(rf"\b(?:const|static)\s+{re.escape(name)}\s*:[^=;]+=(?!=)")
    return (_initializer(code, found.end()) for found in pattern.finditer(code))


def _string_function_body(code: str, name: str) -> tuple[int, int] | None:
    """The body of `fn name(..) -> &str / String` in the file (candle's `fn model_id(&self)
    -> &'static str { match self { .. => "org/x", .. } }`), None when there is none."""
    function = re.search(
        rf"\bfn\s+{re.escape(name)}\s*(?:<[^>]*>)?\s*\([^)]*\)\s*->\s*"
        rf"(?:&\s*(?:'\w+\s+)?str|String|Cow<[^>]*str>)\s*\{{",
        code,
    )
    if function is None:
        return None
    start, depth = function.end(), 1
    for index in range(start, len(code)):
        depth += (code[index] == "{") - (code[index] == "}")
        if depth == 0:
            return start, index
    return start, len(code)


def _tuple_position(code: str, start: int, position: int) -> int | None:
    """Which element of the innermost tuple `position` sits in (counted from 0), None when
    it is not directly in a tuple (an argument of a call, an array)."""
    stack: list[list[int]] = []  # [opening offset, commas so far]
    for index in range(start, position):
        char = code[index]
        if char in "([{":
            stack.append([index, 0])
        elif char in ")]}" and stack:
            stack.pop()
        elif char == "," and stack:
            stack[-1][1] += 1
    if not stack or code[stack[-1][0]] != "(":
        return None
    before = code[start : stack[-1][0]].rstrip()
    if before and not before.endswith("=>") and (before[-1].isalnum() or before[-1] in "_!>"):
        return None  # a call, a macro or a generic call (`f::<T>(`), not a tuple
    return stack[-1][1]


def _arguments(code: str, open_end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The span of the first argument of a call whose `(` ends at `open_end`, and of all."""
    stack: list[str] = []
    first_end = None
    for index in range(open_end, len(code)):
        char = code[index]
        if char in _CLOSER_OF:
            stack.append(_CLOSER_OF[char])
        elif stack and char == stack[-1]:
            stack.pop()
        elif not stack and char == ",":
            first_end = first_end if first_end is not None else index
        elif not stack and char in ")]};":
            end = first_end if first_end is not None else index
            return (open_end, end), (open_end, index)
    return (open_end, len(code)), (open_end, len(code))


def _binding_spans(
    code: str, depths: list[int], name: str, call: int
) -> Iterator[tuple[tuple[int, int], int | None]]:
    """The initializer of the `let` in scope at `call` that binds `name` (the nearest one
    before it whose block is still open), and of any `const` / `static` of that name; with
    the element `name` takes when the `let` destructures a tuple (`let (repo, file, rev) =
    match which { .. => ("org/x", "x.gguf", "main"), .. }`), else None."""
    escaped = re.escape(name)
    pattern = re.compile(
        rf"\blet\s+(?:mut\s+)?{escaped}\s*(?::[^=;]+)?=(?!=)"
        rf"|\blet\s*\((?P<names>[^()=;]*\b{escaped}\b[^()=;]*)\)\s*(?::[^=;]+)?=(?!=)"
    )
    yield from ((initializer, None) for initializer in _constant_initializers(code, name))
    lets = [
        binding
        for binding in pattern.finditer(code)
        if binding.start() < call and min(depths[binding.start() : call]) >= depths[binding.start()]
    ]
    if lets:
        names = lets[-1].group("names")
        position = None
        if names is not None:
            parts = [re.sub(r"^\s*(?:mut\s+)?", "", p).strip() for p in names.split(",")]
            position = parts.index(name) if name in parts else -1
        yield _initializer(code, lets[-1].end()), position


def _initializer(code: str, start: int) -> tuple[int, int]:
    """From `start` to the `;` that ends the statement (nested brackets skipped)."""
    depth = 0
    for index in range(start, len(code)):
        char = code[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return start, index
        elif char == ";" and depth == 0:
            return start, index
    return start, len(code)


def _literals_in(lexed: _Lexed, span: tuple[int, int]) -> Iterator[_Literal]:
    return (lit for lit in lexed.literals if span[0] <= lit.start < span[1])


def _clap_defaults(text: str, lexed: _Lexed) -> Iterator[Candidate]:
    """`default_value` of clap options whose field names a model (attributes are code, so the
    search runs on the text where the code is not blanked)."""
    if "default_value" not in lexed.code:
        return
    for option in _CLAP_DEFAULT.finditer(text):
        if lexed.code[option.start()] != "#" or not is_model_key(option.group("field")):
            continue
        start = option.start("value")
        literal = _Literal(start, option.end("value"), option.group("value")[1:-1])
        yield _candidate(text, literal, RefKind.MODEL, explicit=False)


def _candidate(text: str, literal: _Literal, kind: RefKind, *, explicit: bool = True) -> Candidate:
    line_start = text.rfind("\n", 0, literal.start) + 1
    return Candidate(
        value=literal.value.strip(),
        line=text.count("\n", 0, literal.start) + 1,
        column=literal.start - line_start + 2,
        kind=kind,
        explicit=explicit,
    )
