"""lazy_compile: the same answers as re.compile, compiled only when first used; and every
pattern the package defines that way compiles (an error would otherwise wait for the first
file that needs the pattern)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import llmaudit
from llmaudit.lazy_regex import _LazyPattern, lazy_compile


def test_not_compiled_until_first_used_then_the_compiled_patterns_own_methods():
    lazy = lazy_compile(r"(?P<org>\w+)/(\w+)", re.ASCII)
    assert "_compiled" not in vars(lazy)
    assert lazy.search("see org/name here").group("org") == "org"  # type: ignore[union-attr]
    compiled = re.compile(r"(?P<org>\w+)/(\w+)", re.ASCII)
    assert vars(lazy)["_compiled"] is compiled  # re's own cache: the very same object
    assert lazy.search.__self__ is compiled  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(\w+)/(\w+)", "a/b c/d"),
        (rb"--model[\w-]*", b"x --model-path y --model"),
        (r"(?i)gemini", "Gemini-pro"),
    ],
)
def test_answers_as_re_compile(pattern, text):
    lazy, plain = lazy_compile(pattern), re.compile(pattern)
    empty = text[:0]
    assert lazy.findall(text) == plain.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.sub(empty, text) == plain.sub(empty, text)
    assert lazy.subn(empty, text) == plain.subn(empty, text)
    assert lazy.split(text) == plain.split(text)
    assert bool(lazy.match(text)) == bool(plain.match(text))
    assert bool(lazy.fullmatch(text)) == bool(plain.fullmatch(text))
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        plain.pattern,
        plain.flags,
        plain.groups,
        plain.groupindex,
    )
    assert lazy.scanner(text).search() is not None  # forwarded: not among the copied names


def test_an_invalid_pattern_fails_when_first_used():
    lazy = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        lazy.search("x")


def _lazy_patterns(value: object) -> list[_LazyPattern]:
    if isinstance(value, _LazyPattern):
        return [value]
    if isinstance(value, (tuple, list)):
        return [p for item in value for p in _lazy_patterns(item)]
    if isinstance(value, dict):
        return [p for item in value.values() for p in _lazy_patterns(item)]
    return []


def test_every_lazily_compiled_pattern_of_the_package_compiles():
    found = 0
    for module_info in pkgutil.walk_packages(llmaudit.__path__, "llmaudit."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            for lazy in _lazy_patterns(value):
                assert lazy.groups >= 0  # compiles it (a re.error fails the test)
                found += 1
    assert found > 50  # the discover readers', the policy rules' and the license patterns
