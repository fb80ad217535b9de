"""Repository files: weight formats, pickle-based files, remote code and license files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

# Formats whose loading can execute code (pickle): torch.load / joblib / pickle.load.
_PICKLE_SUFFIXES = frozenset({".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib"})
_FORMAT_BY_SUFFIX = {
    ".safetensors": "safetensors",
    ".gguf": "gguf",
    ".ggml": "ggml",
    ".onnx": "onnx",
    ".h5": "h5",
    ".keras": "keras",
    ".msgpack": "flax",
    ".tflite": "tflite",
    ".mlmodel": "coreml",
    ".pb": "tensorflow",
    ".nemo": "nemo",
}
_LICENSE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE")
# The weights' terms beside a code license: THUDM's, Kolors', MOSS's `MODEL_LICENSE`,
# `WEIGHTS_LICENSE.md`, `Model-License.txt`. Names holding the word are license files too;
# a suffix that says the file is something else (`license_checker.py`) wins.
_LICENSE_WORDS = ("LICENSE", "LICENCE")
_NOT_TEXT_SUFFIXES = frozenset(
    {".py", ".json", ".yaml", ".yml", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
    | _PICKLE_SUFFIXES
    | set(_FORMAT_BY_SUFFIX)
)
_MAX_LICENSE_FILES = 8
# Module names transformers / diffusers import through auto_map or custom pipelines.
_LOADABLE_PREFIXES = (
    "modeling_",
    "configuration_",
    "tokenization_",
    "processing_",
    "image_processing_",
    "feature_extraction_",
    "pipeline_",
)


def is_pickle_file(path: str) -> bool:
    """True for pickle-based files (.bin/.pt/.pth/.pkl/.ckpt/.joblib) that may run code on load."""
    name = PurePosixPath(path).name.lower()
    suffix = PurePosixPath(name).suffix
    if suffix not in _PICKLE_SUFFIXES:
        return False
    # OpenVINO and GGML store raw tensors in .bin files, not pickles.
    return not (name.startswith("openvino") or "ggml" in name)


def find_weight_formats(files: Iterable[str]) -> tuple[str, ...]:
    """Sorted weight/serialization formats present; every pickle-based file counts as "pickle"."""
    formats: set[str] = set()
    for path in files:
        suffix = PurePosixPath(path.lower()).suffix
        if is_pickle_file(path):
            formats.add("pickle")
        elif suffix in _FORMAT_BY_SUFFIX:
            formats.add(_FORMAT_BY_SUFFIX[suffix])
        elif suffix == ".bin" and "ggml" in path.lower():
            formats.add("ggml")
        elif suffix == ".bin":
            formats.add("openvino")
    return tuple(sorted(formats))


def find_unsafe_files(files: Iterable[str]) -> tuple[str, ...]:
    """Pickle-based files, sorted."""
    return tuple(sorted(p for p in files if is_pickle_file(p)))


def find_license_files(files: Iterable[str]) -> tuple[str, ...]:
    """Top-level LICENSE*/LICENCE*/COPYING*/NOTICE* files and files named for a license
    (`MODEL_LICENSE`), a bounded number, sorted."""
    found = sorted(p for p in files if "/" not in p and _is_license_file(PurePosixPath(p)))
    return tuple(found[:_MAX_LICENSE_FILES])


def _is_license_file(path: PurePosixPath) -> bool:
    name = path.name.upper()
    if path.suffix.lower() in _NOT_TEXT_SUFFIXES:
        return False
    return name.startswith(_LICENSE_PREFIXES) or any(word in name for word in _LICENSE_WORDS)


def find_remote_code(
    files: Iterable[str], config: object, tags: Iterable[str]
) -> tuple[bool, tuple[str, ...]]:
    """Whether loading runs repo code (auto_map, custom_code tag, modeling_*.py...) + evidence.

    Every *.py file is listed as evidence, but only files that from_pretrained can import
    (auto_map targets, modeling_/configuration_/tokenization_/processing_ modules, custom
    diffusers pipelines) make the flag true: a train_script.py is never executed on load.
    """
    evidence: list[str] = []
    strong = False
    if isinstance(config, Mapping):
        auto_map = config.get("auto_map")
        if isinstance(auto_map, Mapping) and auto_map:
            pairs = ", ".join(f"{k} -> {v}" for k, v in sorted(auto_map.items(), key=str))
            evidence.append(f"config auto_map: {pairs}"[:300])
            strong = True
        elif isinstance(auto_map, (list, tuple)) and auto_map:
            evidence.append("config auto_map: " + ", ".join(map(str, auto_map))[:280])
            strong = True
    if "custom_code" in set(tags):
        evidence.append("tag custom_code")
        strong = True
    python_files = sorted(p for p in files if p.lower().endswith(".py"))
    strong = strong or any(_is_loadable_code(p) for p in python_files)
    evidence.extend(f"python file in repo: {p}" for p in python_files[:20])
    if len(python_files) > 20:
        evidence.append(f"... and {len(python_files) - 20} more python files")
    return strong, tuple(evidence)


def _is_loadable_code(path: str) -> bool:
    name = PurePosixPath(path).name.lower()
    return name.startswith(_LOADABLE_PREFIXES) or name == "pipeline.py"
