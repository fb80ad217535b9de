"""Every reader takes arbitrary text without raising, and only ever yields valid Hub ids."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmaudit.discover.model_ids import has_valid_syntax
from llmaudit.discover.readers import (
    CODE_LINKS,
    COMPONENT,
    DOC_LINKS,
    DOCKERFILE,
    DOTENV,
    JAVASCRIPT,
    JSON,
    NOTEBOOK,
    PYTHON,
    SHELL,
    TOML,
    YAML,
)
from llmaudit.discover.refs import FileContext, judge_candidates

READERS = (
    PYTHON,
    NOTEBOOK,
    YAML,
    JSON,
    TOML,
    DOCKERFILE,
    SHELL,
    DOTENV,
    DOC_LINKS,
    CODE_LINKS,
    JAVASCRIPT,
    COMPONENT,
)
FRAGMENTS = st.sampled_from(
    [
        "from_pretrained(",
        'pipeline("text-generation", model=',
        "MODEL_ID=",
        "model: ",
        '"org/name"',
        "'gpt2'",
        "hf-hub:",
        "https://huggingface.co/",
        "datasets/",
        "\n",
        " ",
        "{",
        "}",
        "[",
        "]",
        '"""',
        "#",
        "# llmaudit: ignore",
        "\\\n",
        "=",
        ",",
        ")",
        "(",
        "huggingface-cli download ",
        "--model ",
        "${X:-a/b}",
        "\x00",
        "é",
        "../",
        "/",
    ]
)
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, index=st.integers(min_value=0, max_value=len(READERS) - 1))
def test_readers_never_raise_and_yield_only_valid_ids(text, index):
    reader = READERS[index]
    scan = reader.read(text)
    context = FileContext(
        root=Path("/nonexistent-root"), rel="x", lines=text.splitlines(), cell_lines=scan.cell_lines
    )
    for ref in judge_candidates(scan.candidates, context):
        assert ref.local_path is None
        assert has_valid_syntax(ref.id), ref.id
        assert len(ref.locations) == 1
