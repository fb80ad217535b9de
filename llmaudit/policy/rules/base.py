"""What a rule sees (a context) and says (hits), and how a rule is registered (RuleSpec)."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from llmaudit.licenses.classify import unknown_file_path
from llmaudit.models import (
    UNKNOWN_LICENSE,
    CommercialUse,
    LicenseAssessment,
    LicenseInfo,
    LicenseMatch,
    LicenseSource,
    Modality,
    ModelAudit,
    PackageAudit,
    RuleDescription,
    Severity,
)
from llmaudit.policy.document import Policy
from llmaudit.records import record


class Level(str, Enum):
    """How hard a hit bites: at the policy's severity, at most a warning, or info only."""

    VIOLATION = "violation"
    CAUTION = "caution"
    NOTE = "note"
    UNCHECKED = "unchecked"  # could not be checked: a caution, an error when failing closed

    def severity(self, configured: Severity, *, closed: bool = False) -> Severity:
        """The finding severity for a rule the policy sets to `configured` (`closed`: --ci)."""
        if self is Level.NOTE:
            return Severity.INFO
        if self is Level.UNCHECKED and closed:
            return Severity.ERROR
        if self in (Level.CAUTION, Level.UNCHECKED) and configured is Severity.ERROR:
            return Severity.WARNING
        return configured


@record(frozen=True, kw_only=True)
class Hit:
    """One reason a rule fires: a one-sentence message (why, and what to do)."""

    message: str
    level: Level = Level.VIOLATION


@record(frozen=True, kw_only=True)
class LicenseUse:
    """One license that governs a model: its own (depth 0) or a base model's (depth >= 1)."""

    model_id: str
    depth: int
    relation: str | None
    match: LicenseMatch
    info: LicenseInfo | None
    resolved: bool = True
    named_by: str = ""  # for a direct base: the field or file that named it (lineage_sources)

    @property
    def known(self) -> bool:
        """Identified as a license whose terms the knowledge base records (not `cc`, `other`)."""
        return (
            self.info is not None
            and not self.match.is_unknown
            and self.info.category != UNKNOWN_LICENSE
        )

    @property
    def label(self) -> str:
        """How a message names the license: its name, or the raw key when it is unknown."""
        if self.info is not None:
            return self.info.name
        return self.match.name or self.match.key


@record(frozen=True, kw_only=True)
class ModelContext:
    """Everything a model rule may look at."""

    audit: ModelAudit
    policy: Policy
    licenses: tuple[LicenseUse, ...]
    modality: Modality

    @property
    def model_id(self) -> str:
        return self.audit.ref.id

    @property
    def own(self) -> LicenseUse:
        return self.licenses[0]

    @property
    def ancestors(self) -> tuple[LicenseUse, ...]:
        return tuple(use for use in self.licenses if use.depth > 0)


@record(frozen=True, kw_only=True)
class PackageContext:
    """Everything a package rule may look at."""

    audit: PackageAudit
    policy: Policy


ModelCheck = Callable[[ModelContext], tuple[Hit, ...]]
PackageCheck = Callable[[PackageContext], tuple[Hit, ...]]


@record(frozen=True, kw_only=True)
class RuleSpec:
    """A rule: stable id, its words, default severity, and its model and/or package check.

    The one place a rule is described: SARIF, HTML, CycloneDX and JUnit show these words
    (through `describe`), and a test checks docs/rules.md against them.
    """

    id: str
    title: str  # a short name for the problem
    summary: str  # one line: what triggers it
    help: str  # what to do about it
    tags: tuple[str, ...] = ("license",)  # license | security | supply-chain
    default: Severity
    model_check: ModelCheck | None = None
    package_check: PackageCheck | None = None
    license_rule: bool = True  # an allow-list entry (cleared by counsel) downgrades it to info

    def describe(self, severity: Severity) -> RuleDescription:
        """The rule's words for reports, at the severity a policy runs it."""
        return RuleDescription(
            id=self.id,
            title=self.title,
            summary=self.summary,
            help=self.help,
            tags=self.tags,
            severity=severity,
        )


LICENSE_FILE_RELATION = "license-file"
# How a message names a license signal of the model itself that disagrees with the chosen one
# (LicenseUse.relation at depth 0 is the LicenseSource value of that signal).
SIGNAL_LABELS = {
    LICENSE_FILE_RELATION: "LICENSE file",
    "license-name": "card license_name",
    "license-link": "card license_link",
    "tag": "license tag",
    "card": "card license",
    "card-text": "card text",
}

_COMMERCIAL_RANK = {
    CommercialUse.ALLOWED: 0,
    CommercialUse.CONDITIONAL: 1,
    CommercialUse.UNKNOWN: 2,
    CommercialUse.PROHIBITED: 3,
}
NON_COMMERCIAL_CATEGORIES = frozenset({"non-commercial", "research"})


def declared_in_card(chosen: LicenseMatch) -> bool:
    """Whether the chosen license is a known id the card's `license:` or tags declare."""
    return not chosen.is_unknown and chosen.source in (LicenseSource.CARD, LicenseSource.TAG)


def unknown_name_beside_declared_id(match: LicenseMatch, chosen: LicenseMatch) -> bool:
    """A license_name llmaudit does not know, next to a known license id in the card or tags
    (`license: apache-2.0` with `license_name: jamba-open-model-license`): the name may be
    the real, stricter license, so it is a reading of its own."""
    if match.source is not LicenseSource.LICENSE_NAME or not match.is_unknown:
        return False
    if not declared_in_card(chosen):
        return False
    from llmaudit.licenses.hub_ids import PLACEHOLDER_IDS

    name = match.evidence.removeprefix(f"{LicenseSource.LICENSE_NAME.value}: ").strip()
    return name.lower() not in PLACEHOLDER_IDS


def unidentified_file_beside_declared_license(
    match: LicenseMatch, assessment: LicenseAssessment
) -> bool:
    """A LICENSE / COPYING file that is provably not the license the card declares
    (`license: apache-2.0` beside a custom research-only LICENSE, see
    LicenseAssessment.unidentified_files): the file shipped with the weights may be the
    real, stricter license, so it is a reading of its own."""
    if match.source is not LicenseSource.LICENSE_FILE or not match.is_unknown:
        return False
    return unknown_file_path(match) in assessment.unidentified_files


def unknown_signal_beside_declared_license(
    match: LicenseMatch, assessment: LicenseAssessment
) -> bool:
    """An unknown license_name or unidentified LICENSE file next to a declared license."""
    return unknown_name_beside_declared_id(
        match, assessment.license
    ) or unidentified_file_beside_declared_license(match, assessment)


def commercial_status(info: LicenseInfo | None) -> CommercialUse:
    """What a license allows for commercial use; research-only categories count as prohibited."""
    if info is None:
        return CommercialUse.UNKNOWN
    if info.category in NON_COMMERCIAL_CATEGORIES:
        return CommercialUse.PROHIBITED
    return info.commercial_use


def commercial_rank(info: LicenseInfo | None) -> int:
    """0 (allowed) .. 3 (prohibited): higher is stricter."""
    return _COMMERCIAL_RANK[commercial_status(info)]


def describe_use(use: LicenseUse, model_id: str) -> str:
    """`model X` or `its base model Y (relation)`, for messages."""
    if use.depth == 0 and use.relation == "card-text":
        return f"{model_id}, by what its card's text says,"
    if use.depth == 0:
        label = SIGNAL_LABELS.get(use.relation or "")
        return f"{model_id}'s {label}" if label else model_id
    relation = f", {use.relation}" if use.relation else ""
    return f"{model_id}'s base model {use.model_id} (depth {use.depth}{relation})"


def phrase(text: str) -> str:
    """The first sentence of a knowledge-base note, without closing punctuation, to embed."""
    first = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    return first.rstrip(" .;:,")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def clause_suffix(clause: str) -> str:
    """` (clause)` when a clause is known, without the source note the knowledge base adds."""
    short = clause.split(" (", 1)[0].strip()
    if len(short) > _MAX_CLAUSE:
        short = short[:_MAX_CLAUSE].rsplit(" ", 1)[0] + "…"
    return f" ({short})" if short else ""


_MAX_CLAUSE = 60
