"""Rules about loading a model safely and knowing what it is: pickles, remote code, cards."""

from __future__ import annotations

from llmaudit.models import HubGate, Severity
from llmaudit.policy.rules.base import Hit, Level, ModelContext, RuleSpec

_SHOWN = 3


def _some(items: tuple[str, ...]) -> str:
    shown = ", ".join(items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def check_unsafe_serialization(ctx: ModelContext) -> tuple[Hit, ...]:
    """unsafe-serialization: the repo ships pickle-based weights that can run code on load."""
    unsafe = ctx.audit.facts.unsafe_files
    if not unsafe:
        return ()
    safe = any("safetensors" in f.lower() for f in ctx.audit.facts.weight_formats)
    fix = (
        "load the safetensors files it also ships (use_safetensors=True)"
        if safe
        else "convert the weights to safetensors or load them only in a sandbox"
    )
    # With safetensors beside them, loaders (transformers, diffusers) prefer the safe files.
    level = Level.CAUTION if safe else Level.VIOLATION
    return (
        Hit(
            level=level,
            message=(
                f"{ctx.model_id} ships pickle-based files ({_some(unsafe)}) that can run arbitrary code "
                f"when loaded; {fix}."
            ),
        ),
    )


def check_remote_code(ctx: ModelContext) -> tuple[Hit, ...]:
    """remote-code: loading the model runs Python code from its repository."""
    facts = ctx.audit.facts
    if not facts.remote_code:
        return ()
    evidence = f" ({_some(facts.remote_code_evidence)})" if facts.remote_code_evidence else ""
    pin = "" if ctx.audit.ref.revision else " and pin a revision so it cannot change under you"
    return (
        Hit(
            message=(
                f"{ctx.model_id} needs trust_remote_code{evidence}, so its repository's Python code runs "
                f"on load; review that code{pin}."
            )
        ),
    )


def check_gated(ctx: ModelContext) -> tuple[Hit, ...]:
    """gated: the Hub makes every user accept the model's terms before download."""
    facts = ctx.audit.facts
    if not facts.gated and facts.gate.mode is None:
        return ()
    return (
        Hit(
            message=(
                f"{ctx.model_id} is gated on the Hub{describe_gate(facts.gate)}: each user must accept "
                "its terms there, and CI needs an HF token whose account has been granted access."
            )
        ),
    )


_GATE_MODES = {
    "auto": "access granted on request",
    "manual": "the publisher approves each request by hand",
}


def describe_gate(gate: HubGate) -> str:
    """` (manual approval; the form asks for Country, Affiliation, ...)`, or empty."""
    parts = []
    if gate.mode in _GATE_MODES:
        parts.append(_GATE_MODES[gate.mode])
    if gate.fields:
        parts.append(f"the form asks for {_some(gate.fields)}")
    if gate.prompt:
        parts.append("with terms shown in extra_gated_prompt")
    if gate.eu_disallowed:
        parts.append("users in the EU are refused")
    return f" ({'; '.join(parts)})" if parts else ""


def check_missing_card(ctx: ModelContext) -> tuple[Hit, ...]:
    """missing-card: the repository has no model card (README.md)."""
    if ctx.audit.facts.card_exists is not False:
        return ()
    return (
        Hit(
            message=(
                f"{ctx.model_id} has no model card, so its license, training data and limitations are "
                "undocumented; ask the publisher for one or choose a documented model."
            )
        ),
    )


UNSAFE_SERIALIZATION = RuleSpec(
    id="unsafe-serialization",
    title="Weights in a format that can run code",
    summary=("Pickle-based weight files (.bin, .pt, .ckpt, .pkl) can run code when loaded."),
    help=(
        "Load the safetensors files if the repository has them, or convert or verify the weights."
    ),
    tags=("security",),
    default=Severity.WARNING,
    model_check=check_unsafe_serialization,
    license_rule=False,
)

REMOTE_CODE = RuleSpec(
    id="remote-code",
    title="Model needs trust_remote_code",
    summary=("Loading needs trust_remote_code: Python code from the repository runs."),
    help=("Review the code and pin a revision."),
    tags=("security",),
    default=Severity.WARNING,
    model_check=check_remote_code,
    license_rule=False,
)

GATED = RuleSpec(
    id="gated",
    title="Gated model",
    summary=("The Hub requires accepting terms before download."),
    help=("Make sure every user and CI token has accepted them, and keep a record of acceptance."),
    tags=("supply-chain",),
    default=Severity.INFO,
    model_check=check_gated,
    license_rule=False,
)

MISSING_CARD = RuleSpec(
    id="missing-card",
    title="Model has no model card",
    summary=(
        "The repository has no model card, so its license and intended use cannot be checked."
    ),
    help=("Ask the publisher for one or choose a documented model."),
    tags=("supply-chain",),
    default=Severity.WARNING,
    model_check=check_missing_card,
    license_rule=False,
)
