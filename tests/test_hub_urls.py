"""One list of Hub URL spellings, read the same way by specs, discovered links and cards."""

from __future__ import annotations

import pytest

from llmaudit.discover import parse_model_spec
from llmaudit.discover.refs import _from_hub_url
from llmaudit.hub_urls import HUB_URL_PREFIXES, strip_hub_url
from llmaudit.models import RefKind
from llmaudit.resolve.metadata import normalize_repo_id


@pytest.mark.parametrize("prefix", HUB_URL_PREFIXES)
def test_every_stage_reads_every_hub_url_spelling(prefix):
    url = f"{prefix}org/name"
    assert parse_model_spec(url).id == "org/name"
    assert _from_hub_url(url) == ("org/name", RefKind.MODEL, None)
    assert normalize_repo_id(url) == "org/name"
    assert normalize_repo_id(f"{prefix}datasets/org/data", kind="datasets") == "org/data"


def test_hub_url_prefix_is_matched_without_regard_to_case():
    assert strip_hub_url("HTTPS://HuggingFace.co/Org/Name") == "Org/Name"
    assert strip_hub_url("https://example.com/org/name") is None
    assert strip_hub_url("org/name") is None
