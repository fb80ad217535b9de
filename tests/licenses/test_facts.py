"""Spot checks: knowledge-base facts against the clauses of the real license texts."""

from __future__ import annotations

import re

import pytest

from llmaudit.licenses import get_license
from llmaudit.models import CommercialUse


def _text(corpus, name: str) -> str:
    return re.sub(r"\s+", " ", (corpus / "licenses" / name).read_text(encoding="utf-8"))


def test_llama32_excludes_eu_for_multimodal_models(corpus):
    info = get_license("llama3.2")
    (geo,) = info.geographic
    assert geo.regions == ("EU",)
    assert geo.scope == "multimodal"
    assert geo.applies_to == "licensee"
    aup = _text(corpus, "llama3.2-aup.txt")
    assert "multimodal models included in Llama 3.2" in aup
    assert "principal place of business in, the European Union" in aup


@pytest.mark.parametrize("key", ["llama4", "llama3.3"])
def test_later_llamas_keep_the_eu_multimodal_clause(key):
    (geo,) = get_license(key).geographic
    assert (geo.regions, geo.scope) == (("EU",), "multimodal")


@pytest.mark.parametrize("key", ["llama2", "llama3", "llama3.1"])
def test_earlier_llamas_have_no_geographic_clause(key):
    assert get_license(key).geographic == ()


def test_llama31_naming_prefix_and_attribution(corpus):
    info = get_license("llama3.1")
    assert info.naming_prefix == "Llama"
    assert info.attribution == ("Built with Llama",)
    text = _text(corpus, "llama3.1.txt")
    assert "include “Llama” at the beginning of any such AI model name" in text
    assert info.notice in text


def test_llama3_naming_prefix_is_llama_3(corpus):
    info = get_license("llama3")
    assert info.naming_prefix == "Llama 3"
    assert "Built with Meta Llama 3" in info.attribution
    assert "include “Llama 3” at the beginning" in _text(corpus, "llama3.txt")


@pytest.mark.parametrize("key", ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"])
def test_llama_700m_mau_threshold_and_california_law(key):
    info = get_license(key)
    (threshold,) = info.thresholds
    assert (threshold.metric, threshold.limit) == ("monthly_active_users", 700_000_000)
    assert info.commercial_use is CommercialUse.CONDITIONAL
    assert info.governing_law.region == "California"
    assert info.aup_incorporated


@pytest.mark.parametrize(
    ("key", "restricted"),
    [
        ("llama2", True),
        ("llama3", True),
        ("llama3.1", False),
        ("dbrx", True),
        ("tongyi-qianwen", True),
    ],
)
def test_output_restrictions_on_improving_other_llms(key, restricted):
    assert bool(get_license(key).output_restrictions) is restricted


def test_gemma_flows_down_its_use_restrictions(corpus):
    info = get_license("gemma")
    assert info.flow_down is True
    assert info.aup_incorporated
    assert info.governing_law.venue.startswith("state and federal courts of Santa Clara")
    text = _text(corpus, "gemma.txt")
    assert "as an enforceable provision in any agreement" in text
    assert info.notice in text


@pytest.mark.parametrize(
    "key",
    [
        "cc-by-nc-4.0",
        "cc-by-nc-sa-4.0",
        "cc-by-nc-nd-4.0",
        "cc-by-nc-2.0",
        "qwen-research",
        "llama1",
        "mnpl",
        "mrl",
        "deepfloyd-if-license",
        "stabilityai-nc-research-community",
        "stabilityai-svd-nc-community",
        "stabilityai-sdxl-0.9-research",
        "yi",
        "opt-175b",
    ],
)
def test_non_commercial_licenses_prohibit_commercial_use(key):
    assert get_license(key).commercial_use is CommercialUse.PROHIBITED


def test_tongyi_qianwen_threshold_and_prc_law(corpus):
    info = get_license("tongyi-qianwen")
    (threshold,) = info.thresholds
    assert (threshold.metric, threshold.limit) == ("monthly_active_users", 100_000_000)
    assert info.governing_law.country == "CN"
    assert "Hangzhou" in info.governing_law.venue
    text = _text(corpus, "qwen.txt")
    assert "more than 100 million monthly active users" in text
    assert "governed by the laws of China" in text
    assert info.notice in text


def test_stability_community_revenue_cap_and_attribution(corpus):
    info = get_license("stabilityai-community")
    (threshold,) = info.thresholds
    assert (threshold.metric, threshold.limit) == ("annual_revenue_usd", 1_000_000)
    assert info.attribution == ("Powered by Stability AI",)
    assert info.registration
    assert "USD $1,000,000 in annual revenue" in _text(corpus, "stabilityai-community.txt")


def test_deepseek_flow_down_and_prc_law(corpus):
    info = get_license("deepseek")
    assert info.flow_down and info.commercial_use is CommercialUse.ALLOWED
    assert info.governing_law.country == "CN"
    assert "MUST be included as an enforceable provision" in _text(corpus, "deepseek.txt")


def test_yi_needs_authorization_but_community_needs_registration(corpus):
    assert get_license("yi").commercial_use is CommercialUse.PROHIBITED
    assert "obtain written authorization" in _text(corpus, "yi-2.0.txt")
    community = get_license("yi-community")
    assert community.commercial_use is CommercialUse.CONDITIONAL
    assert "Registration Form" in _text(corpus, "yi.txt")


def test_falcon_180b_hosting_use_needs_a_separate_license(corpus):
    info = get_license("falcon-180b")
    assert info.commercial_use is CommercialUse.CONDITIONAL
    assert "Hosting Use" in info.commercial_note
    assert "built using Falcon LLM technology" in info.attribution[0]


def test_nvidia_notice_and_delaware_law(corpus):
    info = get_license("nvidia-open-model-license")
    assert info.notice in _text(corpus, "nvidia-open-model-license.txt")
    assert info.governing_law.region == "Delaware"


def test_dbrx_notice_matches_text(corpus):
    info = get_license("dbrx")
    assert info.notice in _text(corpus, "dbrx.txt")


def test_share_alike_and_no_derivatives_flags():
    assert get_license("cc-by-sa-4.0").share_alike
    assert get_license("cc-by-nc-sa-4.0").share_alike
    assert get_license("cc-by-nd-4.0").no_derivatives
    assert not get_license("cc-by-4.0").share_alike


def test_copyleft_flags():
    assert get_license("gpl-3.0").copyleft and get_license("agpl-3.0").copyleft
    assert not get_license("mit").copyleft and not get_license("apache-2.0").copyleft


@pytest.mark.parametrize("key", ["bsd", "gpl", "lgpl", "cc", "gfdl", "grok2-community"])
def test_families_and_unread_texts_stay_unknown_on_commercial_use(key):
    assert get_license(key).commercial_use is CommercialUse.UNKNOWN
