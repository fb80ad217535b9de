"""Turn repository metadata (Hub API JSON, or a card + files on disk) into ModelFacts."""

from __future__ import annotations

from collections.abc import Mapping

from llmaudit.hub_urls import strip_hub_url
from llmaudit.models import (
    DatasetFacts,
    FactSource,
    HubGate,
    LicenseDeclaration,
    LicenseFile,
    MetadataProblem,
    ModelFacts,
)
from llmaudit.records import record
from llmaudit.resolve.card import (
    RELATIONS,
    read_card_licenses,
    read_optional_string,
    read_relation,
    read_strings,
)
from llmaudit.resolve.derivation import FileLineage, shorten
from llmaudit.resolve.files import find_remote_code, find_unsafe_files, find_weight_formats
from llmaudit.resolve.lineage import CARD_TEXT_ORIGIN, CONFIG_ORIGIN
from llmaudit.resolve.modality import infer_modality


@record(frozen=True, kw_only=True)
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
    gate_mode: str | None = None
    author: str | None = None
    card_exists: bool | None = None
    notes: tuple[str, ...] = ()
    file_lineage: tuple[FileLineage, ...] = ()
    problems: tuple[MetadataProblem, ...] = ()
    card_text: str = ""  # the README's license passages (resolve.card_text)


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
        gate_mode=read_gate_mode(info.get("gated")),
        author=_first_string(info.get("author")),
        card_exists=("README.md" in files) if files is not None else (bool(card) or None),
        notes=tuple(notes),
    )


def is_gated(value: object) -> bool:
    """The Hub's `gated` field: "auto" / "manual" / True mean gated, False / None do not."""
    if isinstance(value, str):
        return value.strip().lower() not in {"", "false", "none", "0"}
    return value is True


def read_gate_mode(value: object) -> str | None:
    """ "auto" (access granted at once) or "manual" (the publisher approves each request);
    "gated" when gated some other way, None when not gated."""
    if not is_gated(value):
        return None
    mode = value.strip().lower() if isinstance(value, str) else ""
    return mode if mode in ("auto", "manual") else "gated"


GATE_PROMPT_CAP = 2_000  # characters of extra_gated_prompt kept (Llama puts its license there)


def read_gate(card: Mapping[str, object], mode: str | None) -> HubGate:
    """The Hub gate's facts from the card's `extra_gated_*` fields and the API's `gated`."""
    fields = card.get("extra_gated_fields")
    names = tuple(str(k) for k in fields) if isinstance(fields, Mapping) else read_strings(fields)
    prompt = read_optional_string(card, "extra_gated_prompt") or ""
    description = "\n".join(
        text
        for key in ("extra_gated_heading", "extra_gated_description")
        if (text := read_optional_string(card, key))
    )
    return HubGate(
        mode=mode,
        eu_disallowed=_is_true(card.get("extra_gated_eu_disallowed")),
        fields=names,
        prompt=prompt[:GATE_PROMPT_CAP],
        description=description[:GATE_PROMPT_CAP],
    )


def _is_true(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return value is True or (isinstance(value, int) and value == 1)


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
    sources = tuple("card base_model" for _ in bases)
    card_named_bases = bool(bases)
    found = declared_or_text_lineage(meta.file_lineage, card_named_bases=card_named_bases)
    bases, sources, relation = add_file_lineage(bases, sources, relation, found)
    license_notes += read_base_model_notes(card)
    problems = (
        *meta.problems,
        *read_card_problems(card),
        *lineage_file_problems(found, card_named_bases=card_named_bases),
    )
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
        gate=read_gate(card, meta.gate_mode),
        card_exists=meta.card_exists,
        declaration=LicenseDeclaration(
            card_license=card_licenses,
            license_name=read_optional_string(card, "license_name"),
            license_link=read_optional_string(card, "license_link"),
            tags=tuple(f"license:{v}" for v in read_tag_values(meta.tags, "license")),
            files=license_files,
            origin=FactSource.BUILTIN if source is FactSource.BUILTIN else FactSource.HUB,
            repo_id=meta.model_id,
            card_text=meta.card_text,
        ),
        base_models=bases,
        base_model_relation=relation,
        lineage_sources=sources,
        datasets=tuple(DatasetFacts(id=d) for d in read_datasets(card, meta.tags)),
        files=files,
        weight_formats=find_weight_formats(files),
        unsafe_files=find_unsafe_files(files),
        remote_code=remote_code,
        remote_code_evidence=remote_evidence,
        notes=meta.notes + license_notes + notes,
        metadata_problems=tuple(dict.fromkeys(problems)),
    )


def declared_or_text_lineage(
    found: tuple[FileLineage, ...], *, card_named_bases: bool
) -> tuple[FileLineage, ...]:
    """The lineage files, and the bases the card's text names only when neither the card, the
    Hub's tags nor an adapter or merge config declares one (the declaration is then the
    better-kept record; the prose may be an older base or a mention)."""
    declared = card_named_bases or any(
        lineage.bases for lineage in found if lineage.source not in _UNDECLARED_ORIGINS
    )
    if not declared:
        return found
    return tuple(lineage for lineage in found if lineage.source != CARD_TEXT_ORIGIN)


_UNDECLARED_ORIGINS = frozenset({CARD_TEXT_ORIGIN, CONFIG_ORIGIN})


def lineage_file_problems(
    found: tuple[FileLineage, ...], *, card_named_bases: bool
) -> tuple[MetadataProblem, ...]:
    """Problems of lineage files, except an adapter config's unusable base path when the
    card names the base (trainers record their local checkout there)."""
    return tuple(
        problem
        for lineage in found
        for problem in lineage.problems
        if not (card_named_bases and lineage.relation == "adapter" and not lineage.bases)
    )


def add_file_lineage(
    bases: tuple[str, ...],
    sources: tuple[str, ...],
    relation: str | None,
    found: tuple[FileLineage, ...],
) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """Card bases plus every base a repo file names (adapter / merge configs), each once.

    The card's base_model_relation wins; else the first file's (an adapter_config.json
    makes the repo an adapter, a mergekit config a merge).
    """
    all_bases, all_sources = list(bases), list(sources)
    seen = {b.casefold() for b in bases}
    for lineage in found:
        for base in lineage.bases:
            if base.casefold() not in seen:
                seen.add(base.casefold())
                all_bases.append(base)
                all_sources.append(lineage.source)
        relation = relation or lineage.relation
    return tuple(all_bases), tuple(all_sources), relation


# Card fields whose value must be text (or a list of text) for the license to be read.
_TEXT_FIELDS = ("license", "license_name", "license_link", "base_model", "base_model_relation")


def read_card_problems(card: Mapping[str, object]) -> tuple[MetadataProblem, ...]:
    """Card fields of the wrong type: each hides a license or a base model that may bind."""
    problems = []
    for name in _TEXT_FIELDS:
        if name not in card:
            continue
        value = card[name]
        bad = _wrong_type(value, lists=name in ("license", "base_model"))
        if bad is not None:
            problems.append(
                MetadataProblem(
                    field=f"card {name}",
                    read=shorten(value),
                    problem=f"is {bad}, not text, so it was ignored and "
                    f"{_HIDDEN[name]} may be missing",
                )
            )
    relation = card.get("base_model_relation")
    if isinstance(relation, str) and relation.strip() and read_relation(card) is None:
        problems.append(
            MetadataProblem(
                field="card base_model_relation",
                read=shorten(relation),
                problem="is not one of adapter, finetune, merge, quantized; ignored",
            )
        )
    if "extra_gated_eu_disallowed" in card and not isinstance(
        card["extra_gated_eu_disallowed"], (bool, str, int)
    ):
        value = card["extra_gated_eu_disallowed"]
        problems.append(
            MetadataProblem(
                field="card extra_gated_eu_disallowed",
                read=shorten(value),
                problem=f"is {_type_phrase(value)}, not true or false; whether the Hub refuses "
                "EU users is unknown",
            )
        )
    return tuple(problems)


_HIDDEN = {
    "license": "the license",
    "license_name": "the license's name",
    "license_link": "the license's text",
    "base_model": "a base model whose terms bind this one",
    "base_model_relation": "how it derives from its base",
}


def _wrong_type(value: object, *, lists: bool) -> str | None:
    """A phrase for a value that is not text (None when it is, or is an empty value)."""
    if value is None or isinstance(value, str):
        return None
    if lists and isinstance(value, (list, tuple)):
        odd = [v for v in value if not isinstance(v, str)]
        return f"a list with {len(odd)} value(s) that are not text" if odd else None
    return _type_phrase(value)


def _type_phrase(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        dict: "a mapping",
        list: "a list",
        tuple: "a list",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def read_lineage(
    card: Mapping[str, object], tags: tuple[str, ...]
) -> tuple[tuple[str, ...], str | None]:
    """Base models and relation from the card and the Hub's `base_model:[relation:]id` tags.

    The Hub writes those tags from the card's base_model, following repo renames, so when
    both name the same number of bases the tags give the current ids.
    """
    first: dict[str, str] = {}
    for base in read_strings(card.get("base_model")):
        # each base once (ids compare case-insensitively), as lineage lists every ancestor once
        first.setdefault(normalize_repo_id(base).lower(), normalize_repo_id(base))
    bases = tuple(first.values())
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
        return (
            f"card base_model list has {len(dropped)} value(s) that are not model ids "
            f"({type(dropped[0]).__name__}); ignored, so the lineage may be incomplete",
        )
    return (
        f"card base_model is a {type(value).__name__}, not a model id; ignored, so the "
        "lineage may be incomplete",
    )


def read_tag_values(tags: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """Values of `prefix:value` tags, in order, without duplicates."""
    values: list[str] = []
    for tag in tags:
        if tag.startswith(prefix + ":"):
            value = tag[len(prefix) + 1 :].strip()
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
    url_path = strip_hub_url(value)
    if url_path is None:
        return value
    parts = [p for p in url_path.split("/") if p]
    if kind and parts and parts[0] == kind:
        parts = parts[1:]
    return "/".join(parts[:2])


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
