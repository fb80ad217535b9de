"""obligations_for(): what each license makes its user do, with the clause it comes from."""

from __future__ import annotations

from llmaudit.licenses import all_licenses, get_license, obligations_for


def _kinds(key):
    return [o.kind for o in obligations_for(get_license(key))]


def test_llama32_obligations_cover_every_fact():
    obligations = obligations_for(get_license("llama3.2"))
    kinds = {o.kind for o in obligations}
    assert {
        "attribution",
        "notice",
        "copy-license",
        "naming",
        "aup",
        "threshold",
        "geographic",
    } <= kinds
    assert "output-restriction" not in kinds
    assert "flow-down" not in kinds  # §1.b.i: a copy of the agreement, no enforceable pass-on
    by_kind = {o.kind: o for o in obligations}
    assert "Built with Llama" in by_kind["attribution"].text
    assert by_kind["threshold"].text.startswith("Above 700,000,000 monthly active users")
    assert by_kind["threshold"].clause == "§2"
    assert "multimodal only" in by_kind["geographic"].text
    assert "https://www.llama.com/llama3_2/use-policy" in by_kind["geographic"].clause
    assert "§1.b.iii" in by_kind["notice"].clause
    assert all(o.license_key == "llama3.2" for o in obligations)


def test_llama2_has_output_restriction_with_clause():
    (restriction,) = [
        o for o in obligations_for(get_license("llama2")) if o.kind == "output-restriction"
    ]
    assert "improve any other large language model" in restriction.text
    assert "§1.b.v" in restriction.clause


def test_gemma_flow_down_obligation():
    (flow,) = [o for o in obligations_for(get_license("gemma")) if o.kind == "flow-down"]
    assert "enforceable provision" in flow.text
    assert "§3.1" in flow.clause


def test_share_alike_and_non_commercial():
    assert "share-alike" in _kinds("cc-by-sa-4.0")
    assert {"share-alike", "non-commercial", "attribution"} <= set(_kinds("cc-by-nc-sa-4.0"))
    assert "no-derivatives" in _kinds("cc-by-nd-4.0")
    assert "share-alike" in _kinds("gpl-3.0")


def test_registration_and_revenue_threshold_for_stability_community():
    kinds = _kinds("stabilityai-community")
    assert {"registration", "threshold", "attribution", "output-restriction"} <= set(kinds)


def test_permissive_licenses_only_ask_for_the_license_copy():
    assert _kinds("mit") == ["copy-license"]
    assert _kinds("cc0-1.0") == []


def test_every_obligation_of_every_entry_has_text():
    for info in all_licenses():
        for obligation in obligations_for(info):
            assert obligation.text and obligation.license_key == info.key
