"""The rule registry: every rule by its stable id (documented in docs/rules.md)."""

from __future__ import annotations

from llmaudit.models import Severity
from llmaudit.policy.rules.base import RuleSpec
from llmaudit.policy.rules.commercial import (
    check_attribution,
    check_commercial_use,
    check_dataset_license,
    check_output_restriction,
    check_threshold,
)
from llmaudit.policy.rules.denylist import check_model_denied, check_package_denied
from llmaudit.policy.rules.licensing import (
    check_card_mismatch,
    check_license_unknown,
    check_resolve_error,
)
from llmaudit.policy.rules.lineage import check_license_conflict
from llmaudit.policy.rules.packages import check_package_license
from llmaudit.policy.rules.safety import (
    check_gated,
    check_missing_card,
    check_remote_code,
    check_unsafe_serialization,
)
from llmaudit.policy.rules.sovereignty import (
    check_geographic_restriction,
    check_governing_law,
    check_publisher,
)

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, RuleSpec] = {
    "license-unknown": RuleSpec(
        id="license-unknown", default=E, model_check=check_license_unknown,
        summary="The model's or a base model's license could not be identified."),
    "commercial-use": RuleSpec(
        id="commercial-use", default=E, model_check=check_commercial_use,
        summary="A governing license does not allow (or is unclear about) commercial use."),
    "license-conflict": RuleSpec(
        id="license-conflict", default=W, model_check=check_license_conflict,
        summary="Declared license differs from the LICENSE file or a base model's license."),
    "card-mismatch": RuleSpec(
        id="card-mismatch", default=W, model_check=check_card_mismatch,
        summary="The card's license, tags, license_name and license_link disagree."),
    "threshold": RuleSpec(
        id="threshold", default=E, model_check=check_threshold,
        summary="Declared users or revenue exceed a license's ceiling."),
    "output-restriction": RuleSpec(
        id="output-restriction", default=W, model_check=check_output_restriction,
        summary="A governing license restricts what outputs may be used for."),
    "attribution": RuleSpec(
        id="attribution", default=INFO, model_check=check_attribution,
        summary="Attribution, notice or naming duties when shipping."),
    "geographic-restriction": RuleSpec(
        id="geographic-restriction", default=E, model_check=check_geographic_restriction,
        summary="A license excludes licensees in the organization's jurisdiction."),
    "governing-law": RuleSpec(
        id="governing-law", default=W, model_check=check_governing_law,
        summary="A license's law or venue is outside the allowed jurisdictions."),
    "publisher": RuleSpec(
        id="publisher", default=E, model_check=check_publisher,
        summary="The (base) model's publisher or its country is denied or not allowed."),
    "unsafe-serialization": RuleSpec(
        id="unsafe-serialization", default=W, model_check=check_unsafe_serialization,
        license_rule=False, summary="Pickle-based weight files can run code on load."),
    "remote-code": RuleSpec(
        id="remote-code", default=W, model_check=check_remote_code, license_rule=False,
        summary="Loading needs trust_remote_code: repository code runs."),
    "gated": RuleSpec(
        id="gated", default=INFO, model_check=check_gated, license_rule=False,
        summary="The Hub requires accepting terms before download."),
    "missing-card": RuleSpec(
        id="missing-card", default=W, model_check=check_missing_card, license_rule=False,
        summary="The repository has no model card."),
    "dataset-license": RuleSpec(
        id="dataset-license", default=W, model_check=check_dataset_license,
        summary="A training dataset's license is non-commercial or unknown."),
    "package-license": RuleSpec(
        id="package-license", default=E, package_check=check_package_license,
        summary="A dependency's license is denied, copyleft for this usage, or unknown."),
    "resolve-error": RuleSpec(
        id="resolve-error", default=W, model_check=check_resolve_error, license_rule=False,
        summary="The model's facts could not be fetched; nothing was checked."),
    "deny-list": RuleSpec(
        id="deny-list", default=E, model_check=check_model_denied,
        package_check=check_package_denied, license_rule=False,
        summary="The model, a base model or the package is on the policy's deny list."),
}

__all__ = ["RULES", "RuleSpec"]
