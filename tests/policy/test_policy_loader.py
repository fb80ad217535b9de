"""Loading policies: shipped names, paths, extends, and malformed or hostile files."""

from __future__ import annotations

import pytest

from llmaudit.errors import ConfigError, ExitCode
from llmaudit.models import Severity
from llmaudit.policy import (
    list_policies,
    load_policy,
    policy_names,
    policy_to_yaml,
    shipped_policy_dir,
    validate_policy_file,
)
from llmaudit.policy.document import Purpose, Usage
from llmaudit.policy.rules import RULES
from llmaudit.settings import Settings
from tests.policy.policy_builders import write

SHIPPED = ("commercial", "default", "eu-sovereign", "research", "strict")


def test_shipped_policies_are_listed_with_descriptions():
    summaries = list_policies()
    assert tuple(s.name for s in summaries) == SHIPPED
    assert all(s.description for s in summaries)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policy_loads_validates_and_starts_with_who_it_is_for(name):
    policy = load_policy(name, Settings())
    assert policy.name == name and policy.description
    path = shipped_policy_dir() / f"{name}.yaml"
    assert path.read_text(encoding="utf-8").startswith("# For ")
    assert validate_policy_file(path) == ()


def test_commercial_profile_and_inherited_rules():
    policy = load_policy("commercial", Settings())
    assert policy.organization.purpose is Purpose.COMMERCIAL
    assert policy.organization.usage is Usage.DISTRIBUTED
    assert policy.extends == ("default",)
    assert policy.severity_of("license-unknown", None) is Severity.ERROR  # from default
    assert "AGPL-3.0" in policy.packages.deny_licenses


def test_strict_extends_commercial_extends_default():
    policy = load_policy("strict", Settings())
    assert policy.extends == ("commercial", "default")
    assert policy.severity_of("unsafe-serialization", None) is Severity.ERROR
    assert policy.organization.purpose is Purpose.COMMERCIAL


def test_unknown_policy_name_lists_shipped():
    with pytest.raises(ConfigError) as err:
        load_policy("nope", Settings())
    assert str(err.value) == (
        "unknown policy 'nope' (shipped: commercial, default, eu-sovereign, research, strict)"
    )
    assert err.value.exit_code is ExitCode.USAGE


def test_policy_dirs_come_before_shipped(tmp_path):
    write(tmp_path / "commercial.yaml", "name: commercial\ndescription: ours\n")
    policy = load_policy("commercial", Settings(policy_dirs=(tmp_path,)))
    assert policy.description == "ours"


def test_extends_by_relative_path_and_off_switch(tmp_path):
    (tmp_path / "base").mkdir()
    write(
        tmp_path / "base" / "org.yaml",
        "extends: commercial\norganization:\n  jurisdiction: FR\n  monthly_active_users: 5\n",
    )
    child = write(tmp_path / "team.yaml", "extends: base/org.yaml\nrules:\n  gated: off\n")
    policy = load_policy(str(child), Settings())
    assert policy.name == "team"
    assert policy.extends == ("base/org.yaml", "commercial", "default")
    assert policy.organization.jurisdiction == "FR"
    assert policy.organization.monthly_active_users == 5
    assert policy.organization.purpose is Purpose.COMMERCIAL  # merged from commercial
    assert policy.severity_of("gated", Severity.INFO) is None


def test_policy_to_yaml_round_trips_through_validation(tmp_path):
    original = load_policy("eu-sovereign", Settings())
    text = policy_to_yaml(original)
    assert text.startswith("# eu-sovereign <- commercial <- default (")
    assert "geographic-restriction: error" in text
    copy = write(tmp_path / "eu-sovereign.yaml", text)
    assert validate_policy_file(copy) == ()
    reloaded = load_policy(str(copy), Settings())
    assert reloaded.organization == original.organization
    assert reloaded.packages == original.packages
    assert reloaded.governing_law_allowed == original.governing_law_allowed
    assert {r.rule: r.severity for r in reloaded.rules} == {
        rule: original.severity_of(rule, spec.default) for rule, spec in RULES.items()
    }


BAD_FILES = [
    ("yaml-syntax", "rules: [unclosed\n", "bad.yaml:2: invalid YAML"),
    ("not-a-mapping", "- just\n- a list\n", "bad.yaml:1: a policy must be a mapping"),
    ("empty-file", "", "this file is empty"),
    (
        "wrong-type-mau",
        "organization:\n  monthly_active_users: lots\n",
        "bad.yaml:2: organization.monthly_active_users: expected integer, got a string",
    ),
    (
        "bool-is-not-int",
        "organization:\n  monthly_active_users: true\n",
        "expected integer, got a boolean",
    ),
    ("negative-revenue", "organization:\n  annual_revenue_usd: -1\n", "must be at least 0"),
    ("bad-usage", "organization:\n  usage: sometimes\n", "'sometimes' is not one of"),
    ("lowercase-country", "organization:\n  jurisdiction: de\n", "does not match"),
    (
        "unknown-rule-id",
        "rules:\n  gated: info\n  no-such-rule: error\n",
        "bad.yaml:3: rules.no-such-rule: unknown key 'no-such-rule'",
    ),
    ("bad-severity", "rules:\n  gated: fatal\n", "bad.yaml:2: rules.gated: 'fatal' is not one of"),
    ("unknown-top-key", "name: x\nsurprise: 1\n", "bad.yaml:2: surprise: unknown key 'surprise'"),
    (
        "waiver-date-not-a-date",
        "waivers:\n  - rule: gated\n    subject: a/b\n    reason: r\n    owner: o\n"
        "    expires: next year\n",
        "bad.yaml:6: waivers[0].expires: 'next year' is not a date",
    ),
    (
        "waiver-impossible-date",
        "waivers:\n  - rule: gated\n    subject: a/b\n    reason: r\n    owner: o\n"
        "    expires: 2026-02-30\n",
        "is not a date",
    ),
    (
        "waiver-datetime-not-date",
        "waivers:\n  - rule: gated\n    subject: a/b\n    reason: r\n    owner: o\n"
        "    expires: 2026-02-01 10:00:00\n",
        "is not a date",
    ),
    (
        "waiver-missing-owner",
        "waivers:\n  - rule: gated\n    subject: a/b\n    reason: r\n    expires: 2026-01-01\n",
        "bad.yaml:2: waivers[0]: missing required key 'owner'",
    ),
    (
        "waiver-unknown-rule",
        "waivers:\n  - rule: typo\n    subject: a/b\n    reason: r\n    owner: o\n"
        "    expires: 2026-01-01\n",
        "waivers[0].rule: 'typo' is not one of",
    ),
    ("duplicate-key", "name: a\nname: b\n", "bad.yaml:2: duplicate key 'name'"),
    ("non-string-key", "rules:\n  1: error\n", "bad.yaml:2: rules.1: key 1 must be a string"),
    (
        "yes-is-not-a-boolean",
        "packages:\n  copyleft_check: yes\n",
        "packages.copyleft_check: expected boolean, got a string",
    ),
    ("python-tag", "name: !!python/object/apply:os.system ['true']\n", "invalid YAML"),
    (
        "bad-package-specifier",
        "packages:\n  deny:\n    - name: x\n      version: '=>1'\n",
        "is not a version or specifier",
    ),
    (
        "alias-bomb",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "alias bomb",
    ),
    ("recursive-alias", "a: &a [*a]\n", "bad.yaml"),
    ("deep-nesting", "a: " + "[" * 60 + "]" * 60 + "\n", "nests deeper than"),
    ("recursion-bomb", "a: " + "[" * 5000 + "\n", "bad.yaml"),
    ("nul-byte", "name: \x00\n", "invalid YAML: unacceptable character"),
    ("tab-indent", "rules:\n\t- x\n", "bad.yaml:2: invalid YAML"),
    ("yaml-set-type", "rules: !!set {a, b}\n", "bad.yaml:1: rules: expected object, got set"),
    ("binary-name", "name: !!binary aGVsbG8=\n", "name: expected string, got bytes"),
    ("not-utf8", "name: caf\udce9\n", "not UTF-8 text"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in BAD_FILES])
def test_bad_policy_file_is_one_line_config_error(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ConfigError) as err:
        load_policy(str(path), Settings())
    message = str(err.value)
    assert "\n" not in message
    assert expected in message.replace(str(tmp_path) + "/", "")
    assert err.value.exit_code is ExitCode.USAGE
    problems = validate_policy_file(path)
    assert problems and all("\n" not in p for p in problems)


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = write(tmp_path / "big.yaml", "# " + "x" * 1_100_000 + "\n")
    with pytest.raises(ConfigError, match="larger than"):
        load_policy(str(path), Settings())


def test_extends_cycle_is_detected(tmp_path):
    write(tmp_path / "a.yaml", "extends: ./b.yaml\n")
    write(tmp_path / "b.yaml", "extends: ./a.yaml\n")
    with pytest.raises(ConfigError, match=r"extends cycle: a.yaml -> b.yaml -> a.yaml"):
        load_policy(str(tmp_path / "a.yaml"), Settings())


def test_extends_self_is_a_cycle(tmp_path):
    write(tmp_path / "me.yaml", "extends: me.yaml\n")
    with pytest.raises(ConfigError, match="extends cycle"):
        load_policy(str(tmp_path / "me.yaml"), Settings())


def test_extends_missing_file_names_file_and_line(tmp_path):
    path = write(tmp_path / "child.yaml", "name: child\nextends: ./missing.yaml\n")
    with pytest.raises(ConfigError) as err:
        load_policy(str(path), Settings())
    assert str(err.value) == f"{path}:2: extends: policy file not found: ./missing.yaml"


def test_extends_invalid_parent_reports_parent_file(tmp_path):
    write(tmp_path / "parent.yaml", "rules:\n  gated: loud\n")
    child = write(tmp_path / "child.yaml", "extends: parent.yaml\n")
    with pytest.raises(ConfigError, match=r"parent.yaml:2: rules.gated"):
        load_policy(str(child), Settings())


def test_validate_collects_every_problem(tmp_path):
    path = write(tmp_path / "p.yaml", "rules:\n  x: error\norganization:\n  usage: 3\n")
    problems = validate_policy_file(path)
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}:2: rules.x: unknown key 'x'")
    assert problems[1].startswith(f"{path}:4: organization.usage:")


def test_missing_policy_path():
    with pytest.raises(ConfigError, match=r"policy file not found: \./nowhere\.yaml"):
        load_policy("./nowhere.yaml", Settings())


def test_policy_names_include_extra_dirs(tmp_path):
    write(tmp_path / "team.yml", "name: team\n")
    assert "team" in policy_names(Settings(policy_dirs=(tmp_path,)))


@pytest.mark.parametrize(
    "text",
    [
        "name: p\nrules:\n  commercial-use: {level: error}\nallow: [a/b, 'c/d']\n",
        "a: off\nb: 2026-01-01\nc: !!timestamp 2026-01-01\nd: True\ne: [1, {f: null}]\n",
        "base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n",
        "- - - nested\n  - sequences\n",
    ],
)
def test_libyaml_and_pure_python_loaders_agree(text):
    from llmaudit.policy import yamlfile

    assert yamlfile._nesting_bound(text) <= yamlfile._FAST_NESTING_BOUND

    def parsed(loader_class):
        loader = loader_class(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()

    assert parsed(yamlfile._FastConfigLoader) == parsed(yamlfile._ConfigLoader)


def test_text_that_could_nest_deeply_never_reaches_libyaml(tmp_path, monkeypatch):
    from llmaudit.policy import yamlfile

    def refuse(*args, **kwargs):
        raise AssertionError("libyaml got unbounded nesting")

    monkeypatch.setattr(yamlfile, "_FastConfigLoader", refuse)
    long_line = "a: " + "[" * 600 + "]" * 600 + "\n"
    with pytest.raises(ConfigError, match="nests deeper than"):
        yamlfile.parse_yaml_text(long_line, "p.yaml")
