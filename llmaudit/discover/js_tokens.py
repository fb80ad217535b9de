"""JavaScript / TypeScript source as tokens, without running or fully parsing it.

A careful lexer is all the JS/TS reader needs: it must know where strings, template
literals, comments and regular expression literals begin and end (so that a quote inside a
regex or an id inside a comment is not taken for code), and the brackets that group call
arguments and object literals. Types, JSX and the rest of the grammar are only tokens.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import NamedTuple

from llmaudit.records import record

NAME, STRING, TEMPLATE, NUMBER, PUNCT, REGEX = (
    "name",
    "string",
    "template",
    "number",
    "punct",
    "regex",
)

# One pattern for every token but the three that depend on what came before (a backquote,
# a `}` that may close a template's `${`, a `/`). A string ends on its own line: a lone quote
# (JSX text "Don't", an unbalanced apostrophe in markup) is a character, not the start of a
# string swallowing the rest of the file.
_TOKEN_PATTERN = r"""\s*(?:
      (?P<name>[A-Za-z_$\u0080-\uffff#][\w$\u0080-\uffff]*)
    | (?P<number>\.?\d[\w.]*)
    | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<special>[`}/])
    | (?P<punct>\?\?=|\?\?|\?\.(?!\d)|\.\.\.|=>|===|!==|==|!=|\|\||&&|\S)
    )"""
_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[A-Za-z]*")
_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*", re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# After these words an expression starts, so `/` opens a regular expression.
_EXPRESSION_KEYWORDS = frozenset(
    {
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    }
)


class Token(NamedTuple):
    """One token: its kind, source text, string value (strings and templates without
    `${...}`; None otherwise) and start offset. A tuple: a file has thousands."""

    kind: str
    text: str
    value: str | None
    start: int


@record(frozen=True)
class Lexed:
    """A file's tokens (comments left out), its comments as (start, text), and where its
    lines start (for line and column numbers)."""

    tokens: tuple[Token, ...]
    comments: tuple[tuple[int, str], ...]
    line_starts: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


def tokenize(text: str) -> Lexed:
    """The tokens and comments of a JS/TS source text."""
    lexer = _Lexer(text)
    lexer.run()
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return Lexed(tuple(lexer.tokens), tuple(lexer.comments), tuple(starts))


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = []
        self.comments: list[tuple[int, str]] = []
        # one entry per open `${` of a template literal: the brace depth inside it
        self.templates: list[int] = []

    def run(self) -> None:
        text, tokens, new = self.text, self.tokens, tuple.__new__
        match, pos = _token_pattern().match, 0
        while (found := match(text, pos)) is not None:
            kind = found.lastgroup or PUNCT  # every alternative is a named group
            start, pos = found.start(kind), found.end()
            if kind in (NAME, NUMBER):
                tokens.append(new(Token, (kind, found.group(kind), None, start)))
            elif kind == STRING:
                token = found.group(kind)
                tokens.append(Token(STRING, token, _unescape(token[1:-1]), start))
            elif kind == "comment":
                self.comments.append((start, found.group(kind)))
            elif kind == PUNCT:
                token = found.group(kind)
                if self.templates and token == "{":
                    self.templates[-1] += 1
                tokens.append(new(Token, (PUNCT, token, None, start)))
            else:
                pos = self._special(text[start], start)

    def _special(self, char: str, pos: int) -> int:
        """A backquote, a `}` (which may close a template's `${`) or a `/` (a regular
        expression or a division): where the text goes on after it."""
        if char == "`":
            return self._template(pos, open_at=pos)
        if char == "}":
            if self.templates and self.templates[-1] == 0:
                self.templates.pop()
                return self._template(pos, open_at=None)
            if self.templates:
                self.templates[-1] -= 1
            self.tokens.append(Token(PUNCT, "}", None, pos))
            return pos + 1
        if self._regex_allowed():
            return self._regex(pos)
        self.tokens.append(Token(PUNCT, "/", None, pos))
        return pos + 1

    def _template(self, pos: int, open_at: int | None) -> int:
        """Template text from `pos` (at the backquote or the `}` closing a substitution)."""
        text = self.text
        found = _TEMPLATE_TEXT.match(text, pos + 1)
        assert found is not None
        after = found.end()
        if open_at is not None:
            plain = not text.startswith("${", after)
            value = _unescape(found.group(0)) if plain else None
            self.tokens.append(Token(TEMPLATE, text[pos : after + 1], value, open_at))
        if text.startswith("${", after):
            self.templates.append(0)
            return after + 2
        return after + 1  # past the closing backquote (or the end of an unclosed one)

    def _regex_allowed(self) -> bool:
        if not self.tokens:
            return True
        last = self.tokens[-1]
        if last.kind == NAME:
            return last.text in _EXPRESSION_KEYWORDS
        if last.kind in (STRING, TEMPLATE, NUMBER, REGEX):
            return False
        return last.text not in (")", "]", "}")

    def _regex(self, pos: int) -> int:
        found = _REGEX.match(self.text, pos)
        if found is None:
            self.tokens.append(Token(PUNCT, "/", None, pos))
            return pos + 1
        self.tokens.append(Token(REGEX, found.group(0), None, pos))
        return found.end()


@functools.cache  # compiled when a JS file is first read (6 ms: not at every import)
def _token_pattern() -> re.Pattern[str]:
    return re.compile(_TOKEN_PATTERN, re.VERBOSE | re.DOTALL)


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
