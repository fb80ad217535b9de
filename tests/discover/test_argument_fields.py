"""Dataclass fields another module loads (argument_fields): the forms that bind an instance,
on the shape of the real files in tests/data/projects/real-qwen2-vl-finetune and
real-parler-tts (`ModelArguments` in one module, the loader in another)."""

from __future__ import annotations

from pathlib import Path

from llmaudit.discover import discover
from llmaudit.settings import Settings

ARGUMENTS = """\
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ModelArguments:
    model_id: Optional[str] = field(default="Qwen/Qwen2-VL-7B-Instruct")
    tokenizer_name: str = "Qwen/Qwen2-VL-2B-Instruct"


@dataclass
class EvalArguments(ModelArguments):
    batch_size: int = 8
"""


def _places(tmp_path: Path, caller: str) -> dict[str, list[tuple[str, int | None]]]:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "src" / "params.py").write_text(ARGUMENTS, encoding="utf-8")
    (tmp_path / "src" / "train.py").write_text(caller, encoding="utf-8")
    found = discover(Settings(root=tmp_path))
    return {ref.id: [(loc.path, loc.line) for loc in ref.locations] for ref in found.models}


def test_an_index_of_the_parsed_tuple_and_a_base_class_field(tmp_path):
    found = _places(
        tmp_path,
        "from transformers import AutoProcessor, HfArgumentParser\n"
        "from src.params import EvalArguments\n"
        "parser = HfArgumentParser((EvalArguments,))\n"
        'args = parser.parse_yaml_file("run.yaml")[0]\n'
        "processor = AutoProcessor.from_pretrained(args.model_id)\n",
    )
    assert found == {
        "Qwen/Qwen2-VL-7B-Instruct": [("src/params.py", 7), ("src/train.py", 5)],
    }


def test_an_annotated_parameter(tmp_path):
    found = _places(
        tmp_path,
        "from transformers import AutoTokenizer\n"
        "from src.params import ModelArguments\n"
        "def load(model_args: ModelArguments):\n"
        "    return AutoTokenizer.from_pretrained(model_args.tokenizer_name)\n",
    )
    assert found == {
        "Qwen/Qwen2-VL-2B-Instruct": [("src/params.py", 8), ("src/train.py", 4)],
    }


def test_a_constructor_that_sets_the_field_itself_holds_its_own_value(tmp_path):
    found = _places(
        tmp_path,
        "from transformers import AutoModel\n"
        "from src.params import ModelArguments\n"
        'args = ModelArguments(model_id="org-a/model-b")\n'
        "model = AutoModel.from_pretrained(args.model_id)\n"
        "other = ModelArguments()\n"
        "tokenizer = AutoModel.from_pretrained(other.tokenizer_name)\n",
    )
    # the keyword's value is read where it is written, never the class default
    assert "Qwen/Qwen2-VL-7B-Instruct" not in found
    assert found["Qwen/Qwen2-VL-2B-Instruct"] == [("src/params.py", 8), ("src/train.py", 6)]
