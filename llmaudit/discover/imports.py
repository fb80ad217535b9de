"""Cross-file links through real imports: a loader argument in one module that names a
constant another module of the project defines (`from config import BASE_MODEL`), and a
call in one module of a helper another module defines (`from utils import load_model` then
`load_model("org/x")`, where `load_model` hands its parameter to a loader).

A name links only through an import statement that binds it (`from x import NAME`,
`import x` then `x.NAME`, relative imports included), never by its bare name: two files
that each happen to use `model_id` share nothing (issue #13).
"""

from __future__ import annotations

import ast
import posixpath
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import replace

from llmaudit.models import Location, ModelRef, RefKind
from llmaudit.records import record


@record(frozen=True)
class ImportedName:
    """A loader argument bound by an import: `module` as written (leading dots for a
    relative import) and the `name` it holds in that module; `Class.attribute` for a field
    of an instance of an imported class (`model_args.model_name_or_path`)."""

    module: str
    name: str
    line: int
    column: int
    kind: RefKind = RefKind.MODEL
    # Handed to `via`, a function another module defines (dotted as bound here), as its
    # positional argument `position` or its keyword `keyword`: an id only if that function
    # hands the parameter to a loader (argument_fields).
    via: str = ""
    position: int = -1
    keyword: str = ""


@record(frozen=True)
class Helper:
    """A module-level function, or a top-level class through its `__init__`, that hands
    parameter `parameter` to a loader as the id: a call of it loads what the caller passes.
    `positional` are the parameters a call's positional arguments fill (without `self`)."""

    name: str
    parameter: str
    positional: tuple[str, ...]
    kind: RefKind

    def argument(self, call: ast.Call) -> ast.expr | None:
        """The expression `call` passes for the parameter, if it passes one."""
        return bound_argument(call, self.parameter, self.positional)


@record(frozen=True)
class AttributeSink:
    """A class one of whose methods hands `self.<attribute>` to a loader as the id
    (bigcode-evaluation-harness's `Task.__init__` loads `load_dataset(path=self.DATASET_PATH)`):
    a subclass that sets the attribute to an id loads that id. `owner` is empty when the
    module was not parsed (found in its bytes; confirmed by parsing it when a subclass asks)."""

    owner: str
    attribute: str
    kind: RefKind


def bound_argument(
    call: ast.Call, parameter: str, positional: list[str] | tuple[str, ...]
) -> ast.expr | None:
    """The argument of `call` that fills `parameter`: its keyword, else its place among
    `positional` (None after a `*args`, whose length is unknown)."""
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if parameter not in positional:
        return None
    index = positional.index(parameter)
    if 0 <= index < len(call.args) and not any(
        isinstance(a, ast.Starred) for a in call.args[: index + 1]
    ):
        return call.args[index]
    return None


def module_bindings(tree: ast.Module) -> dict[str, str]:
    """Local name -> dotted module path (with leading dots when relative) + "." + the name
    imported from it, or the module itself for `import x`: what each imported name stands for.

    `from a import b` binds `b` to "a.b" (a name or a submodule), `import a.b` binds `a` to
    "a", `import a.b as c` binds `c` to "a.b".
    """
    bound: dict[str, str] = {}
    for node in _statements(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    joiner = "." if node.module else ""
                    bound[alias.asname or alias.name] = base + joiner + alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    bound.setdefault(head, head)
    return bound


def _statements(tree: ast.Module) -> Iterable[ast.stmt]:
    """Every statement, nested ones included, in `ast.walk`'s breadth-first order (a name
    bound twice keeps the same binding), without descending into expressions: an import is
    always a statement, and expressions are most of a large module's nodes."""
    todo: deque[ast.AST] = deque([tree])
    while todo:
        node = todo.popleft()
        if isinstance(node, ast.stmt):
            yield node
        todo.extend(
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case))
        )


def star_modules(tree: ast.Module) -> tuple[str, ...]:
    """Modules imported with `from x import *` (their names are bound without being listed)."""
    return tuple(
        "." * node.level + (node.module or "")
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
    )


def split_binding(dotted: str) -> tuple[str, str] | None:
    """("a.b", "NAME") for "a.b.NAME"; None when there is no module part."""
    stripped = dotted.lstrip(".")
    dots = dotted[: len(dotted) - len(stripped)]
    if "." not in stripped:
        return (dots, stripped) if dots else None
    module, name = stripped.rsplit(".", 1)
    return dots + module, name


def module_name(rel: str) -> str | None:
    """The dotted module a project file is imported as ("pkg/config.py" -> "pkg.config");
    None for files that cannot be imported (notebooks, scripts without .py)."""
    if not rel.endswith(".py"):
        return None
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)


def link_imported_constants(
    exports: Iterable[tuple[str, str, ModelRef]],
    wanted: Iterable[tuple[str, ImportedName, Location]],
) -> list[ModelRef]:
    """Each exported constant plus the locations that import it by a real binding.

    `exports` are (defining file, constant name, ref located at the definition); `wanted`
    are (importing file, imported name, location of the loader call there).
    """
    by_module: dict[str, dict[str, list[ModelRef]]] = {}
    for rel, name, ref in exports:
        module = module_name(rel)
        if module is not None:
            by_module.setdefault(module, {}).setdefault(name, []).append(ref)
    if not by_module:
        return []
    uses: dict[tuple[str, str], list[Location]] = {}
    for rel, imported, location in wanted:
        for module in modules_for(imported.module, rel, by_module):
            if imported.name in by_module[module]:
                uses.setdefault((module, imported.name), []).append(location)
    linked = []
    for (module, name), locations in sorted(uses.items()):
        for ref in by_module[module][name]:
            linked.append(replace(ref, locations=ref.locations + tuple(locations)))
    return linked


def modules_for(written: str, importer: str, known: Mapping[str, object]) -> list[str]:
    """The project modules an import statement in file `importer` can mean."""
    package = posixpath.dirname(importer).replace("/", ".")
    if written.startswith("."):
        stripped = written.lstrip(".")
        parts = package.split(".") if package else []
        up = len(written) - len(stripped) - 1
        if up > len(parts):
            return []
        base = parts[: len(parts) - up]
        target = ".".join([*base, stripped] if stripped else base)
        return [target] if target in known else []
    # Absolute: the script's own folder is on sys.path first, then any package root
    # (a src/ layout, a subproject): the module whose dotted path ends with the import.
    sibling = f"{package}.{written}" if package else written
    if sibling in known:
        return [sibling]
    matches = [m for m in known if m == written or m.endswith("." + written)]
    if len(matches) <= 1:
        return matches
    closeness = {m: _shared_prefix(m, package) for m in matches}
    best = max(closeness.values())
    return sorted(m for m in matches if closeness[m] == best)


def _shared_prefix(module: str, package: str) -> int:
    count = 0
    for mine, theirs in zip(module.split("."), package.split("."), strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def helpers_by_module(helpers: Iterable[tuple[str, Helper]]) -> dict[str, dict[str, list[Helper]]]:
    """Module -> helper name -> helpers, from (defining file, helper) pairs."""
    table: dict[str, dict[str, list[Helper]]] = {}
    for rel, helper in helpers:
        module = module_name(rel)
        if module is not None:
            table.setdefault(module, {}).setdefault(helper.name, []).append(helper)
    return table


def imported_helpers(
    dotted: str, importer: str, table: Mapping[str, Mapping[str, list[Helper]]]
) -> list[Helper]:
    """The helpers a name bound to `dotted` in file `importer` stands for ("utils.load_model"
    from `from utils import load_model`; "pkg.utils.load_model" from `import pkg.utils` then
    `pkg.utils.load_model`)."""
    split = split_binding(dotted)
    if split is None:
        return []
    module, name = split
    return [
        helper
        for target in modules_for(module, importer, table)
        for helper in table[target].get(name, ())
    ]
