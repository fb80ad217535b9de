"""The `cyclonedx` format: CycloneDX 1.6 JSON built with cyclonedx-python-lib, plus modelCard."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from llmaudit.models import (
    AuditResult,
    FactSource,
    LicenseMatch,
    Location,
    ModelAudit,
    ModelRef,
    PackageAudit,
)
from llmaudit.report.base import RenderContext
from llmaudit.report.document import (
    bill_of_datasets,
    bill_of_models,
    format_location,
    project_name,
    sorted_findings,
    sorted_obligations,
    use_locations,
)
from llmaudit.report.rules import describe_rule
from llmaudit.report.sbom import (
    CustomLicense,
    base_model_edges,
    content_uuid,
    custom_licenses,
    dataset_url,
    element_key,
    model_purl,
    model_url,
    package_purl,
    sbom_license,
)

if TYPE_CHECKING:
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component

PROJECT_REF = "project"
_DECLARED_SOURCES = {
    "card",
    "tag",
    "license-name",
    "license-link",
    "license-file",
    "package-metadata",
}


class CycloneDxRenderer:
    """CycloneDX 1.6 JSON: models as machine-learning-model, packages as library."""

    name = "cyclonedx"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """The BOM with a modelCard per model (not in the library's object model)."""
        from cyclonedx.output.json import JsonV1Dot6

        text = JsonV1Dot6(build_bom(result)).output_as_string()
        data = json.loads(text)
        cards = {_model_ref(m): _model_card(m, result) for m in bill_of_models(result)}
        for component in data.get("components", []):
            card = cards.get(component.get("bom-ref"))
            if card:
                component["modelCard"] = card
            _sort_occurrences(component)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _sort_occurrences(component: dict[str, Any]) -> None:
    """The library orders occurrences by a random internal bom-ref: sort them by place."""
    occurrences = component.get("evidence", {}).get("occurrences")
    if occurrences:
        occurrences.sort(
            key=lambda o: (o["location"], o.get("line", 0), o.get("additionalContext", ""))
        )


def build_bom(result: AuditResult) -> Bom:
    """The BOM object: project -> models and packages; lineage as pedigree ancestors."""
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType

    customs = custom_licenses(result)
    bom = Bom(serial_number=content_uuid(result, "cyclonedx"))
    bom.metadata.timestamp = _timestamp(result.generated_at)
    bom.metadata.tools.components.add(
        Component(
            type=ComponentType.APPLICATION,
            name="llmaudit",
            version=result.tool_version,
            bom_ref="tool:llmaudit",
        )
    )
    project = Component(
        type=ComponentType.APPLICATION, name=project_name(result), bom_ref=PROJECT_REF
    )
    bom.metadata.component = project
    members: list[Component] = []
    for audit in bill_of_models(result):
        component = _model_component(audit, customs)
        bom.components.add(component)
        members.append(component)
    for dataset in bill_of_datasets(result):
        component = _dataset_component(dataset)
        bom.components.add(component)
        members.append(component)
    for package in sorted(result.packages, key=lambda p: p.ref.name.lower()):
        component = _package_component(package, customs)
        bom.components.add(component)
        members.append(component)
    bom.register_dependency(project, members)
    for member in members:
        bom.register_dependency(member, [])
    return bom


def _timestamp(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def _model_ref(audit: ModelAudit) -> str:
    return element_key(audit.ref)


def _occurrences(locations: tuple[Location, ...]) -> Any:
    """Where the project uses a component (CycloneDX 1.6 evidence.occurrences)."""
    from cyclonedx.model.component_evidence import ComponentEvidence, Occurrence

    places = []
    for loc in use_locations(locations):
        if loc.cell is None:
            places.append(Occurrence(location=loc.path, line=loc.line))
        else:
            places.append(
                Occurrence(location=loc.path, additional_context=f"notebook {format_location(loc)}")
            )
    return ComponentEvidence(occurrences=places) if places else None


def _dataset_component(ref: ModelRef) -> Component:
    from cyclonedx.model.component import Component, ComponentType

    hub = [] if ref.local_path else _hub_reference(dataset_url(ref.id))
    return Component(
        type=ComponentType.DATA,
        name=ref.id,
        version=ref.revision,
        bom_ref=element_key(ref),
        external_references=hub,
        evidence=_occurrences(ref.locations),
    )


def _model_component(audit: ModelAudit, customs: dict[str, CustomLicense]) -> Component:
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from packageurl import PackageURL

    facts = audit.facts
    purl = model_purl(audit)
    ancestors = _ancestor_components(audit, customs)
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=audit.ref.id,
        version=facts.sha or audit.ref.revision or facts.revision,
        bom_ref=_model_ref(audit),
        purl=PackageURL.from_string(purl) if purl else None,
        supplier=_supplier(facts.publisher),
        licenses=_licenses(audit.assessment.license, customs),
        external_references=_hub_reference(model_url(audit.ref.id))
        if facts.source is not FactSource.UNRESOLVED and not audit.ref.local_path
        else [],
        evidence=_occurrences(audit.ref.locations),
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        properties=_model_properties(audit),
    )


def _ancestor_components(audit: ModelAudit, customs: dict[str, CustomLicense]) -> list[Any]:
    """Every base model the resolver found, nearest first, each with its own license."""
    from cyclonedx.model.component import Component, ComponentType

    licenses = {e.model_id: e.license for e in audit.lineage}
    depth = {e.model_id: e.depth for e in audit.lineage}
    parents = {parent for _, parent, _ in base_model_edges(audit.facts)} | set(licenses)
    components = []
    for parent in sorted(parents, key=lambda p: (depth.get(p, 99), p.lower())):
        match = licenses.get(parent)
        components.append(
            Component(
                type=ComponentType.MACHINE_LEARNING_MODEL,
                name=parent,
                bom_ref=f"{_model_ref(audit)}#ancestor:{parent}",
                licenses=_licenses(match, customs) if match else [],
                external_references=_hub_reference(model_url(parent)),
            )
        )
    return components


def _hub_reference(url: str) -> list[Any]:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri

    return [ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(url))]


def _supplier(publisher: str | None) -> Any:
    if not publisher:
        return None
    from cyclonedx.model.contact import OrganizationalEntity

    return OrganizationalEntity(name=publisher)


def _licenses(match: LicenseMatch | None, customs: dict[str, CustomLicense]) -> list[Any]:
    """SPDX ids as ids, custom licenses by name with their text, unknown as nothing."""
    from cyclonedx.model import AttachedText, XsUri
    from cyclonedx.model.license import (
        DisjunctiveLicense,
        LicenseAcknowledgement,
        LicenseExpression,
    )

    if match is None:
        return []
    sbom = sbom_license(match)
    if sbom.expression is None:
        return []
    ack = (
        LicenseAcknowledgement.DECLARED
        if match.source.value in _DECLARED_SOURCES
        else LicenseAcknowledgement.CONCLUDED
    )
    if sbom.custom_refs == (sbom.expression,):
        custom = customs.get(sbom.expression)
        url = custom.urls[0] if custom and custom.urls else None
        return [
            DisjunctiveLicense(
                name=custom.name if custom else match.name or match.key,
                text=AttachedText(content=custom.text) if custom else None,
                url=XsUri(url) if url else None,
                acknowledgement=ack,
            )
        ]
    if sbom.custom_refs or any(op in sbom.expression for op in (" AND ", " OR ", " WITH ")):
        return [LicenseExpression(sbom.expression, acknowledgement=ack)]
    return [DisjunctiveLicense(id=sbom.expression, acknowledgement=ack)]


def _model_properties(audit: ModelAudit) -> list[Any]:
    from cyclonedx.model import Property

    match = audit.assessment.license
    pairs = [
        ("llmaudit:verdict", audit.verdict.value),
        ("llmaudit:license", match.key),
        ("llmaudit:license-source", match.source.value),
        ("llmaudit:facts-source", audit.facts.source.value),
    ]
    if audit.facts.unresolved_reason:
        pairs.append(("llmaudit:unresolved-reason", audit.facts.unresolved_reason))
    if audit.facts.gated:
        pairs.append(("llmaudit:gated", "true"))
    pairs += [("llmaudit:unsafe-file", name) for name in sorted(audit.facts.unsafe_files)]
    return [Property(name=name, value=value) for name, value in pairs]


def _model_card(audit: ModelAudit, result: AuditResult) -> dict[str, Any]:
    """CycloneDX 1.6 modelCard: task, datasets, obligations as conditions of use, risks."""
    parameters: dict[str, Any] = {}
    if audit.facts.pipeline_tag:
        parameters["task"] = audit.facts.pipeline_tag
    datasets = [
        {
            "type": "dataset",
            "name": d.id,
            "description": f"License: {', '.join(d.license) or 'unknown'}",
        }
        for d in sorted(audit.facts.datasets, key=lambda d: d.id)
    ]
    if datasets:
        parameters["datasets"] = datasets
    considerations: dict[str, Any] = {}
    # CycloneDX 1.6 considerations have no legal field: license obligations are conditions
    # of every permitted use, so they go under useCases, one sentence each.
    uses = [_obligation_sentence(o) for o in sorted_obligations(audit.obligations)]
    if uses:
        considerations["useCases"] = uses
    risks = [
        {"name": f"{f.rule}: {f.message}", "mitigationStrategy": describe_rule(result, f.rule).help}
        for f in sorted_findings(audit.findings)
        if f.severity.value != "info" and not f.waived_by
    ]
    if risks:
        considerations["ethicalConsiderations"] = risks
    card: dict[str, Any] = {"bom-ref": f"{_model_ref(audit)}#model-card"}
    if parameters:
        card["modelParameters"] = parameters
    if considerations:
        card["considerations"] = considerations
    properties = [
        {"name": f"llmaudit:obligation:{o.kind}", "value": o.text}
        for o in sorted_obligations(audit.obligations)
    ]
    if properties:
        card["properties"] = properties
    return card


def _obligation_sentence(obligation: Any) -> str:
    where = f" {obligation.clause}" if obligation.clause else ""
    inherited = f", inherited from {obligation.inherited_from}" if obligation.inherited_from else ""
    return (
        f"Condition of use ({obligation.kind}, {obligation.license_key}{where}{inherited}): "
        f"{obligation.text}"
    )


def _package_component(audit: PackageAudit, customs: dict[str, CustomLicense]) -> Component:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType
    from packageurl import PackageURL

    purl = package_purl(audit)
    return Component(
        type=ComponentType.LIBRARY,
        name=audit.ref.name,
        version=audit.ref.version or audit.facts.version,
        bom_ref=f"pkg:{audit.ref.ecosystem}/{audit.ref.name.lower()}",
        purl=PackageURL.from_string(purl),
        licenses=_licenses(audit.license, customs),
        properties=[Property(name="llmaudit:verdict", value=audit.verdict.value)],
        evidence=_occurrences(audit.ref.locations),
    )
