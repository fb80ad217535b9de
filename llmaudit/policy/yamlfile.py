"""Read a small YAML config file safely: size cap, alias-bomb guard, line of every key."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from llmaudit.errors import ConfigError
from llmaudit.records import record
from llmaudit.safeyaml import safe_loader

MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # nodes after expanding aliases: a "billion laughs" file blows far past this
MAX_DEPTH = 50
_BOOL_TAG = "tag:yaml.org,2002:bool"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _ConfigLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 scalars (`off` / `no` and dates stay text), depth-capped."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Refuse deep nesting while composing, before recursion gets expensive."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None, None, f"nests deeper than {MAX_DEPTH} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _FastConfigLoader(safe_loader()):  # type: ignore[misc]
    """The same rules on libyaml's parser (~20x faster), for files whose nesting is bounded.

    libyaml composes recursively in C, where no depth check can run, so it only gets text
    that cannot nest deeply (see `_nesting_bound`); anything else goes to `_ConfigLoader`.
    """


# Every nested node starts right of its parent on the same or a later line, unless a flow
# collection ("[", "{") encloses it: line length plus flow openers bounds the depth.
_FAST_NESTING_BOUND = 1000


def _nesting_bound(text: str) -> int:
    longest_line = max((len(line) for line in text.splitlines()), default=0)
    return longest_line + text.count("[") + text.count("{")


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    """An explicit `!!timestamp` stays text too; the schema checks date formats."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


for _loader in (_ConfigLoader, _FastConfigLoader):
    _loader.yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] not in (_BOOL_TAG, _TIMESTAMP_TAG)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    _loader.add_constructor(_TIMESTAMP_TAG, _timestamp_as_text)


def one_line(text: str) -> str:
    """Control characters as escapes: a key holding a newline must not forge a second line."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


@record(frozen=True, kw_only=True)
class YamlDocument:
    """Parsed data plus the 1-based line of each key / item path, for error messages."""

    path: str
    data: Any
    lines: dict[tuple[str | int, ...], int]

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def read_yaml_file(path: Path) -> YamlDocument:
    """Parse `path` with yaml's safe loader; every problem is a one-line ConfigError."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{path}: file is larger than {MAX_BYTES} bytes; not a policy file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse_yaml_text(text, str(path))


def parse_yaml_text(text: str, name: str) -> YamlDocument:
    """Parse YAML `text` (named `name` in errors) into data plus line numbers."""
    try:
        fast = _nesting_bound(text) <= _FAST_NESTING_BOUND
        loader = _FastConfigLoader(text) if fast else _ConfigLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDocument(path=name, data=None, lines={})
            lines: dict[tuple[str | int, ...], int] = {}
            _measure_node(node, name, lines)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"{name}:{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{name}: invalid YAML: {exc}".splitlines()[0]) from None
    except RecursionError:
        raise ConfigError(f"{name}: YAML nests too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a scalar its constructor rejects
        raise ConfigError(f"{name}: invalid YAML value: {exc}") from None
    return YamlDocument(path=name, data=_plain(data), lines=lines)


def _measure_node(root: yaml.Node, name: str, lines: dict[tuple[str | int, ...], int]) -> None:
    """Walk the node graph with aliases expanded; refuse huge or deep documents."""
    count = 0
    stack: list[tuple[yaml.Node, tuple[str | int, ...], int]] = [(root, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ConfigError(
                f"{name}: YAML expands to more than {MAX_NODES} nodes "
                "(alias bomb?); refusing to load it"
            )
        if depth > MAX_DEPTH:
            line = node.start_mark.line + 1
            raise ConfigError(f"{name}:{line}: YAML nests deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                count += 1
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                if key in seen and key != "<<":
                    line = key_node.start_mark.line + 1
                    raise ConfigError(f"{name}:{line}: duplicate key '{one_line(key)}'")
                seen.add(key)
                child = (*path, key)
                lines.setdefault(child, key_node.start_mark.line + 1)
                stack.append((value_node, child, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines.setdefault(child, item.start_mark.line + 1)
                stack.append((item, child, depth + 1))


def _plain(value: Any) -> Any:
    """Dates become ISO strings so the schema sees one representation for them."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
