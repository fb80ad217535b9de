"""Model card metadata: a fast YAML front-matter parser and readers for card fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from llmaudit.safeyaml import load_safe_yaml

# Same shape as huggingface_hub's REGEX_YAML_BLOCK, plus trailing blanks on the opening fence.
_FRONT_MATTER = re.compile(
    r"\A\ufeff?\s*---[ \t]*(?:\r\n|\r|\n)([\S\s]*?)(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|\Z)"
)
_EMPTY_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|\Z)")
_OPENING_FENCE = re.compile(r"\A\ufeff?\s*---[ \t]*(?:\r\n|\r|\n)")
RELATIONS = frozenset({"adapter", "merge", "quantized", "finetune"})


@dataclass(frozen=True, kw_only=True)
class CardMetadata:
    """The front matter of a model card as a mapping, plus what went wrong reading it."""

    data: Mapping[str, object]
    has_front_matter: bool
    notes: tuple[str, ...] = ()


def parse_card(text: str, *, source: str = "README.md") -> CardMetadata:
    """Parse YAML front matter with yaml.safe_load; bad YAML gives a note, never an error."""
    if _EMPTY_FRONT_MATTER.match(text):
        return CardMetadata(data={}, has_front_matter=True)
    match = _FRONT_MATTER.match(text)
    if match is None:
        notes: tuple[str, ...] = ()
        if _OPENING_FENCE.match(text):
            notes = (f"{source} opens front matter with --- but never closes it; ignored",)
        return CardMetadata(data={}, has_front_matter=False, notes=notes)
    try:
        loaded = load_safe_yaml(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return CardMetadata(
            data={}, has_front_matter=True,
            notes=(f"{source} front matter is not valid YAML{where}; card metadata ignored",),
        )
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        # PyYAML's safe constructors raise these for scalars such as `2024-02-30`,
        # `!!int lots` or 5,000-digit numbers; one odd card must not stop the audit.
        return CardMetadata(
            data={}, has_front_matter=True,
            notes=(f"{source} front matter is not valid YAML ({type(exc).__name__}: "
                   f"{str(exc)[:80]}); card metadata ignored",),
        )
    if loaded is None:
        return CardMetadata(data={}, has_front_matter=True)
    if not isinstance(loaded, dict):
        return CardMetadata(
            data={}, has_front_matter=True,
            notes=(f"{source} front matter is not a mapping; card metadata ignored",),
        )
    return CardMetadata(data={str(k): v for k, v in loaded.items()}, has_front_matter=True)


def read_strings(value: object) -> tuple[str, ...]:
    """A string or a list of strings as a tuple; other items are dropped."""
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, (list, tuple)):
        return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
    return ()


def read_card_licenses(data: Mapping[str, object]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The card's `license` values and notes about values that had to be ignored."""
    value = data.get("license")
    if value is None:
        return (), ()
    licenses = read_strings(value)
    notes: list[str] = []
    if isinstance(value, (list, tuple)):
        dropped = [v for v in value if not isinstance(v, str)]
        if dropped:
            notes.append(f"card license list has {len(dropped)} non-text value(s); ignored")
    elif not isinstance(value, str):
        notes.append(f"card license is a {type(value).__name__}, not text; ignored")
    return licenses, tuple(notes)


def read_optional_string(data: Mapping[str, object], key: str) -> str | None:
    """A single string field, or None when absent or not a string."""
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def read_relation(data: Mapping[str, object]) -> str | None:
    """`base_model_relation` when it is one of the Hub's known relations."""
    value = read_optional_string(data, "base_model_relation")
    return value.lower() if value and value.lower() in RELATIONS else None
