"""Policy stage: load a policy (`load_policy`) and `evaluate` models and packages against it."""

from __future__ import annotations

from llmaudit.policy.baseline import apply_baseline, read_baseline, write_baseline
from llmaudit.policy.document import (
    Mentions,
    OrgProfile,
    Policy,
    PolicySummary,
    Purpose,
    Usage,
    Waiver,
)
from llmaudit.policy.engine import Evaluation, evaluate
from llmaudit.policy.loader import (
    list_policies,
    load_policy,
    policy_names,
    shipped_policy_dir,
    validate_policy_file,
)
from llmaudit.policy.show import policy_to_yaml

__all__ = [
    "Evaluation",
    "Mentions",
    "OrgProfile",
    "Policy",
    "PolicySummary",
    "Purpose",
    "Usage",
    "Waiver",
    "apply_baseline",
    "evaluate",
    "list_policies",
    "load_policy",
    "policy_names",
    "policy_to_yaml",
    "read_baseline",
    "shipped_policy_dir",
    "validate_policy_file",
    "write_baseline",
]
