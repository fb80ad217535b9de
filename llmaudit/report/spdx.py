"""The `spdx-json` and `spdx-tv` formats: an SPDX 2.3 document built and validated by spdx-tools."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from llmaudit.models import (
    AuditResult,
    FactSource,
    LicenseMatch,
    ModelAudit,
    ModelRef,
    PackageAudit,
    RefKind,
)
from llmaudit.report.base import RenderContext
from llmaudit.report.document import (
    bill_of_datasets,
    bill_of_models,
    project_name,
    sorted_packages,
)
from llmaudit.report.sbom import (
    base_model_edges,
    content_uuid,
    custom_licenses,
    dataset_url,
    element_key,
    model_purl,
    model_url,
    package_purl,
    sbom_license,
    spdx_licensing,
    usage_comment,
)

if TYPE_CHECKING:
    from spdx_tools.spdx.model import Document, Package, Relationship

DOCUMENT_ID = "SPDXRef-DOCUMENT"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
PROJECT_ID = "SPDXRef-Project"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
# Quantisation and format conversion transform the same weights, as a build turns source
# into a binary: SPDX 2.3 §11.1 GENERATED_FROM ("A is generated from B"). Fine-tunes,
# adapters, merges and distillations are new works in the base model's line: DESCENDANT_OF
# ("A is a descendant of B", same lineage, order known). VARIANT_OF is for when it is not
# clear which came first, which never holds for a declared base_model.
_GENERATED_RELATIONS = frozenset({"quantized", "quantization", "converted"})


class SpdxJsonRenderer:
    """SPDX 2.3 JSON."""

    name = "spdx-json"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """The document as SPDX JSON (the writer validates it first)."""
        from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

        stream = io.StringIO()
        write_document_to_stream(build_spdx_document(result), stream, validate=True)
        data = json.loads(stream.getvalue())
        _dash_reference_categories(data)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class SpdxTagValueRenderer:
    """SPDX 2.3 tag-value."""

    name = "spdx-tv"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """The document as SPDX tag-value (the writer validates it first)."""
        from spdx_tools.spdx.writer.tagvalue.tagvalue_writer import write_document_to_stream

        stream = io.StringIO()
        write_document_to_stream(build_spdx_document(result), stream, validate=True)
        return stream.getvalue()


def _dash_reference_categories(data: dict[str, Any]) -> None:
    """SPDX 2.3 §7.21 and its JSON schema spell PACKAGE-MANAGER with a dash.

    spdx-tools 0.8 writes PACKAGE_MANAGER (spdx/tools-python#813), which the official 2.3
    schema rejects; every SPDX reader, spdx-tools included, accepts the dash.
    """
    for package in data.get("packages", []):
        for ref in package.get("externalRefs", []):
            ref["referenceCategory"] = ref["referenceCategory"].replace("_", "-")


def build_spdx_document(result: AuditResult) -> Document:
    """Project package DESCRIBES'd, DEPENDS_ON every model revision, dataset and package (the
    relationship's comment names the places that use it), models' lineage."""
    from spdx_tools.spdx.model import Document, ExtractedLicensingInfo

    ids = _SpdxIds()
    packages = [_project_package(result)]
    relationships = [_relationship(DOCUMENT_ID, "DESCRIBES", PROJECT_ID)]
    for audit in bill_of_models(result):
        spdx_id = ids.for_ref(audit.ref)
        packages.append(_model_package(audit, spdx_id))
        relationships.append(
            _relationship(PROJECT_ID, "DEPENDS_ON", spdx_id, usage_comment(audit.ref.locations))
        )
    _add_lineage(result, ids, packages, relationships)
    for dataset in bill_of_datasets(result):
        spdx_id = ids.for_ref(dataset)
        packages.append(_dataset_package(dataset, spdx_id))
        relationships.append(
            _relationship(PROJECT_ID, "DEPENDS_ON", spdx_id, usage_comment(dataset.locations))
        )
    for package in sorted_packages(result.packages):
        spdx_id = ids.for_package(package.ref.name)
        packages.append(_python_package(package, spdx_id))
        relationships.append(
            _relationship(PROJECT_ID, "DEPENDS_ON", spdx_id, usage_comment(package.ref.locations))
        )
    extracted = [
        ExtractedLicensingInfo(
            license_id=lic.ref,
            extracted_text=lic.text,
            license_name=lic.name,
            cross_references=list(lic.urls),
        )
        for lic in custom_licenses(result).values()
    ]
    return Document(
        creation_info=_creation_info(result),
        packages=packages,
        relationships=relationships,
        extracted_licensing_info=extracted,
    )


class _SpdxIds:
    """Readable, unique, deterministic SPDX ids: kind, id and revision (`SPDXRef-Model-org-name`,
    `SPDXRef-Model-org-name-v1.2`, `SPDXRef-Dataset-org-name`), a hash suffix only on collision."""

    _PREFIX = {RefKind.MODEL: "SPDXRef-Model-", RefKind.DATASET: "SPDXRef-Dataset-"}

    def __init__(self) -> None:
        self._by_subject: dict[str, str] = {}
        self._taken: set[str] = {DOCUMENT_ID, PROJECT_ID}

    def for_ref(self, ref: ModelRef) -> str:
        name = ref.local_path or ref.id
        label = f"{name}-{ref.revision}" if ref.revision else name
        return self._assign(element_key(ref), self._PREFIX[ref.kind], label)

    def for_base_model(self, model_id: str) -> str:
        """A base model named by `base_model` (no revision): the unpinned model element."""
        return self.for_ref(ModelRef(id=model_id))

    def for_package(self, name: str) -> str:
        return self._assign(f"pypi:{name.lower()}", "SPDXRef-Package-", name)

    def known_base_model(self, model_id: str) -> bool:
        return element_key(ModelRef(id=model_id)) in self._by_subject

    def _assign(self, subject: str, prefix: str, name: str) -> str:
        if subject in self._by_subject:
            return self._by_subject[subject]
        candidate = prefix + (_ID_UNSAFE.sub("-", name).strip("-") or "x")
        if candidate in self._taken:
            import hashlib

            candidate += "-" + hashlib.sha256(subject.encode()).hexdigest()[:8]
        self._taken.add(candidate)
        self._by_subject[subject] = candidate
        return candidate


def _creation_info(result: AuditResult) -> Any:
    from spdx_tools.spdx.model import Actor, ActorType, CreationInfo

    name = f"llmaudit-{_spdx_safe_name(result)}"
    namespace = f"https://spdx.org/spdxdocs/{name}-{content_uuid(result, 'spdx')}"
    return CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id=DOCUMENT_ID,
        name=name,
        document_namespace=namespace,
        creators=[Actor(ActorType.TOOL, f"llmaudit-{result.tool_version}")],
        created=_created(result.generated_at),
        creator_comment=f"AI model license audit under policy '{result.policy}': "
        f"verdict {result.verdict.value}.",
    )


def _created(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")


def _spdx_safe_name(result: AuditResult) -> str:
    return _ID_UNSAFE.sub("-", project_name(result)).strip("-") or "project"


def _project_package(result: AuditResult) -> Package:
    from spdx_tools.spdx.model import Package, SpdxNoAssertion

    return Package(
        spdx_id=PROJECT_ID,
        name=project_name(result),
        download_location=SpdxNoAssertion(),
        files_analyzed=False,
        license_concluded=SpdxNoAssertion(),
        license_declared=SpdxNoAssertion(),
        copyright_text=SpdxNoAssertion(),
        comment="The audited project.",
    )


def _model_package(audit: ModelAudit, spdx_id: str) -> Package:
    from spdx_tools.spdx.model import (
        ExternalPackageRef,
        ExternalPackageRefCategory,
        Package,
        PackagePurpose,
        SpdxNoAssertion,
    )

    facts = audit.facts
    purl = model_purl(audit)
    refs = (
        [ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl)]
        if purl
        else []
    )
    concluded = _license_field(audit.assessment.license)
    hub = facts.source is not FactSource.UNRESOLVED and not audit.ref.local_path
    info = audit.license_info
    attribution = [info.notice] if info and info.notice else []
    attribution += list(info.attribution) if info else []
    return Package(
        spdx_id=spdx_id,
        name=_one_line(audit.ref.id),
        version=facts.sha or audit.ref.revision or facts.revision,
        download_location=model_url(_one_line(audit.ref.id)) if hub else SpdxNoAssertion(),
        supplier=_supplier(facts.publisher),
        files_analyzed=False,
        homepage=model_url(_one_line(audit.ref.id)) if hub else None,
        license_concluded=concluded,
        license_declared=concluded if _declared(audit.assessment.license) else SpdxNoAssertion(),
        license_comment=_license_comment(audit),
        copyright_text=SpdxNoAssertion(),
        summary=f"AI model ({facts.pipeline_tag or 'unknown task'}); llmaudit verdict "
        f"{audit.verdict.value}.",
        # SPDX 2.3 has no AI-model purpose (3.0 adds one); OTHER is the closest honest value.
        primary_package_purpose=PackagePurpose.OTHER,
        external_references=refs,
        attribution_texts=attribution,
    )


def _supplier(publisher: str | None) -> Any:
    from spdx_tools.spdx.model import Actor, ActorType, SpdxNoAssertion

    return Actor(ActorType.ORGANIZATION, publisher) if publisher else SpdxNoAssertion()


def _declared(match: LicenseMatch) -> bool:
    """Declared means the publisher stated it; inferred sources are conclusions only."""
    return match.source.value in {
        "card",
        "tag",
        "license-name",
        "license-link",
        "license-file",
        "package-metadata",
    }


def _license_comment(audit: ModelAudit) -> str:
    match = audit.assessment.license
    if audit.facts.source is FactSource.UNRESOLVED:
        reason = audit.facts.unresolved_reason or "not resolved"
        return f"License unknown: {reason}."
    return (
        f"Identified as {match.key} from {match.source.value} "
        f"(confidence {match.confidence:.2f}); facts from {audit.facts.source.value}."
    )


def _license_field(match: LicenseMatch) -> Any:
    from spdx_tools.spdx.model import SpdxNoAssertion

    expression = sbom_license(match).expression
    if expression is None:
        return SpdxNoAssertion()
    return spdx_licensing().parse(expression)


def _add_lineage(
    result: AuditResult, ids: _SpdxIds, packages: list[Package], relationships: list[Relationship]
) -> None:
    """Base models become packages (once) linked child -> parent; a model used at a revision
    links from that revision's package."""
    from spdx_tools.spdx.model import Package, SpdxNoAssertion

    lineage_licenses = {e.model_id: e.license for m in bill_of_models(result) for e in m.lineage}
    edges: dict[tuple[str, str], str | None] = {}
    for audit in bill_of_models(result):
        for child, parent, relation in base_model_edges(audit.facts):
            child_id = ids.for_ref(audit.ref) if child == audit.facts.id else child
            edges.setdefault((child_id, parent), relation)
    for node in sorted(
        {parent for _, parent in edges}
        | {child for child, _ in edges if not child.startswith("SPDXRef-")}
    ):
        if not ids.known_base_model(node):
            match = lineage_licenses.get(node)
            packages.append(
                Package(
                    spdx_id=ids.for_base_model(node),
                    name=_one_line(node),
                    download_location=model_url(_one_line(node)),
                    files_analyzed=False,
                    license_concluded=_license_field(match) if match else SpdxNoAssertion(),
                    license_declared=SpdxNoAssertion(),
                    copyright_text=SpdxNoAssertion(),
                    comment="Base model (lineage), not referenced directly by the project.",
                )
            )
    for (child, parent), relation in sorted(edges.items()):
        kind = (
            "GENERATED_FROM"
            if (relation or "").lower() in _GENERATED_RELATIONS
            else "DESCENDANT_OF"
        )
        source = child if child.startswith("SPDXRef-") else ids.for_base_model(child)
        relationships.append(
            _relationship(
                source,
                kind,
                ids.for_base_model(parent),
                f"base_model relation: {relation or 'unspecified'}",
            )
        )


def _dataset_package(ref: ModelRef, spdx_id: str) -> Package:
    from spdx_tools.spdx.model import Package, PackagePurpose, SpdxNoAssertion

    hub = not ref.local_path
    return Package(
        spdx_id=spdx_id,
        name=_one_line(ref.id),
        version=ref.revision,
        download_location=dataset_url(_one_line(ref.id)) if hub else SpdxNoAssertion(),
        homepage=dataset_url(_one_line(ref.id)) if hub else None,
        files_analyzed=False,
        license_concluded=SpdxNoAssertion(),
        license_declared=SpdxNoAssertion(),
        copyright_text=SpdxNoAssertion(),
        # SPDX 2.3 has no data purpose (3.0 adds one); OTHER is the closest honest value.
        primary_package_purpose=PackagePurpose.OTHER,
        comment="Dataset loaded by the project; its license was not audited.",
    )


def _python_package(audit: PackageAudit, spdx_id: str) -> Package:
    from spdx_tools.spdx.model import (
        ExternalPackageRef,
        ExternalPackageRefCategory,
        Package,
        PackagePurpose,
        SpdxNoAssertion,
    )

    concluded = _license_field(audit.license)
    return Package(
        spdx_id=spdx_id,
        name=_one_line(audit.ref.name),
        version=audit.ref.version or audit.facts.version,
        download_location=SpdxNoAssertion(),
        supplier=SpdxNoAssertion(),
        files_analyzed=False,
        license_concluded=concluded,
        license_declared=concluded if audit.facts.license_expression else SpdxNoAssertion(),
        copyright_text=SpdxNoAssertion(),
        primary_package_purpose=PackagePurpose.LIBRARY,
        external_references=[
            ExternalPackageRef(
                ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", package_purl(audit)
            )
        ],
        comment=f"llmaudit verdict {audit.verdict.value}.",
    )


def _one_line(value: str) -> str:
    """Control characters as spaces: tag-value has one field per line, a newline forges fields."""
    return _CONTROL.sub(" ", value)


def _relationship(source: str, kind: str, target: str, comment: str | None = None) -> Relationship:
    from spdx_tools.spdx.model import Relationship, RelationshipType

    return Relationship(source, RelationshipType[kind], target, comment=comment)
