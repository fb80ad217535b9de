"""Bridge vs HookedTransformer parity test for cross-run hook_mlp_in patching (#1317).

Parameterized over Pythia (native autograd LN) and GPT-2 (manual LN), and over
``no_processing`` so both folded and unfolded compat-mode setups are covered.
"""
from __future__ import annotations

import pytest
import torch

from transformer_lens import HookedTransformer
from transformer_lens.model_bridge import TransformerBridge

_MODELS = ("EleutherAI/pythia-14m", "gpt2")
_NO_PROCESSING = (True, False)

_pair_cache: dict[tuple[str, bool], tuple[TransformerBridge, HookedTransformer]] = {}
_baseline_cache: dict[tuple[str, bool, tuple[int, ...]], float] = {}


def _build_pair(model: str, no_processing: bool) -> tuple[TransformerBridge, HookedTransformer]:
    key = (model, no_processing)
    if key not in _pair_cache:
        bridge = TransformerBridge.boot_transformers(model, device="cpu")
        bridge.enable_compatibility_mode(no_processing=no_processing)
        if no_processing:
            ht = HookedTransformer.from_pretrained_no_processing(model, device="cpu")
        else:
            ht = HookedTransformer.from_pretrained(model, device="cpu")
        bridge.set_use_hook_mlp_in(True)
        ht.cfg.use_hook_mlp_in = True
        _pair_cache[key] = (bridge, ht)
    return _pair_cache[key]


def _baseline_logit_diff(model: str, no_processing: bool, prompt: torch.Tensor) -> float:
    key = (model, no_processing, tuple(prompt.flatten().tolist()))
    if key not in _baseline_cache:
        bridge, ht = _build_pair(model, no_processing)
        with torch.no_grad():
            _baseline_cache[key] = (bridge(prompt) - ht(prompt)).abs().max().item()
    return _baseline_cache[key]


@pytest.mark.slow
@pytest.mark.parametrize("no_processing", _NO_PROCESSING)
@pytest.mark.parametrize("model", _MODELS)
@pytest.mark.parametrize("layer", [0, 3])
def test_cross_run_mlp_in_patch_matches_legacy(model: str, layer: int, no_processing: bool) -> None:
    """Splice cached resid_mid from run A into run B's hook_mlp_in; logits should match."""
    bridge, ht = _build_pair(model, no_processing)
