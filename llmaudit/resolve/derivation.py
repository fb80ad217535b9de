"""What a repo is derived from, as its files say: PEFT adapter configs and mergekit configs.

An adapter, a quantization or a merge never relicenses what it is built from, so a base
named only in `adapter_config.json` (`base_model_name_or_path`), in a mergekit config
(`mergekit_config.yml`, or the YAML block mergekit writes into the card) or in the sentence
a tool writes into the card's text ("This model is a fine-tuned version of [org/name](...)")
is lineage too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping

import yaml

from llmaudit.hub_urls import strip_hub_url
from llmaudit.models import MetadataProblem
from llmaudit.records import record
from llmaudit.resolve.lineage import CARD_TEXT_ORIGIN, CONFIG_ORIGIN
from llmaudit.safeyaml import load_safe_yaml

ADAPTER_CONFIG = "adapter_config.json"
MERGE_CONFIGS = ("mergekit_config.yml", "mergekit_config.yaml")
MERGE_TAGS = frozenset({"merge", "mergekit"})
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$|^[A-Za-z0-9][\w.-]*$")
# The fenced YAML block of mergekit's card template ("The following YAML configuration was
# used to produce this model:"), or any ```yaml block holding a merge_method.
_YAML_FENCE = re.compile(r"^```ya?ml[ \t]*\r?\n(.*?)^```", re.MULTILINE | re.DOTALL)
_MERGE_METHOD = re.compile(r"(?:^|[{,])\s*[\"']?merge_method[\"']?\s*:", re.MULTILINE)
_MODEL_LINE = re.compile(
    r"^[ \t]*(?:-[ \t]*)?(?:model|base_model)[ \t]*:[ \t]*[\"']?([^\s\"'#{}\[\]]+)",
    re.MULTILINE,
)
_MAX_READ = 120  # characters of a bad value quoted back
# The sentences tools write into a card's text to say which Hub model it was made from, often
# with no `base_model:` in the front matter: Transformers' Trainer ("This model is a fine-tuned
# version of [org/name](https://huggingface.co/org/name) on ..."), sentence-transformers
# ("... model finetuned from [org/name](...)"), llama.cpp's GGUF-my-repo and mlx-lm ("This
# model was converted to GGUF format from [`org/name`](...)"), TheBloke's quantizations
# ("- Original model: [Name](...)", "This repo contains GPTQ model files for [Name](...)")
# and bartowski's ("Original model: https://huggingface.co/org/name"), and the label cards
# write by hand ("Base model [facebook/opt-2.7b](...)", "- **Base model:** [org/name](...)").
# The link, right after the words, names the base; the words say how the repo derives from it.
_HUB_URL = r"(?:https?://)?(?:www\.)?(?:huggingface|hf)\.co/[^\s)>\]\"'`]+"
_DERIVED_FROM = re.compile(
    r"(?P<how>\bfine-?tuned\s+(?:version\s+of|from)"
    r"|\bconverted\s+to\s+[\w.-]+\s+format\s+from"
    r"|\boriginal\s+model\s*:"
    r"|\bbase\s+model\b"
    r"|\bmodel\s+files\s+for)[ \t*_:]*"
    # a markdown link to the Hub, or with an empty target (mlx-lm before 0.11 wrote
    # "[`org/name`]()"), or a bare Hub URL
    rf"(?:\[(?P<text>[^\]\n]{{1,200}})\]\((?:\s*<?(?P<url>{_HUB_URL})|\s*\))|(?P<bare>{_HUB_URL}))",
    re.IGNORECASE,
)
# Quantizers paste the original model's card below their own under this heading; what it says
# it was made from is the original's base, already that model's own lineage.
_ORIGINAL_CARD = re.compile(r"^\s{0,3}#{1,6}\s*original\s+model(?:'s)?\s+card\b", re.I | re.M)
_TEXT_RELATIONS = (("fine", "finetune"), ("converted", "quantized"), ("model files", "quantized"))
# First path segments of Hub pages that are not model repos.
_NOT_MODEL_PAGES = frozenset(
    {
        "datasets",
        "spaces",
        "docs",
        "blog",
        "papers",
        "collections",
        "organizations",
        "models",
        "tasks",
        "learn",
        "settings",
        "login",
        "join",
        "new",
        "api",
    }
)


@record(frozen=True, kw_only=True)
class FileLineage:
    """Bases one file names, the relation that file implies, and what could not be read."""

    source: str  # "adapter_config.json", "mergekit_config.yml", "README.md merge config"
    bases: tuple[str, ...] = ()
    relation: str | None = None
    problems: tuple[MetadataProblem, ...] = ()


_MAX_NESTED_ADAPTERS = 4


def lineage_file_paths(files: tuple[str, ...]) -> tuple[str, ...]:
    """The repo's adapter and merge configs at its root, and when it has no root
    adapter_config.json, the ones in its folders, a few, shallowest first: PEFT saves every
    adapter but the default one in a folder named after it, and trainers upload
    `checkpoint-500/`. (Adapters of one repo share their base, so with a root config the
    folders add nothing.)"""
    found = [p for p in (ADAPTER_CONFIG, *MERGE_CONFIGS) if p in files]
    if ADAPTER_CONFIG in files:
        return tuple(found)
    nested = sorted(
        (p for p in files if p.endswith("/" + ADAPTER_CONFIG)), key=lambda p: (p.count("/"), p)
    )
    return (*found, *nested[:_MAX_NESTED_ADAPTERS])


def is_adapter_config(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == ADAPTER_CONFIG


def read_adapter_config(text: str, source: str = ADAPTER_CONFIG) -> FileLineage:
    """The base a PEFT adapter is trained on (`base_model_name_or_path`)."""
    try:
        config = json.loads(text)
    except (ValueError, RecursionError):
        return _unreadable(source, "adapter", text, "is not valid JSON")
    if not isinstance(config, Mapping):
        return _unreadable(source, "adapter", text, "is not a JSON object")
    value = config.get("base_model_name_or_path")
    field = f"{source} base_model_name_or_path"
    if not isinstance(value, str) or not value.strip():
        return FileLineage(
            source=source,
            relation="adapter",
            problems=(
                MetadataProblem(
                    field=field,
                    read=shorten(value),
                    problem="names no base model, so the terms the adapter inherits are unknown",
                ),
            ),
        )
    return _lineage_of(source, "adapter", (value,), field)


def read_config_origin(
    config: object, model_id: str, is_local_path: Callable[[str], bool]
) -> FileLineage | None:
    """The Hub model a saved checkpoint was loaded from before training: Transformers writes
    that id into config.json as `_name_or_path`. Only an `org/name` that is neither the model
    itself nor a folder on this machine (`output/checkpoint-500`) counts."""
    if not isinstance(config, Mapping):
        return None
    value = config.get("_name_or_path")
    if not isinstance(value, str) or "/" not in value.strip():
        return None
    name = value.strip()
    if name.casefold() == model_id.casefold() or not is_hub_repo_id(name) or is_local_path(name):
        return None
    return FileLineage(source=CONFIG_ORIGIN, bases=(name,), relation="finetune")


def read_merge_config(text: str, source: str) -> FileLineage:
    """Every model a mergekit config merges: base_model, models, slices' sources, modules."""
    try:
        config = load_safe_yaml(text)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        config = None
    if isinstance(config, Mapping):
        names = tuple(_merge_model_paths(config))
    else:
        # Hand-edited blocks often stop being YAML (a card's prose pasted inside the fence);
        # mergekit writes one `model:` / `base_model:` per line, so read those lines.
        names = tuple(m.group(1) for m in _MODEL_LINE.finditer(text))
        if not names:
            return _unreadable(source, "merge", text, "is not a mergekit config")
    if not names:
        return FileLineage(
            source=source,
            relation="merge",
            problems=(
                MetadataProblem(
                    field=source,
                    read=shorten(text),
                    problem="names no model it merges, so the terms the merge inherits are unknown",
                ),
            ),
        )
    return _lineage_of(source, "merge", names, source)


def read_lineage_file(text: str, path: str) -> FileLineage:
    """The lineage one of lineage_file_paths' files names: an adapter or a merge config."""
    return (
        read_adapter_config(text, path)
        if is_adapter_config(path)
        else read_merge_config(text, path)
    )


def unread_lineage_file(path: str) -> FileLineage:
    """A lineage file the repo lists but that could not be read: its bases are unknown."""
    relation = "adapter" if is_adapter_config(path) else "merge"
    return FileLineage(
        source=path,
        relation=relation,
        problems=(
            MetadataProblem(
                field=path,
                read="not readable",
                problem=f"could not be read, so the base models this {relation} is built on are "
                "unknown",
            ),
        ),
    )


def read_card_text_lineage(body: str) -> FileLineage | None:
    """The Hub models a card's text says the repo was made from (see _DERIVED_FROM), in card
    order; None when it names none. The relation is the first sentence's, when it says one."""
    bases: list[str] = []
    relation: str | None = None
    pasted = _ORIGINAL_CARD.search(body)
    for match in _DERIVED_FROM.finditer(body, 0, pasted.start() if pasted else len(body)):
        base = _named_base(match)
        if base is None:
            continue
        if base.casefold() not in {b.casefold() for b in bases}:
            bases.append(base)
        how = match.group("how").lower()
        relation = relation or next((r for word, r in _TEXT_RELATIONS if word in how), None)
    if not bases:
        return None
    return FileLineage(source=CARD_TEXT_ORIGIN, bases=tuple(bases), relation=relation)


def _named_base(match: re.Match[str]) -> str | None:
    text = match.group("text") or ""
    url = match.group("url") or match.group("bare")
    if url:
        return hub_model_id(url, link_text=text)
    repo_id = text.strip(" `*_")  # an empty link target: the text is the id
    return repo_id if "/" in repo_id and is_hub_repo_id(repo_id) else None


def hub_model_id(url: str, *, link_text: str = "") -> str | None:
    """`org/name` of a link to a model repo on the Hub; None for other Hub pages. A one-part
    path is a user's or org's page, unless the link's text is that name: Trainer cards link
    legacy ids that way (`[distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased)`)."""
    path = strip_hub_url(url.strip().strip("<>"))
    if path is None or path.startswith("/"):  # `huggingface.co//l/users/...`: a local path
        return None
    parts = [p for p in path.split("#", 1)[0].split("?", 1)[0].split("/") if p]
    if not parts or parts[0].lower() in _NOT_MODEL_PAGES:
        return None
    parts = [parts[0], *(p.rstrip(".,;:") for p in parts[1:2])]
    repo_id = "/".join(parts)
    if len(parts) == 1 and repo_id.casefold() != link_text.strip(" `*_").casefold():
        return None
    return repo_id if _REPO_ID.match(repo_id) else None


def find_card_merge_config(body: str) -> str | None:
    """The mergekit YAML block in a card's text (the first ```yaml block with merge_method)."""
    for match in _YAML_FENCE.finditer(body):
        block = match.group(1)
        if _MERGE_METHOD.search(block):
            return block
    return None


def is_hub_repo_id(value: str) -> bool:
    """True for `org/name` (or a bare legacy name); False for local paths and URLs."""
    value = value.strip()
    return bool(_REPO_ID.match(value)) and ".." not in value


def shorten(value: object) -> str:
    """A value as the reader saw it, capped for a one-line message (bounded for alias bombs)."""
    text = value if isinstance(value, str) else _bounded_repr(value)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_READ else text[: _MAX_READ - 1] + "…"


def _bounded_repr(value: object) -> str:
    import reprlib

    limits = reprlib.Repr()
    limits.maxlevel, limits.maxlist, limits.maxdict, limits.maxtuple = 3, 4, 4, 4
    limits.maxstring, limits.maxother = 60, 60
    return limits.repr(value)


def _lineage_of(source: str, relation: str, names: tuple[str, ...], field: str) -> FileLineage:
    bases: list[str] = []
    problems: list[MetadataProblem] = []
    for name in names:
        repo_id = _strip_revision(name.strip())
        repo_id = hub_model_id(repo_id) or repo_id  # `https://huggingface.co/org/name`
        if is_hub_repo_id(repo_id):
            if repo_id not in bases:
                bases.append(repo_id)
        else:
            problems.append(
                MetadataProblem(
                    field=field,
                    read=shorten(name),
                    problem="is a local path or not a Hub model id, so its license cannot be "
                    "checked",
                )
            )
    return FileLineage(
        source=source, bases=tuple(bases), relation=relation, problems=tuple(problems)
    )


def _unreadable(source: str, relation: str, text: str, what: str) -> FileLineage:
    return FileLineage(
        source=source,
        relation=relation,
        problems=(
            MetadataProblem(
                field=source,
                read=shorten(text),
                problem=f"{what}, so the base models it names are unknown",
            ),
        ),
    )


def _strip_revision(name: str) -> str:
    """`org/name@rev` -> `org/name` (mergekit's ModelPath syntax)."""
    return name.split("@", 1)[0] if name.count("@") == 1 else name


def _merge_model_paths(config: Mapping[object, object]) -> Iterator[str]:
    yield from _reference_paths(config.get("base_model"))
    yield from _section_paths(config)
    modules = config.get("modules")
    if isinstance(modules, Mapping):
        for module in modules.values():
            if isinstance(module, Mapping):
                yield from _reference_paths(module.get("base_model"))
                yield from _section_paths(module)


def _section_paths(section: Mapping[object, object]) -> Iterator[str]:
    models = section.get("models")
    if isinstance(models, list):
        for entry in models:
            yield from _reference_paths(entry.get("model") if isinstance(entry, Mapping) else entry)
    slices = section.get("slices")
    if isinstance(slices, list):
        for piece in slices:
            if not isinstance(piece, Mapping):
                continue
            yield from _reference_paths(piece.get("base_model"))
            sources = piece.get("sources")
            if isinstance(sources, list):
                for src in sources:
                    if isinstance(src, Mapping):
                        yield from _reference_paths(src.get("model"))


def _reference_paths(reference: object) -> Iterator[str]:
    """Model paths in a mergekit ModelReference: `path[@rev][+lora[@rev]]` or a mapping."""
    if isinstance(reference, str):
        yield from (part for part in reference.split("+") if part.strip())
    elif isinstance(reference, Mapping):
        for key in ("model", "lora"):
            part = reference.get(key)
            if isinstance(part, Mapping):
                part = part.get("path")
            if isinstance(part, str) and part.strip():
                yield part
