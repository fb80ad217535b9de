"""Model files are never downloaded, unpickled or executed: only their names are inspected."""

from __future__ import annotations

import json
import pickle

from llmaudit.models import ModelRef
from llmaudit.resolve import resolve
from llmaudit.resolve.local import read_local_model
from tests.loopback_hub import Reply, json_reply

from .conftest import SHA, hub_settings, model_info


class _Payload:
    """Unpickling this runs `open(marker, "w")`: proof that something loaded the file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_local_pickle_and_remote_code_are_flagged_not_run(tmp_path):
    marker = tmp_path / "pwned"
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(_Payload(str(marker))))
    (folder / "modeling_evil.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (folder / "config.json").write_text(
        json.dumps({"auto_map": {"AutoModel": "modeling_evil.EvilModel"}})
    )
    (folder / "README.md").write_text("---\nlicense: mit\n---\n")
    facts = read_local_model(folder, "model")
    assert not marker.exists()
    assert facts.unsafe_files == ("pytorch_model.bin",)
    assert facts.weight_formats == ("pickle",)
    assert facts.remote_code is True


def test_weights_and_code_are_never_requested_from_the_hub(hub, tmp_path):
    files = [
        "README.md",
        "LICENSE",
        "config.json",
        "pytorch_model.bin",
        "model.safetensors",
        "modeling_evil.py",
        "tokenizer.json",
        "model.gguf",
    ]
    hub.route(
        "/api/models/org/m",
        json_reply(model_info("org/m", cardData=None, siblings=[{"rfilename": f} for f in files])),
    )
    for name in files:
        hub.route(f"/org/m/resolve/{SHA}/{name}", Reply(body=b"---\nlicense: mit\n---\n"))
    (facts,) = resolve((ModelRef(id="org/m"),), hub_settings(tmp_path, hub.url))
    fetched = {p.rsplit("/", 1)[-1] for p in hub.paths() if "/resolve/" in p}
    assert fetched <= {"README.md", "LICENSE", "config.json"}
    assert facts.unsafe_files == ("pytorch_model.bin",)
