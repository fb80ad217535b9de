"""Input modality of a model from its pipeline tag, following the Hub's task categories."""

from __future__ import annotations

from collections.abc import Iterable

from llmaudit.models import Modality

# The Hub groups tasks into Multimodal / Computer Vision / Audio / NLP (huggingface.co/tasks).
_MULTIMODAL = frozenset(
    {
        "image-text-to-text",
        "visual-question-answering",
        "document-question-answering",
        "video-text-to-text",
        "audio-text-to-text",
        "any-to-any",
        "visual-document-retrieval",
        "image-to-text",
        "text-to-image",
        "text-to-video",
        "image-to-video",
        "text-to-3d",
        "image-to-3d",
        "zero-shot-image-classification",
        "video-to-video",
    }
)
_VISION = frozenset(
    {
        "image-classification",
        "object-detection",
        "image-segmentation",
        "depth-estimation",
        "image-to-image",
        "unconditional-image-generation",
        "video-classification",
        "mask-generation",
        "zero-shot-object-detection",
        "image-feature-extraction",
        "keypoint-detection",
    }
)
_AUDIO = frozenset(
    {
        "automatic-speech-recognition",
        "audio-classification",
        "text-to-speech",
        "text-to-audio",
        "audio-to-audio",
        "voice-activity-detection",
    }
)
_TEXT = frozenset(
    {
        "text-generation",
        "text2text-generation",
        "fill-mask",
        "token-classification",
        "text-classification",
        "question-answering",
        "summarization",
        "translation",
        "sentence-similarity",
        "feature-extraction",
        "zero-shot-classification",
        "table-question-answering",
        "conversational",
        "text-ranking",
        "multiple-choice",
    }
)


def modality_for_task(task: str | None) -> Modality:
    """The modality of one pipeline tag, UNKNOWN when the tag is not a known task."""
    if task in _MULTIMODAL:
        return Modality.MULTIMODAL
    if task in _VISION:
        return Modality.VISION
    if task in _AUDIO:
        return Modality.AUDIO
    if task in _TEXT:
        return Modality.TEXT
    return Modality.UNKNOWN


def infer_modality(pipeline_tag: str | None, tags: Iterable[str] = ()) -> Modality:
    """Modality from the pipeline tag and task tags; any multimodal task or a mix -> multimodal."""
    modality = modality_for_task(pipeline_tag)
    found = {modality_for_task(t) for t in tags} - {Modality.UNKNOWN}
    if Modality.MULTIMODAL in found:
        return Modality.MULTIMODAL
    if modality is not Modality.UNKNOWN:
        return modality
    if len(found) == 1:
        return found.pop()
    return Modality.MULTIMODAL if found else Modality.UNKNOWN
