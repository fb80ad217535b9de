"""A loaded policy: organization profile, rule severities, lists and waivers as frozen values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import Enum

from llmaudit.models import Severity
from llmaudit.records import record


class Usage(str, Enum):
    """How the organization uses models; decides which distribution duties bite."""

    INTERNAL = "internal"
    SAAS = "saas"
    DISTRIBUTED = "distributed"
    ON_DEVICE = "on-device"

    @property
    def distributes(self) -> bool:
        """True when copies of the model or software leave the organization."""
        return self in (Usage.DISTRIBUTED, Usage.ON_DEVICE)


class Purpose(str, Enum):
    """Why models are used; `unspecified` is the default profile (see docs/policies.md)."""

    COMMERCIAL = "commercial"
    RESEARCH = "research"
    UNSPECIFIED = "unspecified"


class Mentions(str, Enum):
    """What a model that is only mentioned (docs, comments, links) means to the verdict."""

    IGNORE = "ignore"  # not judged: listed and resolved, no findings
    REPORT = "report"  # judged and shown, never deciding the verdict or the exit code
    ENFORCE = "enforce"  # judged like a model the project uses


@record(frozen=True, kw_only=True)
class OrgProfile:
    """Who runs the models and at what scale; thresholds and geography are checked against it."""

    jurisdiction: str | None = None
    usage: Usage = Usage.INTERNAL
    purpose: Purpose = Purpose.UNSPECIFIED
    monthly_active_users: int | None = None
    annual_revenue_usd: float | None = None

    def __post_init__(self) -> None:
        # Accept plain strings ("saas", "commercial") from callers building profiles in code.
        object.__setattr__(self, "usage", Usage(self.usage))
        object.__setattr__(self, "purpose", Purpose(self.purpose))
        if self.jurisdiction is not None:
            object.__setattr__(self, "jurisdiction", self.jurisdiction.strip().upper())


@record(frozen=True, kw_only=True)
class RuleSetting:
    """The severity a policy gives one rule; None switches the rule off."""

    rule: str
    severity: Severity | None


@record(frozen=True, kw_only=True)
class ModelEntry:
    """An allow- or deny-list entry for a model, optionally pinned to a revision."""

    id: str
    revision: str | None = None
    reason: str = ""


@record(frozen=True, kw_only=True)
class PackageEntry:
    """An allow- or deny-list entry for a package, optionally pinned by a version specifier."""

    name: str
    version: str = ""
    reason: str = ""


@record(frozen=True, kw_only=True)
class PublisherRules:
    """Publisher allow / deny lists by organization and by the publisher's country."""

    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    deny_countries: tuple[str, ...] = ()
    countries: tuple[tuple[str, str], ...] = ()


@record(frozen=True, kw_only=True)
class PackageRules:
    """Package lists and the package licenses the organization refuses."""

    allow: tuple[PackageEntry, ...] = ()
    deny: tuple[PackageEntry, ...] = ()
    deny_licenses: tuple[str, ...] = ()
    copyleft_check: bool = True


@record(frozen=True, kw_only=True)
class Waiver:
    """A time-limited, owned exception for one rule on one subject."""

    id: str
    rule: str
    subject: str
    reason: str
    owner: str
    expires: date
    source: str = ""


@record(frozen=True, kw_only=True)
class PolicySummary:
    """A loadable policy's name and one-line description (for `policy list`)."""

    name: str
    description: str = ""
    path: str = ""


@record(frozen=True, kw_only=True)
class Policy:
    """A fully resolved policy (after `extends:`), ready for `evaluate`."""

    name: str
    description: str = ""
    path: str | None = None
    extends: tuple[str, ...] = ()
    organization: OrgProfile = OrgProfile()
    rules: tuple[RuleSetting, ...] = ()
    governing_law_allowed: tuple[str, ...] = ()
    publishers: PublisherRules = PublisherRules()
    models_allow: tuple[ModelEntry, ...] = ()
    models_deny: tuple[ModelEntry, ...] = ()
    packages: PackageRules = PackageRules()
    inherit_dataset_obligations: bool = False
    mentions: Mentions = Mentions.REPORT
    waivers: tuple[Waiver, ...] = ()
    closed: bool = False  # CI mode: what could not be checked fails (fail_closed)

    def severity_of(self, rule: str, default: Severity | None) -> Severity | None:
        """The severity this policy gives `rule` (None = off), else `default`."""
        for setting in self.rules:
            if setting.rule == rule:
                return setting.severity
        return default

    def fail_closed(self) -> Policy:
        """CI mode: anything that could not be checked is an error, whatever the policy says."""
        kept = tuple(s for s in self.rules if s.rule not in FAIL_CLOSED_RULES)
        forced = tuple(RuleSetting(rule=r, severity=Severity.ERROR) for r in FAIL_CLOSED_RULES)
        return replace(self, rules=kept + forced, closed=True)


# Rules whose findings mean "could not check"; --ci never lets them pass (README, CI mode).
FAIL_CLOSED_RULES = ("license-unknown", "resolve-error", "malformed-metadata")
