"""Time evaluate() over many models with lineage; print the ratio to a copy-only baseline."""

from __future__ import annotations

import time
from dataclasses import replace

from llmaudit.licenses import all_licenses
from llmaudit.models import (
    FactSource,
    LicenseAssessment,
    LicenseMatch,
    LicenseSource,
    LineageEntry,
    ModelAudit,
    ModelFacts,
    ModelRef,
)
from llmaudit.policy import evaluate, load_policy
from llmaudit.settings import Settings

COUNT = 2000


def _match(key: str) -> LicenseMatch:
    return LicenseMatch(key=key, spdx=key, name=key, source=LicenseSource.CARD)


def build_audits() -> tuple[ModelAudit, ...]:
    """COUNT models cycling through the knowledge base, each with a 3-deep lineage."""
    keys = [info.key for info in all_licenses()]
    audits = []
    for i in range(COUNT):
        own = keys[i % len(keys)]
        lineage = tuple(
            LineageEntry(
                model_id=f"org/base-{i}-{d}",
                relation="finetune",
                depth=d,
                license=_match(keys[(i + d * 7) % len(keys)]),
                source=FactSource.HUB,
            )
            for d in (1, 2, 3)
        )
        audits.append(
            ModelAudit(
                ref=ModelRef(id=f"org/model-{i}"),
                facts=ModelFacts(
                    id=f"org/model-{i}", source=FactSource.HUB, base_models=(lineage[0].model_id,)
                ),
                assessment=LicenseAssessment(license=_match(own), evidence=(_match(own),)),
                lineage=lineage,
            )
        )
    return tuple(audits)


def main() -> None:
    settings = Settings()
    audits = build_audits()
    policy = load_policy("strict", settings)
    evaluate(audits[:10], (), policy, settings)  # warm caches (knowledge base, schema)
    start = time.perf_counter()
    copies = tuple(replace(a, verdict=a.verdict) for a in audits)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    result = evaluate(audits, (), policy, settings)
    elapsed = time.perf_counter() - start
    assert len(result.models) == len(copies)
    per_model = elapsed / COUNT * 1e6
    print(
        f"evaluate: {COUNT} models x 4 licenses in {elapsed:.3f}s ({per_model:.0f} us/model); "
        f"ratio to dataclass-copy baseline ({baseline:.4f}s): {elapsed / baseline:.1f}x"
    )


if __name__ == "__main__":
    main()
