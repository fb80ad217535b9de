"""Dataclasses whose methods are shared functions instead of source compiled for each class.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` for every class and compiles it each time the module is
imported (before Python 3.13, one `exec` per method): for the ~80 classes a pre-commit hook
run imports, a fifth of the run (issue #16). `record` takes the same arguments llmaudit
uses (`frozen`, `kw_only`, `order`) and makes the same class: `dataclasses.dataclass`
still collects the fields (so `fields`, `replace`, `asdict` and `is_dataclass` work), and
the methods are closures over the class's field table that do what the generated ones do:
the same constructor (positional and keyword-only parameters, defaults, default factories,
`__post_init__`, a TypeError for a missing or unknown argument), the same repr, equality,
hash, ordering and FrozenInstanceError (tests/test_records.py compares each record class
with the dataclass it replaces). A class that defines one of those methods itself, or has
InitVar fields, is left to `dataclasses.dataclass`.

Type checkers see `dataclasses.dataclass`.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from operator import attrgetter
from typing import TYPE_CHECKING, Any

_GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_ORDER = ("__lt__", "__le__", "__gt__", "__ge__")
_REQUIRED = object()  # template value of a parameter without a default
_FACTORY = object()  # template value of a field its default factory fills


def _record(
    cls: type | None = None, /, *, frozen: bool = False, kw_only: bool = False, order: bool = False
) -> Any:
    """`dataclasses.dataclass(cls, frozen=..., kw_only=..., order=...)` without compiling."""

    def wrap(cls: type) -> type:
        return _build(cls, frozen=frozen, kw_only=kw_only, order=order)

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:
    record = _record


def _build(cls: type, *, frozen: bool, kw_only: bool, order: bool) -> type:
    own = cls.__dict__
    annotations = own.get("__annotations__", {})
    if any(name in own for name in (*_GENERATED, *_ORDER)) or any(
        "InitVar" in str(kind) for kind in annotations.values()
    ):
        return dataclasses.dataclass(cls, frozen=frozen, kw_only=kw_only, order=order)
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, kw_only=kw_only)
    fields = dataclasses.fields(cls)
    _check_default_order(cls, fields)
    compared = tuple(f.name for f in fields if f.compare)
    key = _tuple_getter(compared)
    methods: dict[str, Any] = {
        "__init__": _make_init(cls, fields),
        "__repr__": _make_repr(tuple(f.name for f in fields if f.repr)),
        "__eq__": _make_eq(key),
    }
    if frozen:
        hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        methods["__hash__"] = _make_hash(_tuple_getter(hashed))
        names = frozenset(f.name for f in fields)
        methods["__setattr__"] = _make_frozen_setattr(cls, names)
        methods["__delattr__"] = _make_frozen_delattr(cls, names)
    else:
        methods["__hash__"] = None  # eq without frozen: unhashable, as dataclass makes it
    if order:
        methods.update(_make_order(key))
    for name, method in methods.items():
        if callable(method):
            method.__name__ = name
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


def _check_default_order(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """dataclass's class-creation check: no positional parameter without a default after
    one with a default."""
    seen_default = False
    for f in fields:
        if not f.init or f.kw_only:
            continue
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        seen_default = seen_default or has_default


def _make_init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The constructor: positional parameters in field order, then keyword-only ones."""
    qualname = cls.__qualname__
    accepted = frozenset(f.name for f in fields if f.init)
    positional = tuple(f.name for f in fields if f.init and not f.kw_only)
    template: dict[str, object] = {}  # every attribute __init__ sets, in field order
    factories: list[tuple[str, Callable[[], object]]] = []
    for f in fields:
        if f.default_factory is not MISSING:
            template[f.name] = _FACTORY
            factories.append((f.name, f.default_factory))
        elif f.init:
            template[f.name] = _REQUIRED if f.default is MISSING else f.default
    required = tuple(name for name, value in template.items() if value is _REQUIRED)
    post_init = hasattr(cls, "__post_init__")

    def __init__(self: Any, *args: object, **kwargs: object) -> None:
        if args:
            kwargs = _bind_positional(qualname, positional, args, kwargs)
        if not accepted.issuperset(kwargs):
            unknown = next(name for name in kwargs if name not in accepted)
            raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument {unknown!r}")
        values = {**template, **kwargs}
        missing = [name for name in required if values[name] is _REQUIRED]
        if missing:
            listed = ", ".join(repr(name) for name in missing)
            raise TypeError(f"{qualname}.__init__() missing required argument(s): {listed}")
        for name, factory in factories:
            if values[name] is _FACTORY:
                values[name] = factory()
        self.__dict__.update(values)
        if post_init:
            self.__post_init__()

    return __init__


def _bind_positional(
    qualname: str, positional: tuple[str, ...], args: tuple[object, ...], kwargs: dict[str, object]
) -> dict[str, object]:
    if len(args) > len(positional):
        raise TypeError(
            f"{qualname}.__init__() takes {len(positional) + 1} positional arguments but "
            f"{len(args) + 1} were given"
        )
    bound = dict(zip(positional, args, strict=False))
    twice = bound.keys() & kwargs.keys()
    if twice:
        raise TypeError(f"{qualname}.__init__() got multiple values for argument {min(twice)!r}")
    return {**bound, **kwargs}


def _make_repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _tuple_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[object, ...]]:
    """The tuple of those attributes, as the generated methods compare and hash it."""
    if not names:
        return lambda obj: ()
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (get(obj),)
    return get


def _make_eq(key: Callable[[Any], tuple[object, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _make_hash(key: Callable[[Any], tuple[object, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _make_order(
    key: Callable[[Any], tuple[object, ...]],
) -> dict[str, Callable[[Any, object], Any]]:
    def __lt__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) < key(other)
        return NotImplemented

    def __le__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) <= key(other)
        return NotImplemented

    def __gt__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) > key(other)
        return NotImplemented

    def __ge__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) >= key(other)
        return NotImplemented

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


def _make_frozen_setattr(cls: type, names: frozenset[str]) -> Callable[[Any, str, object], None]:
    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]  # a closure

    return __setattr__


def _make_frozen_delattr(cls: type, names: frozenset[str]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]  # a closure

    return __delattr__
