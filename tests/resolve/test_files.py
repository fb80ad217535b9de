"""Weight formats, pickle-based files and remote-code evidence from file lists."""

from __future__ import annotations

import json

from llmaudit.resolve.files import (
    find_license_files,
    find_remote_code,
    find_unsafe_files,
    find_weight_formats,
    is_pickle_file,
)


def _siblings(corpus, name):
    body = json.loads((corpus / "hub-api/json" / f"{name}.json").read_text())
    return [s["rfilename"] for s in body["siblings"]]


def test_stable_diffusion_ckpt_and_bin_are_unsafe(corpus):
    files = _siblings(corpus, "stabilityai__stable-diffusion-2-1")
    unsafe = find_unsafe_files(files)
    assert "v2-1_768-ema-pruned.ckpt" in unsafe
    assert "unet/diffusion_pytorch_model.bin" in unsafe
    assert not any(p.endswith(".safetensors") for p in unsafe)
    assert find_weight_formats(files) == ("pickle", "safetensors")


def test_llama_original_pth_is_unsafe(corpus):
    files = _siblings(corpus, "meta-llama__Llama-3.1-8B-Instruct")
    assert find_unsafe_files(files) == ("original/consolidated.00.pth",)


def test_safe_formats_are_not_flagged():
    files = [
        "model.safetensors",
        "model.gguf",
        "model.onnx",
        "openvino_model.bin",
        "ggml-model-q4_0.bin",
        "tf_model.h5",
        "flax_model.msgpack",
    ]
    assert find_unsafe_files(files) == ()
    assert find_weight_formats(files) == (
        "flax",
        "ggml",
        "gguf",
        "h5",
        "onnx",
        "openvino",
        "safetensors",
    )


def test_every_pickle_suffix_is_unsafe():
    for name in ("a.bin", "b.pt", "c.pth", "d.pkl", "e.pickle", "f.ckpt", "g.joblib", "x/Y.PT"):
        assert is_pickle_file(name), name


def test_remote_code_from_auto_map_tag_and_modeling_file():
    config = {"auto_map": {"AutoModelForCausalLM": "modeling_phi3.Phi3ForCausalLM"}}
    flag, evidence = find_remote_code(["modeling_phi3.py", "config.json"], config, ["custom_code"])
    assert flag is True
    assert evidence[0] == "config auto_map: AutoModelForCausalLM -> modeling_phi3.Phi3ForCausalLM"
    assert "tag custom_code" in evidence
    assert "python file in repo: modeling_phi3.py" in evidence


def test_train_script_alone_is_evidence_but_not_remote_code(corpus):
    files = _siblings(corpus, "sentence-transformers__all-MiniLM-L6-v2")
    flag, evidence = find_remote_code(files, {"architectures": ["BertModel"]}, [])
    assert flag is False
    assert "python file in repo: train_script.py" in evidence


def test_license_files_top_level_only():
    files = ["LICENSE", "LICENSE.md", "USE_POLICY.md", "sub/LICENSE", "NOTICE", "copying.txt"]
    assert find_license_files(files) == ("LICENSE", "LICENSE.md", "NOTICE", "copying.txt")


def test_files_named_for_the_weights_license_are_license_files():
    """THUDM/ChatGLM-6B ships the code's Apache-2.0 LICENSE and the weights' MODEL_LICENSE;
    a card that declares the code's license must not hide the weights' terms."""
    files = [
        "LICENSE",
        "MODEL_LICENSE",
        "Model-License.txt",
        "license_checker.py",
        "licenses.json",
        "README.md",
    ]
    assert find_license_files(files) == ("LICENSE", "MODEL_LICENSE", "Model-License.txt")
