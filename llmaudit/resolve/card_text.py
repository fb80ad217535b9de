"""What a model card's prose says about its terms: license sections and licensing sentences.

Front matter is what the Hub indexes, but the README's text is what a reviewer reads, and it
often says more: `license: cc-by-4.0` above "## License: This library is licensed under the CC
BY NC License", or `license: mit` above "OPT-175B is licensed under the OPT-175B license". The
passages kept here are judged by the licenses and policy stages; nothing is decided here.
"""

from __future__ import annotations

import re

from llmaudit.resolve.card import front_matter_end

MAX_CARD_TEXT = 8_000  # characters kept: license sections are short; whole licenses are capped
MAX_SECTION = 3_000  # characters of one license section
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_COMMENT = re.compile(r"<!--[\s\S]*?(?:-->|\Z)")
_LICENSE_WORD = re.compile(
    r"licen[cs]|terms of use|terms and conditions|usage terms"
    # Chinese, Japanese and Korean: license, license agreement, terms of use
    r"|许可证|許可證|授权|授權|许可协议|使用协议|使用條款|使用条款|ライセンス|利用規約|라이선스|라이센스|이용약관",
    re.I,
)
# A line that names the card's terms in a label: "**License:** ...", "- License: ...",
# "| **License** | `CC BY-NC-SA 3.0` |", "License notice:".
_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?[^:|\n]{0,30}licen[cs](?:e|es|ing)\b[^:|\n]{0,20}"
    r"(?:\*\*|__)?\s*(?::|\||$)",
    re.I,
)
_BOLD_LABEL_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)[^*_]{1,40}(?:\*\*|__)\s*:?\s*$")
# Sentences elsewhere that speak about commercial use, or limit use to some purpose.
_COMMERCIAL_TERMS = re.compile(r"commercial|商用|商业|商業|営利|상업|비영리", re.I)
_PURPOSE_ONLY = re.compile(
    r"\b(?:research|academic|evaluation|personal|educational)\b[\w\s-]{0,25}\bonly\b"
    r"|\bonly\b[\w\s-]{0,20}\b(?:research|academic|evaluation|personal|educational)\b"
    r"|研究目的|学术研究|學術研究|연구\s*목적",
    re.I,
)
# "The model is intended for research purposes only": what the authors had in mind, not a
# term of use (the Stable Diffusion cards say it above a license that allows commercial use).
# A sentence about commercial use is kept even so ("It is intended for non-commercial usages").
_INTENT = re.compile(r"\bintend(?:ed|s)?\b|\bdesigned (?:for|to)\b|\bprimary use\b", re.I)


def license_passages(readme: str) -> str:
    """The README's license sections and licensing sentences, in card order ("" when none).

    Kept: every section under a heading about the license or terms of use; label lines
    ("**License:** ...", table rows) with the paragraph a bare label introduces; any other
    line that mentions a license or commercial use, or limits use to research and the
    like (not statements of intended use). Code blocks and HTML comments are left out.
    """
    lines = _prose_lines(readme[front_matter_end(readme) :])
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line)
        if heading and _LICENSE_WORD.search(heading.group(2)):
            end = _section_end(lines, index, len(heading.group(1)))
            kept.append("\n".join(lines[index:end])[:MAX_SECTION])
            index = end
        elif not heading and _is_label(line):
            end = _label_end(lines, index)
            kept.append("\n".join(lines[index:end])[:MAX_SECTION])
            index = end
        else:
            if not heading and _speaks_about_terms(line):
                kept.append(line.strip())
            index += 1
    return _cap("\n".join(p.strip() for p in kept if p.strip()))


def _prose_lines(body: str) -> list[str]:
    """The body's lines outside fenced code blocks, HTML comments removed."""
    lines: list[str] = []
    in_code = False
    for line in _COMMENT.sub("", body).splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            lines.append(line)
    return lines


def _section_end(lines: list[str], start: int, level: int) -> int:
    """The index of the next heading of `level` or higher after `start` (or the end)."""
    for index in range(start + 1, len(lines)):
        heading = _HEADING.match(lines[index])
        if heading and len(heading.group(1)) <= level:
            return index
    return len(lines)


def _is_label(line: str) -> bool:
    return bool(_LABEL.match(line)) or bool(
        _BOLD_LABEL_ONLY.match(line) and _LICENSE_WORD.search(line)
    )


def _label_end(lines: list[str], start: int) -> int:
    """A label line, plus the paragraph that follows when the label has nothing after it."""
    label = lines[start]
    after = re.sub(r"^.*?licen[cs]\w*\W*", "", label, count=1, flags=re.I).strip(" *_:|")
    if after:
        return start + 1
    end = start + 1
    while end < len(lines) and not lines[end].strip():
        end += 1
    while end < len(lines) and lines[end].strip() and not _HEADING.match(lines[end]):
        end += 1
    return end


def _speaks_about_terms(line: str) -> bool:
    if _LICENSE_WORD.search(line) or _COMMERCIAL_TERMS.search(line):
        return True
    return bool(_PURPOSE_ONLY.search(line)) and not _INTENT.search(line)


def _cap(text: str) -> str:
    if len(text) <= MAX_CARD_TEXT:
        return text
    return text[:MAX_CARD_TEXT].rsplit("\n", 1)[0]
