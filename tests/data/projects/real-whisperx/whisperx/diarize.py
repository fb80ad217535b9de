import numpy as np
import pandas as pd
from pyannote.audio import Pipeline
from typing import Optional, Union, List, Tuple
import torch

from whisperx.audio import load_audio, SAMPLE_RATE
from whisperx.schema import TranscriptionResult, AlignedTranscriptionResult, ProgressCallback
from whisperx.log_utils import get_logger

logger = get_logger(__name__)

class DiarizationPipeline:
    def __init__(
        self,
        model_name=None,
        token=None,
        device: Optional[Union[str, torch.device]] = "cpu",
        cache_dir=None,
    ):
        if isinstance(device, str):
            device = torch.device(device)
        model_config = model_name or "pyannote/speaker-diarization-community-1"
        logger.info(f"Loading diarization model: {model_config}")
        self.model = Pipeline.from_pretrained(model_config, token=token, cache_dir=cache_dir).to(device)
