"""Class attributes that a base class of another module loads (issue #13).

bigcode-evaluation-harness's tasks set `DATASET_PATH = "org/d"` and leave the loading to their
base, `Task.__init__`: `load_dataset(path=self.DATASET_PATH)`, in another module. diffusers'
modular pipeline tests set `pretrained_model_name_or_path = "org/x"` in a config class and
combine it with mixins whose tests call `ModularPipeline.from_pretrained(self.
pretrained_model_name_or_path)`. The id is written in one module and loaded in another that
never names it.

A class attribute links to a loading class only through real bindings: the class's bases,
each found where its module's imports say (`from bigcode_eval.tasks.mbpp import MBPP`, a
package `__init__` that re-exports a name), a few classes deep; and the other bases of the
module's own classes that derive from it (`class TestLoading(Config, LoadingMixin)`). An
attribute of the same name in an unrelated class links to nothing. The location is the line
that writes the id; a family that also assigns `self.<attribute>` in a method may replace the
class value at run time, so there the id is only a mention.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import field

from llmaudit.discover import imports, python_values
from llmaudit.discover.candidates import Candidate
from llmaudit.discover.imports import AttributeSink
from llmaudit.models import LocationKind, RefKind
from llmaudit.records import record

# Bounds: classes followed up from one class, and modules parsed for their classes per scan.
_MAX_FAMILY = 40
_MAX_MODULES = 200
# How many modules a name may be re-exported through (`pkg/__init__.py`: `from .x import A`).
_REEXPORT_HOPS = 2


def sink_attributes(sinks: Iterable[tuple[str, AttributeSink]]) -> tuple[bytes, ...]:
    """The attribute names some class loads that name what they hold (`DATASET_PATH`,
    `pretrained_model_name_or_path`, `repo_id`, `ckpt_path`), as the bytes a subclass module
    would hold. A bare `name` or `path` is set in countless class bodies for other things:
    following it would parse them all for nothing."""
    return tuple(
        sorted({sink.attribute.encode() for _, sink in sinks if _names_an_id(sink.attribute)})
    )


_ID_WORDS = frozenset(
    {"model", "dataset", "repo", "checkpoint", "ckpt", "tokenizer", "pretrained", "adapter"}
)


def _names_an_id(attribute: str) -> bool:
    return not _ID_WORDS.isdisjoint(attribute.lower().strip("_").split("_"))


@record
class _ClassFacts:
    """A top-level class: its node and the attributes its body sets; those its methods set
    on `self` are listed on first need."""

    node: ast.ClassDef
    body_attributes: frozenset[str]
    _self_attributes: frozenset[str] | None = None

    def self_attributes(self) -> frozenset[str]:
        if self._self_attributes is None:
            self._self_attributes = frozenset(_self_attributes(self.node))
        return self._self_attributes


@record
class _ModuleFacts:
    rel: str
    text: str
    tree: ast.Module
    classes: dict[str, _ClassFacts] = field(default_factory=dict)
    bindings: dict[str, str] = field(default_factory=dict)


@record
class Hierarchy:
    """Classes of the project's modules, parsed on demand, and the classes that load
    `self.<attribute>` (`sinks`: defining file, sink; an empty owner is confirmed by
    parsing that module with `confirm`)."""

    known: dict[str, str]  # dotted module -> file
    sinks: list[tuple[str, AttributeSink]]
    read: Callable[[str], str | None]  # file -> text
    confirm: Callable[[str], tuple[AttributeSink, ...]]  # text -> the module's sinks
    _facts: dict[str, _ModuleFacts | None] = field(default_factory=dict)
    _targets: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _by_file: dict[str, list[AttributeSink]] | None = None

    def candidates(self, text: str, rel: str) -> list[Candidate]:
        """Ids the classes of module `rel` set for an attribute a related class of another
        module loads."""
        module = self._module(rel, text)
        if module is None:
            return []
        wanted = {sink.attribute for _, sink in self.sinks}
        scope: python_values.Scope | None = None
        found: list[Candidate] = []
        for name, facts in module.classes.items():
            attributes = facts.body_attributes & wanted
            if not attributes:
                continue
            family = self._family(module, name)
            for attribute in sorted(attributes):
                kinds = self._loading_kinds(family, module.rel, attribute)
                if not kinds:
                    continue
                replaced = any(
                    f"self.{attribute}" in f.text and attribute in f.classes[c].self_attributes()
                    for f, c in family
                )
                usage = LocationKind.MENTION if replaced else LocationKind.USE
                if scope is None:
                    scope = python_values.collect_scope(
                        module.tree.body, None, python_values.LazyAttributes()
                    )
                found.extend(_set_values(facts.node, attribute, scope, kinds[0], usage))
        return found

    def _loading_kinds(
        self, family: list[tuple[_ModuleFacts, str]], rel: str, attribute: str
    ) -> list[RefKind]:
        """What the family's classes of other modules load `self.<attribute>` as."""
        kinds: list[RefKind] = []
        for facts, name in family:
            if facts.rel == rel:
                continue  # the same module: its own walk reads `self.<attribute>` already
            for sink in self._sinks_of(facts.rel):
                if sink.owner == name and sink.attribute == attribute and sink.kind not in kinds:
                    kinds.append(sink.kind)
        return kinds

    def _family(self, module: _ModuleFacts, name: str) -> list[tuple[_ModuleFacts, str]]:
        """The class, its bases (followed through the modules that define them) and the
        bases of the module's classes that derive from it, each once."""
        family = self._ancestors(module, name)
        for other in module.classes:
            if other == name:
                continue
            line = self._ancestors(module, other)
            if any(facts is module and cls == name for facts, cls in line):
                family.extend(pair for pair in line if pair not in family)
        return family[:_MAX_FAMILY]

    def _ancestors(self, module: _ModuleFacts, name: str) -> list[tuple[_ModuleFacts, str]]:
        line: list[tuple[_ModuleFacts, str]] = [(module, name)]
        for facts, cls in line:  # grows while it is read
            if len(line) >= _MAX_FAMILY:
                break
            for base in self._class(facts, cls).node.bases:
                found = self._base(facts, base)
                if found is not None and found not in line:
                    line.append(found)
        return line

    def _class(self, facts: _ModuleFacts, name: str) -> _ClassFacts:
        return facts.classes[name]

    def _base(self, module: _ModuleFacts, base: ast.expr) -> tuple[_ModuleFacts, str] | None:
        """Where a base class is defined: this module, or the one its imports name."""
        chain = python_values.dotted_chain(base)
        if chain is None:
            return None
        if "." not in chain and chain in module.classes:
            return module, chain
        head, _, rest = chain.partition(".")
        bound = module.bindings.get(head)
        if bound is None:
            return None
        return self._defined(f"{bound}.{rest}" if rest else bound, module.rel, _REEXPORT_HOPS)

    def _defined(self, dotted: str, importer: str, hops: int) -> tuple[_ModuleFacts, str] | None:
        split = imports.split_binding(dotted)
        if split is None:
            return None
        written, name = split
        for target in self._modules_for(written, importer):
            facts = self._module(self.known[target])
            if facts is None:
                continue
            if name in facts.classes:
                return facts, name
            if hops and name in facts.bindings:  # re-exported: `from .common import Name`
                found = self._defined(facts.bindings[name], facts.rel, hops - 1)
                if found is not None:
                    return found
        return None

    def _modules_for(self, written: str, importer: str) -> list[str]:
        """`imports.modules_for`, remembered: the same bases (`abc.ABC`, the project's
        `Task`) are imported by many modules of one package."""
        key = (written, posixpath.dirname(importer))
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = imports.modules_for(written, importer, self.known)
        return found

    def _module(self, rel: str, text: str | None = None) -> _ModuleFacts | None:
        if rel in self._facts:
            return self._facts[rel]
        facts = None
        if len(self._facts) < _MAX_MODULES:
            text = self.read(rel) if text is None else text
            facts = None if text is None else _module_facts(rel, text)
        self._facts[rel] = facts
        return facts

    def _sinks_of(self, rel: str) -> list[AttributeSink]:
        """The module's loading classes; sinks found only in its bytes are confirmed by
        parsing it (once)."""
        if self._by_file is None:
            self._by_file = {}
            for file, sink in self.sinks:
                self._by_file.setdefault(file, []).append(sink)
        sinks = self._by_file.get(rel, [])
        if any(not sink.owner for sink in sinks):
            text = self.read(rel)
            sinks = list(self.confirm(text)) if text is not None else []
            self._by_file[rel] = sinks
        return sinks


def _module_facts(rel: str, text: str) -> _ModuleFacts | None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    facts = _ModuleFacts(rel=rel, text=text, tree=tree, bindings=imports.module_bindings(tree))
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            facts.classes[node.name] = _ClassFacts(
                node=node,
                body_attributes=frozenset(
                    name for name, _ in python_values.class_body_bindings(node)
                ),
            )
    return facts


def _self_attributes(node: ast.ClassDef) -> Iterable[str]:
    """Attributes a method of the class assigns on `self` (`self.DATASET_PATH = path`)."""
    # statements only: an assignment is never inside an expression, and expressions are
    # most of a large class's nodes
    stack: list[ast.AST] = [
        m for m in node.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    while stack:
        inner = stack.pop()
        stack.extend(python_values.inner_statements(inner))
        targets = (
            inner.targets
            if isinstance(inner, ast.Assign)
            else [inner.target]
            if isinstance(inner, (ast.AnnAssign, ast.AugAssign))
            else []
        )
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                yield target.attr


def _set_values(
    node: ast.ClassDef,
    attribute: str,
    scope: python_values.Scope,
    kind: RefKind,
    usage: LocationKind,
) -> Iterable[Candidate]:
    """The "org/name" values the class body sets `attribute` to, where they are written."""
    for name, assigned in python_values.class_body_bindings(node):
        if name != attribute:
            continue
        yield from python_values.written_ids(assigned, scope, kind, usage)
