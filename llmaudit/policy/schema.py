"""A small JSON Schema interpreter for policy.schema.json, kept off jsonschema's ~1 s import.

It understands exactly the keywords the policy schema uses (type, properties, required,
additionalProperties, propertyNames, enum, pattern, minLength, maxLength, minimum, maxItems,
items, format "date", local $ref); tests check it agrees with jsonschema on good and bad files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from llmaudit.package_data import read_package_text

Path_ = tuple[str | int, ...]
Problem = tuple[Path_, str]

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
}
_SUPPORTED = {
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maxItems",
    "items",
    "format",
}


@cache
def policy_schema() -> dict[str, Any]:
    """The shipped policy JSON Schema (read once)."""
    text = read_package_text("schemas", "policy.schema.json")
    schema: dict[str, Any] = json.loads(text)
    return schema


def check_schema_keywords(schema: dict[str, Any]) -> tuple[str, ...]:
    """Keywords in `schema` this interpreter would silently ignore (should be empty)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(k for k in node if k not in _SUPPORTED)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
                elif key not in ("enum",):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return tuple(sorted(found))


def validate_data(data: Any, schema: dict[str, Any] | None = None) -> tuple[Problem, ...]:
    """Every violation of `schema` (default: the policy schema) as (path, message)."""
    root = policy_schema() if schema is None else schema
    return tuple(_check(data, root, root, ()))


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _type_ok(value: Any, expected: str) -> bool:
    if isinstance(value, bool) and expected in ("integer", "number"):
        return False
    if expected == "integer" and isinstance(value, float):
        return value.is_integer()  # JSON Schema: 1.0 is an integer
    return isinstance(value, _TYPES[expected])


def _describe(value: Any) -> str:
    names = {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "empty (null)",
    }
    return names.get(type(value), type(value).__name__)


def _check(
    value: Any, node: dict[str, Any], root: dict[str, Any], path: Path_
) -> Iterator[Problem]:
    node = _resolve(node, root)
    expected = node.get("type")
    if expected is not None and not _type_ok(value, expected):
        yield path, f"expected {expected}, got {_describe(value)}"
        return
    if "enum" in node and value not in node["enum"]:
        choices = ", ".join(str(c) for c in node["enum"])
        yield path, f"{value!r} is not one of: {choices}"
        return
    if isinstance(value, str):
        yield from _check_string(value, node, path)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in node and value < node["minimum"]:
            yield path, f"must be at least {node['minimum']}"
    elif isinstance(value, list):
        yield from _check_array(value, node, root, path)
    elif isinstance(value, dict):
        yield from _check_object(value, node, root, path)


def _check_string(value: str, node: dict[str, Any], path: Path_) -> Iterator[Problem]:
    if "minLength" in node and len(value) < node["minLength"]:
        yield path, "must not be empty" if node["minLength"] == 1 else "is too short"
    if "maxLength" in node and len(value) > node["maxLength"]:
        yield path, f"is longer than {node['maxLength']} characters"
    if "pattern" in node and not re.search(node["pattern"], value):
        yield path, f"{value!r} does not match {node['pattern']}"
    if node.get("format") == "date" and not _is_iso_date(value):
        yield path, f"{value!r} is not a date (use YYYY-MM-DD)"


def _is_iso_date(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_array(
    value: list[Any], node: dict[str, Any], root: dict[str, Any], path: Path_
) -> Iterator[Problem]:
    if "maxItems" in node and len(value) > node["maxItems"]:
        yield path, f"has more than {node['maxItems']} items"
        return
    if "items" in node:
        for index, item in enumerate(value):
            yield from _check(item, node["items"], root, (*path, index))


def _check_object(
    value: dict[str, Any], node: dict[str, Any], root: dict[str, Any], path: Path_
) -> Iterator[Problem]:
    properties = node.get("properties", {})
    for key in node.get("required", ()):
        if key not in value:
            yield path, f"missing required key '{key}'"
    for key, item in value.items():
        if not isinstance(key, str):
            yield (*path, str(key)), f"key {key!r} must be a string"
            continue
        if "propertyNames" in node:
            names = _resolve(node["propertyNames"], root)
            if "enum" in names and key not in names["enum"]:
                expected = ", ".join(names["enum"])
                yield (*path, key), f"unknown key '{key}' (expected one of: {expected})"
                continue
        if key in properties:
            yield from _check(item, properties[key], root, (*path, key))
            continue
        extra = node.get("additionalProperties", True)
        if extra is False:
            known = ", ".join(properties) or "none"
            yield (*path, key), f"unknown key '{key}' (expected one of: {known})"
        elif isinstance(extra, dict):
            yield from _check(item, extra, root, (*path, key))
