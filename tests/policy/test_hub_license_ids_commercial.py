"""Every license id the Hub offers, as a card's only `license:` value (as written and in upper
case), judged by the shipped `commercial` policy: a model is allowed only on terms the knowledge
base records as allowing commercial use (outright or on conditions), never by accident of an
unknown or family id (`bsd`, `gpl`, `cc`, `other`, `unknown`).

The ids are the Hub's list (tests/data/corpus/hf-license-ids.tsv, PROVENANCE.tsv there).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from llmaudit.licenses import classify
from llmaudit.models import CommercialUse, FactSource, ModelAudit, ModelRef, Verdict
from llmaudit.policy import evaluate, load_policy
from llmaudit.policy.rules.base import commercial_status
from llmaudit.resolve.metadata import build_facts, read_hub_info
from llmaudit.settings import Settings

IDS_FILE = Path(__file__).resolve().parents[1] / "data" / "corpus" / "hf-license-ids.tsv"
HUB_IDS = [row["hf_id"] for row in csv.DictReader(IDS_FILE.open(encoding="utf-8"), delimiter="\t")]
SETTINGS = Settings(offline=True)


@pytest.fixture(scope="module")
def commercial():
    return load_policy("commercial", SETTINGS)


def _judge(value: str, policy) -> ModelAudit:
    body = {
        "id": "someone/model",
        "cardData": {"license": value},
        "tags": [f"license:{value.lower()}"],
        "siblings": [{"rfilename": "README.md"}],
    }
    facts = build_facts(read_hub_info(body, "someone/model"), source=FactSource.HUB, revision=None)
    assessment = classify(facts.declaration)
    audit = ModelAudit(
        ref=ModelRef(id=facts.id),
        facts=facts,
        assessment=assessment,
        license_info=assessment.info_for(assessment.license.key),
    )
    return evaluate((audit,), (), policy, SETTINGS).models[0]


def test_the_hub_list_is_all_here():
    assert len(HUB_IDS) >= 80 and {"other", "unknown", "cc-by-nc-4.0", "llama3.1"} <= set(HUB_IDS)


@pytest.mark.parametrize("hub_id", HUB_IDS)
def test_a_hub_id_is_allowed_only_on_recorded_commercial_terms(hub_id, commercial):
    for value in (hub_id, hub_id.upper()):
        audit = _judge(value, commercial)
        status = commercial_status(audit.license_info)
        if audit.verdict is not Verdict.FAIL:
            assert status in (CommercialUse.ALLOWED, CommercialUse.CONDITIONAL), value
            assert audit.license_info is not None and audit.license_info.sources, value
        if status in (CommercialUse.PROHIBITED, CommercialUse.UNKNOWN):
            assert audit.verdict is Verdict.FAIL, value
