"""setup.py: `install_requires` and `extras_require` read from the syntax tree, never run.

Running setup.py would run the project's code, so its arguments are read as far as they
are written out: string literals, lists, tuples, dicts, `+`, and module-level names built from
those (`extras = {}; extras["dev"] = [...]`, `REQUIRED = [...]`, `deps += [...]`,
`deps.append(...)`). What the file computes (a comprehension, `open("requirements.txt")`, an
f-string) is named in a note instead: the packages it stands for are not listed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests.entries import ManifestScan, add_requirement
from llmaudit.models import PackageRef
from llmaudit.records import record

_KEYWORDS = ("install_requires", "extras_require")
_MAX_DEPTH = 25  # names bound to names bound to ...: deeper is a cycle or not worth it
_WRAPPERS = frozenset({"list", "tuple", "set", "sorted", "frozenset"})
_GROWING_METHODS = frozenset({"append", "extend", "update", "add"})


@record
class _Strings:
    """Requirement strings found in an argument, and whether every part of it was read."""

    found: list[tuple[str, int]]
    complete: bool = True


def read_setup_py(text: str, rel: str, path: Path, root: Path, disk: Disk) -> ManifestScan:
    """Packages from the keyword arguments of setup.py's `setup(...)` call."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ManifestScan(notes=(("invalid setup.py, dependencies not read", None),))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and _is_setup_call(node)]
    if not calls:
        return ManifestScan()
    bindings = _module_bindings(tree.body)
    packages: list[PackageRef] = []
    notes: list[tuple[str, int | None]] = []
    for call in calls:
        for keyword in call.keywords:
            if keyword.arg not in _KEYWORDS:
                continue
            strings = _strings(keyword.value, bindings, 0, frozenset())
            if not strings.complete:
                notes.append(
                    (
                        f"setup.py {keyword.arg}: some entries are computed when setup.py runs "
                        "and were not read (llmaudit never runs it)",
                        keyword.value.lineno,
                    )
                )
            for requirement, line in strings.found:
                add_requirement(requirement, rel, line, packages, notes)
    return ManifestScan(packages=tuple(packages), notes=tuple(notes))


def _is_setup_call(node: ast.Call) -> bool:
    """`setup(...)` or `setuptools.setup(...)` with at least one keyword argument."""
    if not node.keywords:
        return False
    function = node.func
    name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    return name == "setup"


def _module_bindings(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """For each module-level name, every expression that adds to its value, in order; an
    assignment starts over. Branches (`if`, `try`, `with`) all count: a dependency one
    platform needs is still a dependency."""
    bindings: dict[str, list[ast.expr]] = {}
    for statement in _statements(body):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    grows = _names_in(statement.value) & {target.id}  # deps = deps + [...]
                    bindings[target.id] = [*bindings.get(target.id, [])] if grows else []
                    bindings[target.id].append(statement.value)
                elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    bindings.setdefault(target.value.id, []).append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name):
                bindings[statement.target.id] = [statement.value]
        elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
            bindings.setdefault(statement.target.id, []).append(statement.value)
        elif isinstance(statement, ast.Expr):
            grown = _grown_name(statement.value)
            if grown is not None:
                bindings.setdefault(grown[0], []).append(grown[1])
    return bindings


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for statement in body:
        yield statement
        if isinstance(statement, ast.If | ast.For | ast.While | ast.With):
            yield from _statements(statement.body)
            yield from _statements(getattr(statement, "orelse", []))
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from _statements(block)
            for handler in statement.handlers:
                yield from _statements(handler.body)


def _grown_name(expression: ast.expr) -> tuple[str, ast.expr] | None:
    """`deps.append("x")` -> ("deps", a list of "x"); `deps.extend(more)` -> ("deps", more)."""
    if not (
        isinstance(expression, ast.Call)
        and isinstance(expression.func, ast.Attribute)
        and isinstance(expression.func.value, ast.Name)
        and expression.func.attr in _GROWING_METHODS
        and len(expression.args) == 1
    ):
        return None
    argument = expression.args[0]
    if expression.func.attr in {"append", "add"}:
        argument = ast.List(elts=[argument], ctx=ast.Load())
    return expression.func.value.id, argument


def _strings(
    node: ast.expr, bindings: dict[str, list[ast.expr]], depth: int, visiting: frozenset[str]
) -> _Strings:
    if depth > _MAX_DEPTH:
        return _Strings(found=[], complete=False)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _Strings(found=list(_requirement_lines(node)))
    parts: list[ast.expr]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        parts = [e.value if isinstance(e, ast.Starred) else e for e in node.elts]
    elif isinstance(node, ast.Dict):
        parts = list(node.values)  # extras by name; `**more` spreads another dict's values
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
    elif isinstance(node, ast.Name):
        if node.id in visiting:  # extras["dev"] = extras["quality"] + ...: read already
            return _Strings(found=[])
        if node.id not in bindings:
            return _Strings(found=[], complete=False)
        visiting = visiting | {node.id}
        parts = bindings[node.id]
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        parts = [node.value]  # extras["dev"]: every value of extras is read anyway
    elif _is_wrapper_call(node):
        parts = [_wrapped(node)]
    else:
        return _Strings(found=[], complete=False)
    combined = _Strings(found=[])
    for part in parts:
        found = _strings(part, bindings, depth + 1, visiting)
        combined.found.extend(found.found)
        combined.complete = combined.complete and found.complete
    return combined


def _names_in(node: ast.expr) -> set[str]:
    return {child.id for child in ast.walk(node) if isinstance(child, ast.Name)}


def _is_wrapper_call(node: ast.expr) -> bool:
    """`list(x)`, `sorted(x)`, ... and `x.values()`: the strings of `x`."""
    if not isinstance(node, ast.Call) or node.keywords:
        return False
    if isinstance(node.func, ast.Name):
        return node.func.id in _WRAPPERS and len(node.args) == 1
    return isinstance(node.func, ast.Attribute) and node.func.attr == "values" and not node.args


def _wrapped(node: ast.expr) -> ast.expr:
    assert isinstance(node, ast.Call)
    if isinstance(node.func, ast.Attribute):
        return node.func.value
    return node.args[0]


def _requirement_lines(node: ast.Constant) -> Iterator[tuple[str, int]]:
    """One requirement per line of the string (setuptools accepts a multi-line string)."""
    for offset, raw in enumerate(str(node.value).splitlines()):
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            yield line, node.lineno + offset
