"""classify(declaration): the license a model repo is under, from every signal it gives."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath

from llmaudit.lazy_regex import lazy_compile
from llmaudit.licenses.hub_ids import (
    PLACEHOLDER_IDS,
    find_license_key,
    find_publisher_aliases,
    loosen_name,
)
from llmaudit.licenses.knowledge import get_license
from llmaudit.licenses.links import link_is_web_page, match_link
from llmaudit.licenses.spdx import choose_component, parse_kb_expression
from llmaudit.models import (
    UNKNOWN_LICENSE,
    CommercialUse,
    FactSource,
    LicenseAssessment,
    LicenseDeclaration,
    LicenseFile,
    LicenseInfo,
    LicenseMatch,
    LicenseSource,
)

# Precedence when signals disagree: what the author declared in the card comes first; the
# Hub's tags mirror the card; license_name / license_link only mean something next to `other`.
_PRECEDENCE = (
    LicenseSource.CARD,
    LicenseSource.TAG,
    LicenseSource.LICENSE_NAME,
    LicenseSource.LICENSE_LINK,
    LicenseSource.LICENSE_FILE,
)
_CONFIDENCE = {
    LicenseSource.CARD: 0.95,
    LicenseSource.TAG: 0.9,
    LicenseSource.LICENSE_NAME: 0.85,
    LicenseSource.LICENSE_LINK: 0.85,
}
_CONFLICT_CONFIDENCE = 0.5
_NAME_SUFFIXES = ("licenseagreement", "communitylicense", "license", "licence", "agreement")
_TAG_PREFIX = "license:"


def classify(declaration: LicenseDeclaration) -> LicenseAssessment:
    """Pick the license from card / tags / license_name / license_link / files; never guess."""
    evidence = (
        *_card_evidence(declaration.card_license, LicenseSource.CARD),
        *_card_evidence(_license_tags(declaration.tags), LicenseSource.TAG),
        *_name_evidence(declaration),
        *_link_evidence(declaration.license_link, declaration.files),
        *_file_evidence(declaration.files, linked=_linked_path(declaration.license_link)),
        *card_text_evidence(declaration.card_text),
    )
    primary = _choose_primary(evidence)
    if declaration.origin is FactSource.BUILTIN:
        primary = replace(primary, source=LicenseSource.BUILTIN)
    return LicenseAssessment(
        license=primary,
        evidence=evidence,
        infos=_known_infos((primary, *evidence)),
        unidentified_files=_unidentified_files(evidence, primary),
    )


_TERMS_FILE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "MODEL_LICENSE", "MODEL-LICENSE")


_URL = lazy_compile(r"https?://[^\s)\]>\"'`|]+", re.IGNORECASE)
# "licensed under the OPT-175B license", "released under the terms of the Llama 2 Community
# License", "License: CC BY-NC-SA 3.0", "| **License** | `MIT` |"
_NAMED = lazy_compile(
    r"\b(?:licen[cs]ed|released|distributed|available|provided|governed|covered|made available)"
    r"\s+(?:under|by)\s+(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?|a\s+|an\s+)?(?P<under>(?:[^.,;:()\[\]|\n]|\.(?=\d)){2,80})"
    r"|\blicen[cs]e\W{0,6}[:|]\W{0,6}(?P<label>(?:[^.,;()\[\]|\n]|\.(?=\d)){2,60})",
    re.IGNORECASE,
)
_CARD_TEXT_CONFIDENCE = 0.6


def card_text_evidence(text: str) -> tuple[LicenseMatch, ...]:
    """Known licenses the card's license passages link to or name, each once.

    Links must match a knowledge-base URL pattern; names must be a license's id, alias or
    title (a trailing "license" may go). Such a match never becomes the model's license.
    """
    if not text:
        return ()
    found: dict[str, LicenseMatch] = {}
    for url in _URL.findall(text):
        linked = match_link(url.rstrip(".,;:*_"))
        if linked is not None and linked.key is not None:
            _add_card_text_match(found, linked.key, f"links to {url.rstrip('.,;:*_')}")
    for named in _NAMED.finditer(text):
        phrase = (named.group("under") or named.group("label") or "").strip(" *_`'\"")
        found_name = _name_key(phrase)
        if found_name is not None:
            _add_card_text_match(found, found_name[0], f"names {found_name[1]!r}")
    return tuple(found.values())


def _name_key(phrase: str) -> tuple[str, str] | None:
    """The license a short phrase names and the words that name it, trying the phrase whole
    and then without trailing words. A name without a number ("the Llama license") does not
    say which release of a versioned license it means, so it names none."""
    words = phrase.split()
    for size in range(min(len(words), 8), 0, -1):
        candidate = " ".join(words[:size])
        key = find_license_key(candidate) or _find_without_suffix(candidate)
        if key is None:
            continue
        info = get_license(key)
        if info is not None and info.version and not any(c.isdigit() for c in candidate):
            return None
        return key, candidate
    return None


def _add_card_text_match(found: dict[str, LicenseMatch], key: str, how: str) -> None:
    match = match_for_key(
        key,
        source=LicenseSource.CARD_TEXT,
        confidence=_CARD_TEXT_CONFIDENCE,
        evidence=f"{LicenseSource.CARD_TEXT.value}: the card's text {how}",
    )
    info = None if match.is_unknown else get_license(match.key)
    # a family ("CC", "GNU GPL") or terms nobody has read add nothing to go by
    if info is not None and info.commercial_use is not CommercialUse.UNKNOWN:
        found.setdefault(match.key, match)


def _unidentified_files(
    evidence: tuple[LicenseMatch, ...], primary: LicenseMatch
) -> tuple[str, ...]:
    """LICENSE / COPYING files that are provably not the declared license: their text is no
    license llmaudit knows, and it holds the declared license's text to compare with. (Without
    that text, say for the Qwen license, the file may well be the declared license itself.)
    NOTICE files hold attributions, not terms."""
    if primary.is_unknown or primary.source is LicenseSource.LICENSE_FILE:
        return ()
    paths = [
        unknown_file_path(m)
        for m in evidence
        if m.source is LicenseSource.LICENSE_FILE and m.is_unknown
    ]
    terms = [p for p in paths if PurePosixPath(p).name.upper().startswith(_TERMS_FILE_PREFIXES)]
    if not terms or not has_reference_text(primary.key):
        return ()
    return tuple(sorted(set(terms)))


def unknown_file_path(match: LicenseMatch) -> str:
    """The repo path an unknown LICENSE_FILE match is about (its evidence label)."""
    label = match.evidence.removeprefix(f"{LicenseSource.LICENSE_FILE.value}: ")
    return label.split(" (", 1)[0].strip()


def has_reference_text(key: str) -> bool:
    """Whether the fingerprint index holds a text of license `key` to compare files with."""
    try:
        from llmaudit.licenses.fingerprint_index import load_index
    except ImportError:
        return False
    return any(ref.key == key for ref in load_index().refs)


def _known_infos(matches: tuple[LicenseMatch, ...]) -> tuple[LicenseInfo, ...]:
    """The knowledge-base entries of the identified matches, each once, in match order."""
    infos: dict[str, LicenseInfo] = {}
    for match in matches:
        info = None if match.is_unknown else get_license(match.key)
        if info is not None:
            infos.setdefault(info.key, info)
    return tuple(infos.values())


def unknown_match(
    *, source: LicenseSource = LicenseSource.NONE, evidence: str = ""
) -> LicenseMatch:
    """The `unknown` identification (never treated as permissive)."""
    return LicenseMatch(
        key=UNKNOWN_LICENSE,
        spdx="NOASSERTION",
        name="Unknown license",
        source=source,
        confidence=0.0,
        evidence=evidence,
    )


def match_for_key(
    key: str, *, source: LicenseSource, confidence: float, evidence: str, spdx: str | None = None
) -> LicenseMatch:
    """A LicenseMatch for a knowledge-base key (unknown when the key is not in it)."""
    info = get_license(key)
    if info is None or info.key == UNKNOWN_LICENSE:
        return unknown_match(source=source, evidence=evidence)
    return LicenseMatch(
        key=info.key,
        spdx=spdx or info.spdx,
        name=info.name,
        source=source,
        confidence=confidence,
        evidence=evidence,
    )


def match_declared_id(text: str, source: LicenseSource) -> LicenseMatch:
    """Identify one declared license string: Hub id, alias, SPDX id or SPDX expression."""
    label = f"{source.value}: {text}"
    confidence = _CONFIDENCE.get(source, 0.8)
    key = find_license_key(text)
    if key is not None:
        return match_for_key(key, source=source, confidence=confidence, evidence=label)
    parsed = parse_kb_expression(text) if text.strip().lower() not in PLACEHOLDER_IDS else None
    if parsed is None or not parsed.keys:
        return unknown_match(source=source, evidence=label)
    if not parsed.is_compound and parsed.unknown:
        return unknown_match(source=source, evidence=label)
    chosen = choose_component(parsed)
    note = f"{label} ({parsed.operator or 'single'} of {', '.join(parsed.keys + parsed.unknown)})"
    if chosen == UNKNOWN_LICENSE:
        return unknown_match(source=source, evidence=note)
    return match_for_key(
        chosen, source=source, confidence=confidence, evidence=note, spdx=parsed.expression
    )


def _card_evidence(values: tuple[str, ...], source: LicenseSource) -> tuple[LicenseMatch, ...]:
    """One match for the card's (or the tags') license value(s); a list means all apply."""
    declared = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if not declared:
        return ()
    if len(declared) == 1:
        return (match_declared_id(declared[0], source),)
    return (match_declared_id(" AND ".join(f"({v})" for v in declared), source),)


def _license_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(tag[len(_TAG_PREFIX) :] for tag in tags if tag.lower().startswith(_TAG_PREFIX))


def _name_evidence(declaration: LicenseDeclaration) -> tuple[LicenseMatch, ...]:
    """license_name as an alias; suffixes like `-license` / `-license-agreement` may go."""
    license_name = declaration.license_name
    if not license_name or not license_name.strip():
        return ()
    name = license_name.strip()
    label = f"license-name: {name}"
    linked = match_link(name) if "://" in name else None  # some cards put the URL here
    key = linked.key if linked else find_license_key(name) or _find_without_suffix(name)
    if key is None:
        key, label = _publisher_alias_key(name, declaration, label)
    if key is None:
        return (unknown_match(source=LicenseSource.LICENSE_NAME, evidence=label),)
    confidence = _CONFIDENCE[LicenseSource.LICENSE_NAME]
    return (
        match_for_key(
            key, source=LicenseSource.LICENSE_NAME, confidence=confidence, evidence=label
        ),
    )


def _publisher_alias_key(
    name: str, declaration: LicenseDeclaration, label: str
) -> tuple[str | None, str]:
    """The entry a publisher-scoped name ("modified-mit") means for this repo, if any.

    Several publishers give their own, different terms the same name; the name identifies an
    entry only in a repo of that entry's publisher or beside a license_link the entry knows.
    """
    entries = find_publisher_aliases(name)
    if not entries:
        return None, label
    owner = (declaration.repo_id or "").partition("/")[0].lower()
    linked = match_link(declaration.license_link)
    for info in entries:
        if owner in {p.lower() for p in info.publishers}:
            return info.key, label
        if linked is not None and linked.key == info.key:
            return info.key, f"{label} (with license-link {declaration.license_link})"
    known_for = ", ".join(sorted({p for info in entries for p in info.publishers}))
    return None, (
        f"{label} (a name several publishers give their own terms; known only for {known_for}, "
        "and the card links no text llmaudit knows)"
    )


def _find_without_suffix(name: str) -> str | None:
    loose = loosen_name(name)
    for suffix in _NAME_SUFFIXES:
        if loose.endswith(suffix) and len(loose) > len(suffix) + 1:
            key = find_license_key(loose[: -len(suffix)])
            if key is not None:
                return key
    return None


def _link_evidence(link: str | None, files: tuple[LicenseFile, ...]) -> tuple[LicenseMatch, ...]:
    """A known license URL, a link to a repo file (classified with the file's text), or a
    web page llmaudit does not know."""
    if link is None:
        return ()
    label = f"license-link: {link.strip()}"
    found = match_link(link)
    if found is None:
        return _unread_page_evidence(link, label)
    if found.key is not None:
        confidence = _CONFIDENCE[LicenseSource.LICENSE_LINK]
        return (
            match_for_key(
                found.key, source=LicenseSource.LICENSE_LINK, confidence=confidence, evidence=label
            ),
        )
    if found.path and _find_file(files, found.path) is None:
        return (
            unknown_match(
                source=LicenseSource.LICENSE_LINK, evidence=f"{label} (file not available)"
            ),
        )
    return ()  # the linked file is classified with the other files


_UNREAD_PAGE = "a page llmaudit does not know; not read"


def _unread_page_evidence(link: str, label: str) -> tuple[LicenseMatch, ...]:
    """A license_link to a web page that is no known license text nor a file of the repo
    (`license: apache-2.0` with `license_link: https://example.com/model-license.pdf`): the
    page may hold other terms, so it is an unknown reading of its own (card-mismatch)."""
    if not link_is_web_page(link):
        return ()
    return (unknown_match(source=LicenseSource.LICENSE_LINK, evidence=f"{label} ({_UNREAD_PAGE})"),)


def unread_license_page(match: LicenseMatch) -> str | None:
    """The URL of a license_link evidence that points at a page llmaudit did not read."""
    if match.source is not LicenseSource.LICENSE_LINK or not match.is_unknown:
        return None
    label = match.evidence.removeprefix(f"{LicenseSource.LICENSE_LINK.value}: ")
    url, _, note = label.rpartition(" (")
    return url.strip() if note == f"{_UNREAD_PAGE})" else None


def _linked_path(link: str | None) -> str | None:
    found = match_link(link)
    return found.path if found else None


def _find_file(files: tuple[LicenseFile, ...], path: str) -> LicenseFile | None:
    wanted = path.lower()
    for file in files:
        if file.path.lower() == wanted:
            return file
    name = PurePosixPath(wanted).name
    return next((f for f in files if PurePosixPath(f.path.lower()).name == name), None)


def _file_evidence(
    files: tuple[LicenseFile, ...], *, linked: str | None
) -> tuple[LicenseMatch, ...]:
    linked_file = _find_file(files, linked) if linked else None
    ordered = sorted(files, key=lambda f: (f is not linked_file, f.path))
    found = {file.path: _identify_file(file, files) for file in ordered}
    # the files a pointer offers a choice between ("either of the licenses found in
    # LICENSE.APACHE or LICENSE.BSD") are that choice, not licenses of their own (#14)
    offered = {name.lower() for _, pointed in found.values() for name in pointed}
    return tuple(
        match
        for file in ordered
        if PurePosixPath(file.path).name.lower() not in offered
        for match in found[file.path][0]
    )


def identify_license_file(file: LicenseFile) -> LicenseMatch:
    """Identify a LICENSE file by its full text (fingerprints); unknown when unavailable."""
    return identify_file_licenses(file)[0]


def identify_file_licenses(
    file: LicenseFile, *, siblings: tuple[LicenseFile, ...] = ()
) -> tuple[LicenseMatch, ...]:
    """The file's license first, then any other license text found in the same file.

    A pointer ("either of the licenses found in LICENSE.APACHE or LICENSE.BSD") is read
    through the `siblings` it names (the repo's other license files).
    """
    return _identify_file(file, siblings)[0]


def _identify_file(
    file: LicenseFile, siblings: tuple[LicenseFile, ...]
) -> tuple[tuple[LicenseMatch, ...], list[str]]:
    """identify_file_licenses, and the sibling files a pointer in `file` was resolved with."""
    label = f"license-file: {file.path}"
    try:
        from llmaudit.licenses.fingerprint import identify_text
    except ImportError:  # full-text identification not installed: say so, never guess
        unavailable = f"{label} (text identification unavailable)"
        return (unknown_match(source=LicenseSource.LICENSE_FILE, evidence=unavailable),), []
    result = identify_text(file.text)
    pointed: list[str] = []
    if siblings:
        from llmaudit.licenses.combined import follow_pointer, resolved_pointer_files

        by_name = {PurePosixPath(f.path).name.lower(): f for f in siblings}
        result = follow_pointer(
            result,
            lambda name: (
                identify_text(by_name[name.lower()].text) if name.lower() in by_name else None
            ),
        )
        pointed = resolved_pointer_files(result)
    found = getattr(result, "license", result)
    if not isinstance(found, LicenseMatch) or found.is_unknown:
        reason = getattr(found, "evidence", "")
        why = f"{label} ({reason})" if reason else label
        return (unknown_match(source=LicenseSource.LICENSE_FILE, evidence=why),), []
    detail = f"{label} ({found.evidence})" if found.evidence else label
    primary = replace(found, source=LicenseSource.LICENSE_FILE, evidence=detail)
    return (primary, *_other_file_licenses(result, primary, label)), pointed


def _other_file_licenses(
    result: object, primary: LicenseMatch, label: str
) -> tuple[LicenseMatch, ...]:
    """A file holding two licenses reports both (policy sees the second as a conflict)."""
    others = []
    for text_match in getattr(result, "matches", ()):
        if getattr(text_match, "kind", "license") != "license" or text_match.key == primary.key:
            continue
        others.append(
            match_for_key(
                text_match.key,
                source=LicenseSource.LICENSE_FILE,
                confidence=float(getattr(text_match, "confidence", 0.0)),
                evidence=f"{label} (also contains {text_match.key})",
            )
        )
    return tuple(dict.fromkeys(m for m in others if not m.is_unknown))


def _choices(match: LicenseMatch) -> set[str]:
    """The licenses a match lets its user choose between: each part of an OR expression."""
    if " OR " not in match.spdx:
        return {match.key}
    from llmaudit.licenses.spdx import parse_spdx_expression

    parsed = parse_spdx_expression(match.spdx)
    if parsed is None or " AND " in match.spdx or " WITH " in match.spdx:
        return {match.key}
    return {match.key, *parsed.keys}


def _choose_primary(evidence: tuple[LicenseMatch, ...]) -> LicenseMatch:
    """The first known match by precedence; its confidence drops when others disagree.

    What the card's prose names never becomes the license (a license section also names
    base models' and datasets' licenses); it only binds as a further, stricter reading.
    """
    known = [m for m in evidence if not m.is_unknown and m.source is not LicenseSource.CARD_TEXT]
    if not known:
        reasons = "; ".join(
            m.evidence for m in evidence if m.evidence and m.source is not LicenseSource.CARD_TEXT
        )
        return unknown_match(evidence=reasons or "no license declared")
    primary = min(known, key=lambda m: (_PRECEDENCE.index(m.source), -m.confidence))
    chosen = _choices(primary)
    # a file that offers "Apache-2.0 OR BSD-2-Clause" agrees with a card naming either
    conflicts = sorted({m.key for m in known if m.key != primary.key and not chosen & _choices(m)})
    if not conflicts:
        return primary
    return replace(
        primary,
        confidence=min(primary.confidence, _CONFLICT_CONFIDENCE),
        evidence=f"{primary.evidence}; conflicts with {', '.join(conflicts)}",
    )
