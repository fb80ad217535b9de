"""Local model folders and the HF cache: the same facts from disk, no network."""

from __future__ import annotations

import hashlib
import json
import socket

from llmaudit.models import FactSource, Modality, ModelRef
from llmaudit.resolve import resolve
from llmaudit.resolve.hf_cache import hf_hub_cache_dir, pick_snapshot, scan_snapshots
from llmaudit.resolve.local import read_local_model

from .conftest import make_settings

CARD = """---
license: other
license_name: my-license
license_link: LICENSE
base_model: org/base
base_model_relation: adapter
pipeline_tag: image-text-to-text
datasets: [org/data]
tags: [custom_code]
---
# A local model
"""


def _folder(root, files):
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def test_local_folder_facts(tmp_path, corpus):
    license_text = (corpus / "licenses" / "apache-2.0.txt").read_text(encoding="utf-8")
    folder = _folder(
        tmp_path / "m",
        {
            "README.md": CARD,
            "config.json": json.dumps({"auto_map": {"AutoModel": "modeling_x.XModel"}}),
            "modeling_x.py": "raise SystemExit('never run')\n",
            "LICENSE": license_text,
            "adapter_model.bin": b"\x80\x04not really a pickle",
            "weights/model.safetensors": b"{}",
        },
    )
    facts = read_local_model(folder, "./m")
    assert facts.source is FactSource.LOCAL
    assert facts.declaration.card_license == ("other",)
    assert facts.declaration.license_name == "my-license"
    assert facts.declaration.files[0].text == license_text
    assert facts.declaration.files[0].sha256 == hashlib.sha256(license_text.encode()).hexdigest()
    assert facts.base_models == ("org/base",) and facts.base_model_relation == "adapter"
    assert facts.modality is Modality.MULTIMODAL
    assert facts.remote_code is True
    assert "config auto_map: AutoModel -> modeling_x.XModel" in facts.remote_code_evidence
    assert facts.unsafe_files == ("adapter_model.bin",)
    assert facts.weight_formats == ("pickle", "safetensors")
    assert facts.card_exists is True


def test_missing_folder_is_unresolved(tmp_path):
    facts = read_local_model(tmp_path / "nope", "./nope")
    assert facts.source is FactSource.UNRESOLVED
    assert "does not exist" in (facts.unresolved_reason or "")


def test_local_ref_through_resolve_never_touches_the_network(tmp_path, monkeypatch):
    folder = _folder(tmp_path / "m", {"README.md": "---\nlicense: mit\n---\n"})

    def no_socket(self, address):
        raise AssertionError("network used for a local model")

    monkeypatch.setattr(socket.socket, "connect", no_socket)
    settings = make_settings(tmp_path, "https://hub.example", offline=True)
    (facts,) = resolve((ModelRef(id="./m", local_path=str(folder)),), settings)
    assert facts.source is FactSource.LOCAL
    assert facts.declaration.card_license == ("mit",)


def _hf_cache(hub_dir, repo_id, commit, files):
    repo = hub_dir / f"models--{repo_id.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    blobs = repo / "blobs"
    blobs.mkdir()
    snap = repo / "snapshots" / commit
    for name, content in files.items():
        data = content.encode()
        blob = blobs / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        link = snap / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(blob)
    return snap


def test_hf_cache_snapshot_is_used_offline(tmp_path):
    hf_home = tmp_path / "hf"
    commit = "c" * 40
    _hf_cache(
        hf_home / "hub",
        "acme/tiny",
        commit,
        {
            "README.md": "---\nlicense: bsd-3-clause\npipeline_tag: fill-mask\n---\n",
            "LICENSE": "BSD 3-Clause License\n",
            "pytorch_model.bin": "pickle",
        },
    )
    settings = make_settings(
        tmp_path, "https://hub.example", offline=True, environ={"HF_HOME": str(hf_home)}
    )
    (facts,) = resolve((ModelRef(id="acme/tiny"),), settings)
    assert facts.source is FactSource.LOCAL
    assert facts.sha == commit
    assert facts.declaration.card_license == ("bsd-3-clause",)
    assert facts.declaration.files[0].path == "LICENSE"
    assert facts.unsafe_files == ("pytorch_model.bin",)
    assert "local Hugging Face cache" in facts.notes[0]


def test_snapshot_selection(tmp_path):
    hub_dir = tmp_path / "hub"
    _hf_cache(hub_dir, "acme/tiny", "d" * 40, {"README.md": "x"})
    snaps = scan_snapshots(hub_dir)["acme/tiny"]
    assert pick_snapshot(snaps, None).commit == "d" * 40
    assert pick_snapshot(snaps, "main").commit == "d" * 40
    assert pick_snapshot(snaps, "ddddddd").commit == "d" * 40
    assert pick_snapshot(snaps, "v2") is None
    assert scan_snapshots(tmp_path / "missing") == {}


def test_hf_hub_cache_dir_order(tmp_path):
    assert hf_hub_cache_dir({"HF_HUB_CACHE": "/x/hub", "HF_HOME": "/y"}).as_posix() == "/x/hub"
    assert hf_hub_cache_dir({"HF_HOME": "/y"}).as_posix() == "/y/hub"
    assert hf_hub_cache_dir({"XDG_CACHE_HOME": "/z"}).as_posix() == "/z/huggingface/hub"


def _saved_checkpoint(root, name_or_path: str):
    """A fine-tune saved with Transformers' save_pretrained: config.json records the id it
    was loaded from as `_name_or_path`; the team's README declares its own license."""
    config = {"_name_or_path": name_or_path, "model_type": "m2m_100"}
    return _folder(
        root,
        {"README.md": "---\nlicense: apache-2.0\n---\n", "config.json": json.dumps(config)},
    )


def test_a_saved_fine_tune_names_its_base_in_config_json(tmp_path):
    folder = _saved_checkpoint(tmp_path / "ft", "facebook/nllb-200-distilled-600M")
    facts = read_local_model(folder, "./ft")
    assert facts.base_models == ("facebook/nllb-200-distilled-600M",)
    assert facts.lineage_sources == ("config.json _name_or_path",)
    assert facts.base_model_relation == "finetune"


def test_config_origin_that_is_a_local_folder_or_itself_is_no_base(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "output" / "checkpoint-500").mkdir(parents=True)
    for name in ("output/checkpoint-500", "acme/ft", "gpt2", "/data/ckpt/llama"):
        folder = _saved_checkpoint(tmp_path / "ft", name)
        assert read_local_model(folder, "acme/ft").base_models == (), name
