"""Cross-file links only through real imports (issue #13, grounded locations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.discover import discover
from llmaudit.discover.imports import ImportedName, link_imported_constants, module_name
from llmaudit.models import Discovery, Location, ModelRef
from llmaudit.settings import Settings

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "projects"


def _discover(name: str) -> Discovery:
    return discover(Settings(root=PROJECTS / name))


def _places(discovery: Discovery) -> dict[str, list[tuple[str, int | None, int | None]]]:
    return {
        ref.id: [(loc.path, loc.line, loc.cell) for loc in ref.locations]
        for ref in discovery.models
    }


def _assert_grounded(discovery: Discovery, root: Path) -> None:
    """Every location's file holds the id (or its name part, for ids built by f-strings), or
    imports the name of the constant holding it."""
    for ref in discovery.models + discovery.datasets:

        def holds_id(path: str, ref: ModelRef = ref) -> bool:
            text = (root / path).read_text(encoding="utf-8").lower()
            return ref.id.lower() in text or ref.id.lower().rsplit("/", 1)[-1] in text

        definitions = [loc for loc in ref.locations if holds_id(loc.path)]
        assert definitions, ref.id
        for loc in ref.locations:
            text = (root / loc.path).read_text(encoding="utf-8")
            if holds_id(loc.path):
                continue
            defining = (root / definitions[0].path).read_text(encoding="utf-8")
            constant = defining.splitlines()[definitions[0].line - 1].split("=")[0].strip()
            assert f"import {constant}" in text or f".{constant}" in text, (ref.id, loc)


def test_constants_link_through_from_import_module_alias_and_relative_import():
    assert _places(_discover("imports-app")) == {
        "acme-ai/base-7b": [("config.py", 3, None), ("train.py", 7, None)],
        "acme-ai/embedder-small": [("config.py", 4, None), ("serve.py", 4, None)],
        "acme-ai/reranker-base": [("pkg/defaults.py", 1, None), ("pkg/rerank.py", 5, None)],
    }


def test_parameter_self_attribute_and_unimported_name_link_to_nothing():
    discovery = _discover("imports-app")
    paths = {loc.path for ref in discovery.models for loc in ref.locations}
    assert not paths & {"pkg/loader.py", "scripts/bare_name.py"}
    assert "acme-ai/defined-but-never-imported" not in _places(discovery)


@pytest.mark.parametrize(
    "project",
    ["imports-app", "real-peft", "real-fastchat", "real-lm-eval", "discover-app", "decoys"],
)
def test_every_location_is_grounded(project):
    _assert_grounded(_discover(project), PROJECTS / project)


def test_real_peft_notebook_constant_stays_in_its_notebook():
    # huggingface/peft: `model_id = "stabilityai/..."` in one notebook used to be listed at
    # every `from_pretrained(model_id)` of the test suite, where model_id is a parameter.
    places = _places(_discover("real-peft"))
    notebook = "examples/multi_adapter_weighted_inference_diffusers.ipynb"
    assert {path for path, _, _ in places["stabilityai/stable-diffusion-xl-base-1.0"]} == {notebook}


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("config.py", "config"),
        ("src/pkg/config.py", "src.pkg.config"),
        ("pkg/__init__.py", "pkg"),
        ("notebooks/train.ipynb", None),
        ("my-scripts/run.py", None),
    ],
)
def test_module_name_of_a_project_file(rel, expected):
    assert module_name(rel) == expected


def _ref(path: str, model_id: str = "acme-ai/m") -> ModelRef:
    return ModelRef(id=model_id, locations=(Location(path=path, line=1),))


def _use(path: str, module: str, name: str = "MODEL") -> tuple[str, ImportedName, Location]:
    return (path, ImportedName(module, name, 3, 1), Location(path=path, line=3))


def test_src_layout_import_links_by_dotted_suffix():
    linked = link_imported_constants(
        [("src/app/config.py", "MODEL", _ref("src/app/config.py"))],
        [_use("src/app/train.py", "app.config")],
    )
    assert [loc.path for ref in linked for loc in ref.locations] == [
        "src/app/config.py",
        "src/app/train.py",
    ]


def test_script_folder_module_wins_over_a_same_named_module_elsewhere():
    exports = [
        ("a/config.py", "MODEL", _ref("a/config.py", "acme-ai/a")),
        ("b/config.py", "MODEL", _ref("b/config.py", "acme-ai/b")),
    ]
    linked = link_imported_constants(exports, [_use("b/run.py", "config")])
    assert [ref.id for ref in linked] == ["acme-ai/b"]


def test_relative_import_above_the_root_links_nothing():
    exports = [("config.py", "MODEL", _ref("config.py"))]
    assert link_imported_constants(exports, [_use("run.py", "..config")]) == []


def test_notebook_constants_are_never_imported():
    exports = [("nb.ipynb", "MODEL", _ref("nb.ipynb"))]
    assert link_imported_constants(exports, [_use("run.py", "nb")]) == []


def test_real_fastchat_launcher_models_reach_the_command_line():
    # lm-sys/FastChat: tuples unpacked by enumerate() into an f-string `--model-path {...}`
    # that the project's own launch_process() hands to os.popen.
    places = _places(_discover("real-fastchat"))
    script = "tests/launch_openai_api_test_server.py"
    assert places == {
        "hf-internal-testing/llama-tokenizer": [(script, 44, None)],
        "liuhaotian/llava-v1.5-7b": [(script, 35, None)],
        "llava-hf/llava-1.5-7b-hf": [(script, 41, None)],
        "lmsys/fastchat-t5-3b-v1.0": [(script, 35, None)],
        "lmsys/vicuna-7b-v1.5": [(script, 35, None)],
        "meta-llama/Llama-2-7b-chat-hf": [(script, 35, None)],
        "mosaicml/mpt-7b-chat": [(script, 35, None)],
        "THUDM/chatglm-6b": [(script, 35, None)],
    }


def test_real_lm_eval_harness_task_script_and_test():
    discovery = _discover("real-lm-eval")
    assert _places(discovery) == {
        "bigscience/mt0-small": [("scripts/fewshot.sh", 12, None)],
        "bigscience/mt0-xxl": [("scripts/fewshot.sh", 22, None)],
        "EleutherAI/pythia-70m": [("tests/test_huggingface.py", 31, None)],
        "google/gemma-2-27b-it": [("scripts/fewshot.sh", 29, None)],
        "masakhane/African-ultrachat-alpaca": [("scripts/fewshot.sh", 2, None)],
    }
    assert [(r.id, r.locations[0].path, r.locations[0].line) for r in discovery.datasets] == [
        ("HuggingFaceH4/MATH-500", "tasks/hendrycks_math500.yaml", 4)
    ]


def test_real_peft_adapters_parameters_and_loops_are_found():
    places = _places(_discover("real-peft"))
    tests = "tests/test_hub_features.py"
    # AutoPeftModelForCausalLM.from_pretrained(peft_model_id, revision=...): the adapter.
    assert places["peft-internal-testing/tiny-random-BertModel-lora"] == [
        (tests, 109, None),
        (tests, 112, None),
    ]
    # for model_id, subfolder in PEFT_MODELS_TO_TEST (a module-level list of tuples)
    assert places["peft-internal-testing/test-lora-subfolder"] == [
        (tests, 26, None),  # the list's row
        (tests, 37, None),
        (tests, 42, None),
    ]
    # @pytest.mark.parametrize("model_id, peft_config, ...", [("hf-internal-testing/...", ...)])
    assert places["hf-internal-testing/tiny-random-Gemma3ForCausalLM"] == [
        (tests, 133, None),  # the two parametrize rows
        (tests, 151, None),
        (tests, 176, None),
    ]
    notebook = "examples/multi_adapter_weighted_inference_diffusers.ipynb"
    assert places["sayakpaul/pixel_peft_model-new"] == [(notebook, 9, 5)]  # load_adapter
