"""Model licenses named in prose: "the model weights are released under the Llama 3.1
Community License Agreement", "subject to the Gemma Terms of Use".

A file may hold a permissive text for its code and then name the terms its weights come
under. That name is no pointer for the whole work (the sentence may speak of a part), but a
file that names such terms after a permissive text is not simply that permissive license:
combined.later_restrictive_license makes it unknown. The names are the knowledge base's own
(name and aliases) for the licenses that restrict or condition use, matched on normalised
tokens, so case, hyphens, markdown and line breaks do not matter.
"""

from __future__ import annotations

import functools

from llmaudit.licenses.normalize import TokenStream, tokenize_text
from llmaudit.licenses.notices import Notice
from llmaudit.models import CommercialUse, LicenseInfo

# categories whose terms go beyond a notice: use conditions, use restrictions, no commerce
RESTRICTIVE_CATEGORIES = frozenset(["community", "research", "non-commercial", "responsible-ai"])
# a name is a license's name only when it says so ("llama 3.1" alone names a model) and says
# whose ("research license", "open rail" name no one's terms)
_LICENSE_WORDS = frozenset(["license", "licence", "agreement", "terms", "rail", "openrail", "eula"])
_GENERIC_WORDS = _LICENSE_WORDS.union(
    ["research", "of", "use", "open", "model", "models", "community", "non", "commercial"]
) - {"openrail"}


def is_restrictive(info: LicenseInfo) -> bool:
    """Whether the license conditions or forbids commercial use, or restricts use."""
    return info.category in RESTRICTIVE_CATEGORIES or info.commercial_use in (
        CommercialUse.PROHIBITED,
        CommercialUse.CONDITIONAL,
    )


def find_model_license_names(stream: TokenStream) -> list[Notice]:
    """Each place the tokens name a restrictive knowledge-base license (kind "named")."""
    names = _restrictive_names()
    tokens = stream.tokens
    found: list[Notice] = []
    for start, token in enumerate(tokens):
        for name, spdx in names.get(token, ()):
            end = start + len(name)
            if tokens[start:end] == name:
                if found and (found[-1].spdx, found[-1].start_line) == (spdx, stream.lines[start]):
                    break  # "the Gemma Terms of Use (ai.google.dev/gemma/terms)": named once
                found.append(
                    Notice(
                        spdx=spdx,
                        kind="named",
                        start_token=start,
                        end_token=end - 1,
                        start_line=stream.lines[start],
                        end_line=stream.lines[end - 1],
                    )
                )
                break  # the longest name starting here (names are sorted longest first)
    return found


@functools.cache
def _restrictive_names() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Normalised names of restrictive licenses by their first token, longest first."""
    from llmaudit.licenses.knowledge import all_licenses

    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for info in all_licenses():
        if not is_restrictive(info):
            continue
        for name in {info.name, *info.aliases}:
            tokens = tokenize_text(name).tokens
            if _names_whose_license(tokens):
                by_first.setdefault(tokens[0], []).append((tokens, info.spdx))
    return {
        first: tuple(sorted(set(names), key=lambda n: (-len(n[0]), n)))
        for first, names in by_first.items()
    }


def _names_whose_license(tokens: tuple[str, ...]) -> bool:
    return (
        len(tokens) >= 2
        and not _LICENSE_WORDS.isdisjoint(tokens)
        and any(t not in _GENERIC_WORDS and not t[0].isdigit() for t in tokens)
    )
