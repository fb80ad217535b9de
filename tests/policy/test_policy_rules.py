"""Individual rules: thresholds, scope, law, publishers, lists, packages, safety, suppression."""

from __future__ import annotations

from dataclasses import replace

import pytest

from llmaudit.models import (
    FactSource,
    LicenseSource,
    Location,
    Modality,
    Severity,
    Verdict,
)
from llmaudit.policy import evaluate, load_policy
from llmaudit.settings import Settings
from tests.policy.policy_builders import dataset, match, model, package, write


def _policy(tmp_path, text: str, settings: Settings | None = None):
    return load_policy(str(write(tmp_path / "p.yaml", text)), settings or Settings())


def _findings(audit, rule):
    return [f for f in audit.findings if f.rule == rule]


@pytest.mark.parametrize(
    ("key", "profile", "expected"),
    [
        pytest.param(
            "llama3.1",
            "monthly_active_users: 700000001",
            Verdict.FAIL,
            id="llama-700M-MAU-exceeded",
        ),
        pytest.param(
            "llama3.1",
            "monthly_active_users: 700000000",
            Verdict.PASS,
            id="llama-700M-MAU-exactly-is-not-greater",
        ),
        pytest.param(
            "tongyi-qianwen",
            "monthly_active_users: 150000000",
            Verdict.FAIL,
            id="qwen-100M-MAU-exceeded",
        ),
        pytest.param(
            "stabilityai-community",
            "annual_revenue_usd: 1000000",
            Verdict.FAIL,
            id="stability-1M-revenue-not-less-than",
        ),
        pytest.param(
            "stabilityai-community",
            "annual_revenue_usd: 999999",
            Verdict.PASS,
            id="stability-under-1M-revenue",
        ),
    ],
)
def test_threshold_against_org_profile(stub_kb, tmp_path, key, profile, expected):
    policy = _policy(tmp_path, f"extends: commercial\norganization:\n  {profile}\n")
    audit = evaluate((model(key),), (), policy, Settings()).models[0]
    assert audit.verdict is expected
    if expected is Verdict.FAIL:
        assert "is above the" in _findings(audit, "threshold")[0].message


def test_threshold_is_inherited_from_base(stub_kb, tmp_path):
    from tests.policy.policy_builders import lineage

    policy = _policy(
        tmp_path, "extends: commercial\norganization:\n  monthly_active_users: 800000000\n"
    )
    audit = evaluate(
        (model("apache-2.0", bases=lineage("llama3.1")),), (), policy, Settings()
    ).models[0]
    (finding,) = _findings(audit, "threshold")
    assert finding.severity is Severity.ERROR and "Llama 3.1" in finding.message
    assert audit.verdict is Verdict.FAIL


@pytest.mark.parametrize(
    ("jurisdiction", "modality", "expected"),
    [
        pytest.param("DE", Modality.VISION, Verdict.FAIL, id="member-state-multimodal"),
        pytest.param("DE", Modality.TEXT, Verdict.PASS, id="member-state-text-only"),
        pytest.param("US", Modality.VISION, Verdict.PASS, id="outside-eu"),
        pytest.param("NO", Modality.VISION, Verdict.PASS, id="eea-but-not-eu"),
        pytest.param("DE", Modality.UNKNOWN, Verdict.WARN, id="unknown-modality-caution"),
    ],
)
def test_llama32_eu_multimodal_scope(stub_kb, tmp_path, jurisdiction, modality, expected):
    policy = _policy(
        tmp_path, f"extends: commercial\norganization:\n  jurisdiction: {jurisdiction}\n"
    )
    audit = evaluate((model("llama3.2", modality=modality),), (), policy, Settings()).models[0]
    assert audit.verdict is expected


def test_modality_comes_from_ancestor_when_unknown(stub_kb, tmp_path):
    from llmaudit.models import ModelFacts
    from tests.policy.policy_builders import lineage

    policy = _policy(tmp_path, "extends: commercial\norganization:\n  jurisdiction: FR\n")
    audit = model("llama3.2", modality=Modality.UNKNOWN, bases=lineage("llama3.2"))
    vision_base = ModelFacts(id="org/base-1", modality=Modality.VISION)
    audit = replace(audit, facts=replace(audit.facts, ancestors=(vision_base,)))
    assert evaluate((audit,), (), policy, Settings()).models[0].verdict is Verdict.FAIL


def test_governing_law_prc_courts_warn_for_eu_org(stub_kb):
    settings = Settings()
    audit = evaluate(
        (model("tongyi-qianwen"),), (), load_policy("eu-sovereign", settings), settings
    ).models[0]
    (finding,) = _findings(audit, "governing-law")
    assert finding.severity is Severity.WARNING
    assert "Hangzhou" in finding.message and "(§8)" in finding.message


def test_publisher_country_deny_reaches_base_models(stub_kb, tmp_path):
    from tests.policy.policy_builders import ancestor

    policy = _policy(tmp_path, "publishers:\n  deny_countries: [CN]\n  countries: {acme: US}\n")
    derived = model(
        "apache-2.0",
        model_id="acme/qwen-ft",
        bases=(ancestor("Qwen/Qwen2.5-7B", "apache-2.0", relation="finetune"),),
    )
    audit = evaluate((derived,), (), policy, Settings()).models[0]
    (finding,) = _findings(audit, "publisher")
    assert "Qwen/Qwen2.5-7B" in finding.message and "CN" in finding.message
    assert audit.verdict is Verdict.FAIL


def test_publisher_allow_list(stub_kb, tmp_path):
    policy = _policy(tmp_path, "publishers:\n  allow: [google, meta-llama]\n")
    ok = model(model_id="google/gemma-2b")
    other = model(model_id="random/model")
    ok_audit, other_audit = evaluate((ok, other), (), policy, Settings()).models
    assert ok_audit.verdict is Verdict.PASS and other_audit.verdict is Verdict.FAIL


def test_model_deny_list_pinned_by_revision(stub_kb, tmp_path):
    policy = _policy(
        tmp_path,
        "models:\n  deny:\n    - id: acme/model\n      revision: abc1234\n"
        "      reason: leaked weights\n",
    )
    bad = model(revision="abc1234def5678")
    good = model(revision="fff0000")
    bad_audit, good_audit = evaluate((bad, good), (), policy, Settings()).models
    assert bad_audit.verdict is Verdict.FAIL
    assert "leaked weights" in _findings(bad_audit, "deny-list")[0].message
    assert good_audit.verdict is Verdict.PASS


def test_model_allow_list_clears_license_findings_not_safety(stub_kb, tmp_path):
    policy = _policy(
        tmp_path,
        "extends: commercial\nmodels:\n  allow:\n    - id: acme/model\n"
        "      reason: commercial license signed 2025\n",
    )
    audit = model("cc-by-nc-4.0", unsafe_files=("pytorch_model.bin",))
    result = evaluate((audit,), (), policy, Settings()).models[0]
    assert _findings(result, "commercial-use")[0].severity is Severity.INFO
    assert _findings(result, "unsafe-serialization")[0].severity is Severity.WARNING
    assert result.verdict is Verdict.WARN


@pytest.mark.parametrize(
    ("spdx", "usage", "expected"),
    [
        pytest.param("AGPL-3.0-only", "distributed", Verdict.FAIL, id="agpl-denied"),
        pytest.param("MIT OR AGPL-3.0-or-later", "distributed", Verdict.PASS, id="or-choice-mit"),
        pytest.param("MIT AND AGPL-3.0+", "distributed", Verdict.FAIL, id="and-both-apply"),
        pytest.param("GPL-3.0-only", "distributed", Verdict.WARN, id="gpl-distributed"),
        pytest.param("GPL-3.0-only", "saas", Verdict.PASS, id="gpl-saas-no-distribution"),
        pytest.param("LGPL-3.0-only", "distributed", Verdict.PASS, id="lgpl-weak"),
        pytest.param(None, "distributed", Verdict.WARN, id="unknown-license"),
        pytest.param("Apache-2.0", "distributed", Verdict.PASS, id="permissive"),
        pytest.param("CC-BY-NC-4.0", "saas", Verdict.FAIL, id="non-commercial"),
        pytest.param("PolyForm-Noncommercial-1.0.0", "saas", Verdict.FAIL, id="polyform-nc"),
        pytest.param("Apache-2.0 AND CC-BY-NC-SA-4.0", "saas", Verdict.FAIL, id="and-nc-part"),
        pytest.param("MIT OR CC-BY-NC-4.0", "saas", Verdict.PASS, id="or-choice-not-nc"),
        # not in the knowledge base: ScanCode's LicenseDB category decides open vs restricted
        pytest.param("BUSL-1.1", "saas", Verdict.WARN, id="source-available"),
        pytest.param("MIT-CMU", "distributed", Verdict.PASS, id="licensedb-permissive"),
        pytest.param("LicenseRef-acme-eula", "saas", Verdict.WARN, id="nobody-knows-it"),
        pytest.param("LicenseRef-bsd", "distributed", Verdict.PASS, id="open-family"),
        # an exception only adds permissions: llvmlite's metadata, word for word
        pytest.param(
            "BSD-2-Clause AND Apache-2.0 WITH LLVM-exception",
            "distributed",
            Verdict.PASS,
            id="with-exception-is-its-license",
        ),
        pytest.param(
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "distributed",
            Verdict.WARN,
            id="exception-keeps-the-copyleft",
        ),
        pytest.param(
            "CC-BY-NC-4.0 WITH LLVM-exception", "saas", Verdict.FAIL, id="exception-keeps-nc"
        ),
    ],
)
def test_package_license(stub_kb, tmp_path, spdx, usage, expected):
    policy = _policy(tmp_path, f"extends: commercial\norganization:\n  usage: {usage}\n")
    result = evaluate((), (package("lib", spdx),), policy, Settings())
    assert result.packages[0].verdict is expected


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [("commercial", Verdict.FAIL), ("unspecified", Verdict.WARN), ("research", Verdict.PASS)],
)
def test_non_commercial_package_follows_the_purpose(stub_kb, tmp_path, purpose, expected):
    policy = _policy(
        tmp_path,
        f"extends: default\norganization:\n  purpose: {purpose}\nrules:\n  package-license: error\n",
    )
    result = evaluate((), (package("weights", "CC-BY-NC-4.0"),), policy, Settings())
    assert result.packages[0].verdict is expected
    if expected is not Verdict.PASS:
        message = result.packages[0].findings[0].message
        assert "not for commercial use (CC-BY-NC-4.0" in message


@pytest.mark.parametrize("spdx", [None, "LicenseRef-acme-eula"])
def test_unchecked_package_license_fails_closed_under_ci(stub_kb, tmp_path, spdx):
    policy = _policy(tmp_path, "extends: default\n")
    lenient = evaluate((), (package("lib", spdx),), policy, Settings())
    assert lenient.packages[0].verdict is Verdict.WARN
    closed = evaluate((), (package("lib", spdx),), policy, Settings(ci=True))
    assert closed.packages[0].verdict is Verdict.FAIL
    assert closed.packages[0].findings[0].severity is Severity.ERROR


def test_ci_keeps_known_copyleft_a_warning(stub_kb, tmp_path):
    policy = _policy(tmp_path, "extends: commercial\n")
    result = evaluate((), (package("lib", "GPL-3.0-only"),), policy, Settings(ci=True))
    assert result.packages[0].verdict is Verdict.WARN


def test_package_allow_and_deny_by_version(stub_kb, tmp_path):
    policy = _policy(
        tmp_path,
        "extends: commercial\npackages:\n  allow:\n    - name: Lib_A\n"
        "      version: '>=2'\n  deny:\n    - name: evil\n"
        "      version: '<1.5'\n",
    )
    result = evaluate(
        (),
        (
            package("lib-a", "AGPL-3.0", "2.1"),
            package("lib-a", "AGPL-3.0", "1.0"),
            package("evil", "MIT", "1.4"),
            package("evil", "MIT", "1.6"),
            package("evil", "MIT", None),
        ),
        policy,
        Settings(),
    )
    assert [p.verdict for p in result.packages] == [
        Verdict.PASS,
        Verdict.FAIL,
        Verdict.FAIL,
        Verdict.PASS,
        Verdict.WARN,
    ]


def test_safety_rules_under_strict(stub_kb):
    settings = Settings()
    audit = model(
        "apache-2.0",
        unsafe_files=("a.bin",),
        remote_code=True,
        remote_code_evidence=("modeling_x.py",),
        gated=True,
        card_exists=False,
    )
    result = evaluate((audit,), (), load_policy("strict", settings), settings).models[0]
    rules = {f.rule: f.severity for f in result.findings}
    assert rules["unsafe-serialization"] is Severity.ERROR
    assert rules["remote-code"] is Severity.ERROR
    assert rules["missing-card"] is Severity.ERROR
    assert rules["gated"] is Severity.WARNING
    assert result.verdict is Verdict.FAIL


def test_unresolved_model_is_unknown_and_explains_why(stub_kb):
    settings = Settings()
    audit = model("unknown", source=FactSource.UNRESOLVED, unresolved_reason="404 Not Found")
    result = evaluate((audit,), (), load_policy("default", settings), settings).models[0]
    assert sorted(f.rule for f in result.findings) == ["license-unknown", "resolve-error"]
    assert result.verdict is Verdict.FAIL  # never reads as allowed; exit code 3 says "unchecked"
    resolve_error = next(f for f in result.findings if f.rule == "resolve-error")
    assert "404 Not Found" in resolve_error.message


def test_card_mismatch_and_license_file_conflict(stub_kb):
    settings = Settings()
    evidence = (
        match("apache-2.0", LicenseSource.CARD),
        match("mit", LicenseSource.LICENSE_LINK),
        match("llama3.1", LicenseSource.LICENSE_FILE),
    )
    audit = model("apache-2.0", evidence=evidence)
    result = evaluate((audit,), (), load_policy("strict", settings), settings).models[0]
    rules = sorted(f.rule for f in result.findings if f.severity is Severity.ERROR)
    assert rules == ["card-mismatch", "license-conflict"]


def test_dataset_license_nc_under_commercial(stub_kb):
    settings = Settings()
    audit = model(
        "apache-2.0", datasets=(dataset("org/nc-data", "cc-by-nc-4.0"), dataset("org/mystery"))
    )
    result = evaluate((audit,), (), load_policy("commercial", settings), settings).models[0]
    severities = [f.severity for f in _findings(result, "dataset-license")]
    assert severities == [Severity.WARNING, Severity.INFO]


def test_suppressed_rule_on_every_location_drops_finding(stub_kb):
    settings = Settings()
    muted = Location(path="a.py", line=1, suppressed_rules=("commercial-use",))
    loud = Location(path="b.py", line=7)
    policy = load_policy("commercial", settings)
    only_muted = evaluate(
        (model("cc-by-nc-4.0", locations=(muted,)),), (), policy, settings
    ).models[0]
    assert not _findings(only_muted, "commercial-use")
    assert only_muted.verdict is Verdict.PASS
    mixed = evaluate(
        (model("cc-by-nc-4.0", locations=(muted, loud)),), (), policy, settings
    ).models[0]
    (finding,) = _findings(mixed, "commercial-use")
    assert (finding.path, finding.line) == ("b.py", 7)


def test_info_findings_never_change_verdict(stub_kb):
    settings = Settings()
    result = evaluate(
        (model("llama3.1"),), (), load_policy("commercial", settings), settings
    ).models[0]
    assert result.findings and all(f.severity is Severity.INFO for f in result.findings)
    assert result.verdict is Verdict.PASS


def test_obligations_include_inherited_with_origin(stub_kb):
    from tests.policy.policy_builders import lineage

    settings = Settings()
    audit = model("apache-2.0", bases=lineage("llama3.1"))
    result = evaluate((audit,), (), load_policy("commercial", settings), settings).models[0]
    inherited = [o for o in result.obligations if o.inherited_from == "org/base-1"]
    assert {o.kind for o in inherited} >= {"attribution", "naming", "threshold", "flow-down"}
    assert all(o.license_key == "llama3.1" for o in inherited)
    own = [o for o in result.obligations if o.inherited_from is None]
    assert own and all(o.license_key == "apache-2.0" for o in own)


@pytest.mark.parametrize(
    ("scope", "modality", "expected"),
    [
        pytest.param("all", Modality.TEXT, True, id="all"),
        pytest.param("multimodal", Modality.TEXT, False, id="multimodal-vs-text"),
        pytest.param("multimodal", Modality.AUDIO, True, id="multimodal-vs-audio"),
        pytest.param("vision", Modality.AUDIO, False, id="vision-vs-audio"),
        pytest.param("text", Modality.VISION, False, id="text-vs-vision"),
        pytest.param("multimodal", Modality.UNKNOWN, None, id="unknown-modality"),
        pytest.param("weird-scope", Modality.TEXT, None, id="unknown-scope-not-assumed-away"),
    ],
)
def test_scope_applies(scope, modality, expected):
    from llmaudit.policy.rules.sovereignty import scope_applies

    assert scope_applies(scope, modality) is expected


@pytest.mark.parametrize(
    ("region", "country", "expected"),
    [
        ("EU", "DE", True),
        ("EU", "EL", True),
        ("EU", "NO", False),
        ("EEA", "NO", True),
        ("EEA", "EU", True),
        ("EU", "EU", True),
        ("GB", "UK", True),
        ("US", "California", True),
        ("EU", "PRC", False),
        ("CN", "China", True),
        ("EU", None, False),
        ("EU", "Narnia", False),
    ],
)
def test_region_covers(region, country, expected):
    from llmaudit.policy.jurisdictions import covers

    assert covers(region, country) is expected


def test_stricter_license_file_binds_the_model(stub_kb):
    settings = Settings()
    evidence = (
        match("apache-2.0", LicenseSource.CARD),
        match("cc-by-nc-4.0", LicenseSource.LICENSE_FILE),
    )
    audit = model("apache-2.0", evidence=evidence)
    result = evaluate((audit,), (), load_policy("commercial", settings), settings).models[0]
    (commercial,) = _findings(result, "commercial-use")
    assert commercial.message.startswith("acme/model's LICENSE file is under CC BY-NC 4.0")
    (conflict,) = _findings(result, "license-conflict")
    assert "LICENSE file is cc-by-nc-4.0 but its card declares apache-2.0" in conflict.message
    assert result.verdict is Verdict.FAIL
    assert {o.license_key for o in result.obligations} == {"apache-2.0", "cc-by-nc-4.0"}


def test_unresolved_package_license_never_passes(stub_kb, policies):
    unresolved = package("lib", None)
    unresolved = replace(
        unresolved,
        facts=replace(unresolved.facts, source=FactSource.UNRESOLVED, unresolved_reason="offline"),
    )
    result = evaluate((), (unresolved,), policies("strict"), Settings()).packages[0]
    (finding,) = result.findings
    assert finding.severity is Severity.WARNING and "(offline)" in finding.message
    assert result.verdict is not Verdict.PASS


def test_pickle_with_safetensors_alternative_is_only_a_caution(stub_kb, policies):
    both = model(unsafe_files=("pytorch_model.bin",), weight_formats=("pickle", "safetensors"))
    only = model(unsafe_files=("pytorch_model.bin",), weight_formats=("pickle",))
    both_audit, only_audit = evaluate((both, only), (), policies("strict"), Settings()).models
    assert both_audit.verdict is Verdict.WARN
    assert "use_safetensors=True" in _findings(both_audit, "unsafe-serialization")[0].message
    assert only_audit.verdict is Verdict.FAIL


def test_undeclared_revenue_under_a_revenue_ceiling_warns_but_mau_only_notes():
    from llmaudit.models import Severity

    settings = Settings()
    policy = load_policy("commercial", settings)
    stability = evaluate((model("stabilityai-community"),), (), policy, settings).models[0]
    llama = evaluate((model("llama3.1"),), (), policy, settings).models[0]
    assert [f.severity for f in stability.findings if f.rule == "threshold"] == [Severity.WARNING]
    assert [f.severity for f in llama.findings if f.rule == "threshold"] == [Severity.INFO]


@pytest.mark.parametrize(
    ("usage", "cautioned"), [("saas", True), ("internal", False), ("distributed", False)]
)
def test_falcon_180b_hosting_use_is_a_caution_for_services(
    stub_kb, tmp_path, monkeypatch, usage, cautioned
):
    from llmaudit.licenses.knowledge import load_knowledge

    falcon = load_knowledge()["falcon-180b"]  # the real entry: §9 Hosting Use
    monkeypatch.setitem(stub_kb, "falcon-180b", falcon)
    policy = _policy(tmp_path, f"extends: commercial\norganization:\n  usage: {usage}\n")
    audit = evaluate(
        (model("falcon-180b", model_id="tiiuae/falcon-180B"),), (), policy, Settings()
    ).models[0]
    hosting = [f for f in audit.findings if "restricts saas use" in f.message]
    assert bool(hosting) is cautioned
    if cautioned:
        assert hosting[0].rule == "commercial-use" and hosting[0].severity is Severity.WARNING
        assert "§9.2" in hosting[0].message
