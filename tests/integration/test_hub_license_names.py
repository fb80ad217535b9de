"""Common `license: other` names of the Hub resolve to knowledge-base terms (real card shapes)."""

from __future__ import annotations

import pytest
import yaml

from llmaudit.models import Verdict
from tests.conftest import CORPUS

from .hub_repos import audit_one, data_text, recorded_info, rules_at, serve_repo


def _flux_dev_card() -> dict:
    return yaml.safe_load(data_text("flux-1-krea-dev.front-matter.yaml"))


def test_flux_dev_derivative_card_fails_commercial_and_passes_research(hub, tmp_path):
    card = _flux_dev_card()
    serve_repo(
        hub,
        "black-forest-labs/FLUX.1-dev",
        card_data={
            "license": "other",
            "license_name": "flux-1-dev-non-commercial-license",
            "license_link": "LICENSE.md",
        },
        gated="auto",
    )
    serve_repo(hub, "black-forest-labs/FLUX.1-Krea-dev", card_data=card, gated="auto")
    audit = audit_one(hub, tmp_path, "black-forest-labs/FLUX.1-Krea-dev", "commercial")
    assert audit.assessment.license.key == "flux-1-dev-non-commercial-license"
    assert audit.verdict is Verdict.FAIL and "commercial-use" in rules_at(audit, Verdict.FAIL)
    assert any(o.kind == "output-restriction" for o in audit.obligations)
    research = audit_one(hub, tmp_path / "r", "black-forest-labs/FLUX.1-Krea-dev", "research")
    assert "commercial-use" not in rules_at(research, Verdict.FAIL)


@pytest.mark.parametrize(
    ("card", "key"),
    [
        pytest.param(
            {
                "license": "other",
                "license_name": "health-ai-developer-foundations",
                "license_link": "https://developers.google.com/health-ai-developer-foundations/terms",
            },
            "health-ai-developer-foundations",
            id="medgemma",
        ),
        pytest.param(
            {
                "license": "other",
                "license_name": "jamba-open-model-license",
                "license_link": "https://www.ai21.com/licenses/jamba-open-model-license",
            },
            "jamba-open-model-license",
            id="jamba",
        ),
        pytest.param(
            {
                "license": "other",
                "license_name": "falcon-llm-license",
                "license_link": "https://falconllm.tii.ae/falcon-terms-and-conditions.html",
            },
            "tii-falcon",
            id="falcon-h1",
        ),
        pytest.param({"license": "apple-amlr"}, "apple-amlr", id="apple-amlr"),
    ],
)
def test_common_other_license_names_are_known(hub, tmp_path, card, key):
    serve_repo(hub, "org/model", card_data=card)
    audit = audit_one(hub, tmp_path, "org/model", "default")
    assert audit.assessment.license.key == key
    assert "license-unknown" not in rules_at(audit, Verdict.FAIL)


def test_jamba_name_beside_apache_id_is_a_mismatch_and_jamba_terms_bind(hub, tmp_path):
    serve_repo(
        hub,
        "ai21labs/AI21-Jamba-Mini-1.5",
        card_data={
            "license": "apache-2.0",
            "license_name": "jamba-open-model-license",
            "license_link": "https://www.ai21.com/licenses/jamba-open-model-license",
        },
    )
    audit = audit_one(hub, tmp_path, "ai21labs/AI21-Jamba-Mini-1.5", "commercial")
    mismatch = next(f.message for f in audit.findings if f.rule == "card-mismatch")
    assert "apache-2.0" in mismatch and "jamba-open-model-license" in mismatch
    assert any(f.rule == "threshold" and "Jamba" in f.message for f in audit.findings)
    assert audit.verdict is Verdict.WARN


def test_modified_mit_names_kimi_terms_in_a_moonshotai_repo(hub, tmp_path):
    # Kimi-K2-Instruct's card declares exactly this pair
    card = {"license": "other", "license_name": "modified-mit"}
    serve_repo(hub, "moonshotai/Kimi-K2-Instruct", card_data=card)
    audit = audit_one(hub, tmp_path, "moonshotai/Kimi-K2-Instruct", "commercial")
    assert audit.assessment.license.key == "kimi-modified-mit"
    assert any(f.rule == "threshold" and "Kimi K2" in f.message for f in audit.findings)


def test_modified_mit_from_another_publisher_is_unknown_not_kimi(hub, tmp_path):
    # other publishers name their own, different modified MIT terms the same way
    card = {"license": "other", "license_name": "modified-mit"}
    serve_repo(hub, "another-lab/Model-7B", card_data=card)
    audit = audit_one(hub, tmp_path, "another-lab/Model-7B", "commercial")
    assert audit.assessment.license.is_unknown
    assert "known only for moonshotai" in audit.assessment.license.evidence
    assert audit.verdict is Verdict.FAIL and "license-unknown" in rules_at(audit, Verdict.FAIL)


def test_modified_mit_beside_a_kimi_license_link_names_kimi_terms(hub, tmp_path):
    card = {
        "license": "other",
        "license_name": "modified-mit",
        "license_link": "https://huggingface.co/moonshotai/Kimi-K2-Instruct/blob/main/LICENSE",
    }
    serve_repo(hub, "someone/Kimi-K2-Instruct-GGUF", card_data=card)
    audit = audit_one(hub, tmp_path, "someone/Kimi-K2-Instruct-GGUF", "commercial")
    assert audit.assessment.license.key == "kimi-modified-mit"


_RESEARCH_ONLY_LICENSE = """ACME Research Model License

Copyright (c) 2024 ACME Labs. All rights reserved.

You may use, copy and modify the model weights for non-commercial research purposes only.
Commercial use of the model or of its outputs requires a separate written agreement with ACME.
THE MODEL IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
"""


def test_unidentified_license_file_beside_a_permissive_card_is_not_allowed(hub, tmp_path):
    # the card's metadata says apache-2.0, the LICENSE shipped with the weights says otherwise
    serve_repo(
        hub,
        "acme/research-model",
        card_data={"license": "apache-2.0"},
        files={"LICENSE": _RESEARCH_ONLY_LICENSE},
    )
    audit = audit_one(hub, tmp_path, "acme/research-model", "commercial")
    assert audit.verdict is Verdict.FAIL
    (message,) = [f.message for f in audit.findings if f.rule == "license-unknown"]
    assert "ships LICENSE, whose text is not a license llmaudit knows" in message


def test_license_file_that_matches_the_card_and_a_notice_pass(hub, tmp_path):
    apache = (CORPUS / "licenses" / "apache-2.0.txt").read_text(encoding="utf-8")
    notice = "ACME Model\nCopyright 2024 ACME Labs\n\nThis product includes software from ACME.\n"
    serve_repo(
        hub,
        "acme/open-model",
        card_data={"license": "apache-2.0"},
        files={"LICENSE": apache, "NOTICE": notice},
    )
    audit = audit_one(hub, tmp_path, "acme/open-model", "commercial")
    assert "license-unknown" not in rules_at(audit, Verdict.FAIL)
    assert audit.verdict is Verdict.PASS


def test_license_file_cannot_be_checked_without_the_declared_license_text(hub, tmp_path):
    # Qwen2.5's card: license other + license_name qwen + a link to the LICENSE it ships.
    # llmaudit holds no Qwen license text, so it cannot tell that file apart from the
    # declared license: the declaration stands (and binds with its conditions).
    from llmaudit.licenses.classify import has_reference_text

    assert not has_reference_text("qwen"), "pick a license llmaudit holds no text of"
    serve_repo(
        hub,
        "Qwen/Qwen2.5-72B-Instruct",
        card_data={
            "license": "other",
            "license_name": "qwen",
            "license_link": "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE",
        },
        files={"LICENSE": "Qwen LICENSE AGREEMENT\n\n" + _RESEARCH_ONLY_LICENSE},
    )
    audit = audit_one(hub, tmp_path, "Qwen/Qwen2.5-72B-Instruct", "commercial")
    assert audit.assessment.license.key == "qwen"
    assert audit.assessment.unidentified_files == ()
    assert "license-unknown" not in rules_at(audit, Verdict.FAIL)


def test_apache_text_with_a_research_only_addendum_beside_an_apache_card_fails(hub, tmp_path):
    apache = (CORPUS / "licenses" / "apache-2.0.txt").read_text(encoding="utf-8")
    addendum = "\n\nADDENDUM: the model weights are released for non-commercial research only.\n"
    serve_repo(
        hub,
        "acme/open-ish-model",
        card_data={"license": "apache-2.0"},
        files={"LICENSE": apache + addendum},
    )
    audit = audit_one(hub, tmp_path, "acme/open-ish-model", "commercial")
    assert audit.assessment.unidentified_files == ("LICENSE",)
    assert audit.verdict is Verdict.FAIL


def test_gate_prompt_that_takes_commercial_use_away_binds_over_the_card(hub, tmp_path):
    card = {
        "license": "cc-by-4.0",
        "extra_gated_prompt": (
            "By requesting access you agree to use this model for non-commercial research "
            "purposes only and not to redistribute the weights."
        ),
        "extra_gated_fields": {"Affiliation": "text", "I agree": "checkbox"},
    }
    serve_repo(hub, "acme/gated-model", card_data=card, gated="manual")
    commercial = audit_one(hub, tmp_path, "acme/gated-model", "commercial")
    assert commercial.verdict is Verdict.FAIL
    (message,) = [f.message for f in commercial.findings if f.rule == "commercial-use"]
    assert "the Hub gate makes you agree" in message and "non commercial" in message
    research = audit_one(hub, tmp_path / "r", "acme/gated-model", "research")
    assert "commercial-use" not in rules_at(research, Verdict.FAIL)


def test_llama_gate_prompt_with_the_license_text_adds_no_restriction(hub, tmp_path):
    recorded = recorded_info("llama-3.1-8b-instruct.api.json")
    serve_repo(
        hub,
        "meta-llama/Llama-3.1-8B-Instruct",
        card_data=recorded["cardData"],
        gated="manual",
    )
    audit = audit_one(hub, tmp_path, "meta-llama/Llama-3.1-8B-Instruct", "commercial")
    assert not [f for f in audit.findings if "Hub gate" in f.message]


def test_a_gate_checkbox_that_takes_commercial_use_away_binds_over_the_card(hub, tmp_path):
    """A permissive card whose access form asks users to tick a non-commercial promise."""
    card = {
        "license": "apache-2.0",
        "extra_gated_heading": "Access this model",
        "extra_gated_fields": {
            "Name": "text",
            "I agree to use this model for non-commercial use ONLY": "checkbox",
        },
    }
    serve_repo(hub, "acme/ticked-model", card_data=card, gated="auto")
    commercial = audit_one(hub, tmp_path, "acme/ticked-model", "commercial")
    assert commercial.verdict is Verdict.FAIL
    (message,) = [f.message for f in commercial.findings if f.rule == "commercial-use"]
    assert "the Hub gate makes you agree" in message and "non commercial" in message


def test_the_readme_prose_is_read_from_the_hub(hub, tmp_path):
    """cardData is the front matter only; the README served beside it says CC BY NC (the
    real AmazonScience/qanlu card, 2023)."""
    readme = (CORPUS / "model-cards-bulk" / "AmazonScience__qanlu.md").read_text(encoding="utf-8")
    serve_repo(
        hub, "AmazonScience/qanlu", card_data={"license": "cc-by-4.0"}, files={"README.md": readme}
    )
    commercial = audit_one(hub, tmp_path, "AmazonScience/qanlu", "commercial")
    assert commercial.verdict is Verdict.FAIL
    (message,) = [f.message for f in commercial.findings if f.rule == "commercial-use"]
    assert "'This library is licensed under the CC BY NC License.'" in message


def test_the_weights_model_license_beside_the_codes_license_is_read(hub, tmp_path):
    """THUDM's layout: LICENSE is the code's Apache-2.0, MODEL_LICENSE the weights' own terms
    (the ChatGLM-6B License). A card that declares the code's license must not pass on it."""
    apache = (CORPUS / "licenses" / "apache-2.0.txt").read_text(encoding="utf-8")
    model_license = (CORPUS.parent / "license-files" / "chatglm-6b.MODEL_LICENSE").read_text(
        encoding="utf-8"
    )
    serve_repo(
        hub,
        "acme/chatglm-6b-finetune",
        card_data={"license": "apache-2.0"},
        files={"LICENSE": apache, "MODEL_LICENSE": model_license},
    )
    audit = audit_one(hub, tmp_path, "acme/chatglm-6b-finetune", "commercial")
    assert [f.path for f in audit.facts.declaration.files] == ["LICENSE", "MODEL_LICENSE"]
    assert audit.assessment.unidentified_files == ("MODEL_LICENSE",)
    assert audit.verdict is Verdict.FAIL
    assert "license-unknown" in rules_at(audit, Verdict.FAIL)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("commercial", Verdict.FAIL), ("eu-sovereign", Verdict.WARN), ("default", Verdict.WARN)],
)
def test_a_fine_tune_of_a_no_derivatives_model_may_not_be_shipped(hub, tmp_path, policy, expected):
    """CC BY-ND 4.0 §2(a)(1)(B): adapted material may be produced, not shared. A fine-tune of
    such a base passed every policy, even when its card claimed MIT."""
    serve_repo(hub, "org/nd-base", card_data={"license": "cc-by-nd-4.0"})
    serve_repo(
        hub,
        "acme/nd-finetune",
        card_data={"license": "mit", "base_model": "org/nd-base"},
    )
    audit = audit_one(hub, tmp_path, "acme/nd-finetune", policy)
    assert audit.verdict is expected
    shared = [f for f in audit.findings if "adapted material may not be shared" in f.message]
    # shipping (commercial: distributed) fails; a hosted service (eu-sovereign: saas) is a
    # caution; internal use (default) is allowed, and only the license conflict warns
    assert len(shared) == (0 if policy == "default" else 1)
    if policy == "eu-sovereign":
        assert shared[0].severity.value == "warning"


def test_a_gate_question_offering_both_uses_is_no_restriction(hub, tmp_path):
    card = {
        "license": "apache-2.0",
        "extra_gated_fields": {
            "Will you use the model for non-commercial or commercial purposes?": "text"
        },
    }
    serve_repo(hub, "acme/asking-model", card_data=card, gated="auto")
    audit = audit_one(hub, tmp_path, "acme/asking-model", "commercial")
    assert not [f for f in audit.findings if "Hub gate" in f.message]


def test_a_license_link_to_a_page_nobody_read_beside_a_declared_id_needs_review(hub, tmp_path):
    # `license: apache-2.0` with a link to the publisher's own terms page: the page may hold
    # other terms than the id says, so the card contradicts itself until someone reads it
    link = "https://example.com/legal/model-license.pdf"
    serve_repo(hub, "org/model", card_data={"license": "apache-2.0", "license_link": link})
    audit = audit_one(hub, tmp_path, "org/model", "commercial")
    mismatch = next(f.message for f in audit.findings if f.rule == "card-mismatch")
    assert link in mismatch and "did not read" in mismatch and "apache-2.0" in mismatch
    assert audit.verdict is Verdict.WARN


@pytest.mark.parametrize(
    "link",
    [
        "https://www.apache.org/licenses/LICENSE-2.0",  # the declared license's own text
        "LICENSE",  # a file of the repo (read with the other files, or "not available")
        "https://huggingface.co/org/model/blob/main/LICENSE",
    ],
)
def test_a_license_link_to_a_known_text_or_a_repo_file_is_no_mismatch(hub, tmp_path, link):
    serve_repo(hub, "org/model", card_data={"license": "apache-2.0", "license_link": link})
    audit = audit_one(hub, tmp_path, "org/model", "commercial")
    assert not [f for f in audit.findings if f.rule == "card-mismatch"]
    assert audit.verdict is Verdict.PASS
