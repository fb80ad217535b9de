"""The bytes prefilter: one Aho-Corasick pass, docstrings skipped, calls in strings ignored.

A file the prefilter drops is never parsed, so every test here checks it never drops a file
with a real reference (a missed model is a wrong "allowed").
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from llmaudit.discover import python_prefilter
from llmaudit.discover.file_scan import scan_files
from llmaudit.discover.needles import Needles
from llmaudit.discover.walk import walk_tree

_NEEDLES = python_prefilter._NEEDLES.needles


def _reference_find(needles: tuple[bytes, ...], data: bytes) -> list[tuple[bytes, int]]:
    """Every needle's occurrences as `bytes.find` sees them, one needle at a time."""
    found = []
    for needle in needles:
        position = data.find(needle)
        while position >= 0:
            found.append((needle, position))
            position = data.find(needle, position + len(needle))
    order = {needle: rank for rank, needle in enumerate(needles)}
    return sorted(found, key=lambda pair: (pair[1], order[pair[0]]))


# Fragments of needles glued together produce the overlaps ("LLMODEL", "hf_hub_urlist_...")
# that a one-pass, non-overlapping search could miss.
_FRAGMENTS = st.sampled_from(
    [n[:cut] for n in _NEEDLES for cut in (1, 2, len(n) - 1, len(n))]
    + [n[cut:] for n in _NEEDLES for cut in (1, 2, len(n) - 1)]
    + [b" ", b"\n", b"(", b'"', b"'", b"x"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40).map(b"".join))
def test_one_pass_finds_what_a_find_per_needle_finds(data):
    assert python_prefilter._NEEDLES.find(data) == _reference_find(_NEEDLES, data)
    assert python_prefilter._NEEDLES.occur_in(data) == bool(_reference_find(_NEEDLES, data))


def test_overlapping_needles_are_all_found():
    needles = Needles([b"LLM", b"MODEL", b"CHECKPOINT", b"TOKENIZER", b'"""'])
    assert {n for n, _ in needles.find(b"VLLMODEL_ID = 1")} == {b"LLM", b"MODEL"}
    assert {n for n, _ in needles.find(b"CHECKPOINTOKENIZER")} == {b"CHECKPOINT", b"TOKENIZER"}
    assert [start for _, start in needles.find(b'""""""')] == [0, 3]


_BINDING_FRAGMENTS = st.sampled_from(
    [
        b"model",
        b"xmodel",
        b"model_",
        b" ",
        b"\t",
        b"\n",
        b"=",
        b"==",
        b":",
        b": str",
        b"'",
        b'"',
        b"f",
        b"os.getenv(",
        b"environ.get(",
        b"Field(",
        b"Option(",
        b"or",
        b"a.b",
        b"MODELS[",
        b"#",
        b"m",
        b"(",
        b")",
        b",",
    ]
)


def _reference_assigned(code: bytes, name: bytes) -> bool:
    """The per-name pattern `is_bound_to_literal` compiled before (session 11)."""
    for match in re.finditer(re.escape(name) + python_prefilter._BINDING_TAIL, code):
        before = code[match.start() - 1 : match.start()]
        if not (before.isalnum() or before == b"_"):
            return True
    return False


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(_BINDING_FRAGMENTS, max_size=30).map(b"".join),
    st.sampled_from([b"model", b"m", b"model_", b"a.b", b""]),
)
def test_one_binding_pattern_finds_what_a_pattern_per_name_found(code, name):
    assert python_prefilter._assigned_at_a_word_start(code, name) == _reference_assigned(code, name)


def test_an_occurrence_inside_a_rejected_binding_is_skipped_as_the_pattern_did():
    """`xmodel: model = 'a'`: the match at `xmodel` (a word character before it) spans the
    second `model`, which finditer therefore never tried."""
    code = b"xmodel: model = 'a'"
    assert _reference_assigned(code, b"model") is False
    assert python_prefilter._assigned_at_a_word_start(code, b"model") is False
    assert python_prefilter._assigned_at_a_word_start(b"x = 1\nmodel = 'a'", b"model") is True


def test_a_needle_ending_in_a_quote_does_not_double_a_triple_quote():
    """`datasets"` then four quotes: one triple quote (at 8), as bytes.find sees it; the
    search resumed after the first match must not add an overlapping one at 9."""
    needles = Needles([b'datasets"', b'"""'])
    assert needles.find(b'datasets""""') == [(b'datasets"', 0), (b'"""', 8)]
    data = b'x = {"datasets""""'
    assert python_prefilter._NEEDLES.find(data) == _reference_find(_NEEDLES, data)


def test_a_needle_inside_another_is_refused():
    try:
        Needles([b"dataset", b"load_dataset"])
    except ValueError as error:
        assert "inside" in str(error)
    else:
        raise AssertionError("Needles accepted a needle inside another")


def _worth(source: str) -> bool:
    """Whether the file may hold a reference of its own (is_worth_parsing also admits a file
    that may only define helpers for other modules: see test_helper_definitions_...)."""
    examined = python_prefilter.examine(source.encode())
    return examined is not None and examined[2]


def _helper_names(source: str) -> tuple[str, ...]:
    examined = python_prefilter.examine(source.encode())
    return () if examined is None else python_prefilter.helper_names(*examined[:2])


def test_helper_definitions_are_named_for_a_second_look_not_parsed():
    source = (
        "def load(base, peft, path):\n"
        "    return AutoModel.from_pretrained(path)\n"
        "class Scorer:\n"
        "    def __init__(self, checkpoint):\n"
        "        self.m = AutoModel.from_pretrained(checkpoint)\n"
        "    def other(self, path):\n"
        "        pass\n"
    )
    assert not _worth(source)
    assert python_prefilter.is_worth_parsing(source.encode())
    assert _helper_names(source) == ("load", "Scorer")
    nested = "def outer():\n    def load(path):\n        return AutoModel.from_pretrained(path)\n"
    assert _helper_names(nested) == ()


def test_calls_inside_strings_comments_and_docstrings_are_not_evidence():
    assert not _worth("raise ValueError(\"use AutoModel.from_pretrained('org/x')\")\n")
    assert not _worth('# AutoModel.from_pretrained("org/x")\n')
    assert not _worth('def f():\n    """\n    AutoModel.from_pretrained("org/x")\n    """\n')
    assert not _worth("x = 'a' # from_pretrained(\"org/x\")\n")


def test_real_calls_next_to_strings_are_evidence():
    assert _worth('print("loading"); m = AutoModel.from_pretrained("org/x")\n')
    assert _worth("label = f\"{AutoModel.from_pretrained('org/x')}\"\n")
    assert _worth('"""Module doc."""\nm = AutoModel.from_pretrained("org/x")\n')
    assert _worth("m = AutoModel.from_pretrained(\n    'org/x')\n")


def test_second_positional_only_where_a_loader_takes_it():
    assert _worth('m = PeftModel.from_pretrained(base, "org/adapter")\n')
    assert _worth('p = pipeline("text-generation", "org/model")\n')
    # hf_hub_download(repo_id, filename): a constant in second place is a file name
    assert not _worth("def f(repo):\n    return hf_hub_download(repo, CONFIG_NAME)\n")
    assert _worth("p = hf_hub_download(REPO_ID, 'config.json')\n")


def test_wrapper_classes_count_but_the_license_header_does_not():
    header = "# Copyright 2024 The HuggingFace Team. All rights reserved.\n"
    assert not _worth(header + 'x = f("org/name")\n')
    assert _worth(header + 'e = HuggingFaceEmbeddings(model_name="org/name")\n')


def test_parallel_scan_returns_what_a_sequential_scan_returns(tmp_path):
    for index in range(40):
        folder = tmp_path / f"pkg{index % 7}"
        folder.mkdir(exist_ok=True)
        (folder / f"m{index}.py").write_text(
            f'MODEL = "org/model-{index}"\nm = AutoModel.from_pretrained(MODEL)\n'
        )
        (folder / f"c{index}.yaml").write_text(f"model_name: org/config-{index}\n")
        (folder / f"n{index}.txt").write_text(f"see https://huggingface.co/org/link-{index}\n")
    sources = list(walk_tree(tmp_path, None, []))
    sequential = scan_files(sources, tmp_path, jobs=1)
    parallel = scan_files(sources, tmp_path, jobs=2)
    assert parallel == sequential
    assert (
        sum(len(result.refs) for result in parallel) == 160
    )  # the constant and the loader call in each .py


def test_triple_quotes_inside_strings_or_comments_do_not_hide_code():
    assert _worth('SEP = \'"""\'\nm = AutoModel.from_pretrained("org/x")\nEND = \'"""\'\n')
    assert _worth(
        "# a comment with ''' in it\nm = AutoModel.from_pretrained('org/x')\n# and ''' again\n"
    )
    assert not _worth('x = 1\n"""\nAutoModel.from_pretrained("org/x")\n"""\n')


def test_names_bound_by_any_import_form_are_worth_parsing():
    """The finder links a loader argument bound by an import to the module that defines it,
    so the prefilter must keep every import form: parenthesized over several lines, continued
    with a backslash, a star import, an attribute of an imported module."""
    call = "m = AutoModel.from_pretrained({})\n"
    assert _worth(
        "from config import (\n    base,  # the base\n    model_id,\n)\n" + call.format("model_id")
    )
    assert _worth("from config import base, \\\n    model_id\n" + call.format("model_id"))
    assert _worth("from config import *\n" + call.format("model_id"))
    assert _worth("import settings as cfg\n" + call.format("cfg.model_id"))
    assert _worth("from . import config\n" + call.format("config.model_id"))


def test_a_module_name_in_an_import_binds_nothing():
    """`from peft import PeftModel` binds PeftModel, not a parameter that happens to be
    called `peft` (lm-evaluation-harness's HFLM._create_model)."""
    source = (
        "from peft import PeftModel\n"
        "import os.path\n"
        "def load(base, peft, path):\n"
        "    m = PeftModel.from_pretrained(base, peft)\n"
        "    return AutoModel.from_pretrained(path)\n"
    )
    assert not _worth(source)
    assert _worth(source.replace("from peft import PeftModel", "import peft"))


def _reference_instance(code: bytes, receiver: bytes) -> bool:
    """The per-name pattern `_may_hold_an_instance` compiled before (session 11)."""
    pattern = rb"\b" + re.escape(receiver) + rb"\s*(?::\s*['\"]?|=\s*)[A-Z]\w*\b"
    return re.search(pattern, code) is not None


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [b"args", b"xargs", b"_", b" ", b":", b"=", b"'", b'"', b"Args", b"(", b"\n", b"a"]
        ),
        max_size=25,
    ).map(b"".join),
    st.sampled_from([b"args", b"a", b"args_"]),
)
def test_one_instance_tail_finds_what_a_pattern_per_receiver_found(code, receiver):
    found = python_prefilter._may_hold_an_instance(code, receiver + b".model_id")
    assert found == _reference_instance(code, receiver)
