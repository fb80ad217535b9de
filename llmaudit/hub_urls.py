"""The Hugging Face Hub's public address, every spelling of it a project or card uses, and
the one-word names the Hub still answers to."""

from __future__ import annotations

from llmaudit.lazy_regex import lazy_compile

HUB_URL = "https://huggingface.co"
# What may come before `org/name` in a link to a Hub repository (matched case-insensitively).
HUB_URL_PREFIXES = (
    "https://huggingface.co/",
    "http://huggingface.co/",
    "https://www.huggingface.co/",
    "http://www.huggingface.co/",
    "https://hf.co/",
    "http://hf.co/",
    "huggingface.co/",
    "www.huggingface.co/",
    "hf.co/",
)


def strip_hub_url(value: str) -> str | None:
    """The path after a Hub URL prefix (`org/name/...`), or None when `value` is no Hub URL."""
    lowered = value.lower()
    if not lowered.startswith(HUB_URL_PREFIXES):
        return None  # most values: one C call instead of nine
    for prefix in HUB_URL_PREFIXES:
        if lowered.startswith(prefix):
            return value[len(prefix) :]
    return None


# The only models the Hub serves under a one-word name: transformers' original checkpoints
# (`gpt2`, `bert-base-uncased`, `t5-small`, ...). Since 2024 they live under organisations and
# the Hub redirects the old names: `gpt2` is the repository now called `openai-community/gpt2`
# (its API answer keeps the 2022 `_id`). Family (the name's first word) -> current owner.
_FORMER_NAME_OWNERS = {
    "albert": "albert",
    "bert": "google-bert",
    "camembert": "almanach",
    "ctrl": "Salesforce",
    "distilbert": "distilbert",
    "distilgpt2": "openai-community",
    "distilroberta": "FacebookAI",
    "gpt2": "openai-community",
    "openai-gpt": "openai-community",
    "roberta": "FacebookAI",
    "t5": "google-t5",
    "transfo-xl": "transfo-xl",
    "xlm": "FacebookAI",
    "xlnet": "xlnet",
}
_FORMER_NAME = lazy_compile(rf"({'|'.join(_FORMER_NAME_OWNERS)})(?:[-_].*)?\Z")


def is_former_name(name: str) -> bool:
    """Whether a lower-case one-word name is one of transformers' original checkpoints."""
    return _FORMER_NAME.match(name) is not None


def current_name(name: str) -> str | None:
    """`openai-community/gpt2` for `gpt2`: where the Hub redirects a former one-word name."""
    found = _FORMER_NAME.match(name)
    return f"{_FORMER_NAME_OWNERS[found.group(1)]}/{name}" if found else None
