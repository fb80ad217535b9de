"""Discovery on generated Python / YAML / JSON: no crash, planted ids found, decoys never."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmaudit.discover import discover
from llmaudit.settings import Settings

from .profile import fuzz_settings
from .strategies import MODEL_IDS, NAME, ORG

pytestmark = pytest.mark.fuzz

PLANTERS = [
    'model = AutoModel.from_pretrained("{id}")',
    'tok = AutoTokenizer.from_pretrained(pretrained_model_name_or_path="{id}")',
    'emb = SentenceTransformer("{id}")',
    'path = hf_hub_download(repo_id="{id}", filename="config.json")',
    'pipe = pipeline("text-generation", model="{id}")',
]
DECOYS = [
    'print("{id}")',
    'data = open("{id}.csv").read()',
    "# {id} is only mentioned in a comment",
    'LOG = "{id}: started"',
    'url = "https://github.com/{id}"',
    'settings = {{"output_dir": "{id}"}}',
]
FILLER = st.sampled_from(
    [
        "import os",
        "x = 1",
        "def f(a):\n    return a",
        "class C:\n    pass",
        "if x:\n    y = 2",
        "for i in range(3):\n    print(i)",
        '"""doc"""',
        "async def g():\n    await h()",
    ]
)
DECOY_IDS = st.builds(lambda org, name: f"zzdecoy{org}/{name}", ORG, NAME)


@st.composite
def python_files(draw):
    planted = draw(st.lists(MODEL_IDS, min_size=1, max_size=4, unique_by=str.lower))
    decoys = draw(st.lists(DECOY_IDS, max_size=4, unique_by=str.lower))
    lines = [
        "from transformers import AutoModel, AutoTokenizer, pipeline",
        "from sentence_transformers import SentenceTransformer",
        "from huggingface_hub import hf_hub_download",
    ]
    body = [draw(st.sampled_from(PLANTERS)).format(id=i) for i in planted]
    body += [draw(st.sampled_from(DECOYS)).format(id=d) for d in decoys]
    body += draw(st.lists(FILLER, max_size=5))
    lines += draw(st.permutations(body))
    return "\n".join(lines) + "\n", planted, decoys


def _scan(folder, name: str, text: str) -> list[str]:
    (folder / name).write_text(text, encoding="utf-8")
    found = discover(Settings(root=folder))
    return [m.id for m in found.models]


def _check(ids: list[str], text: str, planted: list[str], decoys: list[str]) -> None:
    for model_id in ids:
        assert model_id in text, model_id
    assert not {d.lower() for d in decoys} & {i.lower() for i in ids}
    assert {p.lower() for p in planted} <= {i.lower() for i in ids}


@fuzz_settings()
@given(python_files())
def test_python_sources(tmp_path_factory, case):
    text, planted, decoys = case
    _check(_scan(tmp_path_factory.mktemp("py"), "app.py", text), text, planted, decoys)


@fuzz_settings()
@given(python_files(), st.text(max_size=40))
def test_python_sources_with_junk_lines_never_crash(tmp_path_factory, case, junk):
    text, _, decoys = case
    text = text.replace("\nimport os\n", f"\n{junk}\n", 1) + junk
    ids = _scan(tmp_path_factory.mktemp("junk"), "app.py", text)
    for model_id in ids:
        assert model_id in text
    assert not {d.lower() for d in decoys} & {i.lower() for i in ids}


@st.composite
def config_documents(draw):
    planted = draw(st.lists(MODEL_IDS, min_size=1, max_size=3, unique_by=str.lower))
    decoys = draw(st.lists(DECOY_IDS, max_size=3, unique_by=str.lower))
    model_keys = st.sampled_from(["model_name_or_path", "base_model", "model_id", "teacher_model"])
    other_keys = st.sampled_from(["output_dir", "description", "run_name", "logging_dir"])
    document: dict = {}
    for index, model_id in enumerate(planted):
        section = document.setdefault(f"stage{index}", {})
        section[draw(model_keys)] = model_id
    for index, decoy in enumerate(decoys):
        document.setdefault("misc", {})[f"{draw(other_keys)}_{index}"] = decoy
    document["numbers"] = draw(st.lists(st.integers(), max_size=3))
    return document, planted, decoys


@fuzz_settings()
@given(config_documents(), st.sampled_from(["yaml", "json"]))
def test_config_files(tmp_path_factory, case, fmt):
    import yaml

    document, planted, decoys = case
    text = (
        yaml.safe_dump(document, sort_keys=False)
        if fmt == "yaml"
        else json.dumps(document, indent=2)
    )
    ids = _scan(tmp_path_factory.mktemp("cfg"), f"train.{fmt}", text)
    _check(ids, text, planted, decoys)
