"""Model repos served by the loopback Hub in the shape of recorded real API answers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from llmaudit.models import ModelAudit, Verdict
from llmaudit.pipeline import run_audit
from tests.loopback_hub import LoopbackHub, Reply, loopback_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "hub-metadata"
SHA = "0123456789abcdef0123456789abcdef01234567"


def data_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def recorded_info(name: str = "zephyr-7b-beta.api.json") -> dict:
    return json.loads(data_text(name))


def serve_repo(
    hub: LoopbackHub,
    model_id: str,
    *,
    card_data: dict | None,
    files: dict[str, str] | None = None,
    tags: list[str] | None = None,
    gated: object = False,
    shape: str = "zephyr-7b-beta.api.json",
) -> None:
    """Serve `/api/models/{id}` in a recorded answer's shape, and each of `files` raw.

    `card_data=None` drops `cardData` (what the Hub serves when it could not parse the
    README's front matter); the Hub's `license:` and `base_model:` tags follow the card.
    """
    info = copy.deepcopy(recorded_info(shape))
    files = {"README.md": "", **(files or {})}
    info.update(
        id=model_id,
        modelId=model_id,
        author=model_id.split("/")[0],
        sha=SHA,
        gated=gated,
        siblings=[{"rfilename": p} for p in sorted(files)],
    )
    info.pop("config", None)
    if card_data is None:
        info.pop("cardData", None)
    else:
        info["cardData"] = card_data
    # license, lineage and dataset tags follow the card served, not the recorded repo's
    derived = ("license:", "base_model:", "dataset:")
    base_tags = [t for t in info.get("tags", []) if not t.startswith(derived)]
    info["tags"] = base_tags + (tags if tags is not None else _tags_for(card_data or {}))
    hub.add_json(f"/api/models/{model_id}", info)
    for path, text in files.items():
        hub.add(f"/{model_id}/resolve/main/{path}", Reply(body=text.encode("utf-8")))


def _tags_for(card: dict) -> list[str]:
    tags = []
    license_value = card.get("license")
    if isinstance(license_value, str):
        tags.append(f"license:{license_value}")
    bases = card.get("base_model")
    for base in [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else []:
        if isinstance(base, str):
            tags.append(f"base_model:{base}")
    return tags


def audit_one(
    hub: LoopbackHub, tmp_path: Path, model_id: str, policy: str, **overrides: object
) -> ModelAudit:
    settings = loopback_settings(
        tmp_path,
        hub.url,
        timeout=2.0,
        max_retries=1,
        models=(model_id,),
        policy=policy,
        environ={"HF_HOME": str(tmp_path / "hf"), "SOURCE_DATE_EPOCH": "1767225600"},
        **overrides,
    )
    (audit,) = run_audit(settings).models
    return audit


def rules_at(audit: ModelAudit, verdict: Verdict) -> list[str]:
    """Rule ids of the unwaived findings that give `verdict`."""
    return sorted({f.rule for f in audit.findings if f.effective_verdict is verdict})


def serve_nc_base(hub: LoopbackHub, model_id: str = "CommunityLM/republican-twitter-gpt2") -> str:
    """A real CC BY-NC 4.0 model (its recorded card) as a base."""
    serve_repo(
        hub,
        model_id,
        card_data={"license": "cc-by-nc-4.0"},
        files={"README.md": data_text("communitylm-republican-twitter-gpt2.README.md")},
    )
    return model_id
