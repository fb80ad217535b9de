"""parse_model_spec: "org/name", "org/name@rev", Hub URLs, local model folders."""

from __future__ import annotations

import os
from pathlib import Path

from llmaudit.discover.model_ids import has_valid_syntax, is_valid_revision, strip_hub_prefix
from llmaudit.discover.urls import parse_hub_path
from llmaudit.errors import InputError
from llmaudit.hub_urls import strip_hub_url
from llmaudit.models import ModelRef, RefKind

_MAX_SPEC = 256


def parse_model_spec(spec: str) -> ModelRef:
    """A ModelRef for a model named on the command line or in [tool.llmaudit] models."""
    text = spec.strip() if isinstance(spec, str) else ""
    if not text or len(text) > _MAX_SPEC or any(c.isspace() or not c.isprintable() for c in text):
        raise InputError(
            f"invalid model id {spec!r}: expected org/name, org/name@revision, "
            "a huggingface.co URL or a local model folder"
        )
    local = _local_folder(text)
    if local is not None:
        return local
    url_path = strip_hub_url(text)
    if url_path is not None:
        return _from_url(url_path, spec)
    return _from_id(strip_hub_prefix(text), spec)


def _local_folder(text: str) -> ModelRef | None:
    looks_like_path = text.startswith(("./", "../", "/", "~", ".\\")) or text in {".", ".."}
    path = Path(os.path.expanduser(text))
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        return None
    if not is_dir:
        if looks_like_path:
            raise InputError(f"model folder {text!r} does not exist")
        return None
    return ModelRef(id=path.as_posix().rstrip("/") or text, local_path=str(path.resolve()))


def _from_url(path: str, spec: str) -> ModelRef:
    parsed = parse_hub_path(path.split("?", 1)[0].split("#", 1)[0], keep_main=True)
    if parsed is None:
        raise InputError(f"invalid model URL {spec!r}: expected https://huggingface.co/org/name")
    repo, kind, revision = parsed
    return ModelRef(
        id=repo, revision=revision, kind=kind if kind is RefKind.DATASET else RefKind.MODEL
    )


def _from_id(text: str, spec: str) -> ModelRef:
    repo, _, revision = text.partition("@")
    if not has_valid_syntax(repo) or (_ and not is_valid_revision(revision)):
        raise InputError(f"invalid model id {spec!r}: expected org/name or org/name@revision")
    return ModelRef(id=repo, revision=revision or None)
