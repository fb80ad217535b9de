"""A JavaScript / TypeScript file as the JS/TS reader sees it: tokens with matched
brackets, its imports, the names it binds in which span (declarations, parameters, loop
variables, class fields) and the strings an expression can take. Nothing is run.

Scopes are spans of tokens: a block's braces, a function's body. A name read at a token
takes the values of its innermost binding whose span holds that token (every assignment
there: a name assigned in several places may hold any of them); a parameter without a
default, a destructured name or a name bound to a call holds nothing known.
"""

from __future__ import annotations

from collections.abc import Iterator

from llmaudit.discover.js_tokens import NAME, PUNCT, STRING, TEMPLATE, Lexed, Token, tokenize
from llmaudit.records import record

_CONTROL_WORDS = frozenset({"if", "for", "while", "switch", "catch", "with", "return", "typeof"})
_DECLARERS = frozenset({"const", "let", "var"})
# Tokens that continue an expression onto the next line (no semicolon is inserted before them).
_CONTINUATIONS = frozenset({"??", "||", "&&", "?", ":", ".", "?.", "+", "-", "*", "/", "=>"})
_STOPS = frozenset({",", ";"})
_CLOSERS = frozenset({")", "]", "}"})
_OPENERS = {"(": ")", "[": "]", "{": "}"}
# Tokens that end a TS type annotation (outside `<...>`).
_TYPE_ENDS = frozenset({"=", ",", ")", ";", "=>", "{", "}", "]", "of"})
# How far a value is followed: names, parentheses and conditional branches each count one.
_MAX_DEPTH = 8
# Tokens outside brackets an expression may span (a value is never that long).
_MAX_EXPRESSION_TOKENS = 1000
# Nested destructuring patterns read (`const { a: { b: [c] } } = x`); deeper ones bind nothing.
_MAX_PATTERN_DEPTH = 16


@record(frozen=True)
class Binding:
    """A name bound in a span of tokens: its value's token range (None for a parameter or
    a destructured name without default) and whether it takes each element of an array
    (`for (const m of [...])`)."""

    name: str
    scope: tuple[int, int]
    value: tuple[int, int] | None
    each: bool = False


@record(frozen=True)
class Found:
    """A string an expression can take, and the token that writes it."""

    text: str
    token: int


class JsModule:
    """One file's tokens with their brackets matched, imports and bindings. `offset` and
    `outer` place a comment's code in its file (its lines and imports are the file's)."""

    def __init__(
        self,
        text: str,
        offset: int = 0,
        outer: JsModule | None = None,
    ) -> None:
        lexed = tokenize(text)
        self.text = text
        self.lexed: Lexed = lexed if outer is None else outer.lexed
        self.tokens = lexed.tokens
        self.offset = offset
        self.close, self.parent = _match_brackets(self.tokens)
        self.imports = _imports(self.tokens)  # local name -> (package, imported name)
        packages = {package for package, _ in self.imports.values()}
        if outer is not None:
            packages |= outer.packages
        self.packages: set[str] = packages
        self.bindings = self._bindings()
        self.classes, self.fields = self._class_fields()

    # -- positions ---------------------------------------------------------------------

    def position(self, index: int) -> tuple[int, int]:
        return self.lexed.position(self.offset + self.tokens[index].start)

    def _newline_before(self, index: int) -> bool:
        if index == 0:
            return False
        previous = self.tokens[index - 1]
        start = previous.start + len(previous.text)
        return self.text.find("\n", start, self.tokens[index].start) >= 0

    # -- bindings ----------------------------------------------------------------------

    def _bindings(self) -> dict[str, list[Binding]]:
        found: dict[str, list[Binding]] = {}
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if token.kind != NAME:
                continue
            if token.text in _DECLARERS:
                for binding in self._declared(index):
                    found.setdefault(binding.name, []).append(binding)
            elif index + 1 < len(tokens) and tokens[index + 1].text == "=>":
                binding = Binding(token.text, self._arrow_scope(index + 1), None)
                found.setdefault(token.text, []).append(binding)
        for index, token in enumerate(tokens):
            if token.text == "(" and self._is_parameter_list(index):
                for binding in self._parameters(index):
                    found.setdefault(binding.name, []).append(binding)
        return found

    def _class_fields(self) -> tuple[set[str], dict[str, list[tuple[int, int]]]]:
        """Class names, and the value ranges of class fields (`static model = "org/x"`,
        `model = "org/x"`, and `this.model = ...` in a method, the constructor's usual
        way), read as `this.model` or `Pipeline.model` anywhere in the file."""
        tokens = self.tokens
        classes: set[str] = set()
        fields: dict[str, list[tuple[int, int]]] = {}
        for index, token in enumerate(tokens):
            if token.text != "class" or token.kind != NAME:
                continue
            if index + 1 < len(tokens) and tokens[index + 1].kind == NAME:
                classes.add(tokens[index + 1].text)
            body = index + 1
            while body < len(tokens) and tokens[body].text != "{":
                if tokens[body].text in (";", ")", "}"):
                    break
                body += 1
            if body >= len(tokens) or tokens[body].text != "{":
                continue
            end = self.close.get(body, len(tokens))
            for position in range(body + 1, end):
                if tokens[position].kind != NAME:
                    continue
                if self.parent[position] != body:
                    if self._is_this_assignment(position):
                        value = position + 2
                        fields.setdefault(tokens[position].text, []).append(
                            (value, self._expression_end(value))
                        )
                    continue
                after = position + 1
                if after < end and tokens[after].text in ("?", "!"):
                    after += 1
                if after < end and tokens[after].text == ":":
                    after = self._skip_type(after + 1, limit=end)
                if after < end and tokens[after].text == "=" and tokens[position - 1].text != ".":
                    fields.setdefault(tokens[position].text, []).append(
                        (after + 1, self._expression_end(after + 1))
                    )
        return classes, fields

    def _is_this_assignment(self, position: int) -> bool:
        """`this.NAME = value` (not `==`, not `this.NAME.x = ...`)."""
        tokens = self.tokens
        return (
            position >= 2
            and tokens[position - 1].text == "."
            and tokens[position - 2].text == "this"
            and position + 1 < len(tokens)
            and tokens[position + 1].text == "="
        )

    def _declared(self, index: int) -> Iterator[Binding]:
        """`const NAME = value`, `let a = 1, b = 2`, `const { x = "d" } = o`, `for (const m
        of LIST)`."""
        tokens = self.tokens
        scope = self._block_of(index)
        position = index + 1
        while position < len(tokens):
            token = tokens[position]
            if token.kind == NAME:
                after = position + 1
                if after < len(tokens) and tokens[after].text == ":":  # a TS type
                    after = self._skip_type(after + 1)
                if after < len(tokens) and tokens[after].text == "=":
                    end = self._expression_end(after + 1)
                    yield Binding(token.text, scope, (after + 1, end))
                    position = end
                elif after < len(tokens) and tokens[after].text == "of":
                    end = self._expression_end(after + 1)
                    loop = self._loop_scope(index)
                    yield Binding(token.text, loop, (after + 1, end), each=True)
                    return
                else:
                    yield Binding(token.text, scope, None)
                    position = after
            elif token.text in ("{", "["):
                yield from self._destructured(position, scope)
                position = self.close.get(position, position) + 1
                if position < len(tokens) and tokens[position].text == "=":
                    position = self._expression_end(position + 1)
            else:
                return
            if position < len(tokens) and tokens[position].text == ",":
                position += 1
                continue
            return

    def _destructured(
        self, opening: int, scope: tuple[int, int], depth: int = 0
    ) -> Iterator[Binding]:
        """Names a destructuring pattern binds: without value, or with their default."""
        end = self.close.get(opening, opening)
        position = opening + 1
        tokens = self.tokens
        while position < end:
            token = tokens[position]
            if token.text in ("{", "["):
                if depth < _MAX_PATTERN_DEPTH:
                    yield from self._destructured(position, scope, depth + 1)
                position = self.close.get(position, position) + 1
                continue
            following = tokens[position + 1].text if position + 1 < end else ","
            if token.kind == NAME and following in (",", "=", "}", "]"):
                if following == "=":
                    value_end = self._expression_end(position + 2)
                    yield Binding(token.text, scope, (position + 2, value_end))
                    position = value_end
                    continue
                yield Binding(token.text, scope, None)
            position += 1

    def _is_parameter_list(self, index: int) -> bool:
        tokens = self.tokens
        end = self.close.get(index)
        if end is None or end + 1 >= len(tokens):
            return False
        before = tokens[index - 1].text if index else ""
        if before in _CONTROL_WORDS:
            return False
        after = tokens[end + 1].text
        return after in ("=>", "{") or (after == ":" and self._typed_body(end + 1) is not None)

    def _typed_body(self, colon: int) -> int | None:
        """The `{` or `=>` after a return type annotation `): Promise<X> {`."""
        position = self._skip_type(colon + 1)
        if position < len(self.tokens) and self.tokens[position].text in ("{", "=>"):
            return position
        return None

    def _parameters(self, opening: int) -> Iterator[Binding]:
        end = self.close[opening]
        scope = self._arrow_scope(end + 1)
        tokens = self.tokens
        position = opening + 1
        while position < end:
            token = tokens[position]
            if token.text in ("{", "["):
                yield from self._destructured(position, scope)
                position = self.close.get(position, position) + 1
            elif token.kind == NAME and tokens[position - 1].text in ("(", ",", "..."):
                after = position + 1
                if after < end and tokens[after].text in ("?", "!"):
                    after += 1
                if after < end and tokens[after].text == ":":
                    after = self._skip_type(after + 1, limit=end)
                if after < end and tokens[after].text == "=":
                    value_end = self._expression_end(after + 1)
                    yield Binding(token.text, scope, (after + 1, value_end))
                    position = value_end
                else:
                    yield Binding(token.text, scope, None)
                    position = after
            else:
                position += 1

    def _skip_type(self, position: int, limit: int | None = None) -> int:
        """The token after a TS type annotation (`string`, `Array<X>`, `{ a: b }`, `A | B`)."""
        tokens = self.tokens
        end = len(tokens) if limit is None else limit
        angle = 0
        while position < end:
            text = tokens[position].text
            if text in _OPENERS:
                position = self.close.get(position, position) + 1
                continue
            if text == "<":
                angle += 1
            elif text == ">" and angle:
                angle -= 1
            elif angle == 0 and text in _TYPE_ENDS:
                return position
            position += 1
        return position

    def _arrow_scope(self, after_params: int) -> tuple[int, int]:
        """The tokens a function's parameters are visible in: its body block, or for an
        arrow function with an expression body, the rest of the enclosing group."""
        tokens = self.tokens
        position = after_params
        if position < len(tokens) and tokens[position].text == ":":
            body = self._typed_body(position)
            position = body if body is not None else position
        if position < len(tokens) and tokens[position].text == "=>":
            position += 1
        if position < len(tokens) and tokens[position].text == "{":
            return (position, self.close.get(position, len(tokens)))
        return (position, self._expression_end(position))

    def _loop_scope(self, declarer: int) -> tuple[int, int]:
        """`for (const m of LIST) BODY`: the loop's parentheses and body."""
        opening = self.parent[declarer]
        if opening < 0:
            return (declarer, len(self.tokens))
        end = self.close.get(opening, len(self.tokens))
        body = end + 1
        if body < len(self.tokens) and self.tokens[body].text == "{":
            return (opening, self.close.get(body, len(self.tokens)))
        return (opening, self._expression_end(body))

    def _block_of(self, index: int) -> tuple[int, int]:
        opening = self.parent[index]
        while opening >= 0 and self.tokens[opening].text != "{":
            opening = self.parent[opening]
        if opening < 0:
            return (0, len(self.tokens))
        return (opening, self.close.get(opening, len(self.tokens)))

    def _expression_end(self, start: int) -> int:
        """The index just past an expression starting at `start` (bracketed parts are
        skipped whole; after `_MAX_EXPRESSION_TOKENS` others it is cut short, so thousands of
        chained arrow functions cannot make reading a file quadratic)."""
        tokens = self.tokens
        position = start
        for _ in range(_MAX_EXPRESSION_TOKENS):
            if position >= len(tokens):
                break
            token = tokens[position]
            text = token.text
            if token.kind == PUNCT and (text in _STOPS or text in _CLOSERS):
                return position
            if (
                position > start
                and self._newline_before(position)
                and not (text in _CONTINUATIONS or tokens[position - 1].text in _CONTINUATIONS)
                and tokens[position - 1].text not in _OPENERS
            ):
                return position
            if token.kind == PUNCT and text in _OPENERS:
                position = self.close.get(position, len(tokens) - 1) + 1
                continue
            position += 1
        return position

    # -- values ------------------------------------------------------------------------

    def values(self, start: int, end: int, depth: int = 0) -> list[Found]:
        """The strings an expression can take, read without running anything."""
        if start >= end or depth > _MAX_DEPTH:
            return []
        split = self._ternary(start, end)
        if split is not None:
            question, colon = split
            deeper = depth + 1
            return self.values(question + 1, colon, deeper) + self.values(colon + 1, end, deeper)
        alternatives = self.split(start, end, ("??", "||"))
        if len(alternatives) > 1:
            return [found for a, b in alternatives for found in self.values(a, b, depth)]
        end = self._without_type_suffix(start, end)
        tokens = self.tokens
        first = tokens[start]
        if end - start == 1:
            if first.kind in (STRING, TEMPLATE) and first.value is not None:
                return [Found(first.value, start)]
            if first.kind == NAME:
                return self.name_values(start, depth)
            return []
        if first.text == "(" and self.close.get(start) == end - 1:
            return self.values(start + 1, end - 1, depth + 1)
        if first.kind == NAME and end - start == 3 and tokens[start + 1].text in (".", "?."):
            return self._property_values(start, tokens[start + 2].text, depth)
        if first.kind == NAME and end - start == 4 and tokens[start + 1].text == "[":
            return self.elements(start, start + 1, depth + 1)  # any element: `MODELS[0]`
        return []

    def name_values(self, index: int, depth: int) -> list[Found]:
        """Values of the name at `index`, from the innermost binding that holds it."""
        name = self.tokens[index].text
        visible = [b for b in self.bindings.get(name, ()) if b.scope[0] <= index < b.scope[1]]
        if not visible:
            return []
        innermost = max(visible, key=lambda b: b.scope[0])
        found: list[Found] = []
        for binding in visible:
            if binding.scope != innermost.scope or binding.value is None:
                continue
            if binding.value[0] <= index < binding.value[1]:
                continue  # `const model = model ?? "x"` reads an outer name
            if binding.each:
                found.extend(self.elements(*binding.value, depth + 1))
            else:
                found.extend(self.values(*binding.value, depth + 1))
        return found

    def elements(self, start: int, end: int, depth: int) -> list[Found]:
        """Each element of an array literal, or of the array a name holds."""
        tokens = self.tokens
        if start < end and tokens[start].text == "[" and self.close.get(start) == end - 1:
            return [
                f
                for a, b in self.split(start + 1, end - 1, (",",))
                for f in self.values(a, b, depth)
            ]
        if end - start == 1 and tokens[start].kind == NAME:
            name = tokens[start].text
            visible = [b for b in self.bindings.get(name, ()) if b.scope[0] <= start < b.scope[1]]
            return [
                found
                for binding in visible
                if binding.value is not None and not binding.each
                for found in self.elements(*binding.value, depth + 1)
            ]
        return []

    def _property_values(self, index: int, key: str, depth: int) -> list[Found]:
        """`CONFIG.model` where `CONFIG` is bound to an object literal in the file."""
        name = self.tokens[index].text
        if name == "this" or name in self.classes:
            return [f for span in self.fields.get(key, ()) for f in self.values(*span, depth + 1)]
        visible = [b for b in self.bindings.get(name, ()) if b.scope[0] <= index < b.scope[1]]
        found: list[Found] = []
        for binding in visible:
            if binding.value is None or binding.each:
                continue
            start, end = binding.value
            end = self._without_type_suffix(start, end)
            if self.tokens[start].text == "{" and self.close.get(start) == end - 1:
                for entry_key, _, value in self.object_entries(start):
                    if entry_key == key:
                        found.extend(self.values(*value, depth + 1))
        return found

    def _ternary(self, start: int, end: int) -> tuple[int, int] | None:
        tokens = self.tokens
        position = start
        question = -1
        nested = 0
        while position < end:
            text = tokens[position].text
            if tokens[position].kind == PUNCT and text in _OPENERS:
                position = self.close.get(position, end) + 1
                continue
            if text == "?" and tokens[position].kind == PUNCT:
                if question < 0:
                    question = position
                else:
                    nested += 1
            elif text == ":" and question >= 0:
                if nested == 0:
                    return question, position
                nested -= 1
            position += 1
        return None

    def split(self, start: int, end: int, separators: tuple[str, ...]) -> list[tuple[int, int]]:
        """Ranges between top-level separators."""
        parts = []
        tokens = self.tokens
        position = part = start
        while position < end:
            token = tokens[position]
            if token.kind == PUNCT and token.text in _OPENERS:
                position = self.close.get(position, end) + 1
                continue
            if token.kind == PUNCT and token.text in separators:
                parts.append((part, position))
                part = position + 1
            position += 1
        parts.append((part, end))
        return [(a, b) for a, b in parts if a < b]

    def _without_type_suffix(self, start: int, end: int) -> int:
        """`"org/x" as const`, `value!`, `x satisfies T`: the expression before them."""
        tokens = self.tokens
        position = start + 1
        while position < end:
            token = tokens[position]
            if token.kind == NAME and token.text in ("as", "satisfies"):
                return position
            if token.kind == PUNCT and token.text in _OPENERS:  # `as` inside is not ours
                position = self.close.get(position, end) + 1
                continue
            position += 1
        if end - start > 1 and tokens[end - 1].text == "!":
            return end - 1
        return end

    def object_entries(self, opening: int) -> list[tuple[str, int, tuple[int, int]]]:
        """(key, key token, value range) of an object literal's plain entries; a shorthand
        `{ model }` gives the name's own token as its value."""
        entries: list[tuple[str, int, tuple[int, int]]] = []
        tokens = self.tokens
        for start, end in self.split(opening + 1, self.close.get(opening, opening), (",",)):
            first = tokens[start]
            if first.kind == NAME and end - start == 1:
                entries.append((first.text, start, (start, end)))
                continue
            if end - start < 3 or tokens[start + 1].text != ":":
                continue
            if first.kind == NAME or (first.kind == STRING and first.value is not None):
                key = first.text if first.kind == NAME else first.value
                assert key is not None
                entries.append((key, start, (start + 2, end)))
        return entries

    def callee(self, last: int) -> tuple[list[str], int]:
        """The dotted names of a call (`openai.chat.completions.create`) and the index of the
        first."""
        tokens = self.tokens
        chain = [tokens[last].text]
        position = last
        while (
            position >= 2
            and tokens[position - 1].text in (".", "?.")
            and tokens[position - 2].kind == NAME
        ):
            position -= 2
            chain.append(tokens[position].text)
        chain.reverse()
        return chain, position

    def imported_from(self, name: str, packages: tuple[str, ...]) -> bool:
        imported = self.imports.get(name)
        if imported is not None:
            return imported[0] in packages
        return name not in self.bindings and any(p in packages for p in self.packages)

    def is_constructed(self, name: str, classes: frozenset[str]) -> bool:
        return any(
            binding.value is not None
            and self.tokens[binding.value[0]].text == "new"
            and binding.value[0] + 1 < len(self.tokens)
            and self.tokens[binding.value[0] + 1].text in classes
            for binding in self.bindings.get(name, ())
        )

    def objects_of(self, arguments: list[tuple[int, int]]) -> Iterator[int]:
        """The object literal each argument is, or that the name it is holds."""
        tokens = self.tokens
        for start, end in arguments:
            if tokens[start].text == "{" and self.close.get(start) == end - 1:
                yield start
            elif end - start == 1 and tokens[start].kind == NAME:
                for binding in self.bindings.get(tokens[start].text, ()):
                    if binding.value is None or not binding.scope[0] <= start < binding.scope[1]:
                        continue
                    first = binding.value[0]
                    if tokens[first].text == "{":
                        yield first


def _match_brackets(tokens: tuple[Token, ...]) -> tuple[dict[int, int], list[int]]:
    """The closing index of each opening bracket, and each token's innermost open bracket."""
    close: dict[int, int] = {}
    parent = [-1] * len(tokens)
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if stack:
            parent[index] = stack[-1]
        if token.kind != PUNCT:
            continue
        text = token.text
        if text in _OPENERS:
            stack.append(index)
        elif text in _CLOSERS:
            # a stray closer (unbalanced markup) closes the nearest matching opener, if any
            for depth in range(len(stack) - 1, -1, -1):
                if _OPENERS[tokens[stack[depth]].text] == text:
                    for opening in stack[depth:]:
                        close[opening] = index
                    del stack[depth:]
                    break
    for opening in stack:
        close[opening] = len(tokens)
    return close, parent


def _imports(tokens: tuple[Token, ...]) -> dict[str, tuple[str, str]]:
    """local name -> (package, imported name) for `import {a, b as c} from "p"`,
    `import d from "p"`, `import * as ns from "p"`, `const { a } = require("p")`, and
    `await import("p")` destructured the same way."""
    found: dict[str, tuple[str, str]] = {}
    for index, token in enumerate(tokens):
        if token.kind != STRING or token.value is None:
            continue
        package = token.value
        if index >= 1 and tokens[index - 1].text == "from":
            _import_clause(tokens, index - 2, package, found)
        elif (
            index >= 2
            and tokens[index - 1].text == "("
            and tokens[index - 2].text in ("require", "import")
        ):
            _required(tokens, index - 2, package, found)
    return found


def _import_clause(
    tokens: tuple[Token, ...], last: int, package: str, found: dict[str, tuple[str, str]]
) -> None:
    """Walk back from the token before `from` to `import`."""
    position = last
    names: list[Token] = []
    while position >= 0 and tokens[position].text != "import":
        names.append(tokens[position])
        position -= 1
    names.reverse()
    _bind_names(names, package, found)


def _bind_names(names: list[Token], package: str, found: dict[str, tuple[str, str]]) -> None:
    braced = False
    position = 0
    while position < len(names):
        token = names[position]
        if token.text == "{":
            braced = True
        elif token.text == "}":
            braced = False
        elif token.kind == NAME and token.text not in ("type", "as", "typeof"):
            original = token.text
            if position + 2 < len(names) and names[position + 1].text in ("as", ":"):
                local = names[position + 2].text
                position += 2
            else:
                local = original
            found[local] = (package, original if braced else "*")
        position += 1


def _required(
    tokens: tuple[Token, ...], call: int, package: str, found: dict[str, tuple[str, str]]
) -> None:
    """`const { a, b: c } = require("p")`, `const x = await import("p")`."""
    position = call - 1
    if position >= 0 and tokens[position].text == "await":
        position -= 1
    if position < 0 or tokens[position].text != "=":
        found.setdefault(f"<{package}>", (package, "*"))
        return
    position -= 1
    if tokens[position].kind == NAME:
        found[tokens[position].text] = (package, "*")
        return
    if tokens[position].text != "}":
        return
    names: list[Token] = []
    while position >= 0 and tokens[position].text != "{":
        names.append(tokens[position])
        position -= 1
    names.append(Token(PUNCT, "{", None, 0))
    names.reverse()
    _bind_names(names, package, found)
