"""A distribution's license files, read with the text identifier (issue #14).

Metadata is often missing or says too little (jinja2 declares only the classifier "BSD
License" and ships the BSD-3-Clause text). The files a wheel carries (dist-info `licenses/`,
`License-File:`) are then identified like any LICENSE file. When the metadata names a
license the files contradict, both are reported and the more restrictive one is kept.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from llmaudit.licenses.hub_ids import find_license_key
from llmaudit.licenses.knowledge import get_license
from llmaudit.models import (
    UNKNOWN_LICENSE,
    LicenseFile,
    LicenseMatch,
    LicenseSource,
    TextIdentification,
)

if TYPE_CHECKING:
    from llmaudit.licenses.identification_cache import IdentificationCache

AGREED_CONFIDENCE = 0.95  # metadata and the shipped text say the same
CONFLICT_CONFIDENCE = 0.5
# Files named like this hold the license; NOTICE / AUTHORS / README only support it.
_LICENSE_NAMES = ("licen", "copying", "unlicense")
# The Python-2.0 license stack holds the PSF-2.0 text: a file matching the stack agrees with
# metadata that says PSF-2.0 (typing_extensions, distlib).
_INCLUDES = {"python-2.0": ("psf-2.0",)}


def _rank(file: LicenseFile) -> tuple[int, int, str]:
    """License-named files first, the package's own before the vendored projects' deeper
    down (pip ships `licenses/src/pip/_vendor/<project>/LICENSE` beside its own)."""
    return (0 if _names_a_license(file) else 1, len(PurePosixPath(file.path).parts), file.path)


def identify_files(
    files: tuple[LicenseFile, ...],
    known: IdentificationCache | None = None,
) -> Iterator[tuple[LicenseFile, TextIdentification]]:
    """Each license file with its identification, license-named files first (lazily: the
    caller stops once it has its answer, which keeps the pre-commit path short). `known`
    keeps identifications across runs (a package ships the same files every time)."""
    by_path = {_folded(PurePosixPath(f.path)): f for f in files}

    def reader(file: LicenseFile) -> Callable[[str], TextIdentification | None]:
        """Identifies a file the pointer in `file` names, in the same folder."""

        def read(name: str) -> TextIdentification | None:
            sibling = by_path.get(_folded(PurePosixPath(file.path).parent / name))
            return _identify(sibling.text, known) if sibling is not None else None

        return read

    for file in sorted(files, key=_rank):
        found = _identify_with_includes(file, by_path, known)
        if found.license.is_unknown:  # only an unknown file can point to others
            from llmaudit.licenses.combined import follow_pointer

            found = follow_pointer(found, reader(file))
        yield file, found


def _identify_with_includes(
    file: LicenseFile, by_path: dict[str, LicenseFile], known: IdentificationCache | None
) -> TextIdentification:
    """The file's identification, read with the license files its `#include` lines name."""
    if "#include" not in file.text:  # the warm hook path imports no identification module
        return _identify(file.text, known)
    from llmaudit.licenses.combined import expand_includes, with_includes

    def read(name: str) -> str | None:
        path = posixpath.normpath(posixpath.join(PurePosixPath(file.path).parent.as_posix(), name))
        included = by_path.get(path.lower())
        return included.text if included is not None else None

    expanded = expand_includes(file.text, read)
    if expanded is None:
        return _identify(file.text, known)
    return with_includes(_identify(expanded[0], known), expanded[1])


def _identify(text: str, known: IdentificationCache | None) -> TextIdentification:
    """identify_text(text), from `known` when an earlier run stored it."""
    stored = known.get(text) if known is not None else None
    if stored is not None:
        return stored
    from llmaudit.licenses.fingerprint import identify_text

    found = identify_text(text)
    if known is not None:
        known.put(text, found)
    return found


def _folded(path: PurePosixPath) -> str:
    return path.as_posix().lower()


def _keys_in(ident: TextIdentification) -> set[str]:
    """Every knowledge-base key a file names: its license, other texts, notices."""
    keys = {ident.license.key} if not ident.license.is_unknown else set()
    for match in ident.matches:
        if match.kind == "license":
            keys.add(match.key)
        elif match.kind == "notice" and ":" not in match.key:
            keys.update(_expression_keys(match.key))
    return {k for key in keys for k in (key, *_INCLUDES.get(key, ()))}


def _expression_keys(spdx: str) -> tuple[str, ...]:
    """Knowledge-base keys of an SPDX id or expression (license-expression only when compound,
    so the pre-commit path stays free of it)."""
    if " " not in spdx.strip():
        key = find_license_key(spdx)
        return (key,) if key else ()
    from llmaudit.licenses.spdx import parse_spdx_expression

    parsed = parse_spdx_expression(spdx)
    return parsed.keys if parsed else ()


def _metadata_keys(declared: LicenseMatch) -> set[str]:
    return {declared.key, *_expression_keys(declared.spdx)}


def _family(key: str) -> str:
    info = get_license(key)
    return info.family if info is not None and info.family else key


def reconcile_with_files(
    declared: LicenseMatch,
    files: tuple[LicenseFile, ...],
    stored: IdentificationCache | None = None,
) -> LicenseMatch:
    """The package's license from its metadata and its license files together (`stored`:
    identifications kept from earlier runs)."""
    declared_keys = _metadata_keys(declared) if not declared.is_unknown else set()
    known: list[tuple[LicenseFile, TextIdentification]] = []
    in_files: set[str] = set()
    own_depth = min((len(PurePosixPath(f.path).parts) for f in files), default=0)
    for file, ident in identify_files(files, stored):
        own = len(PurePosixPath(file.path).parts) == own_depth  # not a vendored project's
        if ident.restriction and own and _names_a_license(file):
            return _restricted(declared, file, ident)
        if ident.license.is_unknown:
            continue
        known.append((file, ident))
        in_files |= _keys_in(ident)
        if declared.is_unknown or declared_keys & in_files:
            break  # the first known file answers, or agrees with the metadata
    if not known:
        return declared
    file, ident = known[0]
    found = ident.license
    label = f"license file {PurePosixPath(file.path).name} says {found.spdx} ({found.evidence})"
    from_file = replace(
        found,
        source=LicenseSource.LICENSE_FILE,
        evidence=f"{label}; {declared.evidence or 'no license metadata'}",
    )
    if declared.is_unknown:
        return from_file
    if declared_keys & in_files:
        return replace(
            declared,
            confidence=max(declared.confidence, AGREED_CONFIDENCE),
            evidence=f"{declared.evidence}; {label}",
        )
    if _family(declared.key) == declared.key == _family(found.key):
        return from_file  # "BSD" in metadata, the BSD-3-Clause text in the file
    return _conflict(declared, found, label)


def _names_a_license(file: LicenseFile) -> bool:
    return any(word in PurePosixPath(file.path).name.lower() for word in _LICENSE_NAMES)


def _restricted(
    declared: LicenseMatch, file: LicenseFile, ident: TextIdentification
) -> LicenseMatch:
    """A license file that adds use restrictions to a known text: the package's license is
    not what the metadata (or the quoted text) says, so it is unknown, with the phrase."""
    name = PurePosixPath(file.path).name
    label = f"license file {name} adds terms that restrict use ({ident.restriction!r})"
    return replace(
        declared,
        key=UNKNOWN_LICENSE,
        spdx="NOASSERTION",
        name="Unknown license",
        source=LicenseSource.LICENSE_FILE,
        confidence=0.0,
        evidence=f"{label}; {declared.evidence or 'no license metadata'}",
    )


def _conflict(declared: LicenseMatch, found: LicenseMatch, label: str) -> LicenseMatch:
    """Metadata and file disagree: report both, keep the more restrictive."""
    from llmaudit.licenses.spdx import choose_component, parse_kb_expression

    parsed = parse_kb_expression(f"({declared.spdx}) AND ({found.spdx})")
    strict = choose_component(parsed) if parsed is not None else declared.key
    kept = found if strict == found.key else declared
    return replace(
        kept,
        confidence=CONFLICT_CONFIDENCE,
        evidence=f"package metadata and license file disagree: {declared.evidence}; {label}",
    )
