"""Acceptance test for T5 compatibility mode in TransformerBridge.

This test verifies that T5 can be loaded with TransformerBridge and that
compatibility mode can be successfully enabled with proper hook registration.
"""

import gc

import pytest
import torch

from transformer_lens.model_bridge.bridge import TransformerBridge
from transformer_lens.utilities.bridge_components import apply_fn_to_all_components


class TestT5CompatibilityMode:
    """Test T5 compatibility mode functionality."""

    @pytest.fixture(autouse=True)
    def cleanup_after_test(self):
        """Clean up memory after each test."""
        yield
        # Force garbage collection and clear CUDA cache
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        for _ in range(3):
            gc.collect()

    @pytest.fixture
    def model_name(self):
        """T5 model to test."""
        return "google-t5/t5-small"

    @pytest.fixture
    def bridge_model(self, model_name):
        """Load T5 model via TransformerBridge."""
        return TransformerBridge.boot_transformers(model_name, device="cpu")

