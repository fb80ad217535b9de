"""Deterministic damage a license copy suffers in the wild (tests and bench/identify.py only).

Each perturbation takes a text and returns the variant; `PERTURBATIONS` names them all.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable

PREAMBLE = (
    "Copyright (c) 2024 Example Robotics GmbH. All rights reserved.\n"
    "The model weights in this repository are distributed under the license below.\n\n"
)
_WORD = re.compile(r"[A-Za-z]{4,}")
_URL = re.compile(r"https?://[^\s)>\]]+")


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def rewrap(text: str, width: int) -> str:
    """Re-flow every paragraph to `width` columns."""
    return (
        "\n\n".join(
            textwrap.fill(
                " ".join(p.split()), width=width, break_long_words=False, break_on_hyphens=False
            )
            for p in _paragraphs(text)
        )
        + "\n"
    )


def markdownify(text: str) -> str:
    """Headings, bold words, bullet lists, link syntax and a code fence, as a README would."""
    out = []
    for number, paragraph in enumerate(_paragraphs(text)):
        flat = " ".join(paragraph.split())
        flat = _URL.sub(lambda m: f"[{m.group(0)}]({m.group(0)})", flat)
        if number == 0 or (len(flat) < 70 and not flat.endswith(".")):
            out.append(f"## {flat}")
            continue
        words = flat.split(" ")
        words = [f"**{w}**" if i % 17 == 5 and w.isalpha() else w for i, w in enumerate(words)]
        out.append(("- " if number % 5 == 0 else "") + " ".join(words))
    return "\n\n".join(out) + "\n\n```\n"


def smarten(text: str) -> str:
    """Curly quotes, apostrophes and dashes."""
    text = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019").replace(" - ", " \u2014 ").replace("--", "\u2013")


def entities(text: str) -> str:
    """HTML-escaped copy (as scraped from a web page)."""
    return (
        text.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def add_preamble(text: str) -> str:
    """A copyright line and an introduction before the license."""
    return PREAMBLE + text


def truncate(text: str, share: float = 0.6) -> str:
    """The first `share` of the text, cut at a word boundary."""
    cut = text.rfind(" ", 0, int(len(text) * share))
    return text[: cut if cut > 0 else int(len(text) * share)]


def edit_words(text: str, count: int = 4, seed: int = 7) -> str:
    """Replace, drop or duplicate `count` words at seeded positions."""
    spots = list(_WORD.finditer(text))
    rng = random.Random(seed)
    chosen = sorted(rng.sample(spots, min(count, len(spots))), key=lambda m: m.start())
    parts, last = [], 0
    for number, match in enumerate(chosen):
        word = match.group(0)
        parts.append(text[last : match.start()])
        parts.append((f"changed{number}", "", f"{word} {word}")[number % 3])
        last = match.end()
    return "".join(parts) + text[last:]


_WHOLE_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


def _letters(number: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa": a made-up word with no digit (digits read as versions)."""
    out = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(97 + rest) + out
    return out


def edit_share(text: str, share: float, seed: int = 1) -> str:
    """Replace, drop or insert a word (in turn) at `share` of the words, seeded positions."""
    spots = list(_WHOLE_WORD.finditer(text))
    rng = random.Random(seed)
    count = min(len(spots), max(1, round(share * len(spots))))
    chosen = sorted(rng.sample(spots, count), key=lambda m: m.start())
    parts, last = [], 0
    for number, match in enumerate(chosen):
        word = match.group(0)
        parts.append(text[last : match.start()])
        made_up = f"qz{_letters(number)}x"
        parts.append((made_up, "", f"{word} {made_up}")[number % 3])
        last = match.end()
    return "".join(parts) + text[last:]


def trailing_whitespace(text: str) -> str:
    """Spaces and tabs at the end of every line."""
    return "\n".join(line + (" \t" if i % 2 else "   ") for i, line in enumerate(text.split("\n")))


def crlf(text: str) -> str:
    """Windows line endings."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def upper(text: str) -> str:
    """Everything in capitals."""
    return text.upper()


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "verbatim": lambda text: text,
    "rewrap40": lambda text: rewrap(text, 40),
    "rewrap120": lambda text: rewrap(text, 120),
    "markdown": markdownify,
    "smart-quotes": smarten,
    "html-entities": entities,
    "preamble": add_preamble,
    "truncated60": truncate,
    "word-edits": edit_words,
    "trailing-ws": trailing_whitespace,
    "crlf": crlf,
    "uppercase": upper,
}
