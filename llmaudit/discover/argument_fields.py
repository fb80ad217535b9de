"""Fields of argument classes that another module of the project loads (issue #13).

Training scripts keep their options in dataclasses of their own module (`arguments.py`:
`asr_model_name_or_path: str = field(default="distil-whisper/distil-large-v2")`) and read
them elsewhere: `model_args, data_args = HfArgumentParser((ModelArguments,
DataArguments)).parse_args_into_dataclasses()` ... `pipeline(model=model_args.
asr_model_name_or_path)`. The default is the model the script runs when the option is not
given, written in one module and loaded in another that never names it.

The first look notes, for a loader argument `x.attr` that resolves to nothing in its own
module, the classes `x` is an instance of there (`receiver_classes`): an element of an
argument parser's dataclass tuple by position, a parameter or variable annotated with the
class, or a name assigned `Class(...)`; each class imported from another module becomes a
wanted name `Class.attr`. `link_argument_fields` then reads the modules those imports name,
and a class (or a base class of the same module) that sets `attr` to an id links it: the
location where the default is written, plus the loader call.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import field, replace
from pathlib import Path

from llmaudit.discover import python_values
from llmaudit.discover.imports import (
    Helper,
    ImportedName,
    module_name,
    modules_for,
    split_binding,
)
from llmaudit.discover.refs import FileContext, judge_candidates
from llmaudit.discover.walk import SourceFile
from llmaudit.models import Location, LocationKind, ModelRef, RefKind
from llmaudit.records import record

# Bases followed within the defining module (`class TrainingArgs(ModelArgs)`).
_MAX_BASES = 5
# A module larger than this is no argument module (the walk's own cap is larger).
_MAX_BYTES = 2_000_000


# A constructor call that passes arguments by position or `**kwargs` may set any field.
_EVERY_FIELD = "*"


@record
class Receivers:
    """The names of a module that hold instances of classes: `classes` (name -> class
    names) and `given` (name -> the fields the constructor call assigned to it sets itself,
    `ModelArguments(model_id="org/x")`: there the instance holds the call's value, not the
    class default)."""

    classes: dict[str, set[str]] = field(default_factory=dict)
    given: dict[str, set[str]] = field(default_factory=dict)

    def holds(self, name: str) -> set[str]:
        return self.classes.get(name, set())

    def sets_field(self, name: str, attribute: str) -> bool:
        given = self.given.get(name, set())
        return attribute in given or _EVERY_FIELD in given


def receiver_classes(nodes: Iterable[ast.AST]) -> Receivers:
    """The names that hold instances of classes, in a module's nodes."""
    parsers: dict[str, list[str]] = {}
    statements: list[ast.Assign] = []
    held = Receivers()
    for node in nodes:
        if isinstance(node, ast.Assign):
            classes = _parser_classes(node.value, parsers)
            if classes and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                parsers[node.targets[0].id] = classes
            statements.append(node)
        elif isinstance(node, (ast.arg, ast.AnnAssign)):
            _note_annotation(node, held)
    for statement in statements:
        for target in statement.targets:
            _note_assignment(target, statement.value, parsers, held)
    return held


def _parser_classes(node: ast.expr, parsers: dict[str, list[str]]) -> list[str]:
    """The dataclasses of `HfArgumentParser((A, B))` (or a name bound to one)."""
    if isinstance(node, ast.Name):
        return parsers.get(node.id, [])
    if not (isinstance(node, ast.Call) and node.args):
        return []
    callee = (
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    )
    if not callee.endswith("Parser"):
        return []
    first = node.args[0]
    elements = first.elts if isinstance(first, (ast.Tuple, ast.List)) else [first]
    names = [e.id for e in elements if isinstance(e, ast.Name)]
    return names if len(names) == len(elements) else []


def _parsed_classes(node: ast.expr, parsers: dict[str, list[str]]) -> list[str]:
    """The classes `parser.parse_args_into_dataclasses()` (any `parse*` method) returns."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return []
    if not node.func.attr.startswith("parse"):
        return []
    return _parser_classes(node.func.value, parsers)


def _note_assignment(
    target: ast.expr, value: ast.expr, parsers: dict[str, list[str]], held: Receivers
) -> None:
    if isinstance(target, ast.Tuple):
        classes = _parsed_classes(value, parsers)
        for element, name in zip(target.elts, classes, strict=False):
            if isinstance(element, ast.Name):
                held.classes.setdefault(element.id, set()).add(name)
        return
    if not isinstance(target, ast.Name):
        return
    if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant):
        index = value.slice.value  # `parser.parse_args_into_dataclasses()[0]`
        classes = _parsed_classes(value.value, parsers)
        if isinstance(index, int) and 0 <= index < len(classes):
            held.classes.setdefault(target.id, set()).add(classes[index])
    elif (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id[:1].isupper()  # `args = ModelArguments(...)`
    ):
        held.classes.setdefault(target.id, set()).add(value.func.id)
        given = held.given.setdefault(target.id, set())
        given.update(k.arg or _EVERY_FIELD for k in value.keywords)
        if value.args:
            given.add(_EVERY_FIELD)


def _note_annotation(node: ast.arg | ast.AnnAssign, held: Receivers) -> None:
    """`def f(model_args: ModelArguments)`, `args: ModelArguments = ...`."""
    annotation = node.annotation
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        name = annotation.value  # a quoted forward reference
    elif isinstance(annotation, ast.Name):
        name = annotation.id
    else:
        return
    if not name[:1].isupper() or not name.isidentifier():
        return
    if isinstance(node, ast.arg):
        held.classes.setdefault(node.arg, set()).add(name)
    elif isinstance(node.target, ast.Name):
        held.classes.setdefault(node.target.id, set()).add(name)


def link_argument_fields(
    wanted: Iterable[tuple[str, ImportedName, Location]],
    modules: list[SourceFile],
    root: Path,
    helpers_of: Callable[[str], tuple[Helper, ...]],
) -> list[ModelRef]:
    """Each class field another module's loader reads, located where its default is written
    and at every loader call that reads it (or call of a helper that hands it to a loader:
    `helpers_of` gives a module text's helpers)."""
    fields = [(rel, name, loc) for rel, name, loc in wanted if "." in name.name]
    if not fields:
        return []
    known = {name: source for source in modules if (name := module_name(source.rel))}
    by_rel = {source.rel: source for source in modules}
    helpers: dict[str, tuple[Helper, ...]] = {}
    linked: dict[tuple[str, str, RefKind], list[Location]] = {}
    for rel, imported, location in fields:
        kind = imported.kind
        if imported.via:
            found = _loading_helper(imported, rel, known, helpers, helpers_of)
            if found is None:
                continue
            kind = found.kind
        for target in modules_for(imported.module, rel, known):
            key = (known[target].rel, imported.name, kind)
            linked.setdefault(key, []).append(location)
    parsed: dict[str, tuple[ast.Module, list[str]] | None] = {}
    refs: list[ModelRef] = []
    for (rel, dotted, kind), locations in sorted(linked.items()):
        if rel not in parsed:
            parsed[rel] = _parse(by_rel[rel])
        module = parsed[rel]
        if module is None:
            continue
        tree, lines = module
        class_name, attribute = dotted.split(".", 1)
        value = _field_value(tree, class_name, attribute)
        if value is None:
            continue
        scope = python_values.collect_scope(tree.body, None, python_values.LazyAttributes())
        candidates = list(python_values.written_ids(value, scope, kind, LocationKind.USE))
        context = FileContext(root=root, rel=rel, lines=lines)
        for ref in judge_candidates(candidates, context):
            refs.append(replace(ref, locations=ref.locations + tuple(locations)))
    return refs


def _loading_helper(
    imported: ImportedName,
    rel: str,
    known: dict[str, SourceFile],
    helpers: dict[str, tuple[Helper, ...]],
    helpers_of: Callable[[str], tuple[Helper, ...]],
) -> Helper | None:
    """The helper `imported.via` stands for, when the argument it is given is the parameter
    it hands to a loader (parler-tts' `wer(model_args.asr_model_name_or_path, ...)`, whose
    first parameter reaches `pipeline(model=...)`)."""
    split = split_binding(imported.via)
    if split is None:
        return None
    module, name = split
    for target in modules_for(module, rel, known):
        source = known[target]
        if source.rel not in helpers:
            text = _read(source)
            helpers[source.rel] = () if text is None else helpers_of(text)
        for helper in helpers[source.rel]:
            if helper.name != name:
                continue
            if imported.keyword == helper.parameter or (
                0 <= imported.position < len(helper.positional)
                and helper.positional[imported.position] == helper.parameter
            ):
                return helper
    return None


def _read(source: SourceFile) -> str | None:
    try:
        data = source.path.read_bytes()
    except OSError:
        return None
    return None if len(data) > _MAX_BYTES else data.decode("utf-8", "replace")


def _parse(source: SourceFile) -> tuple[ast.Module, list[str]] | None:
    text = _read(source)
    if text is None:
        return None
    try:
        return ast.parse(text), text.splitlines()
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _field_value(tree: ast.Module, class_name: str, attribute: str) -> ast.expr | None:
    """What class `class_name` of `tree` (or a base class of the same module) sets
    `attribute` to in its body."""
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    current = classes.get(class_name)
    for _ in range(_MAX_BASES):
        if current is None:
            return None
        for name, value in python_values.class_body_bindings(current):
            if name == attribute:
                return value
        bases = [b.id for b in current.bases if isinstance(b, ast.Name) and b.id in classes]
        current = classes[bases[0]] if bases else None
    return None
