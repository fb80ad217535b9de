"""Model card metadata: a fast YAML front-matter parser and readers for card fields."""

from __future__ import annotations

import re
from collections.abc import Mapping

import yaml

from llmaudit.models import MetadataProblem
from llmaudit.records import record
from llmaudit.safeyaml import load_safe_yaml

# Same shape as huggingface_hub's REGEX_YAML_BLOCK, plus trailing blanks on the opening fence.
_FRONT_MATTER = re.compile(
    r"\A\ufeff?\s*---[ \t]*(?:\r\n|\r|\n)([\S\s]*?)(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|\Z)"
)
_EMPTY_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|\Z)")
_OPENING_FENCE = re.compile(r"\A\ufeff?\s*---[ \t]*(?:\r\n|\r|\n)")
RELATIONS = frozenset({"adapter", "merge", "quantized", "finetune"})
# The `yaml` npm package (maxAliasCount) refuses more alias resolutions than this as a
# resource-exhaustion attack, and the Hub then serves no cardData.
MAX_ALIASES = 100


@record(frozen=True, kw_only=True)
class CardMetadata:
    """The front matter of a model card as a mapping, plus what went wrong reading it."""

    data: Mapping[str, object]
    has_front_matter: bool
    notes: tuple[str, ...] = ()
    aliases: int = 0  # YAML alias nodes (`*name`) in the front matter
    nested_aliases: bool = False  # an alias to a node holding aliases: a "billion laughs" shape

    @property
    def is_broken(self) -> bool:
        """Front matter is there but could not be read as a mapping (a note says why)."""
        return self.has_front_matter and not self.data and bool(self.notes)

    @property
    def is_alias_bomb(self) -> bool:
        """Aliases nested or numerous enough that the Hub refuses to parse the front matter."""
        return self.nested_aliases or self.aliases > MAX_ALIASES


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
            data={},
            has_front_matter=True,
            notes=(f"{source} front matter is not valid YAML{where}; card metadata ignored",),
        )
    except (ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        # PyYAML's safe constructors raise these for scalars such as `2024-02-30`,
        # `!!int lots` or 5,000-digit numbers; one odd card must not stop the audit.
        return CardMetadata(
            data={},
            has_front_matter=True,
            notes=(
                f"{source} front matter is not valid YAML ({type(exc).__name__}: "
                f"{str(exc)[:80]}); card metadata ignored",
            ),
        )
    if loaded is None:
        return CardMetadata(data={}, has_front_matter=True)
    if not isinstance(loaded, dict):
        return CardMetadata(
            data={},
            has_front_matter=True,
            notes=(f"{source} front matter is not a mapping; card metadata ignored",),
        )
    aliases, nested = count_aliases(match.group(1)) if "*" in match.group(1) else (0, False)
    return CardMetadata(
        data={str(k): v for k, v in loaded.items()},
        has_front_matter=True,
        aliases=aliases,
        nested_aliases=nested,
    )


def front_matter_end(text: str) -> int:
    """Where the card's body starts: after a closed front-matter block, else 0."""
    match = _EMPTY_FRONT_MATTER.match(text) or _FRONT_MATTER.match(text)
    return match.end() if match else 0


def count_aliases(text: str) -> tuple[int, bool]:
    """Alias nodes in a YAML text, and whether one points at a node that holds aliases.

    Reads parser events only (nothing is built), so a billion-laughs text stays cheap.
    """
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    holding: set[str] = set()  # anchors whose node contains an alias
    open_anchors: list[str | None] = []
    count, nested = 0, False
    try:
        for event in yaml.parse(text, Loader=parser):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                open_anchors.append(event.anchor)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                if open_anchors:
                    open_anchors.pop()
            elif isinstance(event, yaml.AliasEvent):
                count += 1
                nested = nested or event.anchor in holding
                holding.update(a for a in open_anchors if a)
    except yaml.YAMLError:
        pass
    return count, nested


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


def front_matter_problems(
    card: CardMetadata, *, hub_parsed: bool | None = None, source: str = "README.md"
) -> tuple[MetadataProblem, ...]:
    """Front matter that is broken, an alias bomb, or that the Hub did not parse.

    `hub_parsed` is False when the Hub API served no cardData for a README that has front
    matter: the Hub's own view of the card (license, gate, lineage) is then empty.
    """
    field = f"{source} front matter"
    problems = []
    if card.is_broken:
        problems.append(
            MetadataProblem(
                field=field,
                read=card.notes[0] if card.notes else "unreadable YAML",
                problem="could not be read, so the license and base models it declares are unknown",
            )
        )
    if card.is_alias_bomb:
        shape = "nested YAML aliases" if card.nested_aliases else "YAML aliases"
        problems.append(
            MetadataProblem(
                field=field,
                read=f"{card.aliases} {shape}",
                problem="is shaped like a 'billion laughs' attack, which the Hub refuses to "
                "parse; do not trust what it declares",
            )
        )
    if hub_parsed is False and card.has_front_matter and card.data:
        read = ", ".join(
            f"{k}: {_preview(card.data[k])}"
            for k in ("license", "license_name", "base_model")
            if k in card.data
        )
        problems.append(
            MetadataProblem(
                field=field,
                read=read or ", ".join(sorted(card.data)[:5]),
                problem="was not parsed by the Hub (its API has no cardData), so the Hub shows "
                "no license for it; what llmaudit read there is unconfirmed",
            )
        )
    return tuple(problems)


def _preview(value: object) -> str:
    from llmaudit.resolve.derivation import shorten

    return shorten(value)
