"""License expressions: Hub keys as custom `LicenseRef-` symbols, and SPDX normalisation."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from llmaudit.lazy_regex import lazy_compile
from llmaudit.licenses.hub_ids import PLACEHOLDER_IDS
from llmaudit.licenses.knowledge import all_licenses, get_license
from llmaudit.models import UNKNOWN_LICENSE, CommercialUse, LicenseInfo
from llmaudit.records import record

if TYPE_CHECKING:
    from license_expression import Licensing

_SYMBOL_TEXT = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9.+\-_: ]*$")
_PLAIN_ID = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*")
_OPERATOR = lazy_compile(r"\s(?:and|or|with)\s|[()]", re.IGNORECASE)
_PERMISSIVE_FIRST = {
    CommercialUse.ALLOWED: 0,
    CommercialUse.CONDITIONAL: 1,
    CommercialUse.UNKNOWN: 2,
    CommercialUse.PROHIBITED: 3,
}


@record(frozen=True, kw_only=True)
class ParsedExpression:
    """A parsed license expression: its normalised text, operator and component keys."""

    expression: str
    operator: str | None  # "AND", "OR" or None for a single license
    keys: tuple[str, ...]  # knowledge-base keys (or lower-case SPDX ids) of known symbols
    unknown: tuple[str, ...]  # symbols nobody knows

    @property
    def is_compound(self) -> bool:
        return self.operator is not None


_EXPRESSION_SYMBOL = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9.+\-:]*")
_EXPRESSION_OPERATORS = frozenset({"AND", "OR", "WITH"})


def expression_symbols(text: str) -> tuple[str, ...]:
    """The license symbols of an SPDX expression, in order (operators, parentheses and the
    exception after each WITH dropped: an exception only adds permissions to its license,
    as `Apache-2.0 WITH LLVM-exception` gives more than Apache-2.0 alone)."""
    symbols: list[str] = []
    after_with = False
    for token in _EXPRESSION_SYMBOL.findall(text):
        word = token.upper()
        if word in _EXPRESSION_OPERATORS:
            after_with = word == "WITH"
        elif after_with:
            after_with = False
        else:
            symbols.append(token)
    return tuple(symbols)


def looks_like_expression(text: str) -> bool:
    """True when `text` combines licenses with AND / OR / WITH or parentheses."""
    return bool(_OPERATOR.search(f" {text} "))


def parse_kb_expression(text: str) -> ParsedExpression | None:
    """Parse a Hub/SPDX expression against the knowledge base; None when it does not parse."""
    return _parse_with(kb_licensing(), text)


def parse_spdx_expression(text: str) -> ParsedExpression | None:
    """Parse with the full SPDX list (plus knowledge-base ids); None when it does not parse.

    One plain id that is a knowledge-base entry's SPDX id is answered from the knowledge base
    without building the SPDX index (~100 ms on the pre-commit path); a test checks that both
    answers agree for every entry.
    """
    return knowledge_base_id(text) or _parse_with(spdx_licensing(), text)


def knowledge_base_id(text: str) -> ParsedExpression | None:
    """What the SPDX list makes of `text` when it is one entry's SPDX id, else None.

    An SPDX id parses to itself in its canonical spelling. Our `LicenseRef-<key>` ids are left
    to the SPDX index: some of them are aliases there (`LicenseRef-gpl` is GPL-1.0-or-later).
    """
    token = text.strip()
    if not _PLAIN_ID.fullmatch(token) or token.lower().startswith("licenseref-"):
        return None
    key = _spdx_to_key().get(token.lower())
    info = get_license(key) if key is not None else None
    if info is None or token.lower() in PLACEHOLDER_IDS:
        return None
    return ParsedExpression(expression=info.spdx, operator=None, keys=(info.key,), unknown=())


def _parse_with(licensing: Licensing, text: str) -> ParsedExpression | None:
    from license_expression import ExpressionError

    try:
        parsed = licensing.parse(text, validate=False)
    except (ExpressionError, IndexError):  # license-expression raises IndexError on "()"
        return None
    if parsed is None:
        return None
    return _describe(licensing, parsed, spdx_key=_spdx_to_key())


def choose_component(parsed: ParsedExpression) -> str:
    """The key a compound expression stands for: never a guess.

    AND: every part applies, so the most restrictive part (unknown if any part is unknown).
    OR: the licensee may pick, so the least restrictive known part.
    """
    if parsed.operator == "OR" and parsed.keys:
        return min(parsed.keys, key=_permissive_rank)
    if parsed.unknown or not parsed.keys:
        return UNKNOWN_LICENSE
    return max(parsed.keys, key=_permissive_rank)


def _permissive_rank(key: str) -> tuple[int, int, int]:
    """Lower is freer: commercial use first, then copyleft, then other strings attached."""
    info = get_license(key)
    if info is None:
        return (_PERMISSIVE_FIRST[CommercialUse.UNKNOWN], 1, 1)
    reciprocal = info.copyleft or info.share_alike or info.no_derivatives
    strings = (
        info.flow_down,
        bool(info.thresholds),
        bool(info.output_restrictions),
        bool(info.geographic),
        bool(info.naming_prefix),
        bool(info.registration),
    )
    return (_PERMISSIVE_FIRST[info.commercial_use], int(reciprocal), sum(strings))


def _describe(licensing: Licensing, parsed: Any, *, spdx_key: dict[str, str]) -> ParsedExpression:
    from license_expression import AND, OR

    # `X WITH exception`: the exception only adds permissions, so the license is X.
    symbols = [
        symbol.key
        for symbol in licensing.license_symbols(parsed, unique=True)
        if not getattr(symbol, "is_exception", False)
    ]
    unknown = set(licensing.unknown_license_keys(parsed, unique=True))
    keys = []
    unknown_keys = []
    for symbol in symbols:
        if symbol in unknown or symbol.lower() in PLACEHOLDER_IDS:
            unknown_keys.append(symbol)
        else:
            keys.append(_key_for_symbol(symbol, spdx_key))
    operator = "AND" if isinstance(parsed, AND) else "OR" if isinstance(parsed, OR) else None
    if operator is None and len(symbols) > 1:
        operator = "AND"  # WITH exceptions and nested mixes: treat every part as applying
    return ParsedExpression(
        expression=str(parsed),
        operator=operator,
        keys=tuple(dict.fromkeys(keys)),
        unknown=tuple(dict.fromkeys(unknown_keys)),
    )


def _key_for_symbol(symbol: str, spdx_key: dict[str, str]) -> str:
    """Knowledge-base key of a parsed symbol; its lower-case SPDX id when not in the base."""
    from llmaudit.licenses.hub_ids import find_license_key

    return spdx_key.get(symbol.lower()) or find_license_key(symbol) or symbol.lower()


@functools.cache
def spdx_licensing() -> Licensing:
    """The full SPDX license list (built once: it takes ~100 ms)."""
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@functools.cache
def kb_licensing() -> Licensing:
    """A Licensing whose symbols are the knowledge base (SPDX id or LicenseRef-<key>)."""
    from license_expression import LicenseSymbol, Licensing

    symbols = []
    for info in all_licenses():
        if info.key == UNKNOWN_LICENSE:
            continue
        aliases = tuple(
            dict.fromkeys(name for name in _symbol_names(info) if name.lower() != info.spdx.lower())
        )
        symbols.append(LicenseSymbol(info.spdx, aliases=aliases))
    return Licensing(symbols)


def _symbol_names(info: LicenseInfo) -> tuple[str, ...]:
    """Names the expression parser can take as one symbol (no operators inside)."""
    names = (info.key, *info.hub_ids, *info.aliases)
    return tuple(
        name for name in names if _SYMBOL_TEXT.match(name) and not looks_like_expression(name)
    )


@functools.cache
def _spdx_to_key() -> dict[str, str]:
    """Lower-case SPDX id (or LicenseRef) -> knowledge-base key."""
    return {info.spdx.lower(): info.key for info in all_licenses() if info.spdx}
