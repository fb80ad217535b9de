"""What each policy rule checks, in words for SARIF rule help and JUnit test names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class RuleHelp:
    """A rule's one-line description and the advice shown with every result."""

    id: str
    title: str
    help: str
    tag: str = "license"  # license | security | supply-chain


_RULES = (
    RuleHelp(id="license-unknown", title="Model license could not be identified",
             help="The license could not be determined from the card, tags, license name, "
                  "link or LICENSE file. Unknown is never treated as permissive: find the "
                  "license text, then pin it with a waiver or a local license file."),
    RuleHelp(id="commercial-use", title="License does not allow the intended commercial use",
             help="The license prohibits or conditions commercial use (for example CC BY-NC "
                  "\u00a71(i) NonCommercial or a research-only license). Replace the model, "
                  "get a commercial license from the licensor, or change the policy's use."),
    RuleHelp(id="license-conflict", title="Sources disagree about the license",
             help="The card, tags, LICENSE file or base model name different licenses. The "
                  "stricter terms apply until the publisher clarifies; check the LICENSE file."),
    RuleHelp(id="card-mismatch", title="Model card contradicts the repository files",
             help="The card's declared license does not match the license text in the repo."),
    RuleHelp(id="threshold", title="Usage threshold needs a separate license",
             help="The license needs a separate grant above a usage ceiling (Llama: 700 "
                  "million monthly active users, \u00a72). Confirm your scale is below it."),
    RuleHelp(id="output-restriction", title="License restricts use of model outputs",
             help="The license limits what outputs may be used for (for example improving "
                  "other large language models). Check how outputs are used downstream."),
    RuleHelp(id="attribution", title="Attribution, notice or naming duty",
             help="The license requires attribution, a NOTICE text or a name prefix for "
                  "derivatives. `llmaudit scan --format notice` writes the texts required."),
    RuleHelp(id="geographic-restriction", title="License excludes a region the policy serves",
             help="The license carves out regions or scopes (e.g. the Llama 3.2 multimodal "
                  "exclusion for the EU). Check where the product is offered."),
    RuleHelp(id="governing-law", title="Governing law or venue outside the policy",
             help="The license chooses a law or courts the policy does not accept."),
    RuleHelp(id="publisher", title="Publisher not allowed by the policy",
             help="The model's publisher is not on the policy's allow list.",
             tag="supply-chain"),
    RuleHelp(id="unsafe-serialization", title="Weights in a format that can run code",
             help="Pickle-based weights (.bin, .pt, .ckpt, .pkl) can execute code when "
                  "loaded. Prefer safetensors or verify the files.",
             tag="security"),
    RuleHelp(id="remote-code", title="Model needs trust_remote_code",
             help="Loading the model runs Python code from the repository. Review and pin it.",
             tag="security"),
    RuleHelp(id="gated", title="Gated model",
             help="The model requires accepting terms on the Hub; keep a record of acceptance.",
             tag="supply-chain"),
    RuleHelp(id="missing-card", title="Model has no model card",
             help="Without a card the license and intended use cannot be checked.",
             tag="supply-chain"),
    RuleHelp(id="dataset-license", title="Training data license",
             help="A training dataset's license may restrict use of the model (e.g. NC data)."),
    RuleHelp(id="package-license", title="Package license not allowed",
             help="A dependency's license is outside the policy (e.g. AGPL-3.0 \u00a713 "
                  "network use obliges offering source). Replace it or get legal approval."),
    RuleHelp(id="resolve-error", title="Facts could not be resolved",
             help="The model could not be looked up (network, not found, offline without "
                  "cache). This is 'could not check', never 'passed'.",
             tag="supply-chain"),
    RuleHelp(id="deny-list", title="Model or license on the policy's deny list",
             help="The policy denies this model or license outright."),
)
_BY_ID = {rule.id: rule for rule in _RULES}


def describe_rule(rule_id: str) -> RuleHelp:
    """Help for `rule_id`; a rule this table does not know still gets a usable entry."""
    known = _BY_ID.get(rule_id)
    if known is not None:
        return known
    return RuleHelp(id=rule_id, title=f"Policy rule {rule_id}",
                    help="See the policy documentation for this rule.")
