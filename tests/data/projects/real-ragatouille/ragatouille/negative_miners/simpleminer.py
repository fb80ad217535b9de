from enum import Enum
from pathlib import Path
from typing import Literal, Optional, Union

import torch
from sentence_transformers import SentenceTransformer
from tqdm import tqdm
from voyager import Index, Space, StorageDataType

from .base import HardNegativeMiner


class DenseModels(Enum):
    en_small = "BAAI/bge-small-en-v1.5"
    zh_small = "thenlper/gte-small-zh"
    fr_small = "OrdalieTech/Solon-embeddings-base-0.1"
    other_small = "intfloat/multilingual-e5-small"
    en_base = "BAAI/bge-base-en-v1.5"
    zh_base = "thenlper/gte-base-zh"
    fr_base = "OrdalieTech/Solon-embeddings-base-0.1"
    other_base = "intfloat/multilingual-e5-base"
    en_large = "BAAI/bge-large-en-v1.5"
    zh_large = "thenlper/gte-large-zh"
    fr_large = "OrdalieTech/Solon-embeddings-large-0.1"
    other_large = "intfloat/multilingual-e5-large"


class SimpleMiner(HardNegativeMiner):
    """The simplest approach to hard negatives mining.
    Select the most appropriate, small-sized embedding model for the target language.
    And retrieve random negatives in the top 10-100 results.
    Strong baseline for quick, low-engineering hard negative mining."""

    def __init__(
        self,
        language_code: str,
        model_size: Literal["small", "base", "large"] = "small",
    ) -> None:
        self.n_gpu = torch.cuda.device_count()
        self.target_language = language_code
        self.model_size = model_size
        if language_code not in ["en", "zh", "fr"]:
            language_code = "other"
        self.model_name = f"{language_code}_{model_size}"
        hub_model = DenseModels[self.model_name].value
        print(f"Loading Hard Negative SimpleMiner dense embedding model {hub_model}...")
        self.model = SentenceTransformer(hub_model)
        self.has_index = False
        self.min_rank = 10

