"""classify_package(facts): a package's declared license normalised to SPDX."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llmaudit.licenses.classify import identify_license_file, match_for_key, unknown_match
from llmaudit.licenses.hub_ids import find_license_key
from llmaudit.licenses.knowledge import get_license
from llmaudit.licenses.spdx import choose_component, parse_spdx_expression
from llmaudit.models import LicenseFile, LicenseMatch, LicenseSource, PackageFacts

if TYPE_CHECKING:
    from llmaudit.licenses.identification_cache import IdentificationCache

_SOURCE = LicenseSource.PACKAGE_METADATA
_CLASSIFIER_PREFIX = "License :: "
_SINGLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")
_LONG_TEXT = 200  # a License field this long is the license text, not its name
_BSD_FAMILY = "LicenseRef-bsd"

# Trove classifiers name licenses, not SPDX ids. The table holds only unambiguous names;
# "Apache Software License" and "BSD License" carry no version, so they get lower confidence.
_CLASSIFIERS = {
    "MIT License": ("MIT", 0.9),
    "MIT No Attribution License (MIT-0)": ("MIT-0", 0.9),
    "Apache Software License": ("Apache-2.0", 0.6),
    "BSD License": (_BSD_FAMILY, 0.6),
    "ISC License (ISCL)": ("ISC", 0.9),
    "Mozilla Public License 2.0 (MPL 2.0)": ("MPL-2.0", 0.9),
    "Mozilla Public License 1.1 (MPL 1.1)": ("MPL-1.1", 0.9),
    "GNU General Public License v2 (GPLv2)": ("GPL-2.0-only", 0.9),
    "GNU General Public License v2 or later (GPLv2+)": ("GPL-2.0-or-later", 0.9),
    "GNU General Public License v3 (GPLv3)": ("GPL-3.0-only", 0.9),
    "GNU General Public License v3 or later (GPLv3+)": ("GPL-3.0-or-later", 0.9),
    "GNU Lesser General Public License v2 (LGPLv2)": ("LGPL-2.0-only", 0.9),
    "GNU Lesser General Public License v2 or later (LGPLv2+)": ("LGPL-2.0-or-later", 0.9),
    "GNU Lesser General Public License v3 (LGPLv3)": ("LGPL-3.0-only", 0.9),
    "GNU Lesser General Public License v3 or later (LGPLv3+)": ("LGPL-3.0-or-later", 0.9),
    "GNU Affero General Public License v3": ("AGPL-3.0-only", 0.9),
    "GNU Affero General Public License v3 or later (AGPLv3+)": ("AGPL-3.0-or-later", 0.9),
    "Python Software Foundation License": ("PSF-2.0", 0.8),
    "The Unlicense (Unlicense)": ("Unlicense", 0.9),
    "Boost Software License 1.0 (BSL-1.0)": ("BSL-1.0", 0.9),
    "Eclipse Public License 1.0 (EPL-1.0)": ("EPL-1.0", 0.9),
    "Eclipse Public License 2.0 (EPL-2.0)": ("EPL-2.0", 0.9),
    "European Union Public Licence 1.1 (EUPL 1.1)": ("EUPL-1.1", 0.9),
    "European Union Public Licence 1.2 (EUPL 1.2)": ("EUPL-1.2", 0.9),
    "Academic Free License (AFL)": ("AFL-3.0", 0.6),
    "Artistic License": ("Artistic-2.0", 0.6),
    "zlib/libpng License": ("Zlib", 0.9),
    "Universal Permissive License (UPL)": ("UPL-1.0", 0.9),
    "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": ("CC0-1.0", 0.9),
    "University of Illinois/NCSA Open Source License": ("NCSA", 0.9),
    "PostgreSQL License": ("PostgreSQL", 0.9),
    "Historical Permission Notice and Disclaimer (HPND)": ("HPND", 0.9),
}


def classify_package(facts: PackageFacts, known: IdentificationCache | None = None) -> LicenseMatch:
    """The package's license from its metadata, checked against the license files it ships
    (`known`: their identifications kept from earlier runs)."""
    declared = classify_package_metadata(facts)
    if not facts.license_files:
        return declared
    from llmaudit.licenses.package_files import reconcile_with_files

    return reconcile_with_files(declared, facts.license_files, known)


def classify_package_metadata(facts: PackageFacts) -> LicenseMatch:
    """Normalise License-Expression / License / classifiers to SPDX; unknown when it can't."""
    declared = (facts.license_expression or "").strip()
    if declared and len(declared) < _LONG_TEXT and "\n" not in declared:
        found = match_license_string(declared)
        if not found.is_unknown:
            return found
    if len(declared) >= _LONG_TEXT or "\n" in declared:
        found = identify_license_file(LicenseFile(path="License", text=declared, sha256=""))
        if not found.is_unknown:
            return _as_package_match(found)
    return _match_classifiers(facts.license_classifiers, declared)


def match_license_string(text: str) -> LicenseMatch:
    """An SPDX expression, SPDX id or well-known license name, normalised."""
    label = f"package-metadata: {text}"
    if _SINGLE_ID.fullmatch(text):
        # Most packages declare one plain SPDX id: answer from the knowledge base without
        # building license-expression's index (~50 ms, felt on the pre-commit path).
        key = find_license_key(text)
        info = get_license(key) if key else None
        if info is not None and info.spdx.casefold() == text.casefold():
            return match_for_key(
                info.key, source=_SOURCE, confidence=0.95, evidence=label, spdx=info.spdx
            )
    parsed = parse_spdx_expression(text)
    if parsed is not None and parsed.keys and (parsed.is_compound or not parsed.unknown):
        chosen = choose_component(parsed)
        if chosen == "unknown":
            return unknown_match(source=_SOURCE, evidence=label)
        return _spdx_match(chosen, parsed.expression, label, confidence=0.95)
    key = find_license_key(text)
    if key is not None and get_license(key) is not None:
        return match_for_key(key, source=_SOURCE, confidence=0.85, evidence=label)
    return unknown_match(source=_SOURCE, evidence=label)


def _match_classifiers(classifiers: tuple[str, ...], declared: str) -> LicenseMatch:
    names = [c.rsplit(" :: ", 1)[-1] for c in classifiers if c.startswith(_CLASSIFIER_PREFIX)]
    matches = [_CLASSIFIERS[name] for name in names if name in _CLASSIFIERS]
    if not matches or len(matches) != len(names):
        evidence = "; ".join(filter(None, (declared, *classifiers))) or "no license metadata"
        return unknown_match(source=_SOURCE, evidence=f"package-metadata: {evidence}")
    spdx_ids = tuple(dict.fromkeys(spdx for spdx, _ in matches))
    label = f"package-metadata: classifiers {', '.join(names)}"
    if spdx_ids == (_BSD_FAMILY,):
        # "BSD License" alone names no BSD variant (the SPDX list does not know the id either,
        # checked by a test): unknown here, the license files the package ships decide.
        return unknown_match(source=_SOURCE, evidence=label)
    # Several license classifiers on one package usually mean a choice (dual licensing).
    expression = " OR ".join(spdx_ids)
    parsed = parse_spdx_expression(expression)
    confidence = min(confidence for _, confidence in matches)
    if parsed is None or not parsed.keys:
        return unknown_match(source=_SOURCE, evidence=label)
    chosen = choose_component(parsed)
    return _spdx_match(chosen, parsed.expression, label, confidence=confidence)


def _spdx_match(key: str, expression: str, label: str, *, confidence: float) -> LicenseMatch:
    info = get_license(key)
    if info is not None:
        return match_for_key(
            key, source=_SOURCE, confidence=confidence, evidence=label, spdx=expression
        )
    return LicenseMatch(
        key=key,
        spdx=expression,
        name=expression,
        source=_SOURCE,
        confidence=confidence,
        evidence=label,
    )


def _as_package_match(found: LicenseMatch) -> LicenseMatch:
    return LicenseMatch(
        key=found.key,
        spdx=found.spdx,
        name=found.name,
        source=_SOURCE,
        confidence=found.confidence,
        coverage=found.coverage,
        evidence=f"package-metadata: license text ({found.evidence})",
    )
