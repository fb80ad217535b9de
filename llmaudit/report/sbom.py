"""What both SBOM formats share: license expressions, LicenseRef texts, purls, base-model edges."""

from __future__ import annotations

import re
import uuid
from functools import cache
from typing import TYPE_CHECKING

from llmaudit.hub_urls import HUB_URL
from llmaudit.models import (
    AuditResult,
    LicenseInfo,
    LicenseMatch,
    Location,
    ModelAudit,
    ModelFacts,
    ModelRef,
    PackageAudit,
)
from llmaudit.records import record
from llmaudit.report.document import bill_of_models, format_location, use_locations

if TYPE_CHECKING:
    from license_expression import Licensing

_NOT_A_LICENSE = {"", "NOASSERTION", "NONE", "UNKNOWN"}
_REF_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@record(frozen=True, kw_only=True)
class CustomLicense:
    """A license with no SPDX id, carried as `LicenseRef-...` with its text or a pointer to it."""

    ref: str
    name: str
    text: str
    urls: tuple[str, ...] = ()


@record(frozen=True, kw_only=True)
class SbomLicense:
    """A license as an SPDX expression (None when unknown) plus the custom refs it uses."""

    expression: str | None
    custom_refs: tuple[str, ...] = ()


def license_ref(key: str) -> str:
    """`LicenseRef-<key>` with the characters SPDX forbids replaced (`openrail++` too)."""
    body = key.removeprefix("LicenseRef-").replace("+", "-plus")
    return "LicenseRef-" + (_REF_UNSAFE.sub("-", body).strip("-") or "unknown")


def sbom_license(match: LicenseMatch) -> SbomLicense:
    """Turn a license identification into a valid SPDX expression; unknown stays unknown."""
    if match.is_unknown or match.spdx.strip().upper() in _NOT_A_LICENSE:
        return SbomLicense(expression=None)
    from license_expression import ExpressionError

    licensing = spdx_licensing()
    text = match.spdx.strip()
    try:
        parsed = licensing.parse(text)
        unknown = licensing.unknown_license_keys(parsed)
    except ExpressionError:
        ref = license_ref(match.key)
        return SbomLicense(expression=ref, custom_refs=(ref,))
    if parsed is None:
        return SbomLicense(expression=None)
    refs: dict[str, str] = {key: license_ref(key) for key in unknown}
    for key, ref in refs.items():
        text = re.sub(rf"(?<![\w.+-]){re.escape(key)}(?![\w.+-])", ref, text)
    canonical = str(licensing.parse(text))
    return SbomLicense(expression=canonical, custom_refs=tuple(sorted(set(refs.values()))))


@cache
def spdx_licensing() -> Licensing:
    """The SPDX license index of license-expression (built once, ~25 ms)."""
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def custom_licenses(result: AuditResult) -> dict[str, CustomLicense]:
    """Every LicenseRef the SBOM uses, with the model's LICENSE text when the repo has one."""
    found: dict[str, CustomLicense] = {}
    for audit in bill_of_models(result):
        _add_model_licenses(found, audit)
    for package in sorted(result.packages, key=lambda p: p.ref.name.lower()):
        for ref in sbom_license(package.license).custom_refs:
            found.setdefault(ref, _pointer_license(ref, package.license, ()))
    return dict(sorted(found.items()))


def _add_model_licenses(found: dict[str, CustomLicense], audit: ModelAudit) -> None:
    matches = [audit.assessment.license] + [entry.license for entry in audit.lineage]
    for match in matches:
        for ref in sbom_license(match).custom_refs:
            texts = [f.text for f in audit.facts.declaration.files if f.text.strip()]
            info = audit.license_info if audit.assessment.license.key == match.key else None
            urls = _urls(audit.facts.declaration.license_link, info)
            if texts and match is audit.assessment.license and ref not in found:
                found[ref] = CustomLicense(
                    ref=ref,
                    name=info.name if info else match.name,
                    text=texts[0].rstrip(),
                    urls=urls,
                )
            else:
                found.setdefault(ref, _pointer_license(ref, match, urls))


def _urls(link: str | None, info: LicenseInfo | None) -> tuple[str, ...]:
    """Web addresses of a license text (KB `sources` also hold citations, not only URLs)."""
    candidates = [link, info.url if info else None, *(info.sources if info else ())]
    seen: dict[str, None] = {}
    for url in candidates:
        if url and url.startswith(("https://", "http://")) and " " not in url:
            seen.setdefault(url, None)
    return tuple(seen)


def license_url(info: LicenseInfo | None) -> str | None:
    """The canonical address of a license's text, when the knowledge base has one."""
    urls = _urls(None, info)
    return urls[0] if urls else None


def _pointer_license(ref: str, match: LicenseMatch, urls: tuple[str, ...]) -> CustomLicense:
    where = f" See {urls[0]}." if urls else ""
    text = (
        f"The full text of the {match.name or match.key} license ({match.key}) was not "
        f"bundled with the audited model.{where}"
    )
    return CustomLicense(ref=ref, name=match.name or match.key, text=text, urls=urls)


def model_purl(audit: ModelAudit) -> str | None:
    """`pkg:huggingface/org/name@revision` (commit sha when known); None for local folders."""
    if audit.ref.local_path:
        return None
    from packageurl import PackageURL

    namespace, _, name = audit.ref.id.rpartition("/")
    version = audit.facts.sha or audit.ref.revision or audit.facts.revision
    return str(
        PackageURL(type="huggingface", namespace=namespace or None, name=name, version=version)
    )


def package_purl(audit: PackageAudit) -> str:
    """`pkg:pypi/name@version` with the name normalised as the purl spec asks."""
    from packageurl import PackageURL

    name = re.sub(r"[-_.]+", "-", audit.ref.name).lower()
    version = audit.ref.version or audit.facts.version
    return str(PackageURL(type=audit.ref.ecosystem or "pypi", name=name, version=version))


def model_url(model_id: str) -> str:
    """The Hub page of a model."""
    return f"{HUB_URL}/{model_id}"


def dataset_url(dataset_id: str) -> str:
    """The Hub page of a dataset."""
    return f"{HUB_URL}/datasets/{dataset_id}"


def element_key(ref: ModelRef) -> str:
    """`model:org/name` or `dataset:org/name@rev`: one SBOM element per kind, id and revision.

    The same model pinned in one place and unpinned in another is two things a reviewer must
    see apart, and a dataset may share its id with a model (issue #17).
    """
    key = f"{ref.kind.value}:{ref.local_path or ref.id}"
    return f"{key}@{ref.revision}" if ref.revision else key


def usage_comment(locations: tuple[Location, ...]) -> str | None:
    """`used at app.py:2, cfg.yaml:4` for a relationship to the places that use an element."""
    places = [format_location(loc) for loc in use_locations(locations)]
    return f"used at {', '.join(places)}" if places else None


def base_model_edges(facts: ModelFacts) -> list[tuple[str, str, str | None]]:
    """(child, parent, relation) for the whole ancestry the resolver found, without repeats."""
    edges: dict[tuple[str, str], str | None] = {}

    def walk(node: ModelFacts, seen: frozenset[str]) -> None:
        for base in node.base_models:
            edges.setdefault((node.id, base), node.base_model_relation)
        for ancestor in node.ancestors:
            if ancestor.id not in seen:
                walk(ancestor, seen | {ancestor.id})

    walk(facts, frozenset({facts.id}))
    return [(child, parent, relation) for (child, parent), relation in sorted(edges.items())]


def content_uuid(result: AuditResult, kind: str) -> uuid.UUID:
    """A UUID derived from the report's content, so the same audit gets the same serial."""
    from llmaudit.report.base import RenderContext
    from llmaudit.report.json import JsonRenderer

    body = JsonRenderer().render(result, RenderContext())
    return uuid.uuid5(uuid.NAMESPACE_URL, f"llmaudit:{kind}:{body}")
