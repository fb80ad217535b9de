"""Helpers defined in one module and called with an id from another (issue #13): `from utils
import load_model` ... `load_model("org/x")`, followed through real imports only."""

from __future__ import annotations

from pathlib import Path

from llmaudit.discover import discover
from llmaudit.discover.python_prefilter import may_give_helper_an_id
from llmaudit.settings import Settings

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "projects"

UTILS = """\
from transformers import AutoModelForCausalLM


def load_model(model_name, device="cpu"):
    return AutoModelForCausalLM.from_pretrained(model_name).to(device)


def describe(model_name):
    print(model_name)


class Scorer:
    def __init__(self, checkpoint):
        self.model = AutoModelForCausalLM.from_pretrained(checkpoint)
"""


def _places(root: Path) -> dict[str, list[tuple[str, int | None, str]]]:
    found = discover(Settings(root=root))
    return {
        ref.id: [(loc.path, loc.line, loc.kind.value) for loc in ref.locations]
        for ref in (*found.models, *found.datasets)
    }


def _project(tmp_path: Path, caller: str) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "utils.py").write_text(UTILS)
    (tmp_path / "run.py").write_text(caller)
    return tmp_path


def test_real_helpers_in_other_modules_load_what_their_callers_pass():
    places = _places(PROJECTS / "real-helper-calls")
    # LLaVA: an argparse default handed to load_pretrained_model(args.model_path, ...), which
    # llava/model/builder.py passes to from_pretrained
    assert places["facebook/opt-350m"] == [
        ("llava/eval/run_llava.py", 12, "use"),
        ("llava/eval/run_llava.py", 19, "use"),
    ]
    # torchtune: a builder's default source handed to SFTDataset(source=...), whose
    # constructor passes it to load_dataset
    assert places["tatsu-lab/alpaca"] == [
        ("torchtune/datasets/_alpaca.py", 21, "use"),
        ("torchtune/datasets/_alpaca.py", 35, "use"),
    ]


def test_calls_through_each_kind_of_import_binding(tmp_path):
    root = _project(
        tmp_path,
        "from pkg.utils import load_model, Scorer\n"
        "import pkg.utils as u\n"
        "from pkg import utils\n"
        'BASE = "Qwen/Qwen2.5-0.5B"\n'
        "def main():\n"
        '    name = "mistralai/Mistral-7B-v0.1"\n'
        "    load_model(name)\n"
        '    load_model(BASE, device="cuda")\n'
        '    Scorer("google/gemma-2-2b")\n'
        '    u.load_model(model_name="meta-llama/Llama-3.2-1B")\n'
        '    utils.load_model("openai-community/gpt2-large")\n',
    )
    places = _places(root)
    assert places["mistralai/Mistral-7B-v0.1"] == [("run.py", 6, "use"), ("run.py", 7, "use")]
    assert places["Qwen/Qwen2.5-0.5B"] == [("run.py", 4, "use"), ("run.py", 8, "use")]
    assert places["google/gemma-2-2b"] == [("run.py", 9, "use")]
    assert places["meta-llama/Llama-3.2-1B"] == [("run.py", 10, "use")]
    assert places["openai-community/gpt2-large"] == [("run.py", 11, "use")]


def test_a_relative_import_inside_the_package(tmp_path):
    root = _project(tmp_path, "")
    (root / "pkg" / "train.py").write_text(
        'from .utils import load_model\nmodel = load_model("Qwen/Qwen2.5-0.5B")\n'
    )
    assert _places(root) == {"Qwen/Qwen2.5-0.5B": [("pkg/train.py", 2, "use")]}


def test_what_is_not_a_call_of_an_imported_helper(tmp_path):
    root = _project(
        tmp_path,
        '"""Usage: load_model("doc/only-in-a-docstring")"""\n'
        "from pkg.utils import describe, load_model\n"
        "import other\n"
        '# load_model("commented/out")\n'
        'describe("org/not-loaded")\n'  # its parameter reaches no loader
        'other.load_model("org/another-package")\n'  # not the project's helper
        "def run():\n"
        "    return \"load_model('org/in-a-string')\"\n",
    )
    (root / "shadow.py").write_text(
        "from pkg.utils import load_model\n"
        "def load_model(path):\n"
        "    return open(path)\n"
        'load_model("org/local-function")\n'
    )
    assert _places(root) == {}


def test_a_project_function_named_like_a_loader_is_read_as_one(tmp_path):
    """`def load_dataset(path)` in the project: calls elsewhere are loader calls already,
    never counted twice."""
    root = _project(tmp_path, 'from pkg.data import load_dataset\nload_dataset("org/data")\n')
    (root / "pkg" / "data.py").write_text(
        "import datasets\ndef load_dataset(path):\n    return datasets.load_dataset(path)\n"
    )
    assert _places(root) == {"org/data": [("run.py", 2, "use")]}


def test_prefilter_passes_only_calls_that_may_carry_an_id():
    helpers = (b"load_model",)
    assert may_give_helper_an_id(b'load_model("org/x")', helpers)
    assert may_give_helper_an_id(b'BASE = "org/x"\nload_model(BASE)', helpers)
    flag = b'p.add_argument("--model-path", default="org/x")\nload_model(args.model_path)'
    assert may_give_helper_an_id(flag, helpers)
    assert not may_give_helper_an_id(b'"""load_model("org/x")"""\nx = 1', helpers)
    assert not may_give_helper_an_id(b'reload_model("org/x")', helpers)
    assert not may_give_helper_an_id(b'def load_model(name="org/x"): pass', helpers)
    assert not may_give_helper_an_id(b"load_model(name)", helpers)
    assert not may_give_helper_an_id(b'load_model("org/x")', ())


CHAINED = """\
from transformers import AutoModelForCausalLM


def _load_weights(name, dtype=None):
    return AutoModelForCausalLM.from_pretrained(name, torch_dtype=dtype)


def _prepare(checkpoint):
    return _load_weights(checkpoint)


def load_model(model_name):
    return _prepare(model_name)


def describe(model_name):
    return _summary(model_name)


def _summary(text):
    return text.upper()


base = load_model("Qwen/Qwen2.5-0.5B")
"""


def test_helpers_that_hand_the_id_on_to_another_helper(tmp_path):
    (tmp_path / "utils.py").write_text(CHAINED)
    (tmp_path / "run.py").write_text(
        "from utils import describe, load_model\n\n"
        'model = load_model("mistralai/Mistral-7B-v0.1")\n'
        'describe("google/gemma-2b")\n'
    )
    assert _places(tmp_path) == {
        # three calls deep in the module that defines them, and from another module
        "mistralai/Mistral-7B-v0.1": [("run.py", 3, "use")],
        "Qwen/Qwen2.5-0.5B": [("utils.py", 24, "use")],
    }


def test_a_chained_helper_of_a_module_never_parsed_on_its_own(tmp_path):
    # no call with an id in the defining module: only the caller makes it worth parsing
    (tmp_path / "utils.py").write_text(CHAINED.rsplit("\n\n", 1)[0] + "\n")
    (tmp_path / "run.py").write_text(
        'from utils import load_model\n\nmodel = load_model("mistralai/Mistral-7B-v0.1")\n'
    )
    assert _places(tmp_path) == {"mistralai/Mistral-7B-v0.1": [("run.py", 3, "use")]}


def test_a_stored_constructor_parameter_is_followed_only_when_a_method_loads_it(tmp_path):
    (tmp_path / "wrapper.py").write_text(
        "from sentence_transformers import SentenceTransformer\n"
        "\n"
        "\n"
        "class Embedder:\n"
        "    def __init__(self, model, label):\n"
        "        self.model_name = model\n"
        "        self.label = label\n"
        "\n"
        "    def load(self):\n"
        "        return SentenceTransformer(self.model_name)\n"
        "\n"
        "\n"
        'first = Embedder("org-a/embedder", label="org-b/only-a-label")\n'
    )
    (tmp_path / "other.py").write_text(
        'from wrapper import Embedder\n\nsecond = Embedder(model="org-c/embedder", label="x")\n'
    )
    assert _places(tmp_path) == {
        "org-a/embedder": [("wrapper.py", 13, "use")],
        "org-c/embedder": [("other.py", 3, "use")],
    }


BASE_TASK = """\
from datasets import load_dataset


class Task:
    DATASET_PATH = None

    def __init__(self):
        self.dataset = load_dataset(path=self.DATASET_PATH)
"""


def test_a_class_attribute_links_only_through_a_base_class_of_the_loader(tmp_path):
    (tmp_path / "base.py").write_text(BASE_TASK)
    (tmp_path / "tasks.py").write_text(
        "from base import Task\n"
        "\n"
        "\n"
        "class Linked(Task):\n"
        '    DATASET_PATH = "acme-ai/linked"\n'
        "\n"
        "\n"
        "class Unrelated:  # the same attribute name, no loading base\n"
        '    DATASET_PATH = "acme-ai/unrelated"\n'
    )
    (tmp_path / "other.py").write_text(
        "class Task:  # not the loading Task: no import binds it\n"
        "    pass\n"
        "\n"
        "\n"
        "class Lookalike(Task):\n"
        '    DATASET_PATH = "acme-ai/lookalike"\n'
    )
    assert _places(tmp_path) == {"acme-ai/linked": [("tasks.py", 5, "use")]}


def test_a_class_attribute_the_family_also_sets_on_self_is_a_mention(tmp_path):
    (tmp_path / "base.py").write_text(
        BASE_TASK.replace(
            "    def __init__(self):\n",
            "    def __init__(self, path=None):\n        self.DATASET_PATH = path\n",
        )
    )
    (tmp_path / "tasks.py").write_text(
        'import base\n\n\nclass Linked(base.Task):\n    DATASET_PATH = "acme-ai/linked"\n'
    )
    assert _places(tmp_path) == {"acme-ai/linked": [("tasks.py", 5, "mention")]}
