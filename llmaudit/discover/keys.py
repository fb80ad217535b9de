"""Config keys in one spelling: `modelId`, `model-id`, `MODEL_ID` and `model_id` are one key."""

from __future__ import annotations

import functools
import re

# Where camelCase starts a new word: `modelId` -> model_Id, `modelURL` -> model_URL,
# `HFModelID` -> HF_Model_ID (an acronym ends before its last capital when a word follows).
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@functools.lru_cache(maxsize=4096)  # configs repeat their keys
def normal_key(key: str) -> str:
    """The key in snake_case, lower case (JSON and Kubernetes configs write camelCase)."""
    return _CAMEL_BOUNDARY.sub("_", key.strip()).lower().replace("-", "_")
