"""Files that hold several texts: which one is the file's own license (issue #14).

A package's LICENSE often starts with its own license and then bundles the texts of the
third-party code it vendors (pyarrow: Apache-2.0, then BSD, MIT, zlib, ...). The file's
license is its first complete text; a bundled text further down never displaces it. When the
file starts with license terms we do not know (matplotlib's own license, then a font's OFL),
the answer is unknown, not the first text we happen to know.
"""

from __future__ import annotations

from dataclasses import dataclass

# Words of a grant or a disclaimer: a preamble holding them is license terms, not a title.
_TERMS_WORDS = frozenset(
    ["permission", "permitted", "redistribution", "redistributions", "redistribute",
     "warranty", "warranties", "liable", "liability", "hereby", "granted", "grant",
     "prohibited", "restrictions", "royalty", "sublicense", "infringement"]
)
# Words that offer a choice between the texts that follow ("dual licensed", "either of").
_CHOICE_WORDS = frozenset(["either", "dual", "choice", "option", "alternatively"])
MAX_PREAMBLE = 120  # words before the first license text: more is another document
MAX_TERMS_PREAMBLE = 40  # ... and more than this, with grant words, is an unknown license
MIN_TERMS_WORDS = 2


@dataclass(frozen=True, kw_only=True)
class Preamble:
    """What a file says before its first known license text (copyright lines left out)."""

    words: int
    terms: bool  # it reads as license terms (grant or disclaimer words)
    choice: bool  # it offers a choice between licenses

    def problem(self) -> str:
        """Why the first known text cannot be the file's license; "" when it can."""
        if self.words > MAX_PREAMBLE:
            return f"the file starts with {self.words} words that are no known license text"
        if self.terms and self.words > MAX_TERMS_PREAMBLE:
            return f"the file starts with {self.words} words of license terms we do not know"
        return ""


def read_preamble(tokens: tuple[str, ...], lines: tuple[int, ...], start: int) -> Preamble:
    """The words before token `start`, not counting lines that hold a copyright statement."""
    copyright_lines = {line for token, line in zip(tokens, lines, strict=True)
                       if token == "copyright"}
    words = [t for t, line in zip(tokens[:start], lines[:start], strict=True)
             if line not in copyright_lines]
    vocabulary = set(words)
    return Preamble(
        words=len(words),
        terms=len(vocabulary & _TERMS_WORDS) >= MIN_TERMS_WORDS,
        choice=not vocabulary.isdisjoint(_CHOICE_WORDS),
    )


def join_choice(spdx_ids: list[str]) -> str:
    """An SPDX `OR` expression of the licenses a file offers, in the file's order."""
    unique = list(dict.fromkeys(spdx_ids))
    return " OR ".join(f"({s})" if " " in s else s for s in unique)
