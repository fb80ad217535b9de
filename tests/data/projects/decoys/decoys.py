"""Strings that look like "org/name" but are not models: none may be reported."""

import json
import mimetypes
import os.path
from datetime import date

import requests

CONTENT_TYPE = "application/json"
ACCEPT = "text/plain"
UPLOAD_DIR = "src/utils"
DATA_FILE = "./data/train.jsonl"
PARENT = "../a/b"
MODULE_PATH = "os.path"
RELEASE_DATE = "2024/01"
RATIO = "1/2"
SCORE = "3/4"
REPO = "acme/support-bot"
REPO_URL = "https://github.com/huggingface/transformers"
GIT_REMOTE = "git@github.com:meta-llama/llama-models.git"
BASE_IMAGE = "nvidia/cuda:12.1-base"
PYTHON_IMAGE = "python:3.11"
NPM_PACKAGE = "@types/node"
CONFIG_FILE = "configs/model.yaml"
SCRIPT = "foo/bar.py"
WEIGHTS = "a/b.json"
SENTENCE = "this is not/a model"
LLM_MODEL = "gpt-4o"
ANTHROPIC = "anthropic/claude-3-5-sonnet"
OPENAI_CHAT = "openai/gpt-4o-mini"
MODEL_TYPE = "causal/lm"
MODEL_DIR = "checkpoints/best"


def fetch(session: requests.Session) -> dict:
    headers = {"Content-Type": CONTENT_TYPE, "Accept": ACCEPT}
    response = session.get(f"https://api.github.com/repos/{REPO}", headers=headers)
    mimetypes.guess_type("notes/readme.txt")
    return json.loads(response.text)


def paths() -> list[str]:
    base = os.path.join("models", "cache")
    return [base, "sentence-transformers/all-MiniLM-L6-v2".upper()[:0], "org/name".split("/")[0]]


def when() -> str:
    return date(2024, 1, 2).strftime("%Y/%m")


def tasks():
    from transformers import pipeline

    # a task name as the first positional argument is not a model
    return pipeline("text-generation"), pipeline("translation_en_to_fr")


def openai_call(client):
    return client.chat.completions.create(model="gpt-4o", messages=[])


def litellm_call(litellm):
    return litellm.completion(model="anthropic/claude-3-5-sonnet", messages=[])


def local_checkpoint(AutoModel, tmp_dir: str):
    # a folder that does not exist in the tree, written at run time
    return AutoModel.from_pretrained("./outputs/checkpoint-500"), AutoModel.from_pretrained(tmp_dir)
