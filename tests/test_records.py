"""llmaudit.records.record makes the class dataclasses.dataclass makes: checked on every record
class in the package against a dataclass built from the same fields, and on small classes
that use each feature (positional and keyword-only parameters, factories, init=False,
compare=False, order, __post_init__, mutable records)."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
import pkgutil
from dataclasses import FrozenInstanceError, field
from typing import Any

import pytest

import llmaudit
from llmaudit.records import record


def _record_classes() -> list[type]:
    classes = {}
    for info in pkgutil.walk_packages(llmaudit.__path__, "llmaudit."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == module.__name__
                and not value.__dataclass_params__.init  # built by record
            ):
                classes[f"{value.__module__}.{value.__qualname__}"] = value
    return [classes[name] for name in sorted(classes)]


RECORDS = _record_classes()


def _twin(cls: type) -> type:
    """The dataclass `cls` would be with dataclasses.dataclass and the same fields."""
    frozen = isinstance(_setattr_error(cls), FrozenInstanceError)
    specs = []
    for f in dataclasses.fields(cls):
        extra: dict[str, Any] = {}
        if f.default is not dataclasses.MISSING:
            extra["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            extra["default_factory"] = f.default_factory
        spec = field(
            init=f.init, repr=f.repr, hash=f.hash, compare=f.compare, kw_only=f.kw_only, **extra
        )
        specs.append((f.name, f.type, spec))
    namespace = {
        name: value
        for name, value in vars(cls).items()
        if not name.startswith("__") or name == "__post_init__"
    }
    namespace = {k: v for k, v in namespace.items() if k not in {f[0] for f in specs}}
    twin = dataclasses.make_dataclass(
        cls.__name__,
        specs,
        namespace=namespace,
        frozen=frozen,
        order="__lt__" in vars(cls),
    )
    twin.__qualname__ = cls.__qualname__
    return twin


def _setattr_error(cls: type) -> BaseException | None:
    probe = object.__new__(cls)
    try:
        probe.some_field_name = 1
    except BaseException as error:
        return error
    return None


def _outcome(function: Any, *args: object) -> tuple[str, object]:
    """What calling `function` gives: its value, or the type of the error it raises."""
    try:
        return ("value", function(*args))
    except Exception as error:
        return ("error", type(error))


def _arguments(cls: type, salt: str) -> dict[str, object]:
    """A value for each required parameter, and for each optional one unless the class
    checks its values in __post_init__ (then its defaults are kept)."""
    checks = hasattr(cls, "__post_init__")
    values: dict[str, object] = {}
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.init and (required or not checks):
            values[f.name] = f"{f.name}-{salt}"
    return values


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_each_record_behaves_as_its_dataclass(cls):
    twin = _twin(cls)
    a, b = cls(**_arguments(cls, "a")), cls(**_arguments(cls, "b"))
    ta, tb = twin(**_arguments(cls, "a")), twin(**_arguments(cls, "b"))
    assert repr(a) == repr(ta)
    assert list(vars(a).items()) == list(vars(ta).items())
    assert (a == cls(**_arguments(cls, "a"))) is (ta == twin(**_arguments(cls, "a")))
    assert (a == b) is (ta == tb)
    assert a.__eq__(ta) is NotImplemented
    assert (cls.__hash__ is None) is (twin.__hash__ is None)
    assert _outcome(hash, a) == _outcome(hash, ta)
    if "__lt__" in vars(cls):
        assert [a < b, a <= b, a > b, a >= b] == [ta < tb, ta <= tb, ta > tb, ta >= tb]
    assert type(_setattr_error(cls)) is type(_setattr_error(twin))
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(ta)]
    assert dataclasses.asdict(a) == dataclasses.asdict(ta)
    assert repr(dataclasses.replace(a)) == repr(a)
    assert cls.__match_args__ == twin.__match_args__
    with pytest.raises(TypeError):
        cls(**_arguments(cls, "a"), not_a_field=1)


@record(frozen=True, kw_only=True, order=True)
class _Keyed:
    name: str
    size: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str = field(default="", compare=False)
    cache: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    derived: list[int] = field(default_factory=list, init=False, compare=False)


@record(frozen=True)
class _Positional:
    first: str
    second: int = 2


@record
class _Mutable:
    items: list[str] = field(default_factory=list)
    count: int = 0


@record(frozen=True, kw_only=True)
class _Checked:
    level: str = "low"

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", self.level.upper())


@pytest.mark.parametrize("cls", [_Keyed, _Positional, _Mutable, _Checked])
def test_small_records_behave_as_their_dataclasses(cls):
    test_each_record_behaves_as_its_dataclass(cls)


def test_constructor_errors_and_features():
    with pytest.raises(TypeError, match="missing"):
        _Keyed()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Keyed("x")  # type: ignore[misc]
    with pytest.raises(TypeError, match="unexpected"):
        _Keyed(name="x", derived=[1])  # type: ignore[call-arg]
    first, second = _Keyed(name="x"), _Keyed(name="x")
    assert first.tags == () and first.derived == [] and first.cache is not second.cache
    assert first == _Keyed(name="x", note="other") and hash(first) == hash(second)
    assert sorted([_Keyed(name="b"), _Keyed(name="a", size=9)])[0].name == "a"
    with pytest.raises(FrozenInstanceError):
        first.name = "y"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del first.name  # type: ignore[misc]
    assert _Positional("a") == _Positional(first="a", second=2)
    with pytest.raises(TypeError, match="multiple values"):
        _Positional("a", first="b")  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        _Positional("a", 2, 3)  # type: ignore[call-arg]
    mutable = _Mutable()
    mutable.count += 1
    assert mutable == _Mutable(count=1) and _Mutable.__hash__ is None
    assert _Checked(level="high").level == "HIGH"
    assert pickle.loads(pickle.dumps(first)) == first
    assert copy.deepcopy(first) == first
    assert repr(_Keyed(name="x")) == "_Keyed(name='x', size=0, tags=(), note='', derived=[])"


def test_a_recursive_repr_stops():
    loop = _Mutable()
    loop.items.append(loop)  # type: ignore[arg-type]
    assert repr(loop) == "_Mutable(items=[...], count=0)"


def test_the_package_builds_its_records_with_record():
    assert len(RECORDS) >= 80
