"""Policy loader (policy/loader.py): any YAML is a Policy or one ConfigError; validate agrees."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from llmaudit.errors import ConfigError
from llmaudit.policy import load_policy, validate_policy_file
from llmaudit.policy.document import Policy
from llmaudit.policy.loader import shipped_policy_dir
from llmaudit.settings import Settings

from .profile import fuzz_settings
from .strategies import SCALARS, json_values

pytestmark = pytest.mark.fuzz

SHIPPED = sorted(p.stem for p in shipped_policy_dir().glob("*.yaml"))
POLICY_SOUP = st.sampled_from(
    [
        "rules:",
        "waivers:",
        "extends:",
        "organization:",
        "publishers:",
        "models:",
        "packages:",
        " default",
        " ./other.yaml",
        " commercial-use",
        " error",
        " off",
        " 2030-01-01",
        " 2025-02-30",
        "\n",
        "  ",
        "- ",
        "rule: ",
        "subject: ",
        "reason: ",
        "owner: ",
        "expires: ",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        ": ",
        ", ",
        "'",
        "!!python/name:os.system",
        "<<: *a",
        "monthly_active_users: ",
        "1e400",
        "-1",
        ".inf",
        "allow:",
        "deny:",
        "version: ",
        "name: ",
    ]
)


def _shipped_data(name: str) -> dict:
    return yaml.safe_load((shipped_policy_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _load_both(path: Path):
    """load_policy's outcome and validate_policy_file's problems; nothing else may escape."""
    try:
        outcome: Policy | ConfigError = load_policy(str(path), Settings())
    except ConfigError as exc:
        outcome = exc
    problems = validate_policy_file(path)
    assert all(isinstance(p, str) and "\n" not in p for p in problems)
    return outcome, problems


def _check(path: Path) -> None:
    outcome, problems = _load_both(path)
    if isinstance(outcome, Policy):
        assert problems == ()
        assert all(rule.rule for rule in outcome.rules)
    else:
        assert "\n" not in str(outcome)
        assert problems, str(outcome)


@fuzz_settings()
@given(name=st.sampled_from(SHIPPED), data=st.data())
def test_mutated_shipped_policies_load_or_fail_cleanly(tmp_path_factory, name, data):
    document = copy.deepcopy(_shipped_data(name))
    paths = list(_paths(document))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        where = data.draw(st.sampled_from(paths))
        replacement = data.draw(st.one_of(SCALARS, json_values(8)))
        if not where:
            document = replacement
            break
        parent = document
        try:
            for part in where[:-1]:
                parent = parent[part]
            parent[where[-1]] = replacement
        except (KeyError, IndexError, TypeError):
            continue
    folder = tmp_path_factory.mktemp("policy")
    path = folder / f"{name}-mutated.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _check(path)


@fuzz_settings()
@given(st.lists(POLICY_SOUP, max_size=40).map("".join))
def test_policy_soup_loads_or_fails_cleanly(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("soup")
    (folder / "other.yaml").write_text("extends: ./policy.yaml\n", encoding="utf-8")
    path = folder / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    _check(path)


@fuzz_settings()
@given(st.binary(max_size=200))
def test_any_bytes_load_or_fail_cleanly(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "policy.yaml"
    path.write_bytes(raw)
    _check(path)
