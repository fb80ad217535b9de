import pytest

from transformer_lens.evals import (
    IOIDataset,
    ioi_eval,
    make_mmlu_data_loader,
    mmlu_eval,
)
from transformer_lens.HookedTransformer import HookedTransformer


@pytest.fixture(scope="module")
def model():
    return HookedTransformer.from_pretrained("gpt2-small", device="cpu")
