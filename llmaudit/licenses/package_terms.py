"""package_license_terms(match): the terms behind each symbol of a package's SPDX expression.

The knowledge base answers for the licenses it holds. For the other SPDX licenses (hundreds
that packages rarely use) ScanCode's LicenseDB category, shipped with license-expression,
says whether the terms are open (permissive, copyleft, public domain) or restrict use
(source-available, proprietary, commercial ...): those get commercial use `unknown`, never
`allowed`.
"""

from __future__ import annotations

import functools
import json

from llmaudit.licenses.hub_ids import find_license_key
from llmaudit.licenses.knowledge import get_license
from llmaudit.licenses.spdx import expression_symbols
from llmaudit.models import CommercialUse, LicenseInfo, LicenseMatch, SymbolTerms

_LICENSEDB_URL = "https://scancode-licensedb.aboutcode.org/{key}.html"
# ScanCode LicenseDB category -> (our category, commercial use, copyleft)
_OPEN_CATEGORIES = {
    "Permissive": ("permissive", False),
    "Public Domain": ("public-domain", False),
    "Copyleft": ("copyleft", True),
    "Copyleft Limited": ("weak-copyleft", False),
}


def package_license_terms(match: LicenseMatch) -> tuple[SymbolTerms, ...]:
    """One entry per distinct symbol of `match.spdx`; none for an unknown license."""
    if match.is_unknown or not match.spdx:
        return ()
    symbols = dict.fromkeys(expression_symbols(match.spdx))
    return tuple(SymbolTerms(symbol=s, info=symbol_terms(s)) for s in symbols)


def symbol_terms(symbol: str) -> LicenseInfo | None:
    """The knowledge-base entry for an SPDX symbol, else one from its LicenseDB category."""
    key = find_license_key(symbol)
    info = get_license(key) if key else None
    if info is not None:
        return info
    entry = _licensedb_by_spdx().get(symbol.casefold())
    return _info_from_licensedb(symbol, entry) if entry else None


def _info_from_licensedb(symbol: str, entry: dict[str, str]) -> LicenseInfo:
    category = entry.get("category") or "Unstated License"
    source = f"category: ScanCode LicenseDB files it under {category!r} ({_LICENSEDB_URL.format(key=entry['license_key'])})"
    if category in _OPEN_CATEGORIES:
        ours, copyleft = _OPEN_CATEGORIES[category]
        return LicenseInfo(
            key=symbol.casefold(),
            name=symbol,
            spdx=symbol,
            category=ours,
            commercial_use=CommercialUse.ALLOWED,
            copyleft=copyleft,
            sources=(source,),
        )
    return LicenseInfo(
        key=symbol.casefold(),
        name=symbol,
        spdx=symbol,
        category="unknown",
        commercial_use=CommercialUse.UNKNOWN,
        commercial_note=f"ScanCode LicenseDB files it under {category!r}: terms that limit use",
        sources=(source,),
    )


@functools.cache
def _licensedb_by_spdx() -> dict[str, dict[str, str]]:
    """license-expression's copy of the LicenseDB index, by lower-case SPDX id."""
    from importlib import resources  # only when a package names a license the KB lacks

    data = resources.files("license_expression") / "data" / "scancode-licensedb-index.json"
    entries = json.loads(data.read_text(encoding="utf-8"))
    index: dict[str, dict[str, str]] = {}
    for entry in entries:
        if entry.get("is_exception") or entry.get("is_deprecated"):
            continue
        for spdx in (entry.get("spdx_license_key"), *entry.get("other_spdx_license_keys", ())):
            if spdx:
                index.setdefault(str(spdx).casefold(), entry)
    return index
