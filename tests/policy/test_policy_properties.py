"""Property: no prohibited license passes `commercial`, whatever the lineage depth or own card."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmaudit.models import CommercialUse, FactSource, Verdict
from llmaudit.policy import evaluate, load_policy
from llmaudit.policy.rules.base import commercial_status
from llmaudit.settings import Settings
from tests.policy.policy_builders import LICENSES, ancestor, model

KEYS = sorted(LICENSES)
PROHIBITED = sorted(
    k for k, i in LICENSES.items() if commercial_status(i) is CommercialUse.PROHIBITED
)
RELATIONS = st.sampled_from(["finetune", "merge", "adapter", "quantized", None])


@st.composite
def lineages(draw):
    """A chain or DAG of ancestors with one prohibited license somewhere in it."""
    depth = draw(st.integers(min_value=1, max_value=8))
    entries = []
    for level in range(1, depth + 1):
        for width in range(draw(st.integers(min_value=1, max_value=3))):
            entries.append(
                ancestor(
                    f"org/m-{level}-{width}",
                    draw(st.sampled_from(KEYS)),
                    depth=level,
                    relation=draw(RELATIONS),
                    source=draw(st.sampled_from(list(FactSource))),
                )
            )
    index = draw(st.integers(min_value=0, max_value=len(entries) - 1))
    bad = entries[index]
    entries[index] = ancestor(
        bad.model_id, draw(st.sampled_from(PROHIBITED)), depth=bad.depth, relation=bad.relation
    )
    return tuple(entries)


@pytest.fixture(scope="module")
def commercial():
    return load_policy("commercial", Settings())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(own=st.sampled_from(KEYS), bases=lineages())
def test_prohibited_ancestor_never_passes_commercial(stub_kb, commercial, own, bases):
    result = evaluate((model(own, bases=bases),), (), commercial, Settings())
    assert result.models[0].verdict is Verdict.FAIL


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(own=st.sampled_from(PROHIBITED))
def test_prohibited_own_license_never_passes_commercial(stub_kb, commercial, own):
    assert evaluate((model(own),), (), commercial, Settings()).models[0].verdict is Verdict.FAIL
