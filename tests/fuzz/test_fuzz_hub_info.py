"""Hub response parser (resolve/metadata.read_hub_info + build_facts): any JSON, no crash."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmaudit.licenses import classify, classify_lineage, get_license
from llmaudit.models import FactSource
from llmaudit.resolve.metadata import build_facts, read_hub_info
from llmaudit.resolve.store import facts_from_dict

from .profile import fuzz_settings
from .strategies import JSON_SCALARS, MODEL_IDS, json_values

pytestmark = pytest.mark.fuzz

FIELDS = [
    "id",
    "modelId",
    "sha",
    "author",
    "gated",
    "tags",
    "cardData",
    "siblings",
    "config",
    "pipeline_tag",
    "library_name",
    "private",
    "disabled",
    "downloads",
]
CARD_FIELDS = [
    "license",
    "license_name",
    "license_link",
    "base_model",
    "base_model_relation",
    "datasets",
    "tags",
    "pipeline_tag",
    "library_name",
]
TAGS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "license:mit",
                "license:other",
                "license:llama3.1",
                "base_model:org/base",
                "base_model:finetune:org/base",
                "base_model:quantized:",
                "dataset:org/d",
                "license:",
                "region:us",
                "custom_code",
            ]
        ),
        st.text(max_size=20),
        JSON_SCALARS,
    ),
    max_size=8,
)
SIBLINGS = st.one_of(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "rfilename": st.one_of(
                        st.sampled_from(
                            [
                                "README.md",
                                "LICENSE",
                                "model.safetensors",
                                "pytorch_model.bin",
                                "modeling_x.py",
                                "config.json",
                                "../../etc/passwd",
                                "LICENSE.txt",
                            ]
                        ),
                        st.text(max_size=30),
                        JSON_SCALARS,
                    )
                }
            ),
            json_values(4),
        ),
        max_size=12,
    ),
    json_values(4),
)
CARD = st.one_of(
    st.dictionaries(
        st.sampled_from(CARD_FIELDS), st.one_of(json_values(6), st.text(max_size=30)), max_size=6
    ),
    json_values(6),
)


@st.composite
def hub_bodies(draw):
    body = draw(st.dictionaries(st.sampled_from(FIELDS), json_values(6), max_size=8))
    if draw(st.booleans()):
        body["cardData"] = draw(CARD)
    if draw(st.booleans()):
        body["tags"] = draw(TAGS)
    if draw(st.booleans()):
        body["siblings"] = draw(SIBLINGS)
    return body


def _is_strings(values) -> bool:
    return isinstance(values, tuple) and all(isinstance(v, str) for v in values)


@fuzz_settings()
@given(hub_bodies(), MODEL_IDS)
def test_any_hub_body_becomes_consistent_facts(body, model_id):
    meta = read_hub_info(body, model_id)
    facts = build_facts(meta, source=FactSource.HUB, revision=None)
    assert facts.id == model_id and facts.source is FactSource.HUB
    for values in (
        facts.files,
        facts.base_models,
        facts.notes,
        facts.unsafe_files,
        facts.weight_formats,
        facts.declaration.card_license,
        facts.declaration.tags,
    ):
        assert _is_strings(values)
    assert facts.sha is None or isinstance(facts.sha, str)
    assert isinstance(facts.gated, bool)
    assert set(facts.unsafe_files) <= set(facts.files)
    if "cardData" in body and not isinstance(body["cardData"], (dict, type(None))):
        assert "the Hub's cardData is not a mapping; card metadata ignored" in facts.notes
    if not isinstance(body.get("siblings"), list):
        assert facts.files == ()
    match = classify(facts.declaration).license
    assert match.is_unknown or get_license(match.key) is not None
    lineage = classify_lineage(facts)  # no ancestors attached yet: every base stays unknown
    assert [e.model_id for e in lineage] == list(facts.base_models)
    assert all(e.license.is_unknown for e in lineage)
    assert facts_from_dict(asdict(facts)) == facts  # the facts cache codec round-trips
