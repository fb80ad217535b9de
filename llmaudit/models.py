"""Plain data passed between pipeline stages: frozen, keyword-only, tuples not lists."""

from __future__ import annotations

from dataclasses import field
from enum import Enum

from llmaudit.records import record


class Verdict(str, Enum):
    """Outcome for one model, one package or the whole audit; ordered pass < warn < fail."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return _VERDICT_RANK[self]

    @staticmethod
    def worst(verdicts: tuple[Verdict, ...] | list[Verdict]) -> Verdict:
        """The most severe verdict of `verdicts` (PASS when empty)."""
        return max(verdicts, key=lambda v: v.rank, default=Verdict.PASS)


_VERDICT_RANK = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.FAIL: 2}


class Severity(str, Enum):
    """How much a finding weighs; ERROR fails, WARNING warns, INFO only informs."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def verdict(self) -> Verdict:
        return {Severity.ERROR: Verdict.FAIL, Severity.WARNING: Verdict.WARN}.get(
            self, Verdict.PASS
        )


class FactSource(str, Enum):
    """Where a model's facts came from."""

    HUB = "hub"
    CACHE = "cache"
    BUILTIN = "builtin"
    LOCAL = "local"
    UNRESOLVED = "unresolved"


class LicenseSource(str, Enum):
    """Which piece of evidence a license identification rests on."""

    CARD = "card"
    TAG = "tag"
    LICENSE_NAME = "license-name"
    LICENSE_LINK = "license-link"
    LICENSE_FILE = "license-file"
    CARD_TEXT = "card-text"  # a license the README's prose names (restricts; never chosen)
    LINEAGE = "lineage"
    BUILTIN = "builtin"
    PACKAGE_METADATA = "package-metadata"
    NONE = "none"


class RefKind(str, Enum):
    """What a discovered reference points at."""

    MODEL = "model"
    DATASET = "dataset"


class Modality(str, Enum):
    """Broad input modality, needed for scoped clauses (Llama 3.2 / 4 EU multimodal exclusion)."""

    TEXT = "text"
    VISION = "vision"
    AUDIO = "audio"
    MULTIMODAL = "multimodal"
    UNKNOWN = "unknown"


class CommercialUse(str, Enum):
    """What a license says about commercial use."""

    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    PROHIBITED = "prohibited"
    UNKNOWN = "unknown"


# ---------------------------------------------------------------- discover


class LocationKind(str, Enum):
    """Whether a place loads or configures the model (use) or only names it (mention)."""

    USE = "use"
    MENTION = "mention"


@record(frozen=True, kw_only=True, order=True)
class Location:
    """A place in the scanned project; `line` is 1-based, `cell` for notebooks."""

    path: str
    line: int | None = None
    column: int | None = None
    cell: int | None = None
    snippet: str = field(default="", compare=False)
    # use: code, configs, scripts that load or configure it; mention: docs, comments, links
    kind: LocationKind = field(default=LocationKind.USE, compare=False)
    # rule ids silenced by `# llmaudit: ignore[rule]` on this line
    suppressed_rules: tuple[str, ...] = field(default=(), compare=False)
    # the line in the file itself when `line` counts inside a notebook cell (SARIF needs it)
    file_line: int | None = field(default=None, compare=False)


@record(frozen=True, kw_only=True)
class ModelRef:
    """A model (or dataset) the project uses, with every place it is referenced."""

    id: str
    revision: str | None = None
    kind: RefKind = RefKind.MODEL
    local_path: str | None = None
    locations: tuple[Location, ...] = ()

    @property
    def used(self) -> bool:
        """True unless every location is a mention (a model named on the command line, with
        no location, is used: it was asked for)."""
        return not self.locations or any(loc.kind is LocationKind.USE for loc in self.locations)


@record(frozen=True, kw_only=True)
class PackageRef:
    """A package dependency named in a manifest."""

    name: str
    version: str | None = None
    specifier: str = ""
    ecosystem: str = "pypi"
    locations: tuple[Location, ...] = ()


@record(frozen=True, kw_only=True)
class Note:
    """Something discovery or resolution wants the user to know (skipped file, ...)."""

    message: str
    path: str | None = None
    line: int | None = None


@record(frozen=True, kw_only=True)
class Discovery:
    """Everything found in a project."""

    models: tuple[ModelRef, ...] = ()
    datasets: tuple[ModelRef, ...] = ()
    packages: tuple[PackageRef, ...] = ()
    notes: tuple[Note, ...] = ()
    # Ids the project lists itself ([tool.llmaudit] models): always audited, never dropped
    # by --verify.
    listed: tuple[str, ...] = ()


# ---------------------------------------------------------------- resolve


@record(frozen=True, kw_only=True)
class LicenseFile:
    """A LICENSE-like file of a model repo, as text (capped) with its hash."""

    path: str
    text: str
    sha256: str


@record(frozen=True, kw_only=True)
class LicenseDeclaration:
    """Raw license evidence exactly as the card, API, tags and files state it."""

    card_license: tuple[str, ...] = ()
    license_name: str | None = None
    license_link: str | None = None
    tags: tuple[str, ...] = ()
    files: tuple[LicenseFile, ...] = ()
    origin: FactSource = FactSource.HUB  # BUILTIN makes classify report source "builtin"
    repo_id: str | None = None  # the repo that declares it: publisher-scoped names need its owner
    # the README's license sections and licensing sentences (resolve.card_text), capped
    card_text: str = ""


@record(frozen=True, kw_only=True)
class DatasetFacts:
    """A training dataset and its declared license."""

    id: str
    license: tuple[str, ...] = ()
    source: FactSource = FactSource.UNRESOLVED


@record(frozen=True, kw_only=True)
class HubGate:
    """The Hub's access gate as the repo sets it (`gated` and the card's `extra_gated_*`)."""

    mode: str | None = None  # "auto" (instant approval) | "manual" | "gated" (kind unknown)
    eu_disallowed: bool = False  # extra_gated_eu_disallowed: the Hub refuses users in the EU
    fields: tuple[str, ...] = ()  # names of the questions the access form asks
    prompt: str = ""  # extra_gated_prompt, capped
    description: str = ""  # extra_gated_heading and extra_gated_description, capped


@record(frozen=True, kw_only=True)
class MetadataProblem:
    """A metadata field that could not be read as what it should be (never a clean pass)."""

    field: str  # the card field or file, e.g. "base_model", "license", "adapter_config.json"
    read: str  # what was read there, shortened
    problem: str  # what is wrong with it and what it hides, one sentence part


# The lineage source of a base that only a sentence in the card's text names ("This model is a
# fine-tuned version of [org/name](...)"): a weaker record than a declared base_model, so a base
# named there that cannot be fetched is a caution (an error when failing closed), not a violation.
CARD_TEXT_ORIGIN = "README.md text"


@record(frozen=True, kw_only=True)
class ModelFacts:
    """What is known about one model repository, and where each fact came from."""

    id: str
    revision: str | None = None
    sha: str | None = None
    source: FactSource = FactSource.UNRESOLVED
    unresolved_reason: str | None = None
    publisher: str | None = None
    pipeline_tag: str | None = None
    modality: Modality = Modality.UNKNOWN
    library_name: str | None = None
    gated: bool = False
    gate: HubGate = HubGate()
    card_exists: bool | None = None
    declaration: LicenseDeclaration = LicenseDeclaration()
    base_models: tuple[str, ...] = ()
    base_model_relation: str | None = None
    # where each base was named: "card base_model", "adapter_config.json", CARD_TEXT_ORIGIN ...
    lineage_sources: tuple[str, ...] = ()
    ancestors: tuple[ModelFacts, ...] = ()
    datasets: tuple[DatasetFacts, ...] = ()
    files: tuple[str, ...] = ()
    weight_formats: tuple[str, ...] = ()
    unsafe_files: tuple[str, ...] = ()
    remote_code: bool = False
    remote_code_evidence: tuple[str, ...] = ()
    stale: bool = False
    notes: tuple[str, ...] = ()
    metadata_problems: tuple[MetadataProblem, ...] = ()
    # Set when the Hub could not be used in an online run and these facts are a fallback:
    # why, and what stands in for the Hub ("built-in facts checked 2025-01-10").
    hub_problem: str | None = None
    fallback: str | None = None


@record(frozen=True, kw_only=True)
class PackageFacts:
    """A package's declared license as read from installed metadata or PyPI."""

    name: str
    version: str | None = None
    license_expression: str | None = None
    license_classifiers: tuple[str, ...] = ()
    source: FactSource = FactSource.UNRESOLVED
    unresolved_reason: str | None = None
    # the license files the installed distribution ships (dist-info licenses/, License-File)
    license_files: tuple[LicenseFile, ...] = ()


# ---------------------------------------------------------------- licenses


@record(frozen=True, kw_only=True)
class Threshold:
    """A usage ceiling above which the license needs a separate grant (Llama: 700M MAU)."""

    metric: str  # "monthly_active_users" | "annual_revenue_usd" | "monthly_revenue_usd"
    limit: float
    consequence: str
    clause: str = ""


@record(frozen=True, kw_only=True)
class GeoRestriction:
    """A geographic carve-out; `scope` narrows it (e.g. "multimodal" models only)."""

    regions: tuple[str, ...]
    scope: str = "all"
    applies_to: str = "licensee"
    text: str = ""
    clause: str = ""


@record(frozen=True, kw_only=True)
class GoverningLaw:
    """Law and venue the license chooses."""

    country: str | None = None
    region: str | None = None
    venue: str | None = None
    clause: str = ""


@record(frozen=True, kw_only=True)
class LicenseInfo:
    """One knowledge-base entry: a license and its structured obligations."""

    key: str
    name: str
    spdx: str
    family: str = ""
    version: str = ""
    category: str = ""  # permissive | copyleft | weak-copyleft | public-domain | community |
    # responsible-ai | non-commercial | research | proprietary | unknown
    hub_ids: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # names other publishers use for their own terms too ("modified-mit"): they name this entry
    # only in a repo owned by one of `publishers` or next to a license_link the entry knows
    publisher_aliases: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    link_patterns: tuple[str, ...] = ()
    commercial_use: CommercialUse = CommercialUse.UNKNOWN
    commercial_note: str = ""
    thresholds: tuple[Threshold, ...] = ()
    attribution: tuple[str, ...] = ()
    naming_prefix: str | None = None
    aup_url: str | None = None
    aup_incorporated: bool = False
    flow_down: bool = False
    flow_down_note: str = ""
    output_restrictions: tuple[str, ...] = ()
    geographic: tuple[GeoRestriction, ...] = ()
    governing_law: GoverningLaw | None = None
    notice: str | None = None
    copyleft: bool = False
    sources: tuple[str, ...] = ()
    checked: str = ""
    url: str | None = None  # canonical text of the license
    copy_license: bool = False  # a copy of the license must travel with redistributions
    share_alike: bool = False  # adaptations must carry the same license (CC BY-SA, ODbL)
    registration: str = ""  # registration / application needed before use, as the text says
    # usages (saas, distributed, ...) some form of which needs a separate license; the note
    # says which form (Falcon 180B: offering the model itself as an API, not a product using it)
    restricted_usages: tuple[str, ...] = ()
    restricted_usage_note: str = ""
    no_derivatives: bool = False  # adapted material may not be shared (CC ND)
    attribution_note: str = ""  # how to give credit when the license fixes no literal string
    text_file: str = ""  # file name of the verbatim text in the shared corpus, when there


@record(frozen=True, kw_only=True)
class LicenseMatch:
    """A license identification: `key` is a Hub id, our kebab-case key, or "unknown"."""

    key: str
    spdx: str
    name: str
    source: LicenseSource = LicenseSource.NONE
    confidence: float = 0.0
    coverage: float | None = None
    evidence: str = ""

    @property
    def is_unknown(self) -> bool:
        return self.key == UNKNOWN_LICENSE


UNKNOWN_LICENSE = "unknown"


@record(frozen=True, kw_only=True)
class LicenseAssessment:
    """The chosen license plus each signal's own identification (to spot conflicts)."""

    license: LicenseMatch
    evidence: tuple[LicenseMatch, ...] = ()
    # The knowledge-base entries of `license` and of every evidence match (filled by classify),
    # so that later stages read terms from the value instead of looking them up.
    infos: tuple[LicenseInfo, ...] = ()
    # LICENSE / COPYING files whose text is no license llmaudit knows although it holds the text
    # of the chosen license to compare with: the file may be the real, stricter license
    unidentified_files: tuple[str, ...] = ()

    def info_for(self, key: str) -> LicenseInfo | None:
        """The entry for `key` among `infos` (case-insensitive), or None."""
        wanted = key.strip().lower()
        return next((info for info in self.infos if info.key.lower() == wanted), None)


@record(frozen=True, kw_only=True)
class TextMatch:
    """One known text found in a file: a license or the acceptable-use policy of `key`."""

    key: str
    kind: str = "license"  # "license" | "aup"
    coverage: float = 0.0  # fraction of the reference text found in the file
    containment: float = 0.0  # fraction of the file explained by the reference
    confidence: float = 0.0
    start_line: int = 0
    end_line: int = 0


@record(frozen=True, kw_only=True)
class TextIdentification:
    """Full-text identification of one file: the license plus every text found in it."""

    license: LicenseMatch
    matches: tuple[TextMatch, ...] = ()
    # words around a known license that take commercial use away ("research use only"): the
    # file is then unknown, and not the license it quotes
    restriction: str = ""


@record(frozen=True, kw_only=True)
class Obligation:
    """Something the user must do or must not do because of a license."""

    kind: str  # attribution | notice | naming | aup | flow-down | threshold | output-restriction
    # | geographic | copy-license | share-alike | registration | non-commercial | no-derivatives
    text: str
    license_key: str
    clause: str = ""
    inherited_from: str | None = None


# ---------------------------------------------------------------- policy


@record(frozen=True, kw_only=True)
class RuleDescription:
    """A policy rule in words (from its `RuleSpec`) and the severity it ran at in this audit."""

    id: str
    title: str
    summary: str  # one line: what triggers it
    help: str  # what to do about it
    tags: tuple[str, ...] = ()  # license | security | supply-chain
    severity: Severity


@record(frozen=True, kw_only=True)
class Finding:
    """One rule firing on one model or package, explained."""

    rule: str
    severity: Severity
    message: str
    subject: str = ""
    path: str | None = None
    line: int | None = None
    waived_by: str | None = None
    # the subject is only mentioned (docs, comments): reported, never deciding the verdict
    # (policy `mentions: report`)
    mention_only: bool = False

    @property
    def effective_verdict(self) -> Verdict:
        if self.waived_by or self.mention_only:
            return Verdict.PASS
        return self.severity.verdict


@record(frozen=True, kw_only=True)
class LineageEntry:
    """One ancestor in a model's base_model chain with its identified license."""

    model_id: str
    relation: str | None
    depth: int
    license: LicenseMatch
    source: FactSource = FactSource.UNRESOLVED
    info: LicenseInfo | None = None  # the entry of `license`, None when unknown (licenses stage)


@record(frozen=True, kw_only=True)
class DatasetLicense:
    """One license a training dataset declares, with its knowledge-base entry (None: unknown)."""

    dataset_id: str
    declared: str
    info: LicenseInfo | None = None


@record(frozen=True, kw_only=True)
class ModelAudit:
    """Everything the report says about one model."""

    ref: ModelRef
    facts: ModelFacts
    assessment: LicenseAssessment
    license_info: LicenseInfo | None = None
    lineage: tuple[LineageEntry, ...] = ()
    dataset_licenses: tuple[DatasetLicense, ...] = ()  # of facts.datasets (licenses stage)
    obligations: tuple[Obligation, ...] = ()
    findings: tuple[Finding, ...] = ()
    verdict: Verdict = Verdict.PASS

    def license_infos(self) -> dict[str, LicenseInfo]:
        """Every knowledge-base entry this audit carries, by key: own, evidence, lineage and
        datasets (the first one seen wins)."""
        found: dict[str, LicenseInfo] = {}
        carried = (
            self.license_info,
            *self.assessment.infos,
            *(entry.info for entry in self.lineage),
            *(dataset.info for dataset in self.dataset_licenses),
        )
        for info in carried:
            if info is not None:
                found.setdefault(info.key, info)
        return found


@record(frozen=True, kw_only=True)
class SymbolTerms:
    """The terms behind one symbol of a package's SPDX expression (`CC-BY-NC-4.0`)."""

    symbol: str
    info: LicenseInfo | None  # None: neither the knowledge base nor ScanCode's LicenseDB knows it


@record(frozen=True, kw_only=True)
class PackageAudit:
    """Everything the report says about one package."""

    ref: PackageRef
    facts: PackageFacts
    license: LicenseMatch
    # the terms behind each license symbol of `license.spdx`, for the package rules
    license_terms: tuple[SymbolTerms, ...] = ()
    findings: tuple[Finding, ...] = ()
    verdict: Verdict = Verdict.PASS


@record(frozen=True, kw_only=True)
class WaiverUse:
    """A waiver that suppressed a finding in this run."""

    id: str
    rule: str
    subject: str
    reason: str
    owner: str
    expires: str


@record(frozen=True, kw_only=True)
class AuditError:
    """A target that could not be processed (kept as data, not raised)."""

    target: str
    message: str


@record(frozen=True, kw_only=True)
class AuditResult:
    """The outcome of one audit, ready for any renderer."""

    tool_version: str
    policy: str
    verdict: Verdict
    policy_description: str = ""
    generated_at: str
    models: tuple[ModelAudit, ...] = ()
    datasets: tuple[ModelRef, ...] = ()
    packages: tuple[PackageAudit, ...] = ()
    errors: tuple[AuditError, ...] = ()
    waivers: tuple[WaiverUse, ...] = ()
    notes: tuple[Note, ...] = ()
    offline: bool = False
    root: str | None = None
    # One line when the Hub could not be used and some facts came from fallbacks.
    hub_fallback: str | None = None
    # The rules this policy enabled, each at its configured severity (SARIF, HTML, CycloneDX).
    rules: tuple[RuleDescription, ...] = ()
    # the scanned folder relative to its git repository's top level ("" at the top,
    # "services/app" below it); None outside a repository or without a folder (`check`)
    repository_path: str | None = None
