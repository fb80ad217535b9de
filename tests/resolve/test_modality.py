"""Modality from pipeline tags, per the Hub's task categories."""

from __future__ import annotations

import pytest

from llmaudit.models import Modality
from llmaudit.resolve.modality import infer_modality


@pytest.mark.parametrize(
    ("task", "tags", "expected"),
    [
        ("text-generation", (), Modality.TEXT),
        ("image-text-to-text", (), Modality.MULTIMODAL),  # Llama 3.2 Vision: EU clause scope
        ("automatic-speech-recognition", (), Modality.AUDIO),
        ("object-detection", (), Modality.VISION),
        ("text-to-image", (), Modality.MULTIMODAL),
        ("text-generation", ("image-text-to-text",), Modality.MULTIMODAL),
        (None, ("text-classification",), Modality.TEXT),
        (None, ("fill-mask", "image-classification"), Modality.MULTIMODAL),
        (None, ("pytorch",), Modality.UNKNOWN),
        ("reinforcement-learning", (), Modality.UNKNOWN),
    ],
)
def test_modality(task, tags, expected):
    assert infer_modality(task, tags) is expected
