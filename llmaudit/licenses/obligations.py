"""obligations_for(info): what a license makes its user do or not do, each with its clause."""

from __future__ import annotations

import re

from llmaudit.models import CommercialUse, LicenseInfo, Obligation, Threshold

_METRIC_LABELS = {
    "monthly_active_users": "monthly active users",
    "annual_revenue_usd": "annual revenue (USD)",
    "monthly_revenue_usd": "monthly revenue (USD)",
}


def obligations_for(info: LicenseInfo) -> tuple[Obligation, ...]:
    """Every obligation the entry records, in a stable order, each citing its clause."""
    return (
        *_attribution(info),
        *_notice(info),
        *_copy_license(info),
        *_naming(info),
        *_aup(info),
        *_flow_down(info),
        *_thresholds(info),
        *_output_restrictions(info),
        *_geographic(info),
        *_share_alike(info),
        *_registration(info),
        *_non_commercial(info),
        *_no_derivatives(info),
    )


def _obligation(info: LicenseInfo, kind: str, text: str, topic: str) -> Obligation:
    return Obligation(kind=kind, text=text, license_key=info.key, clause=clause_for(info, topic))


def clause_for(info: LicenseInfo, topic: str) -> str:
    """The clause of the `sources` line (`topics: clause`) that backs `topic`, or ""."""
    pattern = re.compile(rf"\b{re.escape(topic)}\b", re.IGNORECASE)
    for source in info.sources:
        topics, _, clause = source.partition(": ")
        if clause and pattern.search(topics):
            return clause.strip()
    return ""


def _attribution(info: LicenseInfo) -> tuple[Obligation, ...]:
    literal = tuple(
        _obligation(info, "attribution", f"Display “{text}”", "attribution")
        for text in info.attribution
    )
    if not info.attribution_note:
        return literal
    return (*literal, _obligation(info, "attribution", info.attribution_note, "attribution"))


def _notice(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.notice:
        return ()
    return (_obligation(info, "notice", f"Keep this notice: {info.notice}", "notice"),)


def _copy_license(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.copy_license:
        return ()
    text = f"Give a copy of the {info.name} to every recipient"
    return (_obligation(info, "copy-license", text, "copy_license"),)


def _naming(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.naming_prefix:
        return ()
    text = f"Names of distributed models built with it must begin with “{info.naming_prefix}”"
    return (_obligation(info, "naming", text, "naming_prefix"),)


def _aup(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.aup_url:
        return ()
    how = "incorporated into the license" if info.aup_incorporated else "referenced"
    text = f"Follow the acceptable-use policy ({how}): {info.aup_url}"
    return (_obligation(info, "aup", text, "aup_url"),)


def _flow_down(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.flow_down:
        return ()
    text = info.flow_down_note or "Pass the use restrictions on to every downstream recipient"
    return (_obligation(info, "flow-down", text, "flow_down"),)


def _thresholds(info: LicenseInfo) -> tuple[Obligation, ...]:
    return tuple(
        Obligation(
            kind="threshold",
            text=describe_threshold(t),
            license_key=info.key,
            clause=t.clause or clause_for(info, "thresholds"),
        )
        for t in info.thresholds
    )


def describe_threshold(threshold: Threshold) -> str:
    """One line such as "Above 700,000,000 monthly active users: request a license"."""
    label = _METRIC_LABELS.get(threshold.metric, threshold.metric.replace("_", " "))
    return f"Above {threshold.limit:,.0f} {label}: {threshold.consequence}"


def _output_restrictions(info: LicenseInfo) -> tuple[Obligation, ...]:
    return tuple(
        _obligation(info, "output-restriction", text, "output_restrictions")
        for text in info.output_restrictions
    )


def _geographic(info: LicenseInfo) -> tuple[Obligation, ...]:
    obligations = []
    for geo in info.geographic:
        scope = "" if geo.scope == "all" else f" ({geo.scope} only)"
        text = geo.text or f"Not licensed to {geo.applies_to} in {', '.join(geo.regions)}"
        obligations.append(
            Obligation(
                kind="geographic",
                text=f"{text}{scope}",
                license_key=info.key,
                clause=geo.clause or clause_for(info, "geographic"),
            )
        )
    return tuple(obligations)


def _share_alike(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not (info.share_alike or info.copyleft):
        return ()
    kind_text = (
        "Adaptations must be shared under the same license"
        if info.share_alike
        else "Distributed modifications must stay under the same license, with source"
    )
    topic = "share_alike" if info.share_alike else "copyleft"
    return (_obligation(info, "share-alike", kind_text, topic),)


def _registration(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.registration:
        return ()
    return (_obligation(info, "registration", info.registration, "registration"),)


def _non_commercial(info: LicenseInfo) -> tuple[Obligation, ...]:
    if info.commercial_use is not CommercialUse.PROHIBITED:
        return ()
    text = info.commercial_note or "No commercial use"
    return (_obligation(info, "non-commercial", text, "commercial_use"),)


def _no_derivatives(info: LicenseInfo) -> tuple[Obligation, ...]:
    if not info.no_derivatives:
        return ()
    text = "Do not share adapted versions (no derivatives)"
    return (_obligation(info, "no-derivatives", text, "no_derivatives"),)
