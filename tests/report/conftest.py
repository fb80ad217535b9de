"""A realistic, fixed AuditResult that every report format renders in the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.models import (
    AuditError,
    AuditResult,
    CommercialUse,
    DatasetFacts,
    FactSource,
    Finding,
    GoverningLaw,
    LicenseAssessment,
    LicenseDeclaration,
    LicenseFile,
    LicenseInfo,
    LicenseMatch,
    LicenseSource,
    LineageEntry,
    Location,
    LocationKind,
    Modality,
    ModelAudit,
    ModelFacts,
    ModelRef,
    Note,
    Obligation,
    PackageAudit,
    PackageFacts,
    PackageRef,
    RefKind,
    Severity,
    Threshold,
    Verdict,
    WaiverUse,
)
from llmaudit.policy import load_policy
from llmaudit.policy.engine import enabled_rules
from llmaudit.settings import Settings

LLAMA31_NOTICE = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, "
    "Copyright \u00a9 Meta Platforms, Inc. All Rights Reserved."
)

APACHE = LicenseMatch(
    key="apache-2.0",
    spdx="Apache-2.0",
    name="Apache License 2.0",
    source=LicenseSource.CARD,
    confidence=1.0,
)
LLAMA31 = LicenseMatch(
    key="llama3.1",
    spdx="LicenseRef-llama3.1",
    name="Llama 3.1 Community License Agreement",
    source=LicenseSource.CARD,
    confidence=1.0,
)
CC_BY_NC = LicenseMatch(
    key="cc-by-nc-4.0",
    spdx="CC-BY-NC-4.0",
    name="Creative Commons Attribution Non Commercial 4.0",
    source=LicenseSource.TAG,
    confidence=0.95,
)
UNKNOWN = LicenseMatch(key="unknown", spdx="NOASSERTION", name="Unknown license")

APACHE_INFO = LicenseInfo(
    key="apache-2.0",
    name="Apache License 2.0",
    spdx="Apache-2.0",
    category="permissive",
    commercial_use=CommercialUse.ALLOWED,
    sources=("https://www.apache.org/licenses/LICENSE-2.0",),
)
LLAMA31_INFO = LicenseInfo(
    key="llama3.1",
    name="Llama 3.1 Community License Agreement",
    spdx="LicenseRef-llama3.1",
    family="llama",
    version="3.1",
    category="community",
    hub_ids=("llama3.1",),
    commercial_use=CommercialUse.CONDITIONAL,
    commercial_note="Allowed below 700 million monthly active users (\u00a72).",
    thresholds=(
        Threshold(
            metric="monthly_active_users",
            limit=700_000_000,
            consequence="request a license from Meta",
            clause="\u00a72",
        ),
    ),
    attribution=("Built with Llama",),
    naming_prefix="Llama",
    aup_url="https://llama.meta.com/llama3_1/use-policy",
    aup_incorporated=True,
    governing_law=GoverningLaw(
        country="US", region="California", venue="courts of California", clause="\u00a77"
    ),
    notice=LLAMA31_NOTICE,
    sources=("https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",),
)
CC_BY_NC_INFO = LicenseInfo(
    key="cc-by-nc-4.0",
    name="Creative Commons Attribution Non Commercial 4.0",
    spdx="CC-BY-NC-4.0",
    category="non-commercial",
    commercial_use=CommercialUse.PROHIBITED,
    attribution_note="Credit the creator, keep the copyright and license notices, indicate "
    "changes and link to the license",
    sources=("https://creativecommons.org/licenses/by-nc/4.0/legalcode",),
)

LLAMA31_OBLIGATIONS = (
    Obligation(
        kind="attribution",
        text='Display "Built with Llama" prominently on a related '
        "website, user interface, blogpost, about page, or product documentation.",
        license_key="llama3.1",
        clause="\u00a71.b.i",
    ),
    Obligation(
        kind="naming",
        text="A model built with Llama 3.1 or its outputs must have a "
        'name that begins with "Llama".',
        license_key="llama3.1",
        clause="\u00a71.b.i",
    ),
    Obligation(
        kind="notice",
        text=f'Keep a "Notice" text file with: "{LLAMA31_NOTICE}"',
        license_key="llama3.1",
        clause="\u00a71.b.ii",
    ),
    Obligation(
        kind="aup",
        text="Comply with the Llama 3.1 Acceptable Use Policy.",
        license_key="llama3.1",
        clause="\u00a71.b.iv",
    ),
    Obligation(
        kind="threshold",
        text="Over 700 million monthly active users you need a separate license from Meta.",
        license_key="llama3.1",
        clause="\u00a72",
        inherited_from="meta-llama/Llama-3.1-8B",
    ),
)


def _apache_model() -> ModelAudit:
    ref = ModelRef(
        id="sentence-transformers/all-MiniLM-L6-v2",
        locations=(
            Location(path="app/search.py", line=12, snippet='SentenceTransformer("...")'),
            Location(path="config/models.yaml", line=4),
            Location(path="README.md", line=8, kind=LocationKind.MENTION),
        ),
    )
    facts = ModelFacts(
        id=ref.id,
        revision="main",
        sha="c9745ed1d9f207416be6d2e6f8de32d1f16199bf",
        source=FactSource.HUB,
        publisher="sentence-transformers",
        pipeline_tag="sentence-similarity",
        modality=Modality.TEXT,
        library_name="sentence-transformers",
        card_exists=True,
        declaration=LicenseDeclaration(card_license=("apache-2.0",), tags=("license:apache-2.0",)),
        datasets=(
            DatasetFacts(
                id="sentence-transformers/embedding-training-data",
                license=("apache-2.0",),
                source=FactSource.HUB,
            ),
        ),
        weight_formats=("safetensors",),
    )
    return ModelAudit(
        ref=ref,
        facts=facts,
        assessment=LicenseAssessment(license=APACHE),
        license_info=APACHE_INFO,
        verdict=Verdict.PASS,
    )


def _llama_finetune() -> ModelAudit:
    ref = ModelRef(
        id="NousResearch/Hermes-3-Llama-3.1-8B",
        revision="896ea44",
        locations=(
            Location(path="app/chat.py", line=21),
            Location(path="notebooks/eval.ipynb", line=3, cell=2),
        ),
    )
    base = ModelFacts(
        id="meta-llama/Llama-3.1-8B",
        source=FactSource.BUILTIN,
        gated=True,
        declaration=LicenseDeclaration(card_license=("llama3.1",)),
    )
    facts = ModelFacts(
        id=ref.id,
        revision="896ea44",
        sha="896ea440e5a9e6070e3d8a2774daf2b481ab425b",
        source=FactSource.BUILTIN,
        publisher="NousResearch",
        pipeline_tag="text-generation",
        modality=Modality.TEXT,
        library_name="transformers",
        card_exists=True,
        declaration=LicenseDeclaration(card_license=("llama3",), origin=FactSource.BUILTIN),
        base_models=("meta-llama/Llama-3.1-8B",),
        base_model_relation="finetune",
        ancestors=(base,),
        weight_formats=("safetensors",),
    )
    lineage = (
        LineageEntry(
            model_id="meta-llama/Llama-3.1-8B",
            relation="finetune",
            depth=1,
            license=LLAMA31,
            source=FactSource.BUILTIN,
            info=LLAMA31_INFO,
        ),
    )
    findings = (
        Finding(
            rule="attribution",
            severity=Severity.WARNING,
            subject=ref.id,
            message='Derivatives of Llama 3.1 must be named "Llama..." (\u00a71.b.i); '
            "this fine-tune is not.",
            path="app/chat.py",
            line=21,
            waived_by="W-2026-007",
        ),
        Finding(
            rule="license-conflict",
            severity=Severity.WARNING,
            subject=ref.id,
            message="The card says llama3 but the base model is llama3.1; "
            "the stricter terms of both apply.",
            path="app/chat.py",
            line=21,
        ),
        Finding(
            rule="threshold",
            severity=Severity.INFO,
            subject=ref.id,
            message="Llama 3.1 \u00a72: above 700 million monthly active users a separate "
            "license from Meta is needed; the policy declares fewer users.",
        ),
    )
    return ModelAudit(
        ref=ref,
        facts=facts,
        assessment=LicenseAssessment(
            license=LLAMA31,
            evidence=(
                LicenseMatch(
                    key="llama3",
                    spdx="LicenseRef-llama3",
                    name="Meta Llama 3 Community License Agreement",
                    source=LicenseSource.CARD,
                    confidence=1.0,
                ),
                LicenseMatch(
                    key="llama3.1",
                    spdx="LicenseRef-llama3.1",
                    name=LLAMA31.name,
                    source=LicenseSource.LINEAGE,
                    confidence=1.0,
                ),
            ),
        ),
        license_info=LLAMA31_INFO,
        lineage=lineage,
        obligations=LLAMA31_OBLIGATIONS,
        findings=findings,
        verdict=Verdict.WARN,
    )


def _noncommercial_model() -> ModelAudit:
    ref = ModelRef(
        id="facebook/nllb-200-distilled-600M",
        locations=(
            Location(path="app/translate.py", line=14, snippet='pipeline("translation", ...)'),
        ),
    )
    facts = ModelFacts(
        id=ref.id,
        revision="main",
        sha="f8d333a098d19b4fd9a8b18f94170487ad3f821d",
        source=FactSource.HUB,
        publisher="facebook",
        pipeline_tag="translation",
        modality=Modality.TEXT,
        library_name="transformers",
        card_exists=True,
        declaration=LicenseDeclaration(
            card_license=("cc-by-nc-4.0",),
            tags=("license:cc-by-nc-4.0",),
            files=(
                LicenseFile(
                    path="LICENSE",
                    sha256="0" * 64,
                    text="Attribution-NonCommercial 4.0 International\n\n"
                    'Creative Commons Corporation ("Creative Commons") is '
                    "not a law firm...\n",
                ),
            ),
        ),
        datasets=(
            DatasetFacts(id="facebook/flores", license=("cc-by-sa-4.0",), source=FactSource.HUB),
        ),
        weight_formats=("bin",),
        unsafe_files=("pytorch_model.bin",),
    )
    findings = (
        Finding(
            rule="commercial-use",
            severity=Severity.ERROR,
            subject=ref.id,
            message="cc-by-nc-4.0 forbids commercial use (\u00a71(i) NonCommercial); "
            "policy 'commercial' requires it.",
            path="app/translate.py",
            line=14,
        ),
        Finding(
            rule="unsafe-serialization",
            severity=Severity.WARNING,
            subject=ref.id,
            message="Only pickle weights (pytorch_model.bin): loading can run code; "
            "prefer safetensors.",
            path="app/translate.py",
            line=14,
        ),
    )
    obligations = (
        Obligation(
            kind="attribution",
            text=CC_BY_NC_INFO.attribution_note,
            license_key="cc-by-nc-4.0",
            clause="\u00a73(a)",
        ),
    )
    return ModelAudit(
        ref=ref,
        facts=facts,
        assessment=LicenseAssessment(license=CC_BY_NC),
        license_info=CC_BY_NC_INFO,
        obligations=obligations,
        findings=findings,
        verdict=Verdict.FAIL,
    )


def _unresolved_model() -> ModelAudit:
    ref = ModelRef(
        id="acme-internal/support-router", locations=(Location(path="deploy/Dockerfile", line=9),)
    )
    facts = ModelFacts(
        id=ref.id,
        source=FactSource.UNRESOLVED,
        unresolved_reason="not in the cache or built-in facts (offline)",
    )
    findings = (
        Finding(
            rule="license-unknown",
            severity=Severity.ERROR,
            subject=ref.id,
            message="License could not be determined; unknown is never treated as permissive.",
            path="deploy/Dockerfile",
            line=9,
        ),
    )
    return ModelAudit(
        ref=ref,
        facts=facts,
        assessment=LicenseAssessment(license=UNKNOWN),
        findings=findings,
        verdict=Verdict.FAIL,
    )


def _mentioned_model() -> ModelAudit:
    """Named only in the README: reported, its failing finding does not count."""
    ref = ModelRef(
        id="mistralai/Mistral-7B-v0.1",
        locations=(
            Location(path="README.md", line=31, kind=LocationKind.MENTION),
            Location(path="docs/alternatives.md", line=5, kind=LocationKind.MENTION),
        ),
    )
    facts = ModelFacts(
        id=ref.id,
        source=FactSource.UNRESOLVED,
        unresolved_reason="not in the cache or built-in facts (offline)",
    )
    findings = (
        Finding(
            rule="license-unknown",
            severity=Severity.ERROR,
            subject=ref.id,
            message="License could not be determined; unknown is never treated as permissive.",
            path="README.md",
            line=31,
            mention_only=True,
        ),
    )
    return ModelAudit(
        ref=ref,
        facts=facts,
        assessment=LicenseAssessment(license=UNKNOWN),
        findings=findings,
        verdict=Verdict.PASS,
    )


def _packages() -> tuple[PackageAudit, ...]:
    agpl = LicenseMatch(
        key="agpl-3.0",
        spdx="AGPL-3.0-only",
        name="GNU Affero General Public License v3.0",
        source=LicenseSource.PACKAGE_METADATA,
        confidence=1.0,
    )
    apache_pkg = LicenseMatch(
        key="apache-2.0",
        spdx="Apache-2.0",
        name="Apache License 2.0",
        source=LicenseSource.PACKAGE_METADATA,
        confidence=1.0,
    )
    req = "requirements.txt"
    return (
        PackageAudit(
            ref=PackageRef(
                name="transformers",
                version="4.44.2",
                specifier="==4.44.2",
                locations=(Location(path=req, line=1),),
            ),
            facts=PackageFacts(
                name="transformers",
                version="4.44.2",
                license_expression="Apache-2.0",
                source=FactSource.LOCAL,
            ),
            license=apache_pkg,
            verdict=Verdict.PASS,
        ),
        PackageAudit(
            ref=PackageRef(
                name="PyMuPDF",
                version="1.24.10",
                specifier="==1.24.10",
                locations=(Location(path=req, line=3),),
            ),
            facts=PackageFacts(
                name="PyMuPDF",
                version="1.24.10",
                license_expression="AGPL-3.0-only",
                source=FactSource.LOCAL,
            ),
            license=agpl,
            findings=(
                Finding(
                    rule="package-license",
                    severity=Severity.ERROR,
                    subject="PyMuPDF",
                    path=req,
                    line=3,
                    message="AGPL-3.0 \u00a713 requires offering the source of a "
                    "network service that uses it.",
                ),
            ),
            verdict=Verdict.FAIL,
        ),
    )


def build_sample_result() -> AuditResult:
    """Five models (pass, warn, fail, unresolved, only mentioned), two packages, a dataset and
    a waiver."""
    models = (
        _apache_model(),
        _llama_finetune(),
        _noncommercial_model(),
        _unresolved_model(),
        _mentioned_model(),
    )
    return AuditResult(
        tool_version="0.1.0",
        policy="commercial",
        verdict=Verdict.FAIL,
        generated_at="2026-01-02T03:04:05Z",
        models=models,
        datasets=(
            ModelRef(
                id="tatsu-lab/alpaca",
                kind=RefKind.DATASET,
                locations=(Location(path="train/finetune.py", line=7),),
            ),
        ),
        packages=_packages(),
        errors=(
            AuditError(
                target="acme-internal/support-router",
                message="not in the cache or built-in facts (offline)",
            ),
        ),
        waivers=(
            WaiverUse(
                id="W-2026-007",
                rule="attribution",
                subject="NousResearch/Hermes-3-Llama-3.1-8B",
                reason="Internal evaluation only; renamed before any release.",
                owner="legal@acme.example",
                expires="2026-06-30",
            ),
        ),
        notes=(Note(message="skipped binary file", path="assets/model.onnx"),),
        offline=True,
        root="examples/demo-project",
        rules=enabled_rules(load_policy("commercial", Settings(offline=True))),
    )


@pytest.fixture
def sample_result() -> AuditResult:
    """The fixed sample audit result."""
    return build_sample_result()


GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "schemas"  # see PROVENANCE.tsv


def official_schema(name: str) -> dict:
    """An official JSON Schema copied into tests/data/schemas (SARIF 2.1.0, SPDX 2.3)."""
    import json

    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def check_golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/<name> byte for byte (rewrite with --update-golden)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"missing golden file {path}; run pytest --update-golden and review it")
        assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"

    return check
