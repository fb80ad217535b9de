"""License notices and pointers: the short forms that name a license without its text (#14).

Many LICENSE and NOTICE files hold only the standard header a license asks for (Apache's
"Licensed under the Apache License, Version 2.0", MPL-2.0's Exhibit A, the GNU "either
version 2.1 of the License, or (at your option) any later version"), an
`SPDX-License-Identifier:` line, or a pointer ("licensed under the MIT license or the Apache
License 2.0", "either of the licenses found in LICENSE.APACHE or LICENSE.BSD"). Each gives a
license or an SPDX expression together with the line it was read from.

The patterns run on the normalised tokens (normalize.py), so rewrapping, markdown, comment
markers and URL punctuation change nothing. A notice preceded by a negation ("not licensed
under") is ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from llmaudit.licenses.normalize import TokenStream, tokenize_text
from llmaudit.records import record

_GNU_FAMILIES = {
    "general": "GPL",
    "lesser general": "LGPL",
    "library general": "LGPL",
    "affero general": "AGPL",
}
_GNU_VERSIONS = {"GPL": ("1.0", "2.0", "3.0"), "LGPL": ("2.0", "2.1", "3.0"), "AGPL": ("3.0",)}
# A GNU notice says under what terms ("under the terms of the GNU ...", "as published by the
# Free Software Foundation"); a text that merely mentions "GNU GPL version 3" is no notice.
_GNU = re.compile(
    r"\b(?P<terms>(?:under|of) (?:the terms of )?the )?gnu "
    r"(?P<family>general|lesser general|library general|affero general) public license "
    r"(?P<fsf>as published by the free software foundation )?(?:either )?"
    r"version (?P<version>\d(?:\.\d)?)\b(?: of the license)?"
    r"(?P<later> or (?:at your option )?(?:any )?later(?: version)?)?"
)
_FIXED = (  # (a word the notice needs, pattern, SPDX id)
    (
        "apache",
        re.compile(r"\blicensed under (?:the )?apache license (?:version )?2\.0\b"),
        "Apache-2.0",
    ),
    (
        "mozilla",
        re.compile(r"\bsubject to the terms of the mozilla public license 2\.0\b"),
        "MPL-2.0",
    ),
    # Exhibit A rewrapped so that "v. 2.0." opens a line reads as an enumerator (certifi)
    (
        "mozilla",
        re.compile(
            r"\bsubject to the terms of the mozilla public license if copy of "
            r"the mpl was not distributed with this \w+ you can obtain one at "
            r"(?:http )?(?:www )?mozilla org mpl 2\.0\b"
        ),
        "MPL-2.0",
    ),
    (
        "eclipse",
        re.compile(
            r"\bavailable under the terms of the eclipse public license "
            r"(?:v2 0|2\.0)\b"
        ),
        "EPL-2.0",
    ),
    (
        "eclipse",
        re.compile(
            r"\bavailable under the terms of the eclipse public license "
            r"(?:v1 0|1\.0)\b"
        ),
        "EPL-1.0",
    ),
    # the CC0 dedication in its short form, as source files and vendored code carry it
    (
        "publicdomain",
        re.compile(
            r"\bdedicated all copyright and related and neighboring rights to this software "
            r"to the public domain worldwide\b(?: \w+){0,25}? creativecommons org "
            r"publicdomain zero 1\.0\b"
        ),
        "CC0-1.0",
    ),
)
# License names a pointer may use, in normalised tokens -> SPDX id.
_NAMES = {
    "mit": "MIT",
    "mit license": "MIT",
    "apache license version 2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache version 2.0": "Apache-2.0",
    "bsd 3 clause license": "BSD-3-Clause",
    "bsd 3 clause": "BSD-3-Clause",
    "bsd 2 clause license": "BSD-2-Clause",
    "bsd 2 clause": "BSD-2-Clause",
    "mozilla public license 2.0": "MPL-2.0",
    "isc license": "ISC",
    "unlicense": "Unlicense",
    "zlib license": "Zlib",
    "boost software license 1.0": "BSL-1.0",
    "modified bsd license": "BSD-3-Clause",
    "new bsd license": "BSD-3-Clause",
    "revised bsd license": "BSD-3-Clause",
    "3 clause bsd license": "BSD-3-Clause",
    "mit cmu license": "MIT-CMU",
    "2 clause bsd license": "BSD-2-Clause",
    "2 clause bsd": "BSD-2-Clause",
    "3 clause bsd": "BSD-3-Clause",
    "psf license version 2": "PSF-2.0",
    "python software foundation license version 2": "PSF-2.0",
    "cc0 1.0 universal": "CC0-1.0",
    "cc0 1.0": "CC0-1.0",
    "creative commons zero v1.0 universal": "CC0-1.0",
    "creative commons cc0 1.0 universal": "CC0-1.0",
}
# A Creative Commons license by its elements and version, as prose and badges name it:
# "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "CC BY-NC 4.0",
# NLTK's "Creative Commons Attribution-Noncommercial-No Derivative Works 3.0 United States".
# The elements decide the terms; a national port the knowledge base has no entry for is read
# as the license it ports (cc_license_id).
_CC_NAME = (
    r"(?:creative commons|cc) (?:attribution|by)(?: (?:non ?commercial|nc))?"
    r"(?: (?:share ?alike|sa|no ?derivatives|no ?derivs|no derivative works|nd))?"
    r" (?:licen[cs]e )?(?:version |v ?)?[1-4]\.[05]"
    r"(?: (?:international|unported|generic|united states|us))?"
)
_CC_VERSION = re.compile(r"[1-4]\.[05]")
_NAME = "|".join([*sorted((re.escape(n) for n in _NAMES), key=len, reverse=True), _CC_NAME])
_CHOICE = re.compile(
    rf"\b(?:dual licensed|licensed|distributed|available) under (?:the terms of )?"
    rf"(?:your choice of )?(?:either )?(?:of )?(?:the )?({_NAME})(?: license)?"
    rf"((?: (?:or|and or) (?:the )?(?:{_NAME})(?: license)?)+)\b"
)
# "Dual Licensed - GNU AFFERO GPL 3.0 or Artifex Commercial License" (pymupdf): a choice
# between two licenses, each named unambiguously: one we know, a GNU license by its short
# name and version, or a vendor's commercial license (a LicenseRef: no SPDX id, terms unknown,
# never chosen by choose_component, so never allowed by accident)
_GNU_SHORT = (
    r"(?:gnu )?(?:(?:affero|lesser|library) )?(?:agpl|lgpl|gpl)"
    r"(?: ?v\d|(?: version)? \d(?:\.\d)?)(?: or (?:any )?later(?: version)?)?"
)
_COMMERCIAL = r"(?:[a-z0-9]+ ){0,3}?commercial license"
_ALTERNATIVE = rf"(?:(?:{_NAME})(?: license)?|{_GNU_SHORT}|{_COMMERCIAL})"
_DUAL = re.compile(
    rf"\bdual licensed (?:under )?(?:the terms of )?(?:either )?(?:the )?({_ALTERNATIVE}) "
    rf"or (?:the )?({_ALTERNATIVE})\b"
)
_GNU_SHORT_PARTS = re.compile(
    r"^(?:gnu )?(?:(?P<family>affero|lesser|library) )?(?P<abbr>agpl|lgpl|gpl)"
    # "LGPL v2.1" tokenises as "lgpl v2 1"
    r"(?: ?v(?P<short>\d)(?: (?P<minor>\d))?|(?: version)? (?P<version>\d(?:\.\d)?))"
    r"(?P<later> or .*)?$"
)
_NOT_A_VENDOR = frozenset(["our", "separate", "proprietary", "paid", "their", "its", "your"])
# "partially in the public domain and partially released under the BSD 2-Clause license"
# (pycryptodome): the work is split between licenses, each for its part: all of them apply
PUBLIC_DOMAIN = "public-domain"
_PART_OF_WORK = re.compile(
    r"\b(?:partially|partly) (?:(?:released|licensed|distributed|available|placed|dedicated) )?"
    rf"(?:in|under|to) (?:the terms of )?(?:the )?(public domain|{_NAME})\b"
)
# any statement that a part of the work is under some terms, named or not
_PART_STATEMENT = re.compile(
    r"\b(?:partially|partly) (?:(?:released|licensed|distributed|available|placed|dedicated"
    r"|covered) )?(?:in|under|to|by)\b"
)
_PART_WORDS_OF_SPLIT = frozenset(["partially", "partly"])
_CHOICE_NAME = re.compile(rf"\b(?:or|and or) (?:the )?({_NAME})\b")
# "IPython is licensed under the terms of the Modified BSD License", "Pillow is licensed
# under the open source MIT-CMU License": one license named for the whole work ...
_SINGLE = re.compile(
    rf"\b(?:is|are) (?:also )?(?:primarily |mainly |mostly )?"
    rf"(?:licensed|released|distributed|made available) (?:primarily |mainly |mostly )?under "
    rf"(?:the terms of )?(?:the )?(?:open source )?({_NAME})\b(?! or )"
)
# ... but not for a part of it ("portions of this software are licensed under the MIT license")
_PART_WORDS = frozenset(
    [
        "portions",
        "portion",
        "parts",
        "part",
        "files",
        "file",
        "code",
        "some",
        "following",
        "components",
        "component",
        "vendored",
        "bundled",
        "third",
        "directory",
        "except",
        "contributions",
        "documentation",
        "examples",
    ]
)
_PART_LOOKBACK = 8  # tokens before "is licensed under" that may name a part of the work
# "This software contains code from the following open source projects, licensed under the
# Apache 2.0 license", "This product bundles decorator 4.0.10 which is available under a
# "2-clause BSD" license": the license of a part the work includes, not of the work itself
_COMPONENT = re.compile(
    rf"\b(?:licensed|available|released|distributed|provided) under "
    rf"(?:the terms of )?(?:the )?({_NAME})\b(?! or )"
)
_INCLUDING_WORDS = frozenset(
    ["contains", "bundles", "includes", "incorporates", "embeds", "vendors", "vendored"]
)
_COMPONENT_LOOKBACK = 25  # tokens before "licensed under" that may say what is included
# A table of included components with an SPDX id per row (Datadog's LICENSE-3rdparty.csv:
# "Component,Origin,License,Copyright"): a header row naming a License column.
_LEADING_SPACE = re.compile(r"\s*")
_TABLE_HEADER = re.compile(r"^[^\n,]*(?:,[^\n,]*)*,?[ \t]*\"?License\"?[ \t]*(?:,|$)", re.I)
# A list of included components with a "License:" field each (blosc2's miniexpr
# THIRD_PARTY_NOTICES.md: "### TinyExpr", "- Upstream: ...", "- License: zlib")
_LICENSE_FIELD = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?License:[ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE
)
MIN_LICENSE_FIELDS = 2  # one field is a README's own "License: MIT", not a list of parts
# "either of the licenses found in LICENSE.APACHE or LICENSE.BSD" (packaging, cryptography)
_FILE_POINTER = re.compile(
    r"\beither of the licenses found in (?:the files )?license ([a-z0-9]+) or license ([a-z0-9]+)"
)
# the line may close a comment or a markdown code span (`SPDX-License-Identifier: MIT`)
_SPDX_LINE = re.compile(
    r"SPDX-License-Identifier:[ \t]*([^\n`]+?)[ \t]*(?:\*/|-->|#}|`|$)", re.MULTILINE
)
# A Debian machine-readable copyright file (DEP-5, scikit-image's LICENSE.txt): "Files: *" is
# the whole work, and each paragraph's "License:" field names its license by a short name
_DEP5_WHOLE_WORK = re.compile(r"^Files:[ \t]*\*[ \t]*$", re.MULTILINE)
_DEP5_LICENSE = re.compile(r"^License:[ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE)
_DEP5_GNU_SHORT = re.compile(r"\b((?:A|L)?GPL)-(\d)(?![.\d])")  # GPL-2+ is GPL-2.0+
_DEP5_NAMES = {"expat": "MIT"}  # DEP-5's name for the MIT license
_NEGATIONS = frozenset(["not", "no", "never", "neither", "nor"])
# "distributed under the BSD license" (lxml): a family, not a license; its variant (2-, 3- or
# 4-clause, with or without the advertising or endorsement clause) is never guessed.
_BARE_BSD = re.compile(
    r"\b(?:licensed|released|distributed|available|licenced) under (?:the terms of )?"
    r"(?:the |a )?(?:simple |standard |original )?bsd(?: style| like)? license\b"
)


def find_split(tokens: tuple[str, ...] | list[str]) -> tuple[str, ...] | None:
    """The licenses a text says the work is split between, in its order (SPDX ids, or
    PUBLIC_DOMAIN): "partially in the public domain and partially released under the BSD
    2-Clause license". None when it says nothing of parts; empty when it says a part is
    under terms it does not name as a license we know ("partially under our own terms")."""
    if _PART_WORDS_OF_SPLIT.isdisjoint(tokens):
        return None
    joined = " ".join(tokens)
    said = len(_PART_STATEMENT.findall(joined))
    if not said:
        return None
    parts = [
        PUBLIC_DOMAIN if m.group(1) == "public domain" else license_id(m.group(1))
        for m in _PART_OF_WORK.finditer(joined)
    ]
    if not all(parts):
        return ()
    return tuple(dict.fromkeys(parts)) if len(parts) == said >= 2 else ()


def names_bsd_without_variant(stream: TokenStream) -> bool:
    """True when the text says it is under "the BSD license" without saying which."""
    return "bsd" in stream.tokens and _BARE_BSD.search(" ".join(stream.tokens)) is not None


@record(frozen=True, kw_only=True)
class Notice:
    """A license named by a standard notice, an SPDX line or a pointer, and where it is."""

    spdx: str  # SPDX id or expression; "" for a pointer to files we have not read
    # "notice" | "spdx-line" | "pointer" | "file-pointer" | "copyright-format" | "component"
    # (the license of a part the work includes, not of the work)
    kind: str
    start_token: int
    end_token: int
    start_line: int
    end_line: int
    files: tuple[str, ...] = ()  # the license files a file-pointer names (LICENSE.APACHE)


_NOTICE_WORDS = frozenset(["license", "licence", "licensed", "licenced", "spdx", "under"])


def text_may_hold_notices(stream: TokenStream) -> bool:
    """A cheap test before the patterns: every notice names "license" or "spdx", or says the
    work is "licensed" or "under" a license it names ("licensed under CC BY-NC-SA 4.0")."""
    return not _NOTICE_WORDS.isdisjoint(stream.tokens)


def find_notices(stream: TokenStream, text: str, *, parts: bool = True) -> tuple[Notice, ...]:
    """Every notice, SPDX line and pointer in the text, in the order they appear; with
    `parts`, also the licenses it names for parts the work includes (kind "component")."""
    joined = " ".join(stream.tokens)
    computed: list[list[int]] = []

    def starts() -> list[int]:
        """Where each token starts in `joined`, computed on the first match only."""
        if not computed:
            computed.append(_token_starts(stream.tokens))
        return computed[0]

    vocabulary = set(stream.tokens)
    found: list[Notice] = []
    for match in _GNU.finditer(joined) if "gnu" in vocabulary else ():
        family = _GNU_FAMILIES[match.group("family")]
        version = match.group("version")
        version = version if "." in version else version + ".0"
        if version in _GNU_VERSIONS[family] and (match.group("terms") or match.group("fsf")):
            suffix = "-or-later" if match.group("later") else "-only"
            found.append(_notice(f"{family}-{version}{suffix}", "notice", match, starts(), stream))
    for word, pattern, spdx in _FIXED:
        if word in vocabulary:
            found.extend(
                _notice(spdx, "notice", m, starts(), stream) for m in pattern.finditer(joined)
            )
    for match in _CHOICE.finditer(joined) if "under" in vocabulary else ():
        names = [match.group(1), *_CHOICE_NAME.findall(match.group(2))]
        ids = [license_id(n) for n in names]
        if all(ids):
            spdx = " OR ".join(dict.fromkeys(ids))
            found.append(_notice(spdx, "pointer", match, starts(), stream))
    for match in _DUAL.finditer(joined) if "dual" in vocabulary else ():
        alternatives = [_alternative_id(match.group(1)), _alternative_id(match.group(2))]
        if all(alternatives) and not _read_already(_token_at(match, starts()), found):
            spdx = " OR ".join(dict.fromkeys(alternatives))
            found.append(_notice(spdx, "pointer", match, starts(), stream))
    for match in _SINGLE.finditer(joined) if "under" in vocabulary else ():
        if not (spdx := license_id(match.group(1))):
            continue
        notice = _notice(spdx, "pointer", match, starts(), stream)
        before = stream.tokens[max(0, notice.start_token - _PART_LOOKBACK) : notice.start_token]
        if _PART_WORDS.isdisjoint(before) and not _read_already(notice.start_token, found):
            found.append(notice)
    if parts and not _INCLUDING_WORDS.isdisjoint(vocabulary) and "under" in vocabulary:
        found.extend(_components(joined, stream, starts(), found))
    for match in _FILE_POINTER.finditer(joined) if "either" in vocabulary else ():
        files = (f"LICENSE.{match.group(1).upper()}", f"LICENSE.{match.group(2).upper()}")
        found.append(_notice("", "file-pointer", match, starts(), stream, files=files))
    found = [n for n in found if not _negated(stream.tokens, n.start_token)]
    found.extend(_spdx_lines(text))
    if parts:
        found.extend(_component_table(text))
        if not _INCLUDING_WORDS.isdisjoint(vocabulary):
            found.extend(_component_fields(text))
    found.extend(_copyright_format(text))
    return tuple(sorted(found, key=lambda n: (n.start_line, n.start_token, n.spdx)))


def _components(
    joined: str, stream: TokenStream, starts: list[int], found: list[Notice]
) -> list[Notice]:
    """The licenses the text names for parts it says the work includes (kind "component"),
    where no other notice was read from the same words."""
    components = []
    for match in _COMPONENT.finditer(joined):
        if not (spdx := license_id(match.group(1))):
            continue
        notice = _notice(spdx, "component", match, starts, stream)
        before = stream.tokens[
            max(0, notice.start_token - _COMPONENT_LOOKBACK) : notice.start_token
        ]
        if _INCLUDING_WORDS.isdisjoint(before) or _read_already(notice.start_token, found):
            continue
        components.append(notice)
    return components


def _component_table(text: str) -> list[Notice]:
    """One component notice per license of a CSV table of included components whose
    "License" column holds SPDX ids; none when a row names a license we do not know."""
    leading = _LEADING_SPACE.match(text)
    start = leading.end() if leading else 0
    end = text.find("\n", start)
    head = text[start : end if end >= 0 else len(text)]
    if "," not in head or "icense" not in head or not _TABLE_HEADER.match(head):
        return []
    body = text[end + 1 :] if end >= 0 else ""
    import csv

    rows = list(csv.reader([head, *body.splitlines()]))
    names = [c.strip().strip('"').lower() for c in rows[0]]
    if "license" not in names or len(rows) < 2:
        return []
    column = names.index("license")
    offset = text.count("\n", 0, start)
    notices: dict[str, Notice] = {}
    for number, row in enumerate(rows[1:], start=2 + offset):
        if not any(cell.strip() for cell in row):
            continue
        spdx = _checked_expression(row[column].strip()) if len(row) > column else ""
        if not spdx:
            return []
        notices.setdefault(spdx, _line_notice(spdx, "component", number))
    return list(notices.values())


def _component_fields(text: str) -> list[Notice]:
    """One component notice per license of a list of included components, each with a
    "License:" field naming a license we know by SPDX id or name; none when one field names
    a license we do not know, or in a Debian copyright file (its own "License:" fields)."""
    if "License:" not in text or _DEP5_WHOLE_WORK.search(text):
        return []
    fields = list(_LICENSE_FIELD.finditer(text))
    if len(fields) < MIN_LICENSE_FIELDS:
        return []
    notices: dict[str, Notice] = {}
    for field in fields:
        value = field.group(1).strip("`*_ ")
        phrase = " ".join(tokenize_text(value).tokens)
        spdx = _checked_expression(value) or _alternative_id(phrase)
        if not spdx:
            return []
        line = text.count("\n", 0, field.start()) + 1
        notices.setdefault(spdx, _line_notice(spdx, "component", line))
    return list(notices.values())


def _token_starts(tokens: tuple[str, ...]) -> list[int]:
    return [start + i for i, start in enumerate(accumulate(map(len, tokens[:-1]), initial=0))]


def _notice(
    spdx: str,
    kind: str,
    match: re.Match[str],
    starts: list[int],
    stream: TokenStream,
    *,
    files: tuple[str, ...] = (),
) -> Notice:
    first = bisect_right(starts, match.start()) - 1
    last = max(first, bisect_right(starts, match.end() - 1) - 1)
    return Notice(
        spdx=spdx,
        kind=kind,
        start_token=first,
        end_token=last,
        start_line=stream.lines[first],
        end_line=stream.lines[last],
        files=files,
    )


def _read_already(token: int, found: list[Notice]) -> bool:
    """Whether a notice already found spans the token: its words say one thing only."""
    return any(n.start_token <= token <= n.end_token for n in found)


def _token_at(match: re.Match[str], starts: list[int]) -> int:
    return bisect_right(starts, match.start()) - 1


def _alternative_id(phrase: str) -> str:
    """The SPDX id (or LicenseRef) of one license a dual-licensing statement offers, "" when
    it does not name one unambiguously."""
    phrase = phrase.removesuffix(" license") if phrase not in _NAMES else phrase
    if named := license_id(phrase):
        return named
    if phrase.endswith("commercial"):
        vendor = phrase.split()[:-1]
        if not _NOT_A_VENDOR.isdisjoint(vendor):
            return "LicenseRef-commercial"
        return "LicenseRef-" + "-".join([*vendor, "commercial"])
    parts = _GNU_SHORT_PARTS.match(phrase)
    if parts is None:
        return ""
    family = {"affero": "AGPL", "lesser": "LGPL", "library": "LGPL"}.get(
        parts.group("family") or "", parts.group("abbr").upper()
    )
    version = parts.group("short") or parts.group("version")
    if parts.group("minor"):
        version += "." + parts.group("minor")
    version = version if "." in version else version + ".0"
    if version not in _GNU_VERSIONS[family]:
        return ""
    return f"{family}-{version}{'-or-later' if parts.group('later') else '-only'}"


def license_id(phrase: str) -> str:
    """The SPDX id of a license name in normalised tokens ("apache license 2.0", "cc by nc
    4.0"), "" when the phrase names no license the knowledge base knows exactly."""
    if phrase in _NAMES:
        return _NAMES[phrase]
    if not re.fullmatch(_CC_NAME, phrase):
        return ""
    return cc_license_id(phrase)


def cc_license_id(phrase: str) -> str:
    """The SPDX id of a Creative Commons name by its elements ("creative commons attribution
    noncommercial no derivative works 3.0 united states" -> CC-BY-NC-ND-3.0), "" when the
    knowledge base has no such license (CC-BY-ND-3.0: unknown, never a neighbour)."""
    from llmaudit.licenses.hub_ids import find_license_key
    from llmaudit.licenses.knowledge import get_license

    words = phrase.replace("non commercial", "noncommercial").split()
    elements = ["CC-BY"]
    if not {"noncommercial", "nc"}.isdisjoint(words):
        elements.append("NC")
    if not {"derivatives", "noderivatives", "derivs", "noderivs", "derivative", "nd"}.isdisjoint(
        words
    ):
        elements.append("ND")
    if not {"sharealike", "alike", "sa"}.isdisjoint(words):
        elements.append("SA")
    version = _CC_VERSION.search(phrase)
    if version is None:
        return ""
    spdx = "-".join([*elements, version.group(0)])
    key = find_license_key(spdx)
    info = get_license(key) if key else None
    return info.spdx if info is not None and info.spdx.casefold() == spdx.casefold() else ""


def _negated(tokens: tuple[str, ...], start: int) -> bool:
    return not _NEGATIONS.isdisjoint(tokens[max(0, start - 4) : start])


def _spdx_lines(text: str) -> list[Notice]:
    """`SPDX-License-Identifier:` lines whose expression names known licenses."""
    if "SPDX-License-Identifier" not in text:
        return []
    notices = []
    for match in _SPDX_LINE.finditer(text):
        spdx = _checked_expression(match.group(1).strip())
        if spdx:
            line = text.count("\n", 0, match.start()) + 1
            notices.append(_line_notice(spdx, "spdx-line", line))
    return notices


def _copyright_format(text: str) -> list[Notice]:
    """A DEP-5 copyright file's licenses: every paragraph's "License:" field applies to its
    files, so the file's license is the AND of them all, with the line of the first field
    after "Files: *" as evidence; none when a field names a license we do not know."""
    whole = _DEP5_WHOLE_WORK.search(text) if "Files:" in text else None
    if whole is None:
        return []
    fields = list(_DEP5_LICENSE.finditer(text))
    first = next((f for f in fields if f.start() > whole.start()), None)
    if first is None:
        return []
    expressions = [_dep5_expression(f.group(1)) for f in fields]
    if not all(expressions):
        return []
    parts = list(dict.fromkeys(expressions))
    spdx = parts[0] if len(parts) == 1 else " AND ".join(f"({p})" if " " in p else p for p in parts)
    line = text.count("\n", 0, first.start()) + 1
    return [_line_notice(spdx, "copyright-format", line)]


def _line_notice(spdx: str, kind: str, line: int) -> Notice:
    """A notice read from one line, not from the token stream (no token span)."""
    return Notice(
        spdx=spdx, kind=kind, start_token=-1, end_token=-1, start_line=line, end_line=line
    )


def _dep5_expression(value: str) -> str:
    """The SPDX expression of a DEP-5 short name ("BSD-3-clause", "Expat", "GPL-2+ or MIT")."""
    value = _DEP5_GNU_SHORT.sub(r"\1-\2.0", value)
    return _checked_expression(" ".join(_DEP5_NAMES.get(w.lower(), w) for w in value.split()))


def _checked_expression(value: str) -> str:
    """The SPDX expression of an identifier line when every license in it is known, else "".

    A single id the knowledge base knows is answered without license-expression (~50 ms,
    felt on the pre-commit path).
    """
    from llmaudit.licenses.hub_ids import find_license_key
    from llmaudit.licenses.knowledge import get_license

    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-+]*", value):
        key = find_license_key(value)
        info = get_license(key) if key else None
        if info is not None and info.spdx.casefold() == value.casefold():
            return info.spdx
    from llmaudit.licenses.spdx import parse_spdx_expression

    parsed = parse_spdx_expression(value)
    if parsed is None or parsed.unknown or not parsed.keys:
        return ""
    return parsed.expression
