"""Files that hold several texts: which one is the file's own license (issue #14).

A package's LICENSE often starts with its own license and then bundles the texts of the
third-party code it vendors (pyarrow: Apache-2.0, then BSD, MIT, zlib, ...). The file's
license is its first complete text; a bundled text further down never displaces it. When the
file starts with license terms we do not know (matplotlib's own license, then a font's OFL),
the answer is unknown, not the first text we happen to know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import compress

from llmaudit.licenses.normalize import TokenStream
from llmaudit.licenses.notices import PUBLIC_DOMAIN, Notice, find_split
from llmaudit.models import (
    UNKNOWN_LICENSE,
    LicenseMatch,
    LicenseSource,
    TextIdentification,
    TextMatch,
)
from llmaudit.records import record

# Words of a grant or a disclaimer: a preamble holding them is license terms, not a title.
_TERMS_WORDS = frozenset(
    [
        "permission",
        "permitted",
        "redistribution",
        "redistributions",
        "redistribute",
        "warranty",
        "warranties",
        "liable",
        "liability",
        "hereby",
        "granted",
        "grant",
        "prohibited",
        "restrictions",
        "royalty",
        "sublicense",
        "infringement",
    ]
)
# Words that offer a choice between the texts that follow ("dual licensed", "either of").
_CHOICE_WORDS = frozenset(["either", "dual", "choice", "option", "alternatively"])
# ... for some of the work only ("Some files are explicitly dual licensed under your choice
# of ...", biopython): the rest of it has no choice, so the file offers none
_SOME_OF = frozenset(["some", "certain", "portions", "portion", "parts"])
_SOME_LOOKBACK = 8  # words before a choice word that may say it is for some of the work
# ... of which those that name two licenses to choose from, not an option inside one
_DUAL_WORDS = frozenset(["dual", "choose", "choice"])
# Words that introduce bundled third-party texts after a package's own license.
_BUNDLE_WORDS = frozenset(
    [
        "third",
        "party",
        "bundled",
        "bundles",
        "vendored",
        "vendor",
        "portions",
        "portion",
        "includes",
        "included",
        "incorporates",
        "derived",
        "contains",
        "components",
        "component",
        "dependencies",
        "dependency",
        "following",
        "files",
        "directory",
        "subdirectory",
        "modules",
    ]
)
# ... of them, those that announce a part rather than speak of the licensed work itself
# ("the documentation included with the redistribution", "retain the following
# acknowledgment" are license text)
_ANNOUNCING_WORDS = _BUNDLE_WORDS - frozenset(["following", "included", "includes", "derived"])
_NUMBER = re.compile(r"[\d.]+")
# Phrases that take commercial use away ("may not be used for commercial purposes", "research
# use only"). A known license with such words before or after it is not that license: the
# file adds terms of its own (issue #14: never a wrong "allowed").
_USE_RESTRICTION = re.compile(
    # every phrase starts a word with one of these letters: one test per position, not one per
    # phrase (the pattern runs over every added or trailing passage)
    r"\b(?=[abceimnoprsw])(?:"
    r"(?<!commercial and )(?<!commercial or )\bnon ?commercial\b(?! (?:and|or) commercial\b)"
    r"|\b(?:cc )?by nc\b"
    r"|\b(?:not|cannot) (?:to )?(?:be )?(?:used? )?for (?:any )?commercial\b"
    r"|\bmay not (?:\w+ ){0,4}for (?:any )?commercial\b"
    r"|\bno commercial (?:use|usage|purposes?|exploitation)\b"
    r"|\bcommercial (?:use|usage|purposes?) (?:is |are )?(?:not (?:permitted|allowed)|prohibited|forbidden)\b"
    r"|\bcommercial (?:use|usage|purposes?) (?:requires?|needs?|is subject to) (?:a |an )?(?:paid|separate|commercial|written)\b"
    r"|\b(?:research|academic|evaluation|personal|educational) (?:use|usage|purposes?) only\b"
    r"|\b(?:only|solely|exclusively) for (?:non ?commercial|research|academic|evaluation|personal)\b"
    # ... and other restrictions of who may use it, where or how: a permissive text with such
    # a sentence is another license (JSON's "for Good, not Evil", BSD-3-Clause-No-Military,
    # Kimi's modified MIT, Odoo's proprietary license written around MIT's disclaimer, Atmel's
    # "may only be redistributed and used in connection with an Atmel microcontroller", firmware
    # licenses that permit redistribution "without modification" and no reverse engineering)
    r"|\bshall be used for good\b"
    r"|\b(?:military|nuclear)\b"
    r"|\bnot (?:(?:designed|licensed|intended|authori[sz]ed) (?:or |and )?){1,3}for use in\b"
    r"|\b(?:may|can|must|shall) only be (?:\w+ (?:and|or) )?used\b"
    r"|(?<!with or )\bwithout modification\b"
    r"|\breverse engineer(?:ing|ed)?\b"
    r"|\bpurchased? a (?:valid )?licen[cs]e\b"
    r"|\bit is forbidden to\b"
    r"|\bmonthly active users\b"
    # a grant narrowed to some use or platform (MS-LPL's "(F) Platform Limitation- The
    # licenses granted in sections 2(A) & 2(B) extend only to the software or derivative
    # works that you create that run on a Microsoft Windows operating system product")
    r"|\bextends? only to\b"
    r")"
)


def find_use_restriction(words: list[str] | tuple[str, ...]) -> str:
    """The first phrase in `words` that takes commercial use away, or ""."""
    found = _USE_RESTRICTION.search(" ".join(words))
    return found.group(0) if found else ""


def find_use_restriction_spans(words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Every phrase in `words` that takes commercial use away: (first word, last word, phrase)."""
    joined = " ".join(words)
    return [
        (joined.count(" ", 0, m.start()), joined.count(" ", 0, m.end() - 1), m.group(0))
        for m in _USE_RESTRICTION.finditer(joined)
    ]


# Clauses that add terms of their own to a license that does not have them (issue #14):
# X11's advertising ban after MIT's text, a choice of law after zlib's, a GPL linking
# exception after the GPL notice, an export-control paragraph after BSD-3-Clause. Each
# alternative is a class of clause; a reference whose own text has a clause of a class
# (BSD-3-Clause's endorsement clause, GPL-2.0's "special exception", Apache-2.0's patent
# grant) does not doubt an edit of that class inside its text (Reference.terms). Tokens
# are normalised: single letters are gone ("as a special exception" reads "as special").
_ADDED_TERMS = re.compile(
    r"\b(?:"
    r"(?P<advertising>(?:in|for) advertising\b|advertising or publicity\b"
    r"|endorse or promote\b|promote the sale\b|promote products\b)"
    r"|(?P<acknowledgement>acknowledge?ments?\b)"
    r"|(?P<law>(?:governed|construed|interpreted) (?:\w+ ){0,6}by (?:\w+ ){0,4}laws? of\b"
    r"|laws of the (?:state|commonwealth|republic|federal)\b|courts? of\b|jurisdiction of\b"
    r"|disputes?\b|venue\b|arbitration\b)"
    r"|(?P<exception>special exceptions?\b|additional permissions?\b"
    r"|with the following exceptions?\b"
    r"|exceptions? to the (?:gnu|terms|gpl|lgpl|agpl)\b|linking exception\b"
    r"|library exception\b)"
    r"|(?P<termination>terminat(?:e|es|ed|ion)\b)"
    r"|(?P<patent>patents?\b)"
    r"|(?P<export>export (?:laws?|regulations?|controls?|administration)\b|embargo(?:ed|es)?\b)"
    r"|(?P<relicensing>relicens\w*|licen[cs]ed under both\b)"
    r"|(?P<unmodified>unmodified\b|unchanged\b)"
    r"|(?P<marking>(?:clearly|plainly) marked\b)"
    r"|(?P<additional>additional (?:\w+ )?terms?\b)"
    # a document that amends the license it names: the LLGPL's preamble "takes precedence
    # over the LGPL", Tanuki's agreement "must be complied with in addition to those of the
    # GPLv2"
    r"|(?P<amendment>takes? precedence\b|supersedes?\b"
    r"|in addition to (?:those|the terms|the conditions|the obligations) of\b)"
    r"|(?P<indemnity>indemnif\w*)"
    r"|(?P<field_of_use>should not be used\b|fault tolerant\b|human life\b|life support\b"
    r"|hazardous (?:environments?|activities)\b|high risk activities\b)"
    r"|(?P<commercial_license>commercial licen[cs]es?\b)"
    # conditions set by the form a work is distributed in, which zlib's or MIT's text never
    # distinguishes: D's zlib grants redistribution "in both source and binary form"
    r"|(?P<forms>(?:source|binary) (?:and|or) (?:source|binary|object) (?:code )?forms?\b)"
    r"|(?P<written_permission>without (?:specific )?(?:prior )?written (?:prior )?"
    r"(?:permission|authori[sz]ation|consent)\b)"
    r")"
)


def find_added_terms_spans(words: tuple[str, ...]) -> list[tuple[int, int, str, str]]:
    """Every clause phrase in `words` that adds terms (_ADDED_TERMS): (first word, last
    word, phrase, class)."""
    joined = " ".join(words)
    return [
        (
            joined.count(" ", 0, m.start()),
            joined.count(" ", 0, m.end() - 1),
            m.group(0),
            m.lastgroup or "",
        )
        for m in _ADDED_TERMS.finditer(joined)
    ]


MAX_PREAMBLE = 150  # words before the first license text: more is another document
MAX_TERMS_PREAMBLE = 40  # ... and more than this, with grant words, is an unknown license
MIN_TERMS_WORDS = 2
POINTER_PREFIX = "pointer:"  # the key of a notice that points to other files for the text
NOTICE_CONFIDENCE = 0.9  # a standard notice names its license exactly, but not its terms


@record(frozen=True, kw_only=True)
class Preamble:
    """What a file says before its first known license text (copyright lines left out)."""

    words: int
    terms: bool  # it reads as license terms (grant or disclaimer words)
    choice: bool  # it offers a choice between licenses
    # it offers the licensee a choice of two licenses in so many words ("dual-licensed",
    # "you may choose either license"), not one license's option to be treated as another
    dual: bool = False
    restriction: str = ""  # a phrase that takes commercial use away ("research use only")
    added: str = ""  # a clause phrase that adds terms (_ADDED_TERMS: "governed by the laws of")
    exception: str = ""  # an exception that only grants permission (see Postscript.exception)
    # the licenses it says the work is split between ("partially in the public domain and
    # partially released under the BSD 2-Clause license"): it describes the parts, no terms;
    # None: it says nothing of parts; empty: a part is under terms it names no license for
    split: tuple[str, ...] | None = None
    # the exception it names the license "with" ("The Cryptographic Autonomy License, v. 1.0,
    # with Combined Work Exception"), whose terms the file may not hold
    named_exception: str = ""

    def note(self) -> str:
        """What the evidence says of an exception that only grants permission; "" if none."""
        return _exception_note(self.exception)

    def problem(self, *, exception_ok: bool = True) -> str:
        """Why the first known text cannot be the file's license; "" when it can. With
        `exception_ok`, an exception that only grants permission may be as long as it
        takes (before a full text; before a notice the notice may be the exception's own
        words: "you comply with the terms of Section 6 of the GNU Lesser General Public
        License" inside Qt's LGPL exception)."""
        if self.restriction:
            return f"the file adds terms before the license text: {self.restriction!r}"
        if self.added:
            return f"the file adds a clause of its own before the license text: {self.added!r}"
        if self.split == ():
            return "the file says a part of the work is under terms it names no known license for"
        if self.exception and exception_ok:
            # an exception that only grants permission (the GCC Runtime Library Exception
            # before the GPL-3.0 text): the license's own terms stay available, however long
            return ""
        if self.exception:
            return f"the file starts with an exception to a license: {self.exception!r}"
        if self.named_exception and not exception_ok:
            # before a notice: the work's license is the notice's with an exception we cannot
            # name (exception ids are not guessed). Before a full text the exception's own
            # text, if the file holds it, is judged where it stands (LLVM's after Apache-2.0)
            return f"the file names its license with an exception: {self.named_exception!r}"
        if self.words > MAX_PREAMBLE:
            return f"the file starts with {self.words} words that are no known license text"
        if self.terms and self.words > MAX_TERMS_PREAMBLE and not self.split:
            return f"the file starts with {self.words} words of license terms we do not know"
        return ""


def read_preamble(
    tokens: tuple[str, ...],
    lines: tuple[int, ...],
    start: int,
    explained: frozenset[int] = frozenset(),
) -> Preamble:
    """The words before token `start`, not counting lines that hold a copyright statement,
    numbers (a release table), nor the tokens in `explained` (another reference text of the
    same license holds them: CPython's history section before its license stack)."""
    copyright_lines = set(compress(lines, map("copyright".__eq__, tokens)))
    words = [
        t
        for i, (t, line) in enumerate(zip(tokens[:start], lines[:start], strict=True))
        if line not in copyright_lines and i not in explained and not _NUMBER.fullmatch(t)
    ]
    vocabulary = set(words)
    return Preamble(
        words=len(words),
        terms=len(vocabulary & _TERMS_WORDS) >= MIN_TERMS_WORDS,
        choice=not vocabulary.isdisjoint(_CHOICE_WORDS) and _offers_choice(words),
        dual=not vocabulary.isdisjoint(_DUAL_WORDS) and _offers_choice(words),
        restriction=find_use_restriction(words),
        split=find_split(tokens[:start]),
        named_exception=_find_named_exception(words),
        # every word but those of the license itself: a clause may name the copyright holder
        **_clause_or_exception([t for i, t in enumerate(tokens[:start]) if i not in explained]),
    )


# "with <up to three words> exception(s)", not "with the exception of" some files
_NAMED_EXCEPTION = re.compile(r"\bwith (?:\w+ ){0,3}exceptions?\b(?! of\b)")


def _find_named_exception(words: list[str]) -> str:
    """The phrase naming a license "with" an exception in `words` ("with combined work
    exception"), or ""."""
    found = _NAMED_EXCEPTION.search(" ".join(words)) if "with" in words else None
    return found.group(0) if found else ""


_EXCEPTION_REACH = 12  # words before a GNU notice where an exception describes itself


def describes_exception(tokens: tuple[str, ...], notice: Notice) -> bool:
    """True when a notice's words belong to an exception describing itself ("This GCC
    Runtime Library Exception is an additional permission under section 7 of the GNU
    General Public License, version 3"): it names the license the exception modifies, not
    the license of a work."""
    if notice.start_token < 0:
        return False
    window = tokens[max(0, notice.start_token - _EXCEPTION_REACH) : notice.end_token + 1]
    return any(kind == "exception" for *_, kind in find_added_terms_spans(window))


def _clause_or_exception(words: list[str]) -> dict[str, str]:
    """The first clause phrase of `words` (_outside_clauses: none of _INSIDE_ONLY) as
    {"added": phrase}, or {"exception": phrase} when every such phrase is an exception
    that only grants permission (_grants_only); {} when there is none."""
    spans = _outside_clauses(tuple(words))
    if not spans:
        return {}
    if all(kind == "exception" for *_, kind in spans) and _grants_only(words):
        return {"exception": spans[0][2]}
    return {"added": spans[0][2]}


def _offers_choice(words: list[str]) -> bool:
    """True when the choice words offer the whole work a choice: not only the idiom "in
    either case" (both apply), and none of them for some of the work only."""
    chosen = [i for i, w in enumerate(words) if w in _CHOICE_WORDS]
    if all(words[i] == "either" and words[i + 1 : i + 2] == ["case"] for i in chosen):
        return False
    return all(_SOME_OF.isdisjoint(words[max(0, i - _SOME_LOOKBACK) : i]) for i in chosen)


@record(frozen=True, kw_only=True)
class Postscript:
    """What the text right after the file's license does to it."""

    problem: str = ""  # why the file is then unknown; "" when the license stands
    restriction: str = ""  # the phrase that takes commercial use away, if that is why
    # the clause phrase of its own it goes on with (_ADDED_TERMS), if that is why
    added: str = ""
    # an exception that only grants more permission ("as a special exception, the copyright
    # holders give permission to link this program with the OpenSSL library"): the license
    # stands, its obligations unchanged, and the evidence says so
    exception: str = ""

    def note(self) -> str:
        """What the evidence says of an exception that only grants permission; "" if none."""
        return _exception_note(self.exception)


def _exception_note(phrase: str) -> str:
    if not phrase:
        return ""
    return (
        f" (with an exception that only grants more permission, {phrase!r}: "
        "the license's own obligations hold)"
    )


def read_postscript(
    tokens: tuple[str, ...],
    lines: tuple[int, ...],
    start: int,
    end: int,
    explained: frozenset[int] = frozenset(),
    has: frozenset[str] = frozenset(),
) -> Postscript:
    """Why the text right after the file's license (tokens `start` to `end`, up to the next
    known text) makes it unknown: terms we do not know that continue the license (the
    patent grant of BSD-2-Clause-Patent, the BeOpen part of the Python stack) rather than a
    bundled third-party section ("Portions of this software ..."), or words that take
    commercial use away, however few, or a clause of its own (_ADDED_TERMS, see
    _own_clause; `explained` and `has` are the license's own tokens and clause classes)."""
    copyright_lines = set(compress(lines, map("copyright".__eq__, tokens)))
    words = [
        t
        for t, line in zip(tokens[start:end], lines[start:end], strict=True)
        if line not in copyright_lines
    ]
    if restriction := find_use_restriction(words):
        problem = f"the license goes on with terms of its own: {restriction!r}"
        return Postscript(problem=problem, restriction=restriction)
    clauses = _own_clauses(tokens, start, end, explained, has)
    if clauses and all(kind == "exception" for _, kind in clauses) and _grants_only(words):
        return Postscript(exception=clauses[0][0])
    if clauses:
        added = clauses[0][0]
        return Postscript(
            problem=f"the license goes on with a clause of its own: {added!r}", added=added
        )
    if len(words) <= MAX_TERMS_PREAMBLE or len(set(words) & _TERMS_WORDS) < MIN_TERMS_WORDS:
        return Postscript()
    # the bundled section is announced before any terms: in the first 40 words, or before
    # the first terms word when a list of contributors comes first (musl's COPYRIGHT)
    first_terms = next(i for i, word in enumerate(words) if word in _TERMS_WORDS)
    if not _BUNDLE_WORDS.isdisjoint(words[: max(MAX_TERMS_PREAMBLE, first_terms)]):
        return Postscript()
    return Postscript(
        problem=f"the license goes on with {len(words)} words of terms we do not know"
    )


def _own_clauses(
    tokens: tuple[str, ...],
    start: int,
    end: int,
    explained: frozenset[int] = frozenset(),
    has: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """The clause phrases and their classes (_ADDED_TERMS) in tokens `start` to `end`
    after a license, none when the words before the first announce a bundled part
    ("Portions of this software ..."): X11's advertising ban after MIT's text, not a
    vendored library's own terms. Every word counts, copyright lines too ("the name of the
    copyright holder shall not be used in advertising"), but not the license's own last
    words, which an edit near its end leaves out of the matched span: a phrase wholly in
    `explained`, or one of a class `has` (the license's own clause classes) in the first
    TAIL_WORDS words ("... exclusive jurisdiction over any dispute arising out of this
    Agreement" at the end of DBRX's text, edited)."""
    words = tokens[start:end]
    kept = [
        (first, phrase, kind)
        for first, last, phrase, kind in _outside_clauses(words)
        if not all(start + i in explained for i in range(first, last + 1))
        and not (kind in has and first < TAIL_WORDS)
    ]
    announcement = words[: min(kept[0][0], MAX_TERMS_PREAMBLE)] if kept else ()
    if not kept or not _ANNOUNCING_WORDS.isdisjoint(announcement):
        return []
    return [(phrase, kind) for _, phrase, kind in kept]


# Words that deny or take away: an exception holding them restricts as well as permits.
# Every FSF document says of itself "changing it is not allowed": no term of the license.
_DENIAL = re.compile(
    r"\b(?:may not|must not|shall not|cannot|can not|(?<!changing it is )not (?:allowed|permitted)|do not use"
    r"|prohibit\w*|forbid\w*)\b"
)


def _grants_only(words: list[str]) -> bool:
    """True when words holding an exception only give permission ("the copyright holders
    give permission to link this program with the OpenSSL library"): none deny or restrict
    (pretix's "do NOT use pretix for any of the following purposes"). A condition on the
    permission ("provided that all Target Code was generated by ...") only narrows what it
    adds: the license's own terms stay available whatever it says."""
    joined = " ".join(words)
    return (
        "permission" in words
        and not _DENIAL.search(joined)
        and not find_use_restriction(words)
        and not _states_restriction(tuple(words))
    )


TAIL_WORDS = 12  # words after a matched text that may still be its edited last clause
# Clause classes read only inside a license text: outside one, "redistributed unmodified"
# describes what a file ships rather than setting a condition
_INSIDE_ONLY = frozenset(["unmodified", "forms"])
# Outside a license text, a patent phrase with a negation this near disclaims rather than
# sets a term: "may be subject to patent rights of others, and no such rights are granted"
# (OpenJPEG's BSD-2-Clause)
_DISCLAIMER_REACH = 8
_NEGATIONS = frozenset(["no", "not", "nor", "neither", "without"])


def _outside_clauses(words: tuple[str, ...]) -> list[tuple[int, int, str, str]]:
    """The clause phrases (find_added_terms_spans) that count in words outside a license
    text: none of _INSIDE_ONLY, and no patent phrase that disclaims."""
    return [
        (first, last, phrase, kind)
        for first, last, phrase, kind in find_added_terms_spans(words)
        if kind not in _INSIDE_ONLY
        and not (
            kind == "patent"
            and not _NEGATIONS.isdisjoint(
                words[max(0, first - _DISCLAIMER_REACH) : last + _DISCLAIMER_REACH + 1]
            )
        )
    ]


# SPDX ids of public-domain dedications: the texts a "partially in the public domain" part holds
_PUBLIC_DOMAIN_TEXTS = frozenset(["Unlicense", "CC0-1.0", "CC-PDDC"])


def join_split(parts: tuple[str, ...], spdx_ids: list[str]) -> str:
    """The `AND` expression of the texts a file split between licenses holds, when each text
    is one of the parts its preamble named and each part has its text; "" otherwise."""
    unique = list(dict.fromkeys(spdx_ids))
    named = [PUBLIC_DOMAIN if s in _PUBLIC_DOMAIN_TEXTS else s for s in unique]
    if len(named) != len(set(named)) or set(named) != set(parts):
        return ""
    return " AND ".join(unique)


def join_choice(spdx_ids: list[str]) -> str:
    """An SPDX `OR` expression of the licenses a file offers, in the file's order."""
    unique = list(dict.fromkeys(spdx_ids))
    return " OR ".join(f"({s})" if " " in s else s for s in unique)


def notice_match(notice: Notice) -> TextMatch:
    """A notice as one of the texts found in a file (kind "notice", its SPDX as the key)."""
    return TextMatch(
        key=notice.spdx or POINTER_PREFIX + "+".join(notice.files),
        kind="notice",
        coverage=1.0,
        confidence=NOTICE_CONFIDENCE if notice.spdx else 0.0,
        start_line=notice.start_line,
        end_line=notice.end_line,
    )


def identify_by_notice(
    notice: Notice,
    matches: tuple[TextMatch, ...],
    stream: TokenStream,
    text: str,
) -> TextIdentification:
    """The file's license from the notice that opens it (evidence: the notice's line)."""
    from llmaudit.licenses.packages import match_license_string

    start = (
        notice.start_token if notice.start_token >= 0 else stream.first_token_on(notice.start_line)
    )
    preamble = read_preamble(stream.tokens, stream.lines, start)
    line = text.splitlines()[notice.start_line - 1].strip()[:160]
    if problem := preamble.problem(exception_ok=False):
        return unknown_identification(problem, matches, restriction=preamble.restriction)
    # words right after the notice (up to the next text found) that take commercial use away
    # ("Licensed under the Apache License ... The weights are for non-commercial research
    # only."): the file is not that license, as after a full text
    after = (
        notice.end_token + 1
        if notice.end_token >= 0
        else stream.first_token_on(notice.end_line + 1)
    )
    # a later notice of the same license ("released under the GNU GENERAL PUBLIC LICENSE
    # Version 3" after the GPL-3.0-or-later notice) goes on with it: no other text begins
    following = min(
        (
            stream.first_token_on(m.start_line)
            for m in matches
            if m.start_line > notice.end_line
            and not (m.kind == "notice" and _same_license(m.key, notice.spdx))
        ),
        default=len(stream.tokens),
    )
    postscript = read_postscript(stream.tokens, stream.lines, after, max(after, following))
    if postscript.restriction:
        return unknown_identification(
            postscript.problem, matches, restriction=postscript.restriction
        )
    if stated := _states_restriction(stream.tokens[:start] + stream.tokens[after:following]):
        # 7-Zip's LICENSE: an LGPL-2.1 notice, then "unRAR restriction ... cannot be used to
        # re-create the RAR compression algorithm": more than the notice's license
        return unknown_identification(
            f"the file adds a restriction to the notice's license: {stated!r}", matches
        )
    if postscript.added and not preamble.dual:
        # a GPL notice, then "As a special exception, ..." with conditions of its own, or an
        # added clause of another kind: more than the notice's license. After "dual-licensed
        # ... You may choose either license" (oracledb: an Apache-2.0 notice, then the UPL's
        # text) the terms that follow are the other choice, not an addition to this one
        return unknown_identification(
            f"the file adds a clause to the notice's license: {postscript.added!r}", matches
        )
    found = match_license_string(notice.spdx)
    if found.is_unknown:
        return unknown_identification(
            f"{notice.kind} names {notice.spdx}, which we do not know", matches
        )
    if banned := later_restrictive_license(found.key, matches, notice.end_line):
        # "The code is licensed under the Apache License 2.0 ... the weights under CC BY-NC
        # 4.0": the words of that license's name are no postscript restriction
        return banned
    others = [
        f"{m.key} l.{m.start_line}-{m.end_line}"
        for m in matches
        if m.key not in (notice.spdx, found.key)
    ]
    evidence = f"{notice.kind} l.{notice.start_line}: {line}" + (
        preamble.note() or postscript.note()
    )
    if others:
        evidence += "; also " + ", ".join(others)
    return TextIdentification(
        license=LicenseMatch(
            key=found.key,
            spdx=notice.spdx,
            name=found.name,
            source=LicenseSource.LICENSE_FILE,
            confidence=NOTICE_CONFIDENCE,
            coverage=1.0,
            evidence=evidence,
        ),
        matches=matches,
    )


def _same_license(a: str, b: str) -> bool:
    """True when two SPDX ids name one license, whatever versions they allow after it
    (GPL-3.0-only, GPL-3.0-or-later)."""

    def base(spdx: str) -> str:
        return spdx.removesuffix("-only").removesuffix("-or-later")

    return base(a) == base(b)


def named_match(notice: Notice) -> TextMatch:
    """A restrictive license the file names in prose (kind "named"): no notice for the work,
    only a sign that more terms than its license text apply."""
    return TextMatch(
        key=notice.spdx,
        kind="named",
        start_line=notice.start_line,
        end_line=notice.end_line,
    )


def later_restrictive_license(
    key: str, matches: tuple[TextMatch, ...], after_line: int
) -> TextIdentification | None:
    """Unknown when a license named after `after_line` restricts or conditions use where the
    license `key` does not: the file names more than its first license, and the rest takes
    away or conditions what the first allows (an MIT text, then "the model weights are
    licensed under CC BY-NC 4.0" or "under the Llama 3.1 Community License"); None otherwise."""
    from llmaudit.licenses.hub_ids import find_license_key
    from llmaudit.licenses.knowledge import get_license
    from llmaudit.licenses.model_license_names import is_restrictive

    def restricts(text_key: str) -> bool:
        found = get_license(text_key) or get_license(find_license_key(text_key) or "")
        return found is not None and is_restrictive(found)

    if restricts(key):
        return None
    later = next((m for m in matches if m.start_line > after_line and restricts(m.key)), None)
    if later is None:
        return None
    return unknown_identification(
        f"the file also names {later.key} (l.{later.start_line}), whose terms restrict or "
        "condition use",
        matches,
        restriction=later.key,
    )


# Words that state a restriction of the file's own beside a notice ("unRAR restriction");
# "no restrictions", "without restriction" restrict nothing
_RESTRICTION_WORDS = frozenset(["restriction", "restrictions"])
_UNRESTRICTED = frozenset(["no", "without", "not", "free", "minimal", "any"])


def _states_restriction(words: tuple[str, ...]) -> str:
    """The first restriction word in `words` that no negation stands just before, or ""."""
    for i, word in enumerate(words):
        if word in _RESTRICTION_WORDS and _UNRESTRICTED.isdisjoint(words[max(0, i - 3) : i]):
            return " ".join(words[max(0, i - 3) : i + 1])
    return ""


def unknown_identification(
    reason: str, matches: tuple[TextMatch, ...] = (), *, restriction: str = ""
) -> TextIdentification:
    """An identification that names no license, with the reason as evidence."""
    match = LicenseMatch(
        key=UNKNOWN_LICENSE,
        spdx="NOASSERTION",
        name="Unknown license",
        source=LicenseSource.LICENSE_FILE,
        evidence=reason,
    )
    return TextIdentification(license=match, matches=matches, restriction=restriction)


def resolved_pointer_files(found: TextIdentification) -> list[str]:
    """The files a pointer the identification was resolved through names; [] otherwise."""
    pointer = next((m for m in found.matches if m.key.startswith(POINTER_PREFIX)), None)
    if (
        pointer is None
        or found.license.is_unknown
        or not found.license.evidence.startswith("pointer ")
    ):
        return []
    return pointed_files(pointer)


def pointed_files(match: TextMatch) -> list[str]:
    """The file names a pointer notice names ("LICENSE.APACHE", "LICENSE.BSD")."""
    return match.key.removeprefix(POINTER_PREFIX).split("+")


def follow_pointer(
    found: TextIdentification,
    read: Callable[[str], TextIdentification | None],
) -> TextIdentification:
    """An unknown file that points to "either of the licenses found in A or B": A OR B,
    when `read` identifies both (packaging, cryptography); unchanged otherwise."""
    pointer = next((m for m in found.matches if m.key.startswith(POINTER_PREFIX)), None)
    if not found.license.is_unknown or pointer is None:
        return found
    from llmaudit.licenses.packages import match_license_string

    names = pointed_files(pointer)
    targets = [read(name) for name in names]
    if any(t is None or t.license.is_unknown for t in targets):
        return unknown_identification(
            f"points to {' or '.join(names)}, which could not be identified", found.matches
        )
    expression = join_choice([t.license.spdx for t in targets if t is not None])
    chosen = match_license_string(expression)
    evidence = f"pointer l.{pointer.start_line}: either of {' or '.join(names)} -> {expression}"
    return TextIdentification(
        license=LicenseMatch(
            key=chosen.key,
            spdx=expression,
            name=expression,
            source=LicenseSource.LICENSE_FILE,
            confidence=NOTICE_CONFIDENCE,
            coverage=1.0,
            evidence=evidence,
        ),
        matches=found.matches,
    )


# A second license text starts where the file repeats license wording it already used: a
# run of shingles the index knows, most of them seen earlier in the file (xlrd's LICENSE: a
# BSD-3-Clause text, then an older BSD text with an advertising clause).
RESTART_WINDOW = 40  # shingles after the start of a repeated run
MIN_RESTART = 15  # repeated indexed shingles in that window


def find_restart(shingles: list[int], held: list[int | None]) -> int | None:
    """The first shingle position where a second license text starts repeating the wording of
    an earlier one, or None. Used only when the file as a whole is unknown: candidates
    compared over two texts at once mix their clauses (BSD-3 and BSD-4 read as one text)."""
    seen: set[int] = set()
    repeated: list[bool] = []
    for shingle, holder in zip(shingles, held, strict=True):
        repeated.append(holder is not None and shingle in seen)
        seen.add(shingle)
    for position in range(1, len(repeated)):
        starts_run = repeated[position] and not repeated[position - 1]
        if starts_run and sum(repeated[position : position + RESTART_WINDOW]) >= MIN_RESTART:
            return position
    return None


def identify_by_parts(
    text: str,
    boundary_line: int,
    whole: TextIdentification,
    identify: Callable[[str], TextIdentification],
    may_be_a_part: Callable[[str], bool],
) -> TextIdentification:
    """The file read as two texts split before `boundary_line`: the first part's license,
    when the first part alone is named, with the second part's texts listed after it; the
    whole file's (unknown) answer otherwise, when that license `may_be_a_part` of the one
    the whole file resembled (the Python-2.0 stack opens with PSF-2.0's text), or when the
    second part takes commercial use away."""
    lines = text.splitlines(keepends=True)
    head = identify("".join(lines[: boundary_line - 1]))
    if head.license.is_unknown or may_be_a_part(head.license.key):
        return whole
    rest = identify("".join(lines[boundary_line - 1 :]))
    if rest.restriction:
        return whole
    shift = boundary_line - 1
    shifted = tuple(
        replace(m, start_line=m.start_line + shift, end_line=m.end_line + shift)
        for m in rest.matches
    )
    later = ", ".join(f"{m.key} l.{m.start_line}-{m.end_line}" for m in shifted) or "none known"
    evidence = f"{head.license.evidence} (l.1-{shift}, read apart from the texts after it: {later}"
    if rest.license.is_unknown:
        evidence += f"; the first not named: {rest.license.evidence}"
    evidence += ")"
    return TextIdentification(
        license=replace(head.license, evidence=evidence), matches=head.matches + shifted
    )


def identify_by_components(
    components: list[Notice],
    matches: tuple[TextMatch, ...],
    stream: TokenStream,
    text: str,
) -> TextIdentification:
    """A file that names only the licenses of parts the work includes (a NOTICE listing
    bundled projects, a table of vendored components): every part applies, so the file's
    license is their AND, with each statement's line as evidence; unknown when the file
    takes commercial use away or states a restriction of its own."""
    from llmaudit.licenses.packages import match_license_string

    if restriction := find_use_restriction(stream.tokens):
        return unknown_identification(
            f"the file takes commercial use away: {restriction!r}", matches, restriction=restriction
        )
    if stated := _states_restriction(stream.tokens):
        return unknown_identification(f"the file states a restriction: {stated!r}", matches)
    if read_preamble(stream.tokens, stream.lines, len(stream.tokens)).terms:
        # a license of its own we do not know, which also names what it includes
        return unknown_identification(
            "the file holds terms of its own beside the included parts", matches
        )
    if unnamed := _part_without_license(stream.tokens, components):
        # pyarrow's NOTICE: "includes software from the LevelDB project ... a BSD-style
        # license": every part applies, and one we cannot name makes the whole unknown
        return unknown_identification(
            f"the file names a part without a license we know: {unnamed!r}", matches
        )
    parts = list(dict.fromkeys(n.spdx for n in components))
    spdx = " AND ".join(f"({p})" if " " in p else p for p in parts)
    found = match_license_string(spdx)
    if found.is_unknown:
        return unknown_identification(
            f"the included parts' licenses ({spdx}) are not all known", matches
        )
    lines = text.splitlines()
    said = "; ".join(
        f"l.{n.start_line}: {lines[n.start_line - 1].strip()[:100]}" for n in components
    )
    return TextIdentification(
        license=LicenseMatch(
            key=found.key,
            spdx=spdx,
            name=found.name,
            source=LicenseSource.LICENSE_FILE,
            confidence=NOTICE_CONFIDENCE,
            coverage=1.0,
            evidence=f"the licenses of parts the work includes: {spdx} ({said})",
        ),
        matches=matches,
    )


_INCLUDING = frozenset(["contains", "bundles", "includes", "incorporates", "embeds", "vendors"])


def _part_without_license(tokens: tuple[str, ...], components: list[Notice]) -> str:
    """The first statement that the work includes a part ("This product includes software
    from X") followed by no license before the next such statement, or "". The attribution
    Apache's NOTICE files carry ("includes software developed at/by ...") names no part."""
    if any(n.start_token < 0 for n in components):
        return ""  # a table: every row names its license
    statements = [
        i
        for i, word in enumerate(tokens)
        if word in _INCLUDING and tokens[i + 1 : i + 3] not in (("software", "developed"),)
    ]
    starts = sorted(n.start_token for n in components)
    for here, after in zip(statements, [*statements[1:], len(tokens)], strict=True):
        if not any(here < start < after for start in starts):
            return " ".join(tokens[here : here + 6])
    return ""


# "#include ./SHARED/Apache-2.0.txt" (pypdfium2's BUILD_LICENSES): the line stands for the
# text of the file it names, shipped beside it
_INCLUDE = re.compile(r"^[ \t]*#include[ \t]+[\"<]?([^\s\">]+)[\">]?[ \t]*$", re.MULTILINE)


INCLUDE_PREFIX = "include:"  # the key of a match for `#include` lines naming other files


def include_match(text: str) -> TextMatch | None:
    """A match naming the files the text's `#include` lines name (resolved by the caller, who
    knows where the file lies), or None."""
    names = _INCLUDE.findall(text) if "#include" in text else []
    if not names:
        return None
    first = _INCLUDE.search(text)
    line = text.count("\n", 0, first.start() if first else 0) + 1
    return TextMatch(
        key=INCLUDE_PREFIX + "+".join(dict.fromkeys(names)),
        kind="notice",
        coverage=1.0,
        confidence=0.0,
        start_line=line,
        end_line=line,
    )


def includes_files(found: TextIdentification) -> bool:
    """True when the identified text has `#include` lines (include_match)."""
    return any(m.key.startswith(INCLUDE_PREFIX) for m in found.matches)


def expand_includes(text: str, read: Callable[[str], str | None]) -> tuple[str, list[str]] | None:
    """The text with each `#include PATH` line replaced by the text of the file it names
    (one level: an included file's own includes stay as they are), and the names included;
    None when the text includes nothing, or a named file cannot be read."""
    names = _INCLUDE.findall(text) if "#include" in text else []
    if not names:
        return None
    texts = {name: read(name) for name in dict.fromkeys(names)}
    if any(t is None for t in texts.values()):
        return None
    expanded = _INCLUDE.sub(lambda m: (texts[m.group(1)] or "").rstrip("\n"), text)
    return expanded, list(texts)


def with_includes(found: TextIdentification, names: list[str]) -> TextIdentification:
    """An identification of a text read with the files it includes: the evidence says so
    (its line numbers are those of the text with the files in place)."""
    note = f" (read with {', '.join(names)} in place of its #include lines)"
    return replace(found, license=replace(found.license, evidence=found.license.evidence + note))
