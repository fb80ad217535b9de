"""Facts about one model repo from the Hub API and its files (through the caches)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from llmaudit.hub_urls import HUB_URL, strip_hub_url
from llmaudit.models import DatasetFacts, FactSource, LicenseFile, ModelFacts
from llmaudit.records import record
from llmaudit.resolve.card import (
    front_matter_end,
    front_matter_problems,
    parse_card,
    read_card_licenses,
    read_strings,
)
from llmaudit.resolve.card_text import license_passages
from llmaudit.resolve.derivation import (
    MERGE_CONFIGS,
    MERGE_TAGS,
    FileLineage,
    find_card_merge_config,
    lineage_file_paths,
    read_card_text_lineage,
    read_config_origin,
    read_lineage_file,
    read_merge_config,
    unread_lineage_file,
)
from llmaudit.resolve.files import find_license_files
from llmaudit.resolve.hub import Fetched, HubClient
from llmaudit.resolve.metadata import RepoMetadata, build_facts, read_hub_info, read_tag_values

LICENSE_CAP = 1_000_000  # bytes of a LICENSE file kept as text
README_CAP = 1_000_000  # front matter sits at the top; the rest of a huge card is not needed
CONFIG_CAP = 2_000_000
_SHA = re.compile(r"^[0-9a-f]{40}$")


@record(frozen=True, kw_only=True)
class HubOutcome:
    """Facts from the Hub, or why there are none and whether another source may stand in."""

    facts: ModelFacts | None = None
    problem: str | None = None
    may_fall_back: bool = True
    fetched_at: float | None = None  # facts built from a cached answer: when it left the Hub


def fetch_model_facts(hub: HubClient, model_id: str, revision: str | None) -> HubOutcome:
    """Shallow facts (no ancestors, dataset licenses unresolved) for one model."""
    reply = hub.get_json(hub.model_api_url(model_id, revision))
    failure = _describe_api_failure(reply, revision, has_token=bool(hub.token()))
    if failure is not None:
        return failure
    try:
        info = reply.json()
    except ValueError:
        return HubOutcome(
            problem=f"the Hub answered HTTP {reply.status} with something that is "
            "not JSON (a proxy or login page?)"
        )
    if not isinstance(info, Mapping):
        return HubOutcome(
            problem=f"the Hub answered with JSON that is not an object ({type(info).__name__})"
        )
    meta = read_hub_info(info, model_id)
    # Files are read at the revision asked for (the Hub's usual `resolve/main/` URLs), and at
    # the commit the API reported when a mirror only serves commit URLs.
    revisions = tuple(dict.fromkeys(r for r in (revision or "main", meta.sha) if r))
    reader = _RepoReader(hub, model_id, revisions)
    if not meta.card and meta.files and "README.md" in meta.files:
        meta = reader.read_card(meta, hub_parsed=False)
    elif meta.files and "README.md" in meta.files:
        meta = reader.read_card_body(meta, merge_block=_may_hold_merge_block(meta))
    meta = reader.read_lineage_files(meta)
    has_config = bool(meta.files) and "config.json" in (meta.files or ())
    if has_config and not _names_a_base(meta):
        meta = reader.read_config_origin(meta, keep_config="config" not in info)
    elif "config" not in info and has_config:
        meta = reader.read_config(meta)
    license_files = reader.read_license_files(meta)
    notes = reader.notes(gated=meta.gated)
    facts = build_facts(
        meta,
        source=FactSource.CACHE if reply.from_cache else FactSource.HUB,
        revision=revision,
        license_files=license_files,
        notes=notes,
    )
    return HubOutcome(
        facts=replace(facts, stale=reply.stale or reader.stale), fetched_at=reply.fetched_at
    )


def fetch_dataset_facts(hub: HubClient, dataset_id: str) -> DatasetFacts:
    """A dataset's declared license from `/api/datasets/{id}` (best effort)."""
    reply = hub.get_json(hub.dataset_api_url(dataset_id))
    if not reply.ok:
        return DatasetFacts(id=dataset_id)
    try:
        info = reply.json()
    except ValueError:
        return DatasetFacts(id=dataset_id)
    if not isinstance(info, Mapping):
        return DatasetFacts(id=dataset_id)
    card = info.get("cardData")
    licenses: tuple[str, ...] = ()
    if isinstance(card, Mapping):
        licenses, _ = read_card_licenses(card)
    if not licenses and isinstance(info.get("tags"), list):
        tags = tuple(t for t in info["tags"] if isinstance(t, str))
        licenses = read_tag_values(tags, "license")
    source = FactSource.CACHE if reply.from_cache else FactSource.HUB
    return DatasetFacts(id=dataset_id, license=licenses, source=source)


def hash_text(text: str) -> str:
    """sha256 of a text's UTF-8 bytes (how license texts are fingerprinted everywhere)."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _describe_api_failure(
    reply: Fetched, revision: str | None, *, has_token: bool
) -> HubOutcome | None:
    if reply.ok:
        return None
    code = reply.error_code or ""
    if reply.status in (404, 410):
        if code == "RevisionNotFound" and revision:
            return HubOutcome(
                problem=f"revision {revision} not found on the Hub (404)", may_fall_back=False
            )
        # Deleted repos (runwayml/stable-diffusion-v1-5) may still be in the built-in table.
        return HubOutcome(problem=f"not found on the Hub ({reply.status})")
    if reply.status in (401, 403) and has_token:
        return HubOutcome(
            problem=f"the Hub refused the token, or the repo is private or missing ({reply.status})"
        )
    if reply.status in (401, 403):
        return HubOutcome(
            problem=f"not found on the Hub or private ({reply.status}); "
            "set HF_TOKEN if you have access"
        )
    return HubOutcome(problem=reply.problem or f"HTTP {reply.status}")


class _RepoReader:
    """Reads a repo's files at its revision and remembers what could not be read."""

    def __init__(self, hub: HubClient, model_id: str, revisions: tuple[str, ...]) -> None:
        self._hub = hub
        self._model_id = model_id
        self._revisions = revisions  # tried in order while the answer is 404 / no answer
        self._denied: list[str] = []
        self._notes: list[str] = []
        self.stale = False

    def fetch(self, path: str, cap: int, *, optional: bool = False) -> Fetched:
        """A file of the repo; `optional`: a 404 is no problem worth a note."""
        reply = Fetched(status=0, problem="no revision to read from")
        for revision in self._revisions:
            url = self._hub.file_url(self._model_id, revision, path)
            # only a full commit sha makes a file immutable in the cache
            reply = self._hub.get_text(url, cap=cap, immutable=bool(_SHA.match(revision)))
            if reply.answered and reply.status != 404:
                break
        self.stale = self.stale or reply.stale
        if reply.status in (401, 403):
            self._denied.append(path)
        elif not reply.ok and not (optional and reply.status == 404):
            self._notes.append(f"{path} could not be read: {reply.problem}")
        elif reply.binary:
            self._notes.append(f"{path} is binary; not read")
        elif reply.truncated:
            self._notes.append(
                f"{path} is larger than {cap // 1_000_000} MB; only the start was read"
            )
        return reply

    def read_card(self, meta: RepoMetadata, *, hub_parsed: bool) -> RepoMetadata:
        """The README's front matter, read here because the Hub served no cardData."""
        reply = self.fetch("README.md", README_CAP)
        if not reply.ok or reply.text is None:
            return meta
        card = parse_card(reply.text)
        problems = front_matter_problems(card, hub_parsed=hub_parsed)
        meta = replace(
            meta,
            card=card.data,
            card_exists=True,
            notes=meta.notes + card.notes,
            problems=meta.problems + problems,
            card_text=license_passages(reply.text),
        )
        return _with_card_merge_block(_with_card_text_lineage(meta, reply.text), reply.text)

    def read_card_body(self, meta: RepoMetadata, *, merge_block: bool) -> RepoMetadata:
        """What the card's text says about its terms (the Hub's cardData holds only the
        front matter), and the mergekit config block of a merge tagged as such."""
        reply = self.fetch("README.md", README_CAP, optional=True)
        if not reply.ok or reply.text is None:
            return meta
        meta = _with_card_text_lineage(
            replace(meta, card_text=license_passages(reply.text)), reply.text
        )
        return _with_card_merge_block(meta, reply.text) if merge_block else meta

    def read_lineage_files(self, meta: RepoMetadata) -> RepoMetadata:
        """Bases named by adapter_config.json and mergekit_config.yml, when the repo has them."""
        files = meta.files or ()
        found: list[FileLineage] = []
        for path in lineage_file_paths(files):
            reply = self.fetch(path, CONFIG_CAP)
            if reply.ok and reply.text is not None and not reply.truncated:
                found.append(read_lineage_file(reply.text, path))
            else:
                found.append(unread_lineage_file(path))
        return replace(meta, file_lineage=meta.file_lineage + tuple(found))

    def read_config(self, meta: RepoMetadata) -> RepoMetadata:
        config, notes = self._fetch_config()
        return replace(meta, config=config, notes=(*meta.notes, *notes))

    def read_config_origin(self, meta: RepoMetadata, *, keep_config: bool) -> RepoMetadata:
        """A repo that declares no base: the model its config.json says it was saved from
        (Transformers' `_name_or_path`), checked against the Hub when lineage is resolved."""
        config, notes = self._fetch_config()
        origin = read_config_origin(config, meta.model_id, lambda _name: False)
        return replace(
            meta,
            config=config if keep_config else meta.config,
            notes=(*meta.notes, *notes),
            file_lineage=(*meta.file_lineage, *((origin,) if origin else ())),
        )

    def _fetch_config(self) -> tuple[object, tuple[str, ...]]:
        import json

        reply = self.fetch("config.json", CONFIG_CAP)
        if not reply.ok or reply.text is None or reply.truncated:
            return None, ()
        try:
            return json.loads(reply.text), ()
        except (ValueError, RecursionError):
            return None, ("config.json is not valid JSON",)

    def read_license_files(self, meta: RepoMetadata) -> tuple[LicenseFile, ...]:
        files = meta.files or ()
        paths = list(find_license_files(files))
        link = meta.card.get("license_link")
        linked = self._repo_path_of_link(link) if isinstance(link, str) else None
        if linked and linked not in paths and (not files or linked in files):
            paths.append(linked)
        found: list[LicenseFile] = []
        for path in paths:
            reply = self.fetch(path, LICENSE_CAP)
            if reply.ok and reply.text is not None:
                found.append(LicenseFile(path=path, text=reply.text, sha256=hash_text(reply.text)))
        elsewhere = self._other_repo_file_of_link(link) if isinstance(link, str) else None
        if elsewhere is not None:
            found.extend(self._read_other_repo_file(*elsewhere))
        return tuple(found)

    def _read_other_repo_file(
        self, repo_id: str, revision: str, path: str
    ) -> tuple[LicenseFile, ...]:
        """The license file another repo holds that this card's license_link points to (a
        quantization's card linking its original's LICENSE): the terms the card points to,
        named by its public URL so no report mistakes it for a file of this repo."""
        url = f"{HUB_URL}/{repo_id}/blob/{revision}/{path}"
        reply = self._hub.get_text(
            self._hub.file_url(repo_id, revision, path),
            cap=LICENSE_CAP,
            immutable=bool(_SHA.match(revision)),
        )
        self.stale = self.stale or reply.stale
        if reply.ok and reply.text is not None and not reply.binary:
            return (LicenseFile(path=url, text=reply.text, sha256=hash_text(reply.text)),)
        why = f"HTTP {reply.status}" if reply.status else (reply.problem or "no answer")
        self._notes.append(f"license_link {url} could not be read ({why}); its terms are unchecked")
        return ()

    def _other_repo_file_of_link(self, link: str) -> tuple[str, str, str] | None:
        """(repo, revision, path) when a license_link names a license file of another Hub
        model repo (`https://huggingface.co/org/name/blob/main/LICENSE`)."""
        rest = strip_hub_url(link.strip())
        if rest is None:
            parts = urlsplit(link.strip())
            endpoint = urlsplit(self._hub.endpoint)
            if not parts.hostname or parts.hostname.lower() != (endpoint.hostname or "").lower():
                return None
            rest = parts.path.lstrip("/")
        pieces = unquote(rest.split("#", 1)[0].split("?", 1)[0]).split("/")
        if len(pieces) < 5 or pieces[2] not in ("blob", "resolve", "raw"):
            return None
        repo_id, revision = "/".join(pieces[:2]), pieces[3]
        path = safe_repo_path("/".join(pieces[4:]))
        if repo_id.casefold() == self._model_id.casefold() or path is None:
            return None
        return (repo_id, revision, path) if find_license_files((path,)) else None

    def notes(self, *, gated: bool) -> tuple[str, ...]:
        notes = list(self._notes)
        if self._denied:
            what = ", ".join(self._denied)
            why = "gated repo" if gated else "access denied"
            notes.append(
                f"{why}: could not read {what} (401/403); license facts come from the "
                "Hub API's cardData and tags only"
            )
        return tuple(notes)

    def _repo_path_of_link(self, link: str) -> str | None:
        """The repo-relative path a license_link points at, when it points into this repo."""
        link = link.strip()
        parts = urlsplit(link)
        if not parts.scheme and not parts.netloc:
            return safe_repo_path(unquote(parts.path))
        endpoint = urlsplit(self._hub.endpoint)
        if (parts.hostname or "").lower() != (endpoint.hostname or "").lower():
            return None
        prefix = f"/{self._model_id}/"
        path = unquote(parts.path)
        if not path.lower().startswith(prefix.lower()):
            return None
        kind, _, rest = path[len(prefix) :].partition("/")
        if kind not in ("blob", "resolve", "raw"):
            return None
        _, _, file_path = rest.partition("/")  # drop the revision
        return safe_repo_path(file_path)


def _names_a_base(meta: RepoMetadata) -> bool:
    """Whether the card, the Hub's base_model tags or a lineage file already name a base."""
    if read_strings(meta.card.get("base_model")):
        return True
    if any(tag.startswith("base_model:") for tag in meta.tags):
        return True
    return any(lineage.bases or lineage.problems for lineage in meta.file_lineage)


def _may_hold_merge_block(meta: RepoMetadata) -> bool:
    """A merge whose card may carry mergekit's config block (tagged merge, no config file)."""
    tags = {t.lower() for t in meta.tags} | {t.lower() for t in _card_tags(meta.card)}
    files = meta.files or ()
    return bool(tags & MERGE_TAGS) and not any(path in files for path in MERGE_CONFIGS)


def _card_tags(card: Mapping[str, object]) -> tuple[str, ...]:
    from llmaudit.resolve.card import read_strings

    return read_strings(card.get("tags"))


def _with_card_text_lineage(meta: RepoMetadata, text: str) -> RepoMetadata:
    """The bases a tool's sentence in the card's text names (used only when nothing else
    names one: see metadata.declared_or_text_lineage)."""
    lineage = read_card_text_lineage(text[front_matter_end(text) :])
    if lineage is None:
        return meta
    return replace(meta, file_lineage=(*meta.file_lineage, lineage))


def _with_card_merge_block(meta: RepoMetadata, text: str) -> RepoMetadata:
    block = find_card_merge_config(text)
    if block is None:
        return meta
    lineage = read_merge_config(block, "README.md merge config")
    return replace(meta, file_lineage=(*meta.file_lineage, lineage))


def safe_repo_path(path: str) -> str | None:
    """A repo-relative file path, or None when it is empty or climbs out with `..`.

    A card's license_link must never turn a file fetch into a request for another Hub
    endpoint (with the token): `LICENSE/../../api/whoami-v2` is refused, not normalised.
    """
    segments = [s for s in path.replace("\\", "/").split("/") if s not in ("", ".")]
    if not segments or ".." in segments:
        return None
    return "/".join(segments)
