"""Turn repository metadata (Hub API JSON, or a card + files on disk) into ModelFacts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from llmaudit.models import (
    DatasetFacts,
    FactSource,
    LicenseDeclaration,
    LicenseFile,
    ModelFacts,
)
from llmaudit.resolve.card import (
    RELATIONS,
    read_card_licenses,
    read_optional_string,
    read_relation,
    read_strings,
)
from llmaudit.resolve.files import find_remote_code, find_unsafe_files, find_weight_formats
from llmaudit.resolve.modality import infer_modality


@dataclass(frozen=True, kw_only=True)
class RepoMetadata:
    """Everything read about one repo before it becomes ModelFacts (one shape for all sources)."""

    model_id: str
    card: Mapping[str, object]
    tags: tuple[str, ...] = ()
    files: tuple[str, ...] | None = None
    config: object = None
    sha: str | None = None
    pipeline_tag: str | None = None
    library_name: str | None = None
    gated: bool = False
    author: str | None = None
    card_exists: bool | None = None
    notes: tuple[str, ...] = ()


def read_hub_info(info: Mapping[str, object], model_id: str) -> RepoMetadata:
    """RepoMetadata from a `/api/models/{id}` body; odd shapes become notes, not errors."""
    notes: list[str] = []
    card_data = info.get("cardData")
    if card_data is None:
        card: Mapping[str, object] = {}
    elif isinstance(card_data, Mapping):
        card = card_data
    else:
        card = {}
        notes.append("the Hub's cardData is not a mapping; card metadata ignored")
    files = _read_siblings(info.get("siblings"))
    if files is None:
        notes.append("the Hub did not list the repo's files; file facts are unknown")
    served_id = info.get("id") or info.get("modelId")
    if isinstance(served_id, str) and served_id != model_id and "/" in served_id:
        notes.append(f"the Hub serves {model_id} as {served_id} (renamed or redirected)")
    return RepoMetadata(
        model_id=model_id,
        card=card,
        tags=read_strings(info.get("tags")),
        files=files,
        config=info.get("config"),
        sha=_first_string(info.get("sha")),
        pipeline_tag=_first_string(info.get("pipeline_tag"), card.get("pipeline_tag")),
        library_name=_first_string(info.get("library_name"), card.get("library_name")),
        gated=is_gated(info.get("gated")),
        author=_first_string(info.get("author")),
        card_exists=("README.md" in files) if files is not None else (bool(card) or None),
        notes=tuple(notes),
    )


def is_gated(value: object) -> bool:
    """The Hub's `gated` field: "auto" / "manual" / True mean gated, False / None do not."""
    if isinstance(value, str):
        return value.strip().lower() not in {"", "false", "none", "0"}
    return value is True


def build_facts(
    meta: RepoMetadata,
    *,
    source: FactSource,
    revision: str | None,
    license_files: tuple[LicenseFile, ...] = (),
    notes: tuple[str, ...] = (),
) -> ModelFacts:
    """ModelFacts from RepoMetadata; ancestors and datasets' licenses are filled in later."""
    card = meta.card
    card_licenses, license_notes = read_card_licenses(card)
    bases, relation = read_lineage(card, meta.tags)
    license_notes += read_base_model_notes(card)
    files = meta.files or ()
    remote_code, remote_evidence = find_remote_code(files, meta.config, meta.tags)
    return ModelFacts(
        id=meta.model_id,
        revision=revision,
        sha=meta.sha,
        source=source,
        publisher=read_publisher(meta.model_id, meta.author),
        pipeline_tag=meta.pipeline_tag,
        modality=infer_modality(meta.pipeline_tag, meta.tags + read_strings(card.get("tags"))),
        library_name=meta.library_name,
        gated=meta.gated,
        card_exists=meta.card_exists,
        declaration=LicenseDeclaration(
            card_license=card_licenses,
            license_name=read_optional_string(card, "license_name"),
            license_link=read_optional_string(card, "license_link"),
            tags=tuple(f"license:{v}" for v in read_tag_values(meta.tags, "license")),
            files=license_files,
            origin=FactSource.BUILTIN if source is FactSource.BUILTIN else FactSource.HUB,
        ),
        base_models=bases,
        base_model_relation=relation,
        datasets=tuple(DatasetFacts(id=d) for d in read_datasets(card, meta.tags)),
        files=files,
        weight_formats=find_weight_formats(files),
        unsafe_files=find_unsafe_files(files),
        remote_code=remote_code,
        remote_code_evidence=remote_evidence,
        notes=meta.notes + license_notes + notes,
    )


def describe_license(declaration: LicenseDeclaration) -> str | None:
    """The declared license as one short string (card values, else tags; plus license_name)."""
    tag_values = tuple(t.split(":", 1)[1] for t in declaration.tags if t.startswith("license:"))
    values = declaration.card_license or tag_values
    key = ", ".join(values) if values else None
    if declaration.license_name:
        key = f"{key or 'other'} ({declaration.license_name})"
    return key


def read_lineage(
    card: Mapping[str, object], tags: tuple[str, ...]
) -> tuple[tuple[str, ...], str | None]:
    """Base models and relation from the card and the Hub's `base_model:[relation:]id` tags.

    The Hub writes those tags from the card's base_model, following repo renames, so when
    both name the same number of bases the tags give the current ids.
    """
    bases = tuple(normalize_repo_id(b) for b in read_strings(card.get("base_model")))
    relation = read_relation(card)
    tag_bases: list[str] = []
    tag_relation: str | None = None
    for value in read_tag_values(tags, "base_model"):
        head, sep, tail = value.partition(":")
        if sep and head in RELATIONS:
            tag_relation = tag_relation or head
            value = tail
        if value and value not in tag_bases:
            tag_bases.append(value)
    if tag_bases and (not bases or len(tag_bases) == len(bases)):
        bases = tuple(tag_bases)
    return bases, (relation or tag_relation)


def read_base_model_notes(card: Mapping[str, object]) -> tuple[str, ...]:
    """Notes for `base_model` values that are not model ids (a hidden base could be restrictive)."""
    value = card.get("base_model")
    if value is None or isinstance(value, str):
        return ()
    if isinstance(value, (list, tuple)):
        dropped = [v for v in value if not isinstance(v, str)]
        if not dropped:
            return ()
        return (f"card base_model list has {len(dropped)} value(s) that are not model ids "
                f"({type(dropped[0]).__name__}); ignored, so the lineage may be incomplete",)
    return (f"card base_model is a {type(value).__name__}, not a model id; ignored, so the "
            "lineage may be incomplete",)


def read_tag_values(tags: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """Values of `prefix:value` tags, in order, without duplicates."""
    values: list[str] = []
    for tag in tags:
        if tag.startswith(prefix + ":"):
            value = tag[len(prefix) + 1:].strip()
            if value and value not in values:
                values.append(value)
    return tuple(values)


def read_datasets(card: Mapping[str, object], tags: tuple[str, ...]) -> tuple[str, ...]:
    """Training datasets named by the card, else by `dataset:` tags."""
    named = read_strings(card.get("datasets")) or read_tag_values(tags, "dataset")
    return tuple(dict.fromkeys(normalize_repo_id(d, kind="datasets") for d in named))


def normalize_repo_id(value: str, *, kind: str = "") -> str:
    """A repo id from a value that may be a Hub URL (`https://huggingface.co/org/name/...`)."""
    value = value.strip()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "huggingface.co/",
                   "https://hf.co/", "hf.co/"):
        if value.lower().startswith(prefix):
            parts = [p for p in value[len(prefix):].split("/") if p]
            if kind and parts and parts[0] == kind:
                parts = parts[1:]
            return "/".join(parts[:2])
    return value


def read_publisher(model_id: str, author: str | None = None) -> str | None:
    """The org or user that owns the repo (the part before the slash)."""
    if "/" in model_id:
        return model_id.split("/", 1)[0]
    return author


def _read_siblings(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    names = (s.get("rfilename") for s in value if isinstance(s, Mapping))
    return tuple(n for n in names if isinstance(n, str))


def _first_string(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
