"""Builders for policy tests: license entries, models with lineage, packages, datasets."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from llmaudit.licenses.package_terms import package_license_terms
from llmaudit.models import (
    CommercialUse,
    DatasetFacts,
    DatasetLicense,
    FactSource,
    GeoRestriction,
    GoverningLaw,
    LicenseAssessment,
    LicenseInfo,
    LicenseMatch,
    LicenseSource,
    LineageEntry,
    Location,
    Modality,
    ModelAudit,
    ModelFacts,
    ModelRef,
    PackageAudit,
    PackageFacts,
    PackageRef,
    Threshold,
)

CA_LAW = GoverningLaw(country="US", region="California", venue="California courts")
PRC_LAW = GoverningLaw(country="CN", venue="People's Courts in Hangzhou", clause="§8")
EU_MULTIMODAL = GeoRestriction(
    regions=("EU",), scope="multimodal", applies_to="licensee", clause="AUP: multimodal models"
)

LICENSES: dict[str, LicenseInfo] = {
    info.key: info
    for info in (
        LicenseInfo(
            key="apache-2.0",
            name="Apache License 2.0",
            spdx="Apache-2.0",
            category="permissive",
            commercial_use=CommercialUse.ALLOWED,
            notice="Keep NOTICE",
        ),
        LicenseInfo(
            key="mit",
            name="MIT License",
            spdx="MIT",
            category="permissive",
            commercial_use=CommercialUse.ALLOWED,
        ),
        LicenseInfo(
            key="cc-by-nc-4.0",
            name="CC BY-NC 4.0",
            spdx="CC-BY-NC-4.0",
            category="non-commercial",
            commercial_use=CommercialUse.PROHIBITED,
            attribution=("credit the author",),
        ),
        LicenseInfo(
            key="qwen-research",
            name="Qwen Research License",
            spdx="LicenseRef-qr",
            category="research",
            commercial_use=CommercialUse.PROHIBITED,
        ),
        LicenseInfo(
            key="mnpl-0.1",
            name="Mistral AI Non-Production License",
            spdx="LicenseRef-mnpl",
            category="non-commercial",
            commercial_use=CommercialUse.PROHIBITED,
        ),
        LicenseInfo(
            key="llama2",
            name="Llama 2 Community License",
            spdx="LicenseRef-llama2",
            family="llama",
            category="community",
            commercial_use=CommercialUse.CONDITIONAL,
            thresholds=(
                Threshold(
                    metric="monthly_active_users",
                    limit=700_000_000,
                    consequence="request a license from Meta",
                    clause="§2",
                ),
            ),
            output_restrictions=("no use of outputs to improve other LLMs",),
            flow_down=True,
            governing_law=CA_LAW,
        ),
        LicenseInfo(
            key="llama3.1",
            name="Llama 3.1 Community License",
            spdx="LicenseRef-llama3.1",
            family="llama",
            category="community",
            commercial_use=CommercialUse.CONDITIONAL,
            thresholds=(
                Threshold(
                    metric="monthly_active_users",
                    limit=700_000_000,
                    consequence="request a license from Meta",
                    clause="§2",
                ),
            ),
            attribution=("Built with Llama",),
            naming_prefix="Llama",
            flow_down=True,
            governing_law=CA_LAW,
        ),
        LicenseInfo(
            key="llama3.2",
            name="Llama 3.2 Community License",
            spdx="LicenseRef-llama3.2",
            family="llama",
            category="community",
            commercial_use=CommercialUse.CONDITIONAL,
            thresholds=(
                Threshold(
                    metric="monthly_active_users",
                    limit=700_000_000,
                    consequence="request a license from Meta",
                ),
            ),
            attribution=("Built with Llama",),
            naming_prefix="Llama",
            flow_down=True,
            geographic=(EU_MULTIMODAL,),
            governing_law=CA_LAW,
        ),
        LicenseInfo(
            key="tongyi-qianwen",
            name="Tongyi Qianwen License",
            spdx="LicenseRef-tq",
            category="community",
            commercial_use=CommercialUse.CONDITIONAL,
            thresholds=(
                Threshold(
                    metric="monthly_active_users",
                    limit=100_000_000,
                    consequence="request a license from Alibaba Cloud",
                ),
            ),
            governing_law=PRC_LAW,
        ),
        LicenseInfo(
            key="stabilityai-community",
            name="Stability AI Community License",
            spdx="LicenseRef-sai",
            category="community",
            commercial_use=CommercialUse.CONDITIONAL,
            thresholds=(
                Threshold(
                    metric="annual_revenue_usd",
                    limit=1_000_000,
                    consequence="get an Enterprise license",
                ),
            ),
        ),
        LicenseInfo(
            key="hunyuan",
            name="Tencent Hunyuan Community License",
            spdx="LicenseRef-hy",
            category="community",
            commercial_use=CommercialUse.CONDITIONAL,
            geographic=(GeoRestriction(regions=("EU", "GB", "KR")),),
        ),
        LicenseInfo(
            key="openrail-m",
            name="OpenRAIL-M",
            spdx="LicenseRef-openrail-m",
            category="responsible-ai",
            commercial_use=CommercialUse.ALLOWED,
            flow_down=True,
        ),
        LicenseInfo(
            key="odd-terms",
            name="Odd Terms",
            spdx="LicenseRef-odd",
            category="proprietary",
            commercial_use=CommercialUse.UNKNOWN,
        ),
        LicenseInfo(key="unknown", name="Unknown license", spdx="NOASSERTION", category="unknown"),
    )
}


def match(key: str, source: LicenseSource = LicenseSource.CARD) -> LicenseMatch:
    info = LICENSES.get(key)
    return LicenseMatch(
        key=key,
        spdx=info.spdx if info else "",
        name=info.name if info else key,
        source=source,
        confidence=1.0 if info else 0.0,
        evidence=key,
    )


def lineage(*chain: str, relation: str = "finetune") -> tuple[LineageEntry, ...]:
    """Entries `org/base-<depth>` for each key in `chain`, depth 1 first."""
    return tuple(
        LineageEntry(
            model_id=f"org/base-{depth}",
            relation=relation,
            depth=depth,
            license=match(key, LicenseSource.LINEAGE),
            source=FactSource.HUB,
            info=_info(key),
        )
        for depth, key in enumerate(chain, start=1)
    )


def ancestor(
    model_id: str,
    key: str,
    *,
    depth: int = 1,
    relation: str = "merge",
    source: FactSource = FactSource.HUB,
) -> LineageEntry:
    return LineageEntry(
        model_id=model_id,
        relation=relation,
        depth=depth,
        license=match(key, LicenseSource.LINEAGE),
        source=source,
        info=_info(key),
    )


def _info(key: str) -> LicenseInfo | None:
    """The builders' knowledge: LICENSES, with `unknown` and unlisted keys as None."""
    return None if key == "unknown" else LICENSES.get(key)


def model(
    key: str = "apache-2.0",
    *,
    model_id: str = "acme/model",
    bases: Iterable[LineageEntry] = (),
    evidence: tuple[LicenseMatch, ...] | None = None,
    modality: Modality = Modality.TEXT,
    locations: tuple[Location, ...] = (Location(path="app.py", line=3),),
    revision: str | None = None,
    **facts: object,
) -> ModelAudit:
    own = match(key)
    bases = tuple(bases)
    signals = (own,) if evidence is None else evidence
    infos = tuple(dict.fromkeys(i for i in (_info(m.key) for m in (own, *signals)) if i))
    fact = ModelFacts(
        id=model_id,
        source=facts.pop("source", FactSource.HUB),  # type: ignore[arg-type]
        modality=modality,
        card_exists=facts.pop("card_exists", True),  # type: ignore[arg-type]
        base_models=tuple(b.model_id for b in bases if b.depth == 1),
        revision=revision,
        **facts,
    )  # type: ignore[arg-type]
    return ModelAudit(
        ref=ModelRef(id=model_id, revision=revision, locations=locations),
        facts=fact,
        assessment=LicenseAssessment(license=own, evidence=signals, infos=infos),
        license_info=None if own.is_unknown else LICENSES.get(key),
        lineage=bases,
        dataset_licenses=tuple(
            DatasetLicense(dataset_id=d.id, declared=value, info=_dataset_info(value))
            for d in fact.datasets
            for value in d.license
        ),
    )


def _dataset_info(value: str) -> LicenseInfo | None:
    """A dataset's declared license as the builders' knowledge names it (key or SPDX id)."""
    wanted = value.strip().lower()
    return next(
        (i for i in LICENSES.values() if wanted in (i.key, i.spdx.lower()) and i.key != "unknown"),
        None,
    )


def package(name: str, spdx: str | None, version: str | None = "1.0") -> PackageAudit:
    lic = (
        LicenseMatch(key=spdx.lower(), spdx=spdx, name=spdx, source=LicenseSource.PACKAGE_METADATA)
        if spdx
        else LicenseMatch(key="unknown", spdx="", name="unknown")
    )
    return PackageAudit(
        ref=PackageRef(
            name=name, version=version, locations=(Location(path="requirements.txt", line=1),)
        ),
        facts=PackageFacts(
            name=name, version=version, license_expression=spdx, source=FactSource.HUB
        ),
        license=lic,
        license_terms=package_license_terms(lic),
    )


def dataset(ds_id: str, *licenses: str) -> DatasetFacts:
    return DatasetFacts(id=ds_id, license=licenses, source=FactSource.HUB)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
