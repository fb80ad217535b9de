"""Summarise long support tickets; the model comes from configs/models.yaml."""

from pathlib import Path

import yaml
from transformers import pipeline

CONFIG = Path(__file__).resolve().parents[1] / "configs" / "models.yaml"
UTILS_DIR = "src/utils"  # not a model: a path


def summarizer():
    settings = yaml.safe_load(CONFIG.read_text())["summarizer"]
    return pipeline("text-generation", model=settings["model_name_or_path"])
