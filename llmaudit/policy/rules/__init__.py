"""The rule registry: every rule by its stable id (each `RuleSpec` lives beside its check).

docs/rules.md describes the same rules in this order; tests/policy/test_rules_doc.py fails
when the two drift.
"""

from __future__ import annotations

from llmaudit.policy.rules.base import RuleSpec
from llmaudit.policy.rules.commercial import (
    ATTRIBUTION,
    COMMERCIAL_USE,
    DATASET_LICENSE,
    OUTPUT_RESTRICTION,
    THRESHOLD,
)
from llmaudit.policy.rules.denylist import DENY_LIST
from llmaudit.policy.rules.licensing import (
    CARD_MISMATCH,
    LICENSE_UNKNOWN,
    MALFORMED_METADATA,
    RESOLVE_ERROR,
)
from llmaudit.policy.rules.lineage import LICENSE_CONFLICT
from llmaudit.policy.rules.packages import PACKAGE_LICENSE
from llmaudit.policy.rules.safety import GATED, MISSING_CARD, REMOTE_CODE, UNSAFE_SERIALIZATION
from llmaudit.policy.rules.sovereignty import GEOGRAPHIC_RESTRICTION, GOVERNING_LAW, PUBLISHER

RULES: dict[str, RuleSpec] = {
    spec.id: spec
    for spec in (
        LICENSE_UNKNOWN,
        COMMERCIAL_USE,
        LICENSE_CONFLICT,
        CARD_MISMATCH,
        MALFORMED_METADATA,
        THRESHOLD,
        OUTPUT_RESTRICTION,
        ATTRIBUTION,
        GEOGRAPHIC_RESTRICTION,
        GOVERNING_LAW,
        PUBLISHER,
        UNSAFE_SERIALIZATION,
        REMOTE_CODE,
        GATED,
        MISSING_CARD,
        DATASET_LICENSE,
        PACKAGE_LICENSE,
        RESOLVE_ERROR,
        DENY_LIST,
    )
}


__all__ = ["RULES", "RuleSpec"]
