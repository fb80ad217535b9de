"""Bench: knowledge-base load (prebuilt index vs parsing every YAML file) and classify() speed.

Run: python bench/license_knowledge.py   (prints ms and the ratio against the YAML baseline)
"""

from __future__ import annotations

import statistics
import time

from llmaudit.licenses import classify
from llmaudit.licenses.knowledge import DATA_DIR, _read_yaml, entry_from_mapping, load_knowledge
from llmaudit.models import LicenseDeclaration

ROUNDS = 7
DECLARATIONS = (
    LicenseDeclaration(card_license=("llama3.1",), tags=("license:llama3.1",)),
    LicenseDeclaration(
        card_license=("other",),
        license_name="llama-2-community-license",
        license_link="https://ai.meta.com/llama/license/",
    ),
    LicenseDeclaration(card_license=("apache-2.0 OR mit",)),
    LicenseDeclaration(card_license=("other",), license_name="tongyi-qianwen-research"),
    LicenseDeclaration(license_link="https://ai.google.dev/gemma/terms"),
    LicenseDeclaration(card_license=("other",)),
)


def _median_ms(action) -> float:
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _load_index() -> None:
    load_knowledge.cache_clear()
    load_knowledge()


def _parse_yaml() -> None:
    for path in sorted(DATA_DIR.glob("*.yaml")):
        entry_from_mapping(_read_yaml(path), origin=path)


def _classify_batch() -> None:
    for _ in range(1000 // len(DECLARATIONS)):
        for declaration in DECLARATIONS:
            classify(declaration)


def main() -> int:
    """Print load and classify timings."""
    count = len(load_knowledge())
    index_ms = _median_ms(_load_index)
    yaml_ms = _median_ms(_parse_yaml)
    print(f"entries: {count}")
    print(
        f"load via index: {index_ms:.1f} ms   parse YAML (baseline): {yaml_ms:.1f} ms   "
        f"ratio: {yaml_ms / index_ms:.1f}x faster"
    )
    _classify_batch()  # warm caches (name index, license-expression symbols)
    batch_ms = _median_ms(_classify_batch)
    total = 1000 // len(DECLARATIONS) * len(DECLARATIONS)
    print(
        f"classify: {batch_ms * 1000 / total:.0f} us per declaration ({total} declarations "
        f"in {batch_ms:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
