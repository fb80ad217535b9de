"""Turn license text into comparable word tokens and hashed word n-grams (shingles)."""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from bisect import bisect_left
from itertools import accumulate, compress

from llmaudit.records import record

SHINGLE_SIZE = 5

# [text](url) keeps only the text: a markdown copy must not differ from the plain one by its URLs.
_MD_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
_HTML_TAG = re.compile(
    r"</?(?:a|p|br|hr|div|span|b|i|u|em|strong|h[1-6]|ul|ol|li|pre|code|table|thead|tbody|tr"
    r"|td|th|blockquote|img|sup|sub|center|font|section|article|header|footer|nav)\b[^<>]*>",
    re.IGNORECASE,
)
# Single letters are dropped with the enumerators ("(a)", "a."); digits stay ("Llama 2").
# "RAIL++-M" must not read as "RAIL-M": a trailing "+"/"++" stays part of its word.
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[a-z0-9]{2,}\+{0,2}|\d\+{0,2}|[a-z]\+{1,2}")
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# A rewrapped list puts "2. Engage in ..." mid-line: a 1-2 digit number ending a "sentence"
# right before a capitalised word is an enumerator, not content ...
_MIDLINE_ENUMERATOR = re.compile(r"\s\d{1,2}(?:\.\d{1,2})*[.)](?=\s+[*_\[\"'(]*[A-Z])")
_WORD_BEFORE = re.compile(r"[A-Za-z-]*\.?$")
# ... except after a word a version follows: "the Apache License 2.0. See LICENSE" and
# "Version 2.0. You may" end a sentence with the license's version.
_VERSIONED_WORDS = frozenset(
    [
        "version",
        "v",
        "v.",
        "license",
        "licence",
        "apache",
        "gpl",
        "lgpl",
        "agpl",
        "mpl",
        "epl",
        "eupl",
        "bsl",
        "afl",
        "osl",
        "cdla",
        "by",
        "by-sa",
        "by-nc",
        "by-nd",
        "by-nc-sa",
        "by-nc-nd",
        "openrail",
        "rail",
    ]
)
# A street address changes when the licensor moves (the FSF: 675 Mass Ave, 59 Temple Place,
# 51 Franklin Street): it is no version of the license, so it is left out of the words.
_POSTAL_ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.?|Place|Road|Rd\.|"
    r"Boulevard|Blvd\.?|Drive|Lane|Way)\b"
    r"(?:[,\s]+(?:Suite\s+\d+|Fifth Floor|\d+(?:st|nd|rd|th)\s+Floor))?"
    r"[,\s]+(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?[,\s]+)?(?:[A-Z]{2}[,\s]+)?\d{5}(?:-\d{4})?"
    r"(?:[,\s]+USA\b)?"
)
_POSTAL_CLUE = re.compile(r"\d{5}")  # every address the pattern takes ends in a ZIP code
# "don't" is "do not": a copy that contracts the reference's words says the same thing (the
# Apache-2.0 text with "don't" three times in section 4, bc-detect-secrets), and without this
# "don't" is one word ("don", the "t" dropped as a single letter) where the reference has two.
_CONTRACTION = re.compile(r"\b(\w+?)n['\u2019]t\b", re.IGNORECASE)
_IRREGULAR_CONTRACTIONS = {"ca": "cannot", "wo": "will not", "sha": "shall not"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Enumerators change when a copy renumbers its sections or bullets, so they carry no signal:
# leading "1.", "a)", "iv.", "1.2.", bullets and headings, inline "(a)"/"(iv)"/"(12)", single
# letters and small roman numerals are dropped; other numbers ("Llama 2", "2.0") are kept.
_LEADING_ENUMERATOR = re.compile(
    r"^[ \t#>*+\-\u2022\u00b7|]*"
    r"(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})(?:\.\d{1,3})*[.)](?=\s|$)[ \t*#]*)+",
    re.MULTILINE,
)
_INLINE_ENUMERATOR = re.compile(r"\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)")
_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv"})
_SPELLING = {"licence": "license", "licences": "licenses", "licenced": "licensed", "https": "http"}
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)  # "may" is a verb in every license


@record(frozen=True, kw_only=True)
class TokenStream:
    """Normalised tokens of a text and the 1-based line each token came from."""

    tokens: tuple[str, ...]
    lines: tuple[int, ...]

    def first_token_on(self, line: int) -> int:
        """The index of the first token on or after `line`."""
        return bisect_left(self.lines, line)  # the lines of a stream never decrease


def _keep_line_breaks(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n") or " "


def _drop_midline_enumerator(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 12) : match.start()]
    word = _WORD_BEFORE.search(before)
    if word is not None and word.group(0).lower() in _VERSIONED_WORDS:
        return match.group(0)
    return "\n" if match.group(0)[0] in "\n\r" else " "


def _expand_contraction(match: re.Match[str]) -> str:
    stem = match.group(1)
    return _IRREGULAR_CONTRACTIONS.get(stem.lower()) or f"{stem} not"


def fold_text(text: str) -> str:
    """Lower-case ASCII form of a text with its line breaks kept: entities, tags, link targets,
    accents, postal addresses and enumerators removed, contractions ("don't") spelt out."""
    if "&" in text:
        text = html.unescape(text)
    if "n't" in text or "n\u2019t" in text or "N'T" in text:
        text = _CONTRACTION.sub(_expand_contraction, text)
    if _POSTAL_CLUE.search(text):
        text = _POSTAL_ADDRESS.sub(_keep_line_breaks, text)
    text = _MD_LINK_TARGET.sub("]", _HTML_TAG.sub(" ", text))
    if not text.isascii():
        # accents go, every other non-ASCII character (curly quote, dash, CJK) separates words
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        text = _NON_ASCII.sub(" ", text)
    text = _MIDLINE_ENUMERATOR.sub(_drop_midline_enumerator, text)
    text = _LEADING_ENUMERATOR.sub(" ", text.lower())
    return _INLINE_ENUMERATOR.sub(" ", text)


def tokenize_text(text: str) -> TokenStream:
    """Split `text` into normalised word tokens, remembering each token's line."""
    tokens: list[str] = []
    lines: list[int] = []
    findall = _TOKEN.findall
    for number, line in enumerate(fold_text(text).splitlines(), start=1):
        found = findall(line)
        tokens.extend(found)
        lines.extend([number] * len(found))
    if not _ROMAN.isdisjoint(tokens):
        kept = [t not in _ROMAN for t in tokens]
        tokens, lines = list(compress(tokens, kept)), list(compress(lines, kept))
    if not _SPELLING.keys().isdisjoint(tokens):
        tokens = list(map(_SPELLING.get, tokens, tokens))  # a word, or its one spelling
    return TokenStream(tokens=tuple(tokens), lines=tuple(lines))


def hash_shingles(tokens: tuple[str, ...] | list[str], size: int = SHINGLE_SIZE) -> list[int]:
    """CRC-32 of every run of `size` consecutive space-joined tokens (position i: token i)."""
    # one joined buffer sliced per shingle: same bytes as joining each window, a third faster
    data = " ".join(tokens).encode()
    starts = list(accumulate([len(token) + 1 for token in tokens], initial=0))
    crc32 = zlib.crc32
    return [crc32(data[a : b - 1]) for a, b in zip(starts, starts[size:], strict=False)]


def hash_number_contexts(
    tokens: tuple[str, ...] | list[str], size: int = SHINGLE_SIZE
) -> dict[int, int]:
    """Position -> CRC-32 of each shingle holding a number, with its numbers masked as "#".

    Two texts with equal masked but different exact shingles say the same thing about a
    different version or date ("Llama 3.1" vs "Llama 3.2"): the distinctive-phrase check.
    """
    # numbers and month names: a version ("3.1") or a date ("July 26, 2023") names the text;
    # a word with other signs ("rail++") is a word, whatever replaces it
    masked = ["#" if names_version_or_date(t) else t for t in tokens]
    starts = {
        start
        for index, token in enumerate(masked)
        if token == "#"
        for start in range(max(0, index - size + 1), min(index, len(tokens) - size) + 1)
    }
    # a copyright year is the copier's own, not a version of the license
    return {
        i: zlib.crc32(" ".join(masked[i : i + size]).encode())
        for i in sorted(starts)
        if "copyright" not in masked[i : i + size]
    }


def names_version_or_date(token: str) -> bool:
    """A number ("3.1", "2023") or a month name: the tokens a version or a date is made of."""
    return token in _MONTHS or (not token.isalpha() and any(c.isdigit() for c in token))


def find_cjk_start(text: str, min_tokens: int = 100) -> int | None:
    """Index of the first line that is mostly CJK after at least `min_tokens` Latin tokens."""
    seen = 0
    for number, line in enumerate(text.splitlines()):
        if len(_CJK.findall(line)) >= 4 and seen >= min_tokens:
            return number
        seen += len(_TOKEN.findall(line.lower()))
    return None


# Words that tell close siblings apart whatever else matches (issue #14): a copy must use
# exactly the markers its reference uses (CC BY-SA read against CC BY-NC-SA lacks
# "NonCommercial"; GPL read against AGPL lacks "Affero").
MARKERS = {
    "noncommercial": re.compile(r"\bnon ?commercial\b"),
    "sharealike": re.compile(r"\bshare ?alike\b"),
    "noderivatives": re.compile(r"\bno ?derivatives\b"),
    "affero": re.compile(r"\baffero\b"),
}


# the strings a text that MARKERS match holds: looked for first, as most texts have none
# ("commercial" alone is in most licenses, "noncommercial" in few)
_MARKER_CLUES = {
    "noncommercial": ("noncommercial", "non commercial"),
    "sharealike": ("sharealike", "share alike"),
    "noderivatives": ("noderivatives", "no derivatives"),
    "affero": ("affero",),
}


def find_markers(tokens: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The MARKERS the tokens use."""
    joined = " ".join(tokens)
    return frozenset(
        name
        for name, pattern in MARKERS.items()
        if any(clue in joined for clue in _MARKER_CLUES[name]) and pattern.search(joined)
    )
