"""Shared hypothesis strategies: JSON-like values, YAML-ish text, Hub-looking ids."""

from __future__ import annotations

from hypothesis import strategies as st

from llmaudit.discover.model_ids import is_hub_id

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[object]:
    """Arbitrary JSON documents (dicts with text keys, lists, scalars)."""
    return st.recursive(
        JSON_SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)
        ),
        max_leaves=max_leaves,
    )


ORG = st.from_regex(r"[a-z][a-z0-9]{1,8}(-[a-z0-9]{1,6})?", fullmatch=True)
NAME = st.from_regex(r"[A-Z][A-Za-z0-9]{1,10}(-[A-Za-z0-9]{1,6}){0,2}", fullmatch=True)
# Only ids that read as Hub ids: an owner such as "usr" or "data" makes a local path by
# design (llmaudit.discover.model_ids: folder names, API providers), never a planted model.
MODEL_IDS = st.builds(lambda org, name: f"{org}/{name}", ORG, NAME).filter(is_hub_id)
