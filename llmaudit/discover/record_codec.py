"""Records to JSON values and back, driven by their type hints (the result cache's format).

A record becomes the list of its field values in field order, an enum its value, a tuple or
list a list; str, int, bool and None stay as they are. Decoding checks every value against
the type hint it fills and raises `UndecodableError` on anything else (a wrong type, an
unknown enum value, an int out of range, a list of the wrong length): a cache file is input,
and a damaged or hostile one must never become a result. Nothing is ever executed or
imported by name, unlike pickle.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

Decoder = Callable[[Any], Any]

_INT_LIMIT = 2**63  # line numbers, sizes, inodes and nanosecond times all fit


class UndecodableError(ValueError):
    """A JSON value that is not what the type hint says."""


def encode(value: Any) -> Any:
    """`value` as plain JSON values (records, enums, tuples, lists, str, int, bool, None)."""
    if isinstance(value, Enum):  # first: RefKind and its kin are also str
        return value.value
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    raise TypeError(f"cannot encode {type(value).__name__}")


def decoder_for(hint: Any) -> Decoder:
    """A function from a JSON value to a value of type `hint` (UndecodableError if it is not)."""
    if hint is type(None):
        return _decode_none
    if hint is bool:
        return _decode_bool
    if hint is int:
        return _decode_int
    if hint is str:
        return _decode_str
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_decoder(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_decoder(hint)
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        return _sequence_decoder(decoder_for(arguments[0]), list)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return _sequence_decoder(decoder_for(arguments[0]), tuple)
    if origin is tuple:
        return _fixed_tuple_decoder([decoder_for(argument) for argument in arguments])
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(
            [(_json_type(argument), decoder_for(argument)) for argument in arguments]
        )
    raise TypeError(f"no decoder for {hint!r}")


def _json_type(hint: Any) -> type:
    """The Python type of the JSON values that encode a value of type `hint`."""
    if hint in (type(None), bool, int, str):
        return hint  # type: ignore[no-any-return]
    if isinstance(hint, type) and issubclass(hint, Enum):
        kinds = {type(member.value) for member in hint}
        if len(kinds) != 1:
            raise TypeError(f"enum {hint.__name__} mixes value types")
        return kinds.pop()
    return list  # records, tuples, lists


def _decode_none(value: Any) -> None:
    if value is not None:
        raise UndecodableError(f"expected null, got {type(value).__name__}")


def _decode_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise UndecodableError(f"expected a boolean, got {type(value).__name__}")
    return value


def _decode_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UndecodableError(f"expected an integer, got {type(value).__name__}")
    if not -_INT_LIMIT < value < _INT_LIMIT:
        raise UndecodableError("integer out of range")
    return value


def _decode_str(value: Any) -> str:
    if not isinstance(value, str):
        raise UndecodableError(f"expected a string, got {type(value).__name__}")
    return value


def _enum_decoder(kind: type[Enum]) -> Decoder:
    members = {member.value: member for member in kind}  # a dict: Enum's call is slow

    def decode(value: Any) -> Enum:
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: a list is no dict key
            raise UndecodableError(f"not a {kind.__name__}: {value!r:.40}") from None

    return decode


def _record_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    names = tuple(f.name for f in dataclasses.fields(kind))
    decoders = [decoder_for(hints[name]) for name in names]
    build = _record_builder(kind, names)

    def decode(value: Any) -> Any:
        if not isinstance(value, list) or len(value) != len(names):
            raise UndecodableError(f"expected {len(names)} fields of {kind.__name__}")
        return build([d(v) for d, v in zip(decoders, value, strict=True)])

    return decode


def _record_builder(kind: type, names: tuple[str, ...]) -> Callable[[list[Any]], Any]:
    """A constructor from every field's value, in field order. A record without
    `__post_init__` or slots gets its attributes set directly, as its `__init__` would set
    them once every field is given (a third of decoding's time otherwise; the values are
    already checked against the hints)."""
    if hasattr(kind, "__post_init__") or hasattr(kind, "__slots__"):
        return lambda values: kind(**dict(zip(names, values, strict=True)))
    new = object.__new__

    def build(values: list[Any]) -> Any:
        made: Any = new(kind)
        made.__dict__.update(zip(names, values, strict=True))
        return made

    return build


def _sequence_decoder(item: Decoder, kind: type[list[Any]] | type[tuple[Any, ...]]) -> Decoder:
    def decode(value: Any) -> Any:
        if not isinstance(value, list):
            raise UndecodableError(f"expected a list, got {type(value).__name__}")
        if not value:
            return kind()  # most of a result's lists
        return kind([item(element) for element in value])

    return decode


def _fixed_tuple_decoder(items: list[Decoder]) -> Decoder:
    def decode(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != len(items):
            raise UndecodableError(f"expected a list of {len(items)}")
        return tuple(d(v) for d, v in zip(items, value, strict=True))

    return decode


def _union_decoder(arms: list[tuple[type, Decoder]]) -> Decoder:
    """The first arm whose JSON type is the value's (`int | None`, `bool | str | tuple |
    None`): chosen by type, not by trying each and catching its error, which cost most of
    decoding's time when `None` fills an optional field."""
    by_type: dict[type, list[Decoder]] = {}
    for json_type, arm in arms:
        by_type.setdefault(json_type, []).append(arm)

    def decode(value: Any) -> Any:
        candidates = by_type.get(type(value), ())
        if len(candidates) == 1:
            return candidates[0](value)
        for arm in candidates:
            try:
                return arm(value)
            except UndecodableError:
                continue
        raise UndecodableError(f"no type of the union accepts {type(value).__name__}")

    return decode
