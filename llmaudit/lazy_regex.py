"""Regular expressions compiled on first use.

Compiling a pattern runs Python code (`re._parser`, `re._compiler`): ~0.1 ms for a plain one,
over 1 ms for a long alternation. A module-level `re.compile` pays that on every start, so a
pre-commit run on ten files compiled dozens of patterns it never used (python_prefilter's
rare-case patterns, the policy rules' long alternations: ~8 ms of a ~210 ms run).
`lazy_compile` defers the work to the first use; after it, the pattern's methods are the
compiled pattern's own, so a call costs what it cost before.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

# Looked up on the stand-in once compiled; anything else (`scanner`, ...) is forwarded.
_COPIED = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


def lazy_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """What `re.compile(pattern, flags)` returns, compiled when one of its methods or
    attributes is first used. Not a `re.Pattern` for `isinstance` or for the `re` module's
    functions (`re.sub(pattern, ...)`): call its methods instead."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))


class _LazyPattern:
    """Stands in for a compiled pattern: the first attribute asked for compiles it and puts
    the compiled pattern's bound methods and attributes on this object, where every later
    lookup finds them without coming back here."""

    def __init__(self, pattern: str | bytes, flags: int | re.RegexFlag) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = re.compile(*self._source)
            self.__dict__.update({attr: getattr(compiled, attr) for attr in _COPIED})
            self.__dict__["_compiled"] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"
