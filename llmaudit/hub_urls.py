"""The Hugging Face Hub's public address, and every spelling of it a project or card uses."""

from __future__ import annotations

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
    for prefix in HUB_URL_PREFIXES:
        if lowered.startswith(prefix):
            return value[len(prefix) :]
    return None
