"""Card fields, tags and LICENSE files that disagree: a finding naming both values, and the
verdict of the most restrictive reading (a permissive field never hides stricter terms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.models import Verdict

from .hub_repos import audit_one, data_text, rules_at, serve_repo

MODEL = "someorg/mixed-signals"
CORPUS_LICENSES = Path(__file__).resolve().parents[1] / "data" / "corpus" / "licenses"


def test_permissive_card_with_a_non_commercial_license_file_fails_commercial(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={"license": "apache-2.0"},
        files={"LICENSE": data_text("cc-by-nc-4.0.LICENSE.txt")},
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    assert "commercial-use" in rules_at(audit, Verdict.FAIL)
    conflict = next(f.message for f in audit.findings if f.rule == "license-conflict")
    assert "cc-by-nc-4.0" in conflict and "apache-2.0" in conflict
    assert any("LICENSE file" in f.message for f in audit.findings if f.rule == "commercial-use")


def test_permissive_card_with_a_non_commercial_license_link_fails_commercial(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={
            "license": "mit",
            "license_link": "https://creativecommons.org/licenses/by-nc/4.0/",
        },
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    mismatch = next(f.message for f in audit.findings if f.rule == "card-mismatch")
    assert "mit" in mismatch and "cc-by-nc-4.0" in mismatch
    hit = next(f.message for f in audit.findings if f.rule == "commercial-use")
    assert "license_link" in hit


# mlx-community's card shape (mlx-lm 0.24): the original's license and license_link copied,
# the link pointing at the original repo's LICENSE.
def _serve_conversion(hub, original: str, license_text: str) -> str:
    serve_repo(hub, original, card_data={"license": "apache-2.0"}, files={"LICENSE": license_text})
    converted = "mlx-community/converted-4bit"
    serve_repo(
        hub,
        converted,
        card_data={
            "library_name": "mlx",
            "license": "apache-2.0",
            "license_link": f"https://huggingface.co/{original}/blob/main/LICENSE",
            "pipeline_tag": "text-generation",
            "tags": ["mlx"],
        },
    )
    return converted


def test_a_license_link_to_another_repos_license_file_is_read(hub, tmp_path):
    converted = _serve_conversion(
        hub, "Qwen/Qwen3-8B", (CORPUS_LICENSES / "apache-2.0.txt").read_text(encoding="utf-8")
    )
    audit = audit_one(hub, tmp_path, converted, "commercial")
    url = "https://huggingface.co/Qwen/Qwen3-8B/blob/main/LICENSE"
    assert [f.path for f in audit.facts.declaration.files] == [url]
    assert audit.verdict is Verdict.PASS, [(f.rule, f.message) for f in audit.findings]


def test_a_permissive_card_linking_another_repos_non_commercial_license_fails(hub, tmp_path):
    converted = _serve_conversion(
        hub, "someorg/research-model", data_text("cc-by-nc-4.0.LICENSE.txt")
    )
    audit = audit_one(hub, tmp_path, converted, "commercial")
    assert audit.verdict is Verdict.FAIL
    assert "commercial-use" in rules_at(audit, Verdict.FAIL)
    conflict = next(f.message for f in audit.findings if f.rule == "license-conflict")
    assert "cc-by-nc-4.0" in conflict


def test_an_unreadable_license_link_to_another_repo_is_noted(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={
            "license": "apache-2.0",
            "license_link": "https://huggingface.co/gone/model/blob/main/LICENSE",
        },
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert any("gone/model/blob/main/LICENSE could not be read" in n for n in audit.facts.notes)


def test_unknown_license_name_next_to_a_declared_id_is_a_mismatch_and_not_a_pass(hub, tmp_path):
    serve_repo(
        hub,
        MODEL,
        card_data={
            "license": "apache-2.0",
            "license_name": "acme-internal-model-license",
            "license_link": "https://acme.example/model-license",
        },
    )
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    mismatch = next(f.message for f in audit.findings if f.rule == "card-mismatch")
    assert "apache-2.0" in mismatch and "acme-internal-model-license" in mismatch
    unknown = next(f.message for f in audit.findings if f.rule == "license-unknown")
    assert "license_name" in unknown and "acme-internal-model-license" in unknown


@pytest.mark.parametrize("name", ["other", "Apache License 2.0", "apache-2.0"])
def test_license_name_that_agrees_or_is_a_placeholder_is_no_finding(hub, tmp_path, name):
    serve_repo(hub, MODEL, card_data={"license": "apache-2.0", "license_name": name})
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.PASS, [(f.rule, f.message) for f in audit.findings]


def test_a_card_repeating_its_license_key_fails_on_the_stricter_value(hub, tmp_path):
    from tests.resolve.test_card import _with_later_license

    # served without cardData, as the Hub serves a front matter it could not parse
    serve_repo(hub, MODEL, card_data=None, files={"README.md": _with_later_license("apache-2.0")})
    audit = audit_one(hub, tmp_path, MODEL, "commercial")
    assert audit.verdict is Verdict.FAIL
    assert "commercial-use" in rules_at(audit, Verdict.FAIL)
    assert any("license is given more than once" in f.message for f in audit.findings)
