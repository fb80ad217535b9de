"""Ids that reach a loader through the project's own code (issue #13, item 3): CLI option
defaults, pytest parameters, functions and properties returning an id, loop tuples, adapter
loaders. Each case is a whole file run through discover(), prefilter included."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from llmaudit.discover import discover
from llmaudit.settings import Settings


def _ids(tmp_path: Path, source: str) -> dict[str, list[int]]:
    (tmp_path / "main.py").write_text(textwrap.dedent(source), encoding="utf-8")
    discovery = discover(Settings(root=tmp_path))
    return {
        ref.id: [loc.line for loc in ref.locations] for ref in discovery.models + discovery.datasets
    }


FOUND = {
    "click option default": (
        """
        import click
        from transformers import AutoModel

        @click.command()
        @click.option("--model-name", "-m", default="acme-ai/click-model")
        def cli(model_name):
            return AutoModel.from_pretrained(model_name)
    """,
        {"acme-ai/click-model": [6, 8]},
    ),
    "typer option default": (
        """
        import typer
        from transformers import AutoModel

        def main(model: str = typer.Option("acme-ai/typer-model", "--model")):
            return AutoModel.from_pretrained(model)
    """,
        {"acme-ai/typer-model": [5, 6]},
    ),
    "parametrize values, pytest.param too": (
        """
        import pytest
        from transformers import AutoTokenizer

        @pytest.mark.parametrize("model_id", ["acme-ai/a", pytest.param("acme-ai/b", marks=[])])
        def test_tokenizer(model_id):
            AutoTokenizer.from_pretrained(model_id)
    """,
        {"acme-ai/a": [5, 7], "acme-ai/b": [5, 7]},
    ),
    "parametrize with several names": (
        """
        import pytest
        from transformers import AutoModel

        @pytest.mark.parametrize("size, model_id", [(1, "acme-ai/small"), (2, "acme-ai/big")])
        def test_model(size, model_id):
            AutoModel.from_pretrained(model_id)
    """,
        {"acme-ai/small": [5, 7], "acme-ai/big": [5, 7]},
    ),
    "function returning an id": (
        """
        from transformers import AutoModel

        def default_model():
            \"\"\"The model used when none is configured.\"\"\"
            return "acme-ai/returned"

        model = AutoModel.from_pretrained(default_model())
    """,
        {"acme-ai/returned": [6, 8]},
    ),
    "property returning an id": (
        """
        from transformers import AutoModel

        class Holder:
            @property
            def model_id(self):
                return "acme-ai/property"

            def load(self):
                return AutoModel.from_pretrained(self.model_id)
    """,
        {"acme-ai/property": [7, 10]},
    ),
    "loop over literal tuples": (
        """
        from transformers import AutoModel

        for model_id, subfolder in [("acme-ai/looped", "unet")]:
            AutoModel.from_pretrained(model_id, subfolder=subfolder)
    """,
        {"acme-ai/looped": [4, 5]},
    ),
    "AutoPeftModel takes the adapter first": (
        """
        from peft import AutoPeftModelForCausalLM, PeftConfig

        model = AutoPeftModelForCausalLM.from_pretrained("acme-ai/adapter")
        config = PeftConfig.from_pretrained("acme-ai/adapter-2")
    """,
        {"acme-ai/adapter": [4], "acme-ai/adapter-2": [5]},
    ),
    "adapter and LoRA loaders": (
        """
        model.load_adapter("acme-ai/lora", adapter_name="style")
        pipe.load_lora_weights("acme-ai/sdxl-lora")
    """,
        {"acme-ai/lora": [2], "acme-ai/sdxl-lora": [3]},
    ),
    "lm-evaluation-harness HFLM": (
        """
        from lm_eval.models.huggingface import HFLM

        lm = HFLM(pretrained="acme-ai/evaluated", batch_size=8)
    """,
        {"acme-ai/evaluated": [4]},
    ),
    "subprocess argument list": (
        """
        import subprocess

        subprocess.Popen(["python3", "-m", "fastchat.serve.model_worker",
                          "--model-path", "acme-ai/served", "--port", "21002"])
    """,
        {"acme-ai/served": [5]},
    ),
    "command list in a variable, value from argparse": (
        """
        import argparse
        import subprocess

        parser = argparse.ArgumentParser()
        parser.add_argument("--judge", default="acme-ai/judge")
        args = parser.parse_args()
        cmd = ["python", "-m", "vllm.entrypoints.openai.api_server", "--model", args.judge]
        subprocess.run(cmd, check=True)
    """,
        {"acme-ai/judge": [8]},
    ),
    "option default named by a module constant (Qwen's chat demos)": (
        """
        import argparse
        from transformers import AutoModelForCausalLM

        DEFAULT_CKPT_PATH = "acme-ai/chat-7b"

        def _load_model(args):
            return AutoModelForCausalLM.from_pretrained(args.checkpoint_path)

        def _get_args():
            parser = argparse.ArgumentParser()
            parser.add_argument("-c", "--checkpoint-path", type=str, default=DEFAULT_CKPT_PATH)
            return parser.parse_args()

        _load_model(_get_args())
    """,
        {"acme-ai/chat-7b": [5, 8]},
    ),
    "prefixed model_name_or_path option read, loaded by another module (DeepSpeed-VisualChat)": (
        """
        import argparse
        from utils.model import create_model

        parser = argparse.ArgumentParser()
        parser.add_argument("--vision_model_name_or_path", default="acme-ai/clip", type=str)
        args = parser.parse_args()
        if "qwen" in args.vision_model_name_or_path.lower():
            raise SystemExit
        model = create_model(args=args)
    """,
        {"acme-ai/clip": [6]},
    ),
    "dataset options of a launched command, several values": (
        """
        import subprocess

        subprocess.run(["deepspeed", "main.py", "--data_path", "acme-ai/rm-static",
                        "acme-ai/pairs", "--model_name_or_path", "acme-ai/opt"])
    """,
        {"acme-ai/rm-static": [4], "acme-ai/pairs": [5], "acme-ai/opt": [5]},
    ),
    "shell string and f-string command": (
        """
        import os
        import subprocess

        os.system("vllm serve acme-ai/shell --port 8000")
        launch_cmd = f"python -m sglang.launch_server --model-path acme-ai/sglang --port {port}"
        subprocess.run(launch_cmd, shell=True)
    """,
        {"acme-ai/shell": [5], "acme-ai/sglang": [6]},
    ),
    "lm-evaluation-harness model_args string": (
        """
        import lm_eval

        lm_eval.simple_evaluate(
            model="hf",
            model_args="pretrained=acme-ai/harnessed,peft=acme-ai/harness-lora,dtype=bfloat16",
        )
    """,
        {"acme-ai/harnessed": [6], "acme-ai/harness-lora": [6]},
    ),
    "the project's own helper, called with a literal": (
        """
        from transformers import AutoModel, AutoTokenizer

        def load_model(name, revision=None):
            tokenizer = AutoTokenizer.from_pretrained(name)
            return AutoModel.from_pretrained(name, revision=revision), tokenizer

        model = load_model("acme-ai/helper-positional")
        other = load_model(revision="v1", name="acme-ai/helper-keyword")
    """,
        {"acme-ai/helper-positional": [8], "acme-ai/helper-keyword": [9]},
    ),
    "a method helper called through self": (
        """
        from transformers import AutoModel

        class Runner:
            def load(self, model_id):
                return AutoModel.from_pretrained(model_id)

            def run(self):
                return self.load("acme-ai/method-helper")
    """,
        {"acme-ai/method-helper": [9]},
    ),
    # the shape of text-generation-webui's modules/api/embeddings.py (AGPL-3.0, not copied):
    # the model is chosen in one function (`global`) and loaded through a helper in another
    "module global set in one function, loaded in another": (
        """
        import os
        from sentence_transformers import SentenceTransformer

        def initialize():
            global st_model
            st_model = os.environ.get("EMBEDDING_MODEL", "acme-ai/global-embedder")

        def load_embedding_model(model: str):
            return SentenceTransformer(model)

        def get_model():
            initialize()
            global st_model
            return load_embedding_model(st_model)
    """,
        {"acme-ai/global-embedder": [7, 15]},
    ),
    "printf-style formatting": (
        """
        from transformers import AutoModel

        ORG = "acme-ai"
        AutoModel.from_pretrained("%s/%s" % (ORG, "formatted"))
    """,
        {"acme-ai/formatted": [5]},
    ),
}


@pytest.mark.parametrize(("source", "expected"), list(FOUND.values()), ids=list(FOUND))
def test_id_reaching_a_loader_is_found(tmp_path, source, expected):
    assert _ids(tmp_path, source) == expected


NOT_FOUND = {
    "a local of the same name in another function is no global": """
        import os
        from sentence_transformers import SentenceTransformer

        def initialize():
            st_model = "acme-ai/local-only"
            return st_model

        def get_model(st_model):
            return SentenceTransformer(st_model)
    """,
    "printf conversions other than %s": """
        from transformers import AutoModel

        AutoModel.from_pretrained("acme-ai/model-%d" % 7)
    """,
    "typer flag without default": """
        import typer
        from transformers import AutoModel

        def main(model: str = typer.Option(..., "--model")):
            return AutoModel.from_pretrained(model)
    """,
    "function returning a computed value": """
        from transformers import AutoModel

        def default_model(size):
            if size:
                return "acme-ai/" + size
            return None

        model = AutoModel.from_pretrained(default_model())
    """,
    "parametrize of another test's parameter": """
        import pytest
        from transformers import AutoModel

        @pytest.mark.parametrize("name", ["acme-ai/unrelated"])
        def test_name(name):
            assert name

        def load(model_id):
            return AutoModel.from_pretrained(model_id)
    """,
    "flags in help text, print and a docstring": """
        import argparse

        def main():
            "Serve it: vllm serve acme-ai/docstring"
            parser = argparse.ArgumentParser()
            parser.add_argument("--model", help="for example --model acme-ai/help-text")
            print("then run: vllm serve acme-ai/printed")
    """,
    "helper given a parameter without a value": """
        from transformers import AutoModel

        def load_model(name):
            return AutoModel.from_pretrained(name)

        def main(model_name):
            print("acme-ai/printed-only")
            return load_model(model_name)
    """,
    "click option of another command": """
        import click
        from transformers import AutoModel

        @click.option("--model", default="acme-ai/other-command")
        def other(model):
            print(model)

        def load(model):
            return AutoModel.from_pretrained(model)
    """,
}


@pytest.mark.parametrize("source", list(NOT_FOUND.values()), ids=list(NOT_FOUND))
def test_value_that_never_reaches_a_loader_is_not_found(tmp_path, source):
    assert _ids(tmp_path, source) == {}


def test_notebook_writefile_yaml_is_read_as_a_config(tmp_path):
    import json

    cells = [
        {
            "cell_type": "code",
            "source": [
                "%%writefile config.yml\n",
                "base_model: acme-ai/nb\n",
                "datasets:\n",
                "  - path: acme-ai/nb-data\n",
            ],
        },
        {"cell_type": "code", "source": ["!accelerate launch -m axolotl.cli.train config.yml"]},
    ]
    (tmp_path / "train.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    discovery = discover(Settings(root=tmp_path))
    assert [
        (r.kind.value, r.id, r.locations[0].cell, r.locations[0].line)
        for r in discovery.models + discovery.datasets
    ] == [("model", "acme-ai/nb", 0, 2), ("dataset", "acme-ai/nb-data", 0, 4)]


def test_harness_task_yaml_and_launch_script(tmp_path):
    (tmp_path / "task.yaml").write_text(
        "task: demo\ndataset_path: acme-ai/eval-set\ndataset_name: default\n"
        "model_args: pretrained=acme-ai/yaml-evaluated,dtype=bfloat16\n"
        "tokenizer_config: acme-ai/tok\n",
        encoding="utf-8",
    )
    (tmp_path / "eval.sh").write_text(
        "lm_eval --model hf \\\n  --model_args pretrained=acme-ai/sh-evaluated,"
        "trust_remote_code=True \\\n  --tasks hellaswag\n",
        encoding="utf-8",
    )
    discovery = discover(Settings(root=tmp_path))
    assert {
        (r.kind.value, r.id, r.locations[0].path, r.locations[0].line)
        for r in discovery.models + discovery.datasets
    } == {
        ("dataset", "acme-ai/eval-set", "task.yaml", 2),
        ("model", "acme-ai/yaml-evaluated", "task.yaml", 4),
        ("model", "acme-ai/tok", "task.yaml", 5),
        ("model", "acme-ai/sh-evaluated", "eval.sh", 2),
    }


def test_model_option_default_without_a_loader_in_sight(tmp_path):
    # The model a CLI runs when the option is not given, loaded in another module: a use
    # when the script reads the option from its parsed arguments and never sets it.
    source = """
        import argparse

        class Worker:
            def run(self):
                return self.model.generate()

        parser = argparse.ArgumentParser()
        parser.add_argument("--model", type=str, default="acme-ai/never-read")
        parser.add_argument("--tokenizer", dest="tok", default="acme-ai/read-tokenizer")
        parser.add_argument("--output-repo", default="acme-ai/not-a-model-flag")
        opts = parser.parse_args()
        Worker().start(opts.tok)
    """
    (tmp_path / "main.py").write_text(textwrap.dedent(source), encoding="utf-8")
    found = discover(Settings(root=tmp_path))
    kinds = {ref.id: [(loc.line, loc.kind.value) for loc in ref.locations] for ref in found.models}
    assert kinds == {
        "acme-ai/never-read": [(9, "mention")],  # self.model is no parsed option
        "acme-ai/read-tokenizer": [(10, "use")],
    }


def test_class_constructed_by_name_hands_its_argument_to_the_loader(tmp_path):
    # the shape of Stability-AI/generative-models' sgm/modules/encoders/modules.py: a
    # class's __init__ loads its `version`; another class builds it with its own default
    found = _ids(
        tmp_path,
        """
        from transformers import T5EncoderModel

        class FrozenT5Embedder:
            def __init__(self, version="acme-ai/t5-default", device="cuda"):
                self.transformer = T5EncoderModel.from_pretrained(version)

        class FrozenCLIPT5Encoder:
            def __init__(self, t5_version="acme-ai/t5-passed", device="cuda"):
                self.t5_encoder = FrozenT5Embedder(t5_version, device)

            def helper(self):
                return self.FrozenT5Embedder("acme-ai/not-a-construction")
        """,
    )
    assert found == {
        "acme-ai/t5-default": [5, 6],
        "acme-ai/t5-passed": [9, 10],
    }


def test_helper_with_a_default_also_loads_what_a_call_passes(tmp_path):
    found = _ids(
        tmp_path,
        """
        from transformers import AutoModel

        def load(name="acme-ai/default-model"):
            return AutoModel.from_pretrained(name)

        load()
        load("acme-ai/passed-model")
        """,
    )
    assert found == {"acme-ai/default-model": [4, 5], "acme-ai/passed-model": [8]}
