"""Real model cards whose prose takes away what their license metadata allows (wrong "allowed"
verdicts found by bench/card_verdicts.py), and permissive cards whose prose must not fail.

The cards are copied verbatim from the bulk corpus (tests/data/corpus/model-cards-bulk,
PROVENANCE.tsv there) and audited as a local model folder, offline, through the whole pipeline.
"""

from __future__ import annotations

import shutil

import pytest

from llmaudit.models import Verdict
from llmaudit.pipeline import run_audit
from llmaudit.settings import Settings


def audit_card(tmp_path, card, policy):
    folder = tmp_path / "model"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(card, folder / "README.md")
    settings = Settings(
        models=(str(folder),),
        offline=True,
        policy=policy,
        cache_dir=tmp_path / "cache",
        environ={"SOURCE_DATE_EPOCH": "1767225600"},
    )
    (audit,) = run_audit(settings).models
    return audit


def commercial_findings(audit):
    return [f.message for f in audit.findings if f.rule == "commercial-use"]


@pytest.mark.parametrize(
    ("card", "says"),
    [
        # license: cc-by-4.0, and "## License / This library is licensed under the CC BY NC License."
        ("AmazonScience__qanlu.md", "licensed under the CC BY NC License"),
        # license: mit, and "# Attribution / OPT-175B is licensed under the [OPT-175B license](...)"
        ("theodotus_DialoGPT-uk.md", "OPT-175B License Agreement"),
        # license: cc-by-sa-4.0; its license notice: a derivative of WHAM! "used under CC BY-NC 4.0
        # (Research only)"
        ("JorisCos_DCCRNet_Libri1Mix_enhsingle_16k.md", "Non Commercial"),
    ],
)
def test_card_prose_that_takes_commercial_use_away_fails_commercial(corpus, tmp_path, card, says):
    path = corpus / "model-cards-bulk" / card
    commercial = audit_card(tmp_path, path, "commercial")
    assert commercial.verdict is Verdict.FAIL
    messages = commercial_findings(commercial)
    assert any(says in m for m in messages), messages
    # the metadata's license stays the model's license: prose never becomes it
    assert commercial.assessment.license.source.value == "card"
    # under the default policy (purpose unspecified) it is a caution, as other NC terms are
    default = audit_card(tmp_path, path, "default")
    assert default.verdict is Verdict.WARN
    assert any(says in m for m in commercial_findings(default))
    # and real non-commercial research may go ahead
    assert audit_card(tmp_path, path, "research").verdict is Verdict.PASS


@pytest.mark.parametrize(
    ("folder", "card"),
    [
        # "The model is intended for research purposes only." under Direct Use: an intended
        # use above a license (CreativeML OpenRAIL-M) that allows commercial use
        ("model-cards", "CompVis__stable-diffusion-v1-4.md"),
        ("model-cards", "stabilityai__stable-diffusion-2-1.md"),
        # license: gpl-3.0 and a "| **License** | `GNU GPL 3.0` |" row: the same terms
        ("model-cards-bulk", "spacy_ca_core_news_trf.md"),
        # "| **License** | `LGPL-LR` |" beside license: lgpl-lr
        ("model-cards", "spacy__fr_core_news_lg.md"),
    ],
)
def test_prose_that_agrees_or_states_intent_changes_nothing(corpus, tmp_path, folder, card):
    audit = audit_card(tmp_path, corpus / folder / card, "commercial")
    assert audit.verdict is not Verdict.FAIL, [(f.rule, f.message) for f in audit.findings]
    from_prose = [
        m for m in commercial_findings(audit) if "card's text" in m or "model card says" in m
    ]
    assert from_prose == []


@pytest.mark.parametrize(
    ("line", "restriction"),
    [
        ("You may use it for commercial and non-commercial purposes.", ""),
        ("Free for non-commercial and commercial use.", ""),
        ("Commercial use is prohibited.", "Commercial use is prohibited."),
        ("**License:** research use only", "License: research use only"),
    ],
)
def test_a_grant_of_both_uses_is_no_restriction(line, restriction):
    from llmaudit.policy.rules.commercial import find_card_text_restriction

    assert find_card_text_restriction(line) == restriction


def test_japanese_prose_that_prohibits_commercial_use_is_read(corpus, tmp_path):
    """license: other, and "## ライセンスについて" (about the license): the CreativeML Open
    RAIL++-M License with "商用利用禁止" (commercial use prohibited) added."""
    path = corpus / "model-cards-bulk" / "aipicasso__cool-japan-diffusion-2-1-0.md"
    audit = audit_card(tmp_path, path, "commercial")
    assert audit.verdict is Verdict.FAIL
    (message,) = commercial_findings(audit)
    assert "商用利用禁止" in message


@pytest.mark.parametrize(
    "line",
    [
        "本模型仅供学术研究使用，不得用于商业用途。",  # noqa: RUF001
        "본 모델은 비상업적 용도로만 사용할 수 있습니다.",
        "The weights are released under the terms of the CC BY-NC 4.0 license",
    ],
)
def test_restrictions_in_other_words_and_languages(line):
    from llmaudit.policy.rules.commercial import find_card_text_restriction

    assert find_card_text_restriction(line) == line


@pytest.mark.parametrize(
    "line",
    [
        # the Chinese and Japanese wording of grants, from real cards (smelon/anything,
        # aipicasso/cool-japan-diffusion-2-1-0)
        "3. 你可以重新分配权重，并在商业上和/或作为服务使用该模型。",  # noqa: RUF001
        "この懸念が払拭されれば、次のバージョンから元のライセンスに戻し、商用利用可能とします。",
        "登记后可免费商用",
    ],
)
def test_grants_in_other_languages_are_no_restriction(line):
    from llmaudit.policy.rules.commercial import find_card_text_restriction

    assert find_card_text_restriction(line) == ""
