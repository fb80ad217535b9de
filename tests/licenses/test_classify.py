"""classify(): real Hub declarations, aliases, expressions, links, files, conflicts, unknowns."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import types
from pathlib import Path

import pytest
import yaml

from llmaudit.licenses import classify
from llmaudit.models import (
    FactSource,
    LicenseDeclaration,
    LicenseFile,
    LicenseMatch,
    LicenseSource,
    TextIdentification,
    TextMatch,
)


def _declaration_from_api(data: dict) -> LicenseDeclaration:
    card = data.get("cardData") or {}
    license_value = card.get("license")
    values = license_value if isinstance(license_value, list) else [license_value]
    return LicenseDeclaration(
        card_license=tuple(str(v) for v in values if v),
        license_name=card.get("license_name"),
        license_link=card.get("license_link"),
        tags=tuple(data.get("tags") or ()),
    )


def _declaration_from_card(text: str) -> LicenseDeclaration:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return LicenseDeclaration()
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    front = yaml.safe_load("\n".join(lines[1:end])) or {}
    value = front.get("license")
    if isinstance(value, dict):  # `license: {mit: ~}` seen on the Hub
        value = list(value)
    values = value if isinstance(value, list) else [value]
    return LicenseDeclaration(
        card_license=tuple(str(v) for v in values if v),
        license_name=front.get("license_name"),
        license_link=front.get("license_link"),
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("meta-llama__Llama-3.1-8B-Instruct.json", "llama3.1"),
        ("meta-llama__Meta-Llama-3-70B-Instruct.json", "llama3"),
        ("meta-llama__Meta-Llama-3-8B-Instruct.json", "llama3"),
        ("stabilityai__stable-diffusion-2-1.json", "openrail++"),
        ("CompVis__stable-diffusion-v1-4.json", "creativeml-openrail-m"),
        ("HuggingFaceH4__zephyr-7b-beta.json", "mit"),
        ("deepset__roberta-base-squad2.json", "cc-by-4.0"),
        ("Salesforce__blip-image-captioning-base.json", "bsd-3-clause"),
        ("google-bert__bert-base-uncased.json", "apache-2.0"),
        ("facebook__mbart-large-50-many-to-many-mmt.json", "unknown"),
        ("openai__clip-vit-base-patch32.json", "unknown"),
    ],
)
def test_hub_api_responses(corpus, name, expected):
    data = json.loads((corpus / "hub-api" / "json" / name).read_text(encoding="utf-8"))
    assessment = classify(_declaration_from_api(data))
    assert assessment.license.key == expected
    if expected != "unknown":
        assert assessment.license.source is LicenseSource.CARD
        assert {m.key for m in assessment.evidence} == {expected}  # card and tag agree
        assert assessment.license.confidence >= 0.9


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("01-ai__Yi-34B.md", "yi"),
        ("01-ai__Yi-34B.apache-2.0.md", "apache-2.0"),
        ("AstraliteHeart__pony-diffusion-v2.md", "bigscience-bloom-rail-1.0"),
        ("Babelscape__wikineural-multilingual-ner.md", "cc-by-nc-sa-4.0"),
        ("MCG-NJU__videomae-base-finetuned-kinetics.md", "cc-by-nc-4.0"),
        ("Mitsua__mitsua-diffusion-cc0.md", "openrail++"),
        ("hiroshi-matsuda-rit__ja_gsd_bert_wwm_unidic_lite.md", "cc-by-sa-4.0"),
        ("allenai__DREAM.md", "cc-by-4.0"),
        ("spacy__fr_core_news_lg.md", "lgpl-lr"),
        ("google__gemma-2b-sfp-cpp.md", "gemma"),
        ("Fictiverse__Stable_Diffusion_Microscopic_model.md", "openrail"),
        ("Mustang__BERT_responsible_AI.md", "eupl-1.1"),
        ("Hemlok__LonganMix.md", "unknown"),
        ("Danzelus__samsamart.md", "unknown"),
        ("databricks__dbrx-base.md", "unknown"),
        ("0-hero__led-large-legal-summary.md", "unknown"),
    ],
)
def test_real_model_cards(corpus, name, expected):
    text = (corpus / "model-cards" / name).read_text(encoding="utf-8")
    assert classify(_declaration_from_card(text)).license.key == expected


def test_hacktoberfest_license_names_and_links(corpus):
    path = corpus / "hub-data" / "hub-docs-hacktoberfest-model_license_other.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["suggested_license_name"]]
    expected = {"llama-2-community-license": "llama2", "llama-license": "llama1"}
    for row in rows:
        declaration = LicenseDeclaration(
            card_license=("other",),
            license_name=row["suggested_license_name"],
            license_link=row["suggested_license_link"],
        )
        assert classify(declaration).license.key == expected[row["suggested_license_name"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("llama3.1", "llama3.1"),
        ("Llama-3.1", "llama3.1"),
        ("LLAMA3.2", "llama3.2"),
        ("Apache-2.0", "apache-2.0"),
        ("apache 2.0", "apache-2.0"),
        ("CC-BY-NC-4.0", "cc-by-nc-4.0"),
        ("GPL-3.0-or-later", "gpl-3.0"),
        ("LicenseRef-openrail-pp", "openrail++"),
        ("openrail++", "openrail++"),
        ("'mit'", "mit"),
    ],
)
def test_card_ids_aliases_and_spdx_ids(value, expected):
    assert classify(LicenseDeclaration(card_license=(value,))).license.key == expected


def test_or_expression_picks_the_least_restrictive_choice():
    match = classify(LicenseDeclaration(card_license=("cc-by-nc-4.0 OR mit",))).license
    assert match.key == "mit"
    assert match.spdx == "CC-BY-NC-4.0 OR MIT"


def test_and_expression_and_lists_pick_the_most_restrictive_part():
    match = classify(LicenseDeclaration(card_license=("apache-2.0 AND cc-by-nc-4.0",))).license
    assert match.key == "cc-by-nc-4.0"
    listed = classify(LicenseDeclaration(card_license=("apache-2.0", "cc-by-nc-4.0"))).license
    assert listed.key == "cc-by-nc-4.0"
    assert listed.spdx == "Apache-2.0 AND CC-BY-NC-4.0"


def test_and_with_an_unknown_part_is_unknown():
    match = classify(LicenseDeclaration(card_license=("mit AND my-own-license",))).license
    assert match.is_unknown


def test_or_with_an_unknown_part_keeps_the_known_choice():
    assert classify(LicenseDeclaration(card_license=("mit OR my-own",))).license.key == "mit"


@pytest.mark.parametrize(
    "declaration",
    [
        LicenseDeclaration(),
        LicenseDeclaration(card_license=("other",)),
        LicenseDeclaration(card_license=("unknown",)),
        LicenseDeclaration(card_license=("other",), license_name="my-company-license"),
        LicenseDeclaration(card_license=("other",), license_link="https://example.com/terms"),
        LicenseDeclaration(card_license=("llama",)),  # a family name, not a license
        LicenseDeclaration(card_license=("other",), license_name="llama"),
        LicenseDeclaration(tags=("license:other",)),
    ],
)
def test_unusable_declarations_are_unknown(declaration):
    match = classify(declaration).license
    assert match.key == "unknown"
    assert match.spdx == "NOASSERTION"
    assert match.name == "Unknown license"
    assert match.confidence == 0.0


@pytest.mark.parametrize(
    ("name", "link", "expected"),
    [
        ("llama3", None, "llama3"),
        ("llama-3.1", None, "llama3.1"),
        ("llama3.1", None, "llama3.1"),
        ("tongyi-qianwen", None, "tongyi-qianwen"),
        ("tongyi-qianwen-research", None, "qwen-research"),
        ("qwen-research", None, "qwen-research"),
        ("qwen", None, "qwen"),
        ("deepseek", None, "deepseek"),
        ("deepseek-license", None, "deepseek"),
        ("yi-license", None, "yi"),
        ("stabilityai-ai-community", None, "stabilityai-community"),
        ("mnpl-0.1", None, "mnpl"),
        ("mrl", None, "mrl"),
        ("nvidia-open-model-license", None, "nvidia-open-model-license"),
        ("gemma-terms-of-use", None, "gemma"),
        ("dbrx-license", None, "dbrx"),
        ("tencent-hunyuan-community", None, "tencent-hunyuan"),
        ("https://ai.google.dev/gemma/terms", None, "gemma"),
        ("llama-3.1-community-license-agreement", None, "llama3.1"),
        (None, "https://ai.google.dev/gemma/terms", "gemma"),
        (None, "https://llama.meta.com/llama3/license/", "llama3"),
        (None, "https://www.llama.com/llama3_1/license/", "llama3.1"),
        (
            None,
            "https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE",
            "llama3.2",
        ),
        (
            None,
            "https://huggingface.co/meta-llama/Llama-3.2-11B-Vision/blob/main/LICENSE.txt",
            "llama3.2",
        ),
        (None, "https://mistral.ai/licences/MNPL-0.1.md", "mnpl"),
        (None, "https://www.databricks.com/legal/open-model-license", "dbrx"),
        (None, "https://creativecommons.org/licenses/by-nc/4.0/legalcode", "cc-by-nc-4.0"),
        (None, "https://www.apache.org/licenses/LICENSE-2.0", "apache-2.0"),
        (
            None,
            "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
            "creativeml-openrail-m",
        ),
    ],
)
def test_other_with_license_name_or_link(name, link, expected):
    declaration = LicenseDeclaration(card_license=("other",), license_name=name, license_link=link)
    match = classify(declaration).license
    assert match.key == expected
    source = LicenseSource.LICENSE_NAME if name else LicenseSource.LICENSE_LINK
    assert match.source is source


def test_conflicting_signals_are_all_recorded_and_lower_confidence():
    declaration = LicenseDeclaration(
        card_license=("mit",), license_link="https://llama.com/llama3_1/license"
    )
    assessment = classify(declaration)
    assert assessment.license.key == "mit"
    assert assessment.license.confidence <= 0.5
    assert "conflicts with llama3.1" in assessment.license.evidence
    assert [(m.source, m.key) for m in assessment.evidence] == [
        (LicenseSource.CARD, "mit"),
        (LicenseSource.LICENSE_LINK, "llama3.1"),
    ]


def test_builtin_origin_marks_the_source():
    declaration = LicenseDeclaration(card_license=("gemma",), origin=FactSource.BUILTIN)
    match = classify(declaration).license
    assert (match.key, match.source) == ("gemma", LicenseSource.BUILTIN)


@pytest.fixture
def fake_identifier(monkeypatch):
    """Replace full-text identification with a stub that knows two texts."""
    module = types.ModuleType("llmaudit.licenses.fingerprint")

    def identify_text(text: str) -> TextIdentification:
        keys = [key for key in ("llama3.1", "mit") if f"<{key}>" in text]
        if not keys:
            return TextIdentification(
                license=LicenseMatch(
                    key="unknown",
                    spdx="NOASSERTION",
                    name="Unknown license",
                    evidence="no known license text",
                )
            )
        matches = tuple(TextMatch(key=k, confidence=0.9, coverage=1.0) for k in keys)
        main = LicenseMatch(
            key=keys[0],
            spdx=f"X-{keys[0]}",
            name=keys[0],
            confidence=0.97,
            coverage=1.0,
            evidence=f"full text matches {keys[0]}",
        )
        return TextIdentification(license=main, matches=matches)

    module.identify_text = identify_text
    monkeypatch.setitem(sys.modules, "llmaudit.licenses.fingerprint", module)


def test_relative_license_link_uses_the_file_text(fake_identifier):
    declaration = LicenseDeclaration(
        card_license=("other",),
        license_name=None,
        license_link="LICENSE.md",
        files=(LicenseFile(path="LICENSE.md", text="<llama3.1>", sha256="0"),),
    )
    assessment = classify(declaration)
    assert assessment.license.key == "llama3.1"
    assert assessment.license.source is LicenseSource.LICENSE_FILE
    assert assessment.license.confidence == 0.97
    assert "LICENSE.md" in assessment.license.evidence


def test_file_with_two_licenses_reports_both(fake_identifier):
    declaration = LicenseDeclaration(
        files=(LicenseFile(path="LICENSE", text="<llama3.1> and <mit>", sha256="0"),)
    )
    assessment = classify(declaration)
    assert [m.key for m in assessment.evidence] == ["llama3.1", "mit"]
    assert assessment.license.key == "llama3.1"
    assert assessment.license.confidence <= 0.5


def test_card_wins_over_a_disagreeing_file_but_the_conflict_shows(fake_identifier):
    declaration = LicenseDeclaration(
        card_license=("apache-2.0",),
        files=(LicenseFile(path="LICENSE", text="<llama3.1>", sha256="0"),),
    )
    assessment = classify(declaration)
    assert assessment.license.key == "apache-2.0"
    assert {m.key for m in assessment.evidence} == {"apache-2.0", "llama3.1"}
    assert "conflicts with llama3.1" in assessment.license.evidence


def test_unrecognised_file_text_is_unknown(fake_identifier):
    declaration = LicenseDeclaration(
        card_license=("other",),
        files=(LicenseFile(path="README.md", text="# My model\nSome prose.", sha256="0"),),
    )
    assert classify(declaration).license.is_unknown


def test_missing_identifier_falls_back_to_unknown(monkeypatch):
    monkeypatch.setitem(sys.modules, "llmaudit.licenses.fingerprint", None)
    declaration = LicenseDeclaration(
        files=(LicenseFile(path="LICENSE", text="MIT License ...", sha256="0"),)
    )
    assessment = classify(declaration)
    assert assessment.license.is_unknown
    assert "unavailable" in assessment.evidence[0].evidence


def test_linked_file_not_fetched_is_unknown_evidence():
    declaration = LicenseDeclaration(card_license=("other",), license_link="./LICENSE")
    assessment = classify(declaration)
    assert assessment.license.is_unknown
    assert assessment.evidence[-1].source is LicenseSource.LICENSE_LINK
    assert "file not available" in assessment.evidence[-1].evidence


def test_real_llama_license_file_is_identified(corpus):
    pytest.importorskip("llmaudit.licenses.fingerprint")
    text = (corpus / "licenses" / "llama3.1.txt").read_text(encoding="utf-8")
    declaration = LicenseDeclaration(
        card_license=("other",),
        license_link="LICENSE",
        files=(LicenseFile(path="LICENSE", text=text, sha256=""),),
    )
    match = classify(declaration).license
    assert (match.key, match.source) == ("llama3.1", LicenseSource.LICENSE_FILE)


def _repo_files(*names: tuple[str, str]) -> tuple[LicenseFile, ...]:
    packages = Path(__file__).resolve().parents[1] / "data" / "licenses" / "packages"
    files = []
    for source, path in names:
        text = (packages / source).read_text(encoding="utf-8")
        files.append(
            LicenseFile(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
        )
    return tuple(files)


POINTER_REPO = (
    ("packaging-26.4.LICENSE", "LICENSE"),
    ("packaging-26.4.LICENSE.APACHE", "LICENSE.APACHE"),
    ("packaging-26.4.LICENSE.BSD", "LICENSE.BSD"),
)


@pytest.mark.parametrize(
    ("card", "key", "spdx", "conflict"),
    [
        pytest.param((), "apache-2.0", "Apache-2.0 OR BSD-2-Clause", False, id="files-only-or"),
        pytest.param(("bsd-2-clause",), "bsd-2-clause", "BSD-2-Clause", False, id="card-elects"),
        pytest.param(("apache-2.0",), "apache-2.0", "Apache-2.0", False, id="card-elects-other"),
        pytest.param(("mit",), "mit", "MIT", True, id="card-outside-choice-conflicts"),
    ],
)
def test_a_repo_pointer_to_license_apache_and_bsd_is_a_choice_not_a_conflict(
    card: tuple[str, ...], key: str, spdx: str, conflict: bool
) -> None:
    """LICENSE: "either of the licenses found in LICENSE.APACHE or LICENSE.BSD" beside both
    files is one OR expression; the two files are its parts, not licenses that disagree."""
    found = classify(LicenseDeclaration(card_license=card, files=_repo_files(*POINTER_REPO)))
    assert (found.license.key, found.license.spdx) == (key, spdx)
    assert ("conflicts with" in found.license.evidence) is conflict
    file_evidence = [e for e in found.evidence if e.source is LicenseSource.LICENSE_FILE]
    assert [e.spdx for e in file_evidence] == ["Apache-2.0 OR BSD-2-Clause"]
