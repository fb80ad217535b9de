from __future__ import annotations

import os
import sys
from unittest.mock import patch

import pytest
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import tokenizers
import torch
from packaging.version import parse as parse_version

from lm_eval import tasks
from lm_eval.models.huggingface import HFLM


if TYPE_CHECKING:
    from lm_eval.api.instance import Instance

os.environ["TOKENIZERS_PARALLELISM"] = "false"
task_manager = tasks.TaskManager()

TEST_STRING = "foo bar"


class Test_HFLM:
    # ... (lines 30-110 of the original: expected scores, elided)
    LM = HFLM(pretrained="EleutherAI/pythia-70m", device="cpu", dtype="float32")
