"""Model card metadata: a fast YAML front-matter parser and readers for card fields."""

from __future__ import annotations

import re
from collections.abc import Mapping

import yaml

from llmaudit.models import MetadataProblem
from llmaudit.records import record
from llmaudit.safeyaml import compose_safe_yaml, load_safe_yaml, safe_loader

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
    # license / lineage keys written more than once, with every value given (first to last)
    repeated: tuple[tuple[str, tuple[str, ...]], ...] = ()

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
    repeated = find_repeated_keys(match.group(1))
    data = {str(k): v for k, v in loaded.items()}
    for key, values in repeated:
        if key in _LIST_KEYS:  # every value binds: a list means all apply
            data[key] = list(values)
    return CardMetadata(
        data=data,
        has_front_matter=True,
        aliases=aliases,
        nested_aliases=nested,
        repeated=repeated,
    )


# Card keys whose repetition could hide a license or a base. YAML keeps the last value of a
# repeated key (PyYAML, huggingface_hub) or refuses the block (the Hub then serves no
# cardData), so `license: cc-by-nc-4.0` above a later `license: apache-2.0` read as Apache.
_WATCHED_KEYS = ("license", "license_name", "license_link", "base_model", "base_model_relation")
_LIST_KEYS = frozenset({"license", "base_model"})
_WATCHED_LINE = re.compile(rf"^({'|'.join(_WATCHED_KEYS)})[ \t]*:", re.MULTILINE)


def find_repeated_keys(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Top-level license and lineage keys given more than once, with each text value given.

    A cheap line count first; only a block that repeats one is composed (nodes, no alias
    expansion, so a hostile block stays cheap)."""
    counts: dict[str, int] = {}
    for line in _WATCHED_LINE.finditer(text):
        counts[line.group(1)] = counts.get(line.group(1), 0) + 1
    if not any(n > 1 for n in counts.values()):
        return ()
    try:
        root = compose_safe_yaml(text)
    except yaml.YAMLError:
        return ()
    if not isinstance(root, yaml.MappingNode):
        return ()
    found: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in counts:
            continue
        seen[key] = seen.get(key, 0) + 1
        for value in _node_strings(value_node):
            if value not in found.setdefault(key, []):
                found[key].append(value)
    return tuple((k, tuple(found.get(k, ()))) for k in _WATCHED_KEYS if seen.get(k, 0) > 1)


def _node_strings(node: object) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        return (node.value.strip(),) if node.value.strip() else ()
    if isinstance(node, yaml.SequenceNode):
        return tuple(v for item in node.value for v in _node_strings(item))
    return ()


def front_matter_end(text: str) -> int:
    """Where the card's body starts: after a closed front-matter block, else 0."""
    match = _EMPTY_FRONT_MATTER.match(text) or _FRONT_MATTER.match(text)
    return match.end() if match else 0


def count_aliases(text: str) -> tuple[int, bool]:
    """Alias nodes in a YAML text, and whether one points at a node that holds aliases.

    Reads parser events only (nothing is built), so a billion-laughs text stays cheap.
    """
    parser = safe_loader()
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
    for key, values in card.repeated:
        taken = "every value binds" if key in _LIST_KEYS else "the last one was read"
        problems.append(
            MetadataProblem(
                field=f"{source} front matter {key}",
                read=", ".join(values),
                problem=f"is given more than once, which YAML readers resolve differently; {taken}",
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
