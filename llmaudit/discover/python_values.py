"""Static string values of Python expressions: constants, f-strings, "+", env defaults."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field

from llmaudit.discover.candidates import Candidate
from llmaudit.models import LocationKind, RefKind
from llmaudit.records import record

_MAX_VALUES = 8
# Values one name may hold: a table of per-language models (whisperX's 35 alignment models
# behind `DEFAULT_ALIGN_MODELS_HF[language]`) is read whole; combinations that strings
# built from several names give stay capped at _MAX_VALUES.
_MAX_NAME_VALUES = 64
_MAX_DEPTH = 12
_MODEL_TOKENS = frozenset({"model", "models", "tokenizer", "adapter", "checkpoint"})
_NOT_AN_ID_TOKENS = frozenset(
    {
        "dir",
        "directory",
        "file",
        "url",
        "type",
        "class",
        "cls",
        "kwargs",
        "args",
        "config",
        "cfg",
        "revision",
        "version",
        "task",
        "dtype",
        "size",
        "len",
        "max",
        "min",
        "count",
        "num",
        "key",
        "token",
    }
)
_FIELD_DECLARATIONS = frozenset({"field", "Field"})
# typer.Option("org/name", "--model") / typer.Argument(...): the first positional is the default.
_CLI_DEFAULTS = frozenset({"Option", "Argument"})
# A function's return values are bound under its name plus this suffix (`NAME()`).
CALLED = "()"
# Pseudo-name holding the values of a dict bound to a name ("CHOICES" + _ELEMENTS).
_ELEMENTS = "[]"
_GETTERS = frozenset({"get", "getenv", "pop", "setdefault", "environ_get"})
_PATH_BUILDERS = frozenset({"Path", "PurePath", "PosixPath", "join"})


@record(frozen=True)
class Value:
    """A resolved string and where its literal is (1-based line and column)."""

    text: str
    line: int
    column: int


class ModuleNodes:
    """Every node of a module in `ast.walk`'s order, listed on first use and shared by the
    passes that look at all of them (attributes, helper calls, saved folders): one walk where
    there were three, which cost as much as parsing on large modules."""

    def __init__(self, tree: ast.AST) -> None:
        self._tree = tree
        self._all: list[ast.AST] | None = None
        self._calls: list[ast.Call] | None = None

    @property
    def tree(self) -> ast.AST:
        return self._tree

    def all(self) -> list[ast.AST]:
        """All nodes, breadth first (ast.walk's order)."""
        if self._all is None:
            self._all = _breadth_first(self._tree)
        return self._all

    def calls(self) -> list[ast.Call]:
        """The call nodes, in the same order."""
        if self._calls is None:
            self._calls = [node for node in self.all() if isinstance(node, ast.Call)]
        return self._calls


def _breadth_first(tree: ast.AST) -> list[ast.AST]:
    """The nodes ast.walk yields, in its order, without its two generators per node."""
    nodes = [tree]
    for node in nodes:  # the list grows while it is read: a queue that keeps what it saw
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                nodes.extend([item for item in value if isinstance(item, ast.AST)])
            elif isinstance(value, ast.AST):
                nodes.append(value)
    return nodes


class LazyAttributes:
    """The attribute table of a module, built on first useful lookup (most files never need it).

    `could_bind(name)` is a cheap text test; the full table walks the whole tree, so it is
    only built for a name the source might bind to a string literal.
    """

    def __init__(
        self, nodes: ModuleNodes | None = None, could_bind: Callable[[str], bool] | None = None
    ) -> None:
        self._nodes = nodes
        self._could_bind = could_bind
        self._table: dict[str, list[Value]] | None = None

    def get(self, name: str) -> list[Value]:
        """The values bound to attribute / key `name` anywhere in the module."""
        if self._table is None:
            if self._nodes is None or (self._could_bind and not self._could_bind(name)):
                return []
            self._table = collect_attributes(self._nodes.all())
        return self._table.get(name, [])

    def enum_values(self, name: str) -> list[Value]:
        """The string members of the module's enum class `name` (`class DenseModels(Enum):
        en_small = "BAAI/bge-small-en-v1.5"`): what `DenseModels[key].value` may be."""
        tree = self._nodes.tree if self._nodes is not None else None
        for node in getattr(tree, "body", ()):
            if isinstance(node, ast.ClassDef) and node.name == name and _is_enum(node):
                constants = Scope()
                return [
                    v for _, value in class_body_bindings(node) for v in resolve(value, constants)
                ]
        return []


def _is_enum(node: ast.ClassDef) -> bool:
    return any((dotted_chain(base) or "").endswith("Enum") for base in node.bases)


def _enum_member_class(node: ast.Attribute) -> str | None:
    """`X[key].value` or `X(key).value`: the class `X` whose member it reads."""
    if node.attr != "value":
        return None
    if isinstance(node.value, ast.Subscript) and isinstance(node.value.value, ast.Name):
        return node.value.value.id
    if isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
        return node.value.func.id
    return None


@record(frozen=True)
class Placed:
    """Where an assignment statement ends (a read after it sees the value) and whether it
    runs only sometimes (inside an `if`, a loop, a `try`)."""

    end: tuple[int, int]
    conditional: bool


# A parameter default: before the body, and replaced by whatever the caller passes.
_ON_ENTRY = Placed((0, 0), True)


@record
class Scope:
    """Names bound to string values, chained to the enclosing scope.

    Assignments are recorded as expressions and resolved on first lookup: a module binds
    hundreds of names, a loader call needs one or two. A read of a name its own scope
    assigns more than once sees only the assignments that reach it (issue #13: a notebook
    that sets `model_id` to a base model, then to the fine-tune it pushed, loads each in
    its own cell).
    """

    names: dict[str, list[Value]] = field(default_factory=dict)
    parent: Scope | None = None
    attributes: LazyAttributes = field(default_factory=LazyAttributes)
    pending: dict[str, list[tuple[ast.expr, Scope]]] = field(default_factory=dict)
    busy: set[str] = field(default_factory=set)
    # every recorded assignment of a name, with its place (None: place unknown)
    placed: dict[str, list[tuple[ast.expr, Scope, Placed | None]]] = field(default_factory=dict)
    # line spans whose statements run in no fixed order: loops, function and class bodies
    unordered: list[tuple[int, int]] = field(default_factory=list)

    def lookup(self, name: str) -> list[Value]:
        """The values of `name` in the innermost scope that binds it."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.pending or name in scope.names:
                return scope.values_of(name)
            scope = scope.parent
        return []

    def lookup_at(self, name: str, line: int, column: int) -> list[Value]:
        """The values of `name` read at (line, column): when this scope itself assigns it,
        only the assignments that reach the read; else as `lookup`."""
        if name in self.pending or name in self.names:
            reaching = self._reaching(name, (line, column))
            if reaching is not None:
                return reaching
        return self.lookup(name)

    def _reaching(self, name: str, read: tuple[int, int]) -> list[Value] | None:
        """Values of the assignments that reach `read`: the last one that always runs
        before it and any conditional ones after that. None when that is every assignment,
        or when order says nothing (the read is in a loop or a function body)."""
        assigned = self.placed.get(name, [])
        if len(assigned) < 2 or any(p is None for _, _, p in assigned):
            return None
        if any(start <= read[0] <= end for start, end in self.unordered):
            return None
        before = sorted(
            (entry for entry in assigned if entry[2] is not None and entry[2].end < read),
            key=lambda entry: entry[2].end if entry[2] is not None else (0, 0),
        )
        always = [i for i, (_, _, p) in enumerate(before) if p is not None and not p.conditional]
        chosen = before[always[-1] :] if always else before
        if not chosen or len(chosen) == len(assigned) or name in self.busy:
            return None
        self.busy.add(name)
        try:
            values: list[Value] = []
            for node, where, _ in chosen:
                values.extend(v for v in resolve(node, where) if v not in values)
            return values[:_MAX_NAME_VALUES]
        finally:
            self.busy.discard(name)

    def binds(self, name: str) -> bool:
        """Whether this scope or an enclosing one assigns `name` (a parameter counts)."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.pending or name in scope.names:
                return True
            scope = scope.parent
        return False

    def values_of(self, name: str) -> list[Value]:
        """This scope's values for `name`, resolving recorded assignments once."""
        if name in self.pending and name not in self.busy:
            self.busy.add(name)  # `x = x + "a"` must not recurse forever
            try:
                for node, where in self.pending.pop(name):
                    self.bind(name, resolve(node, where))
            finally:
                self.busy.discard(name)
        return self.names.get(name, [])

    def record(self, name: str, node: ast.expr, where: Scope, placed: Placed | None = None) -> None:
        """Note an assignment to `name`, resolved in `where` on first lookup."""
        assignments = self.pending.setdefault(name, [])
        if len(assignments) < _MAX_VALUES:
            assignments.append((node, where))
            self.placed.setdefault(name, []).append((node, where, placed))

    def bind(self, name: str, values: list[Value]) -> None:
        """Add resolved values for `name` (deduplicated, capped)."""
        known = self.names.setdefault(name, [])
        for value in values:
            if value not in known and len(known) < _MAX_NAME_VALUES:
                known.append(value)


def written_ids(
    node: ast.AST, scope: Scope, kind: RefKind, usage: LocationKind
) -> Iterator[Candidate]:
    """Each "org/name" string `node` resolves to, as a candidate where its literal is written."""
    for value in resolve(node, scope):
        if "/" in value.text:
            yield Candidate(
                value=value.text,
                line=value.line,
                column=value.column,
                kind=kind,
                path_like=True,
                usage=usage,
            )


def resolve(node: ast.AST, scope: Scope, depth: int = 0) -> list[Value]:
    """Every string `node` can statically evaluate to (empty when unknown)."""
    if depth > _MAX_DEPTH:
        return []
    if isinstance(node, ast.Constant):
        return _constant(node)
    if isinstance(node, ast.Name):
        line = getattr(node, "lineno", None)
        if line is None:  # a name made up by this module (a fixture's value)
            return scope.lookup(node.id)
        return scope.lookup_at(node.id, line, node.col_offset)
    if isinstance(node, ast.JoinedStr):
        return _joined(node, scope, depth)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        if _is_sequence(node.left, scope) or _is_sequence(node.right, scope):
            return _union([node.left, node.right], scope, depth)  # MODELS_A + MODELS_B
        return _concatenate(node, [node.left, node.right], scope, depth)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _formatted(node, scope, depth)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _as_paths(_concatenate_with(node, [node.left, node.right], scope, depth, "/"))
    if isinstance(node, ast.IfExp):
        return _union([node.body, node.orelse], scope, depth)
    if isinstance(node, ast.BoolOp):
        return _union(node.values, scope, depth)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return _union(node.elts, scope, depth)
    if isinstance(node, ast.Call):
        return _getter_default(node, scope, depth)
    if isinstance(node, ast.Attribute):
        enum = _enum_member_class(node)
        if enum is not None:  # DenseModels[name].value: any member of the module's enum
            return scope_attributes(scope).enum_values(enum)
        if isinstance(node.value, ast.Name) and scope.binds(f"{node.value.id}.{node.attr}"):
            return scope.lookup(f"{node.value.id}.{node.attr}")  # request.param
        return list(scope_attributes(scope).get(node.attr))
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return list(scope_attributes(scope).get(key.value))
        if isinstance(node.value, ast.Name):  # MODELS[i], CHOICES[size]: any element
            return scope.lookup(node.value.id + _ELEMENTS) or scope.lookup(node.value.id)
    return []


def _is_sequence(node: ast.expr, scope: Scope) -> bool:
    """A list or tuple literal, or a name assigned one: `+` joins its elements, not text."""
    if isinstance(node, (ast.List, ast.Tuple, ast.ListComp)):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_sequence(node.left, scope) or _is_sequence(node.right, scope)
    return isinstance(node, ast.Name) and any(
        isinstance(value, (ast.List, ast.Tuple, ast.ListComp))
        for value in assigned_expressions(scope, node.id)
    )


def scope_attributes(scope: Scope) -> LazyAttributes:
    """The attribute table shared by a scope chain (held by the outermost scope)."""
    while scope.parent is not None:
        scope = scope.parent
    return scope.attributes


def _constant(node: ast.Constant) -> list[Value]:
    if isinstance(node.value, str):
        return [Value(node.value, node.lineno, node.col_offset + 1)]
    return []


def _joined(node: ast.JoinedStr, scope: Scope, depth: int) -> list[Value]:
    parts = [p.value if isinstance(p, ast.FormattedValue) else p for p in node.values]
    return _concatenate(node, parts, scope, depth)


def _concatenate(node: ast.expr, parts: list[ast.expr], scope: Scope, depth: int) -> list[Value]:
    return _concatenate_with(node, parts, scope, depth, "")


def _concatenate_with(
    node: ast.expr, parts: list[ast.expr], scope: Scope, depth: int, separator: str
) -> list[Value]:
    options = [resolve(part, scope, depth + 1) for part in parts]
    if any(not option for option in options):
        return []
    combos = itertools.islice(itertools.product(*options), _MAX_VALUES)
    return [
        Value(separator.join(v.text for v in combo), node.lineno, node.col_offset + 1)
        for combo in combos
    ]


def _formatted(node: ast.BinOp, scope: Scope, depth: int) -> list[Value]:
    """`"--model=%s" % name`, `"%s/%s" % (org, name)`: printf-style formatting with `%s`
    fields only, one per argument."""
    parts = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
    formats = [v for v in resolve(node.left, scope, depth + 1) if "%" in v.text]
    results: list[Value] = []
    for form in formats:
        pieces = form.text.replace("%%", "\0").split("%s")
        if len(pieces) != len(parts) + 1 or any("%" in piece for piece in pieces):
            continue  # other conversions (`%d`, `%(key)s`): not read
        options = [resolve(part, scope, depth + 1) for part in parts]
        if any(not option for option in options):
            continue
        for combo in itertools.islice(itertools.product(*options), _MAX_VALUES):
            text = pieces[0] + "".join(
                v.text + piece for v, piece in zip(combo, pieces[1:], strict=True)
            )
            results.append(Value(text.replace("\0", "%"), node.lineno, node.col_offset + 1))
    return results[:_MAX_VALUES]


def _as_paths(values: list[Value]) -> list[Value]:
    """Mark values built as file paths ("./a/b"): a path object is never a Hub id."""
    return [
        v if v.text.startswith(("/", "./", "../", "~")) else Value("./" + v.text, v.line, v.column)
        for v in values
    ]


def _union(nodes: list[ast.expr], scope: Scope, depth: int) -> list[Value]:
    values: list[Value] = []
    for child in nodes:
        values.extend(resolve(child, scope, depth + 1))
    return values[:_MAX_NAME_VALUES]


def _getter_default(node: ast.Call, scope: Scope, depth: int) -> list[Value]:
    """os.environ.get("X", "org/name"), os.getenv(...), cfg.get(key, default): the default;
    Path("a", "b") / os.path.join("a", "b"): a local path "./a/b"."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in _FIELD_DECLARATIONS:  # dataclasses.field(default=...), pydantic Field("...")
        defaults = [k.value for k in node.keywords if k.arg == "default"] or node.args[:1]
        return resolve(defaults[0], scope, depth + 1) if defaults else []
    if name in _CLI_DEFAULTS:
        return _cli_default(node, scope, depth)
    if isinstance(func, ast.Name) and not node.args and not node.keywords:
        return scope.lookup(func.id + CALLED)  # default_model() with a literal return
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
        and not node.args
    ):
        return list(scope_attributes(scope).get(func.attr + CALLED))
    if name in _PATH_BUILDERS and node.args and not node.keywords:
        return _as_paths(_concatenate_with(node, list(node.args), scope, depth, "/"))
    if name not in _GETTERS:
        return []
    for keyword in node.keywords:
        if keyword.arg == "default":
            return resolve(keyword.value, scope, depth + 1)
    if len(node.args) >= 2:
        return resolve(node.args[1], scope, depth + 1)
    return []


def _cli_default(node: ast.Call, scope: Scope, depth: int) -> list[Value]:
    defaults = [k.value for k in node.keywords if k.arg == "default"] or node.args[:1]
    if not defaults:
        return []
    values = resolve(defaults[0], scope, depth + 1)
    return [v for v in values if not v.text.startswith("-")]  # a flag name, not a default


def collect_scope(
    body: list[ast.stmt],
    parent: Scope | None,
    attributes: LazyAttributes,
    *,
    declares_globals: bool = True,
) -> Scope:
    """Bind the names assigned in `body` (not inside nested defs or classes); for a module
    (`declares_globals`: its text may hold a `global` statement), also the names its
    functions declare `global` and assign."""
    scope = Scope(parent=parent, attributes=attributes)
    _bind_statements(body, scope)
    if parent is None and declares_globals:
        for statement in body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                _bind_globals(statement, scope)
    return scope


def _bind_globals(function: ast.FunctionDef | ast.AsyncFunctionDef, module: Scope) -> None:
    """Module names a function declares `global` and assigns (text-generation-webui sets its
    embedding model in `initialize_embedding_params()` for `get_embeddings_model()` to load):
    module values that may be set, in no fixed order, resolved in the module's scope."""
    declared: set[str] = set()
    assignments: list[ast.Assign | ast.AnnAssign] = []
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue  # their own scopes
        if isinstance(node, ast.Global):
            declared.update(node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            assignments.append(node)
        stack.extend(inner_statements(node))
    if not declared:
        return
    for statement in assignments:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        placed = Placed((statement.end_lineno or statement.lineno, 0), True)
        for target in targets:
            if isinstance(target, ast.Name) and target.id in declared and statement.value:
                module.record(target.id, statement.value, module, placed)


def collect_function_scope(
    func: ast.FunctionDef | ast.AsyncFunctionDef, parent: Scope, attributes: LazyAttributes
) -> Scope:
    """A function's scope: parameter defaults first, then its local assignments."""
    scope = Scope(parent=parent)
    arguments = func.args
    positional = arguments.posonlyargs + arguments.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    defaults += list(arguments.defaults)
    pairs = list(zip(positional, defaults, strict=False))
    pairs += list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=False))
    for arg, default in pairs:
        scope.names[arg.arg] = []  # a parameter shadows outer names even without a default
        if default is not None:
            scope.record(arg.arg, default, parent, _ON_ENTRY)
    decorated = _decorated_parameters(func)
    for name, value in decorated:
        if name in scope.names:
            scope.record(name, value, parent, _ON_ENTRY)
    params = _fixture_params(func)
    if params is not None and "request" in scope.names:
        scope.record(_REQUEST_PARAM, params, parent, _ON_ENTRY)
    if _takes_fixtures(func):
        given = {name for name, _ in decorated}
        for arg, default in pairs:
            if default is None and arg.arg not in given and arg.arg not in ("self", "cls"):
                scope.record(arg.arg, _fixture_value(arg.arg), parent, _ON_ENTRY)
    _bind_statements(func.body, scope)
    return scope


def _takes_fixtures(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A pytest test or fixture: its parameters are fixtures pytest passes by name."""
    if func.name.startswith("test"):
        return True
    return any(
        getattr(d.func if isinstance(d, ast.Call) else d, "attr", None) == "fixture"
        or getattr(d.func if isinstance(d, ast.Call) else d, "id", None) == "fixture"
        for d in func.decorator_list
    )


def _fixture_value(name: str) -> ast.expr:
    """What a fixture `name` returns: a module function or a method of the test class whose
    every `return` is a literal (`def model_name(self): return "org/x"`)."""
    module_function = ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=[], keywords=[])
    method = ast.Call(
        func=ast.Attribute(value=ast.Name(id="self", ctx=ast.Load()), attr=name, ctx=ast.Load()),
        args=[],
        keywords=[],
    )
    return ast.BoolOp(op=ast.Or(), values=[module_function, method])


# `request.param` inside a `@pytest.fixture(params=[...])`: one of the listed values.
_REQUEST_PARAM = "request.param"


def _fixture_params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.expr | None:
    """The values of `@pytest.fixture(params=...)` (a literal list, `pytest.param(...)` rows
    or a name bound to a list), or None."""
    for decorator in func.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        if getattr(decorator.func, "attr", getattr(decorator.func, "id", "")) != "fixture":
            continue
        for keyword in decorator.keywords:
            if keyword.arg != "params":
                continue
            if isinstance(keyword.value, (ast.List, ast.Tuple)):
                rows = [_param_row(row) for row in keyword.value.elts]
                return ast.List(elts=[row[0] for row in rows if row], ctx=ast.Load())
            return keyword.value
    return None


def _decorated_parameters(
    func: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[tuple[str, ast.expr]]:
    """Parameter values set by decorators: click `@option("--model", default=...)` and
    `@argument`, pytest `@parametrize("model_id", [...])` (every listed value)."""
    found: list[tuple[str, ast.expr]] = []
    for decorator in func.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        func_name = getattr(decorator.func, "attr", getattr(decorator.func, "id", ""))
        if func_name in ("option", "argument"):
            found.extend(_click_default(decorator))
        elif func_name == "parametrize" and len(decorator.args) >= 2:
            found.extend(_parametrized(decorator.args[0], decorator.args[1]))
    return found


def _click_default(decorator: ast.Call) -> list[tuple[str, ast.expr]]:
    defaults = [k.value for k in decorator.keywords if k.arg == "default"]
    names = [
        a.value for a in decorator.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
    ]
    if not defaults or not names:
        return []
    plain = [n for n in names if not n.startswith("-")]
    longs = [n for n in names if n.startswith("--")] or names
    parameter = plain[0] if plain else max(longs, key=len).lstrip("-")
    return [(parameter.replace("-", "_").lower(), defaults[0])]


def _parametrized(names_node: ast.expr, values_node: ast.expr) -> list[tuple[str, ast.expr]]:
    if isinstance(names_node, ast.Constant) and isinstance(names_node.value, str):
        names = [n.strip() for n in names_node.value.split(",") if n.strip()]
    elif isinstance(names_node, (ast.List, ast.Tuple)):
        names = [
            e.value
            for e in names_node.elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    else:
        return []
    if isinstance(values_node, ast.Name) and len(names) == 1:
        return [(names[0], values_node)]  # parametrize("model", MODELS): a list defined above
    if not isinstance(values_node, (ast.List, ast.Tuple)):
        return []
    rows = [_param_row(row) for row in values_node.elts]
    if len(names) == 1:
        return [
            (
                names[0],
                ast.List(
                    elts=[
                        row[0] if len(row) == 1 else row_node
                        for row, row_node in zip(rows, values_node.elts, strict=False)
                    ],
                    ctx=ast.Load(),
                ),
            )
        ]
    return [
        (
            name,
            ast.List(elts=[row[index] for row in rows if len(row) == len(names)], ctx=ast.Load()),
        )
        for index, name in enumerate(names)
    ]


def _param_row(row: ast.expr) -> list[ast.expr]:
    """The values of one parametrize row: a tuple, `pytest.param(...)` or a single value."""
    if (
        isinstance(row, ast.Call)
        and getattr(row.func, "attr", getattr(row.func, "id", "")) == "param"
    ):
        return list(row.args)
    if isinstance(row, (ast.Tuple, ast.List)):
        return list(row.elts)
    return [row]


# Statements whose body runs exactly once when the statement runs.
_ONCE = (ast.With, ast.AsyncWith)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _bind_statements(body: list[ast.stmt], scope: Scope, conditional: bool = False) -> None:
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope.unordered.append(_span(statement))
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            returns = literal_returns(statement)
            if returns:
                scope.record(statement.name + CALLED, ast.List(elts=returns, ctx=ast.Load()), scope)
            continue
        if isinstance(statement, ast.ClassDef):
            continue
        placed = Placed(
            (statement.end_lineno or statement.lineno, statement.end_col_offset or 0), conditional
        )
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                _bind_target(target, statement.value, scope, placed)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            _bind_target(statement.target, statement.value, scope, placed)
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            _bind_loop(statement.target, statement.iter, scope, Placed(placed.end, True))
        if isinstance(statement, _LOOPS):
            scope.unordered.append(_span(statement))
        inner = conditional or not isinstance(statement, _ONCE)
        for block in _nested_blocks(statement):
            _bind_statements(block, scope, inner)


def _span(statement: ast.stmt) -> tuple[int, int]:
    return statement.lineno, statement.end_lineno or statement.lineno


def _nested_blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(statement, name, None) for name in ("body", "orelse", "finalbody")]
    found = [b for b in blocks if isinstance(b, list)]
    found.extend(handler.body for handler in getattr(statement, "handlers", []))
    found.extend(case.body for case in getattr(statement, "cases", []))
    return found


def literal_returns(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    """The string literals a function returns, when every `return` of its own body returns
    one (`def default_model(): return "org/name"`); else nothing."""
    returns: list[ast.expr] = []
    stack: list[ast.AST] = list(func.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.Return):
            if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                return []
            returns.append(node.value)
        stack.extend(inner_statements(node))
    return returns


# Nodes that hold statements. An expression never holds a statement (a lambda's body is an
# expression), so a search for `return` skips every expression: ast.walk over whole function
# bodies was a third of the time spent on large modules.
_STATEMENT_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


def inner_statements(node: ast.AST) -> list[ast.AST]:
    """The statements, handlers and match cases directly inside `node`, in field order (the
    order ast.iter_child_nodes gives them)."""
    inner: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            inner.extend(item for item in value if isinstance(item, _STATEMENT_HOLDERS))
    return inner


def _bind_loop(target: ast.expr, iterable: ast.expr, scope: Scope, placed: Placed) -> None:
    """`for x in [...]`, `for a, b in ROWS`, `for i, (a, b) in enumerate(ROWS)`: a list
    assigned earlier in the same scope stands for its literal rows."""
    if (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Name)
        and iterable.func.id == "enumerate"
        and iterable.args
        and isinstance(target, ast.Tuple)
        and len(target.elts) == 2
    ):
        target, iterable = target.elts[1], iterable.args[0]
    if isinstance(target, ast.Tuple) and isinstance(iterable, ast.Name):
        lists = [
            node
            for node, _ in _assignments(scope, iterable.id)
            if isinstance(node, (ast.List, ast.Tuple))
        ]
        if lists:
            iterable = ast.List(elts=[row for node in lists for row in node.elts], ctx=ast.Load())
    _bind_target(target, iterable, scope, placed)


def _assignments(scope: Scope, name: str) -> list[tuple[ast.expr, Scope]]:
    """The not yet resolved assignments of `name` in the innermost scope that binds it."""
    current: Scope | None = scope
    while current is not None:
        if name in current.pending or name in current.names:
            return current.pending.get(name, [])
        current = current.parent
    return []


def assigned_expressions(scope: Scope, name: str) -> list[ast.expr]:
    """Every expression assigned to `name` in the innermost scope that binds it, resolved or
    not (`client = OpenAI(base_url=...)`: the call itself, not a string)."""
    current: Scope | None = scope
    while current is not None:
        if name in current.pending or name in current.names:
            return [node for node, _where, _placed in current.placed.get(name, [])]
        current = current.parent
    return []


def dict_entry(name: str, key: str) -> str:
    """The pseudo-name bound to one key of a dict literal assigned to `name`."""
    return f"{name}[{key!r}]"


def _bind_target(target: ast.expr, value: ast.expr, scope: Scope, placed: Placed) -> None:
    if isinstance(target, ast.Name):
        scope.record(target.id, value, scope, placed)
        if isinstance(value, ast.Dict):
            # A dict is not an id itself, but `NAME[key]` is one of its values, and a call
            # that unpacks it (`f(**NAME)`) gets each string key as a keyword.
            values = [v for v in value.values if v is not None]
            scope.record(target.id + _ELEMENTS, ast.List(elts=values, ctx=ast.Load()), scope)
            for key, entry in zip(value.keys, value.values, strict=False):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    scope.record(dict_entry(target.id, key.value), entry, scope, placed)
    elif (
        isinstance(target, ast.Tuple)
        and isinstance(value, ast.Tuple)
        and len(target.elts) == len(value.elts)
    ):
        for sub_target, sub_value in zip(target.elts, value.elts, strict=False):
            _bind_target(sub_target, sub_value, scope, placed)
    elif isinstance(target, ast.Tuple) and isinstance(value, (ast.List, ast.Tuple)):
        # `for model_id, sub in [("org/a", "x"), ...]`: each name takes its column.
        rows = [
            row.elts
            for row in value.elts
            if isinstance(row, (ast.Tuple, ast.List)) and len(row.elts) == len(target.elts)
        ]
        if rows:
            for index, sub_target in enumerate(target.elts):
                column = ast.List(elts=[row[index] for row in rows], ctx=ast.Load())
                _bind_target(sub_target, column, scope, placed)


def collect_attributes(nodes: Iterable[ast.AST]) -> dict[str, list[Value]]:
    """Class attributes, `self.x = ...`, dict keys, keyword arguments and argparse defaults
    among `nodes` (all of a module's)."""
    table: dict[str, list[Value]] = {}
    constants = Scope()
    module: list[Scope] = []  # the module's own names, bound on first need
    for node in nodes:
        option = isinstance(node, ast.Call) and _is_add_argument(node)
        weak = isinstance(node, ast.Call) and not option
        for name, value in _attribute_bindings(node):
            if option and isinstance(value, ast.Name):
                # `add_argument("--checkpoint-path", default=DEFAULT_CKPT_PATH)`: the
                # module's constant (Qwen's demos), wherever the option is read.
                if not module:
                    module.append(_module_scope(nodes))
                values = resolve(value, module[0])
            else:
                values = resolve(value, constants)
            if weak:
                # `client.create(model="gpt-4o")` binds nothing anyone reads back as
                # `x.model`; only an "org/name" is worth keeping from an arbitrary call.
                values = [v for v in values if "/" in v.text]
            known = table.setdefault(name, [])
            known.extend(v for v in values if v not in known)
    return table


def _module_scope(nodes: Iterable[ast.AST]) -> Scope:
    """The names a module's top-level statements bind (its first node is the module)."""
    tree = next(iter(nodes), None)
    if not isinstance(tree, ast.Module):
        return Scope()
    return collect_scope(tree.body, None, LazyAttributes())


def _is_add_argument(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"


def class_body_bindings(node: ast.ClassDef) -> list[tuple[str, ast.expr]]:
    """(name, value) of every class attribute the class body assigns (`MODEL = "org/x"`,
    `MODEL: str = "org/x"`), in the body's order."""
    return [
        (target.id, statement.value)
        for statement in node.body
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None
        for target in (
            statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        )
        if isinstance(target, ast.Name)
    ]


def _attribute_bindings(node: ast.AST) -> list[tuple[str, ast.expr]]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        # A property (`self.model_id`) or method (`self.model_id()`) returning a literal.
        returns = literal_returns(node)
        if not returns:
            return []
        decorators = {getattr(d, "attr", getattr(d, "id", "")) for d in node.decorator_list}
        name = node.name if decorators & {"property", "cached_property"} else node.name + CALLED
        return [(name, ast.List(elts=returns, ctx=ast.Load()))]
    if isinstance(node, ast.ClassDef):
        return class_body_bindings(node)
    if isinstance(node, ast.Assign):
        return [(t.attr, node.value) for t in node.targets if isinstance(t, ast.Attribute)]
    if isinstance(node, ast.Dict):
        return [
            (key.value, value)
            for key, value in zip(node.keys, node.values, strict=False)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        ]
    if isinstance(node, ast.Call):
        return _call_bindings(node)
    return []


def _call_bindings(node: ast.Call) -> list[tuple[str, ast.expr]]:
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    if _is_add_argument(node) and "default" in keywords:
        dest = option_dest(node)
        return [(dest, keywords["default"])] if dest else []
    return [(name, value) for name, value in keywords.items() if name != "default"]


def option_dest(node: ast.Call) -> str | None:
    """The attribute an argparse `add_argument(...)` call sets: `dest=`, else its first long
    flag (`--model-path` is `model_path`)."""
    dest = next((k.value for k in node.keywords if k.arg == "dest"), None)
    if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
        return dest.value
    flags = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    longs = [f for f in flags if f.startswith("--")] or flags
    return longs[0].lstrip("-").replace("-", "_") if longs else None


def dotted_chain(node: ast.expr) -> str | None:
    """ "a.b.NAME" for an attribute chain on a plain name; None otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def is_model_name(name: str) -> bool:
    """True for variable names such as MODEL_ID, BASE_MODEL, EMBEDDING_MODEL_NAME."""
    tokens = set(name.lower().strip("_").split("_"))
    return bool(tokens & _MODEL_TOKENS) and not tokens & _NOT_AN_ID_TOKENS
