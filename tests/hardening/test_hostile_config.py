"""Hostile policy, waiver, lock, baseline and cache files: one line on stderr, exit 2 (or 3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from llmaudit.models import ModelRef
from llmaudit.resolve import resolve
from tests.loopback_hub import json_reply

from .bombs import alias_bomb
from .clihelp import assert_one_line_error, run_cli
from .conftest import hub_settings, model_info

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-project"
LAUGHS = alias_bomb("x")
WAIVER = (
    "waivers:\n  - rule: {rule}\n    subject: a/b\n    reason: r\n    owner: me\n"
    "    expires: {date}\n"
)

POLICIES = {
    "bomb": (LAUGHS, "alias bomb"),
    "deep": ("rules: " + "[" * 3000 + "]" * 3000 + "\n", "nests deeper than 50 levels"),
    "wrong-type": ("rules: [commercial-use]\n", "rules: expected object, got a list"),
    "scalar": ("just text\n", "a policy must be a mapping of keys"),
    "unknown-rule": ("rules:\n  no-such-rule: error\n", "unknown key 'no-such-rule'"),
    "bad-level": ("rules:\n  commercial-use: fatal\n", "'fatal' is not one of"),
    "bad-date": (
        WAIVER.format(rule="commercial-use", date="next-week"),
        "'next-week' is not a date",
    ),
    "impossible-date": (
        WAIVER.format(rule="commercial-use", date="2025-02-30"),
        "'2025-02-30' is not a date",
    ),
    "unknown-waiver-rule": (WAIVER.format(rule="nope", date="2030-01-01"), "'nope' is not one of"),
    "python-tag": (
        "rules: !!python/object/apply:os.system ['echo pwned']\n",
        "could not determine a constructor",
    ),
    "missing-parent": ("extends: ./nowhere.yaml\n", "policy file not found: ./nowhere.yaml"),
    "self-cycle": ("extends: ./self-cycle.yaml\n", "extends cycle"),
    "huge-int": (
        "organization:\n  annual_revenue_usd: 1" + "0" * 5000 + "\n",
        "invalid YAML value",
    ),
}


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_hostile_policy_is_one_line_and_exit_2(tmp_path, name, monkeypatch):
    text, fragment = POLICIES[name]
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("scan", str(DEMO), "--offline", "--policy", f"./{name}.yaml")
    assert_one_line_error(result, 2, fragment)
    assert result.stdout == ""  # no half report before the error


def test_extends_cycle_names_the_chain(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text("extends: ./b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: ./a.yaml\n")
    monkeypatch.chdir(tmp_path)
    line = assert_one_line_error(run_cli("scan", str(DEMO), "--offline", "--policy", "./a.yaml"), 2)
    assert line.endswith("extends cycle: a.yaml -> b.yaml -> a.yaml")


def test_binary_policy_is_one_line(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_bytes(b"\xff\xfe\x00rules:")
    assert_one_line_error(
        run_cli("scan", str(DEMO), "--offline", "--policy", str(policy)), 2, "not UTF-8 text"
    )


def test_validate_reports_every_hostile_file_and_exits_2(tmp_path):
    files = []
    for name, (text, _) in POLICIES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    result = run_cli("policy", "validate", *files)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == len(files)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (LAUGHS, "alias bomb"),
        ("- a\n", "a waiver file must be a mapping with one key, 'waivers'"),
        (WAIVER.format(rule="commercial-use", date="soon"), "'soon' is not a date"),
        (WAIVER.format(rule="bogus-rule", date="2030-01-01"), "'bogus-rule' is not one of"),
    ],
)
def test_hostile_waiver_file_is_one_line(tmp_path, text, fragment):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(text, encoding="utf-8")
    result = run_cli("scan", str(DEMO), "--offline", "--waivers", str(waivers))
    assert_one_line_error(result, 2, fragment)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"garbage", "lock file is unreadable"),
        (b"\xff\xfe\x00\x00", "lock file is unreadable"),
        (b'{"version": 99, "models": {}}', "not an llmaudit lock file"),
        (b'{"version": 1, "models": {"a/b": 3}}', "lock entry 'a/b' is not a mapping"),
    ],
)
def test_corrupted_or_foreign_lock_is_one_line(tmp_path, content, fragment):
    lock = tmp_path / "llmaudit.lock"
    lock.write_bytes(content)
    result = run_cli("scan", str(DEMO), "--offline", "--lock", str(lock))
    assert_one_line_error(result, 2, fragment, "delete")
    assert lock.read_bytes() == content  # never silently overwritten


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\xff\xfe", "corrupted baseline"),
        (b'{"findings": []}', "not an llmaudit baseline file"),
        (b'{"llmaudit_baseline": 99, "findings": []}', "baseline version 99 is not supported"),
        (b'{"llmaudit_baseline": 1, "findings": [3]}', "corrupted baseline"),
    ],
)
def test_corrupted_or_foreign_baseline_is_one_line(tmp_path, content, fragment):
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    result = run_cli("scan", str(DEMO), "--offline", "--baseline", str(baseline))
    assert_one_line_error(result, 2, fragment)


def test_garbage_http_cache_is_one_line_then_works_once_deleted(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http-cache.sqlite").write_bytes(bytes(range(256)) * 400)
    env = {"LLMAUDIT_CACHE_DIR": str(cache)}
    result = run_cli("check", "org/model", "--offline", env=env)
    assert_one_line_error(result, 3, "http-cache.sqlite: the HTTP cache is unreadable", "delete it")
    (cache / "http-cache.sqlite").unlink()
    again = run_cli("check", "org/model", "--offline", "--format", "json", env=env)
    assert again.exit_code == 3  # offline, cold: could not check, never a pass
    assert json.loads(again.stdout)["models"][0]["source"] == "unresolved"


def test_garbage_facts_cache_entries_are_ignored(hub, tmp_path):
    hub.route("/api/models/org/a", json_reply(model_info("org/a")))
    settings = hub_settings(tmp_path, hub.url)
    resolve((ModelRef(id="org/a"),), settings)
    for entry in (settings.cache_dir / "facts").rglob("*.json"):
        entry.write_bytes(b"\x00garbage{")
    offline = hub_settings(tmp_path, hub.url, offline=True)
    (facts,) = resolve((ModelRef(id="org/a"),), offline)
    assert facts.declaration.card_license == ("mit",)  # served from the HTTP cache instead


def _mangle_pages(database: Path) -> None:
    data = bytearray(database.read_bytes())
    for start in range(4096, len(data), 4096):
        data[start + 100 : start + 600] = bytes(500)
        data[start : start + 8] = b"\xff" * 8
    database.write_bytes(bytes(data))


def test_damaged_cache_pages_are_one_line_not_unexpected(hub, tmp_path):
    ids = [f"org/m{i}" for i in range(20)]
    for model_id in ids:
        hub.route(f"/api/models/{model_id}", json_reply(model_info(model_id)))
    settings = hub_settings(tmp_path, hub.url)
    resolve(tuple(ModelRef(id=i) for i in ids), settings)
    shutil.rmtree(settings.cache_dir / "facts")
    for sidecar in settings.cache_dir.glob("http-cache.sqlite-*"):
        sidecar.unlink()
    _mangle_pages(settings.cache_dir / "http-cache.sqlite")
    env = {"LLMAUDIT_CACHE_DIR": str(settings.cache_dir), "HF_ENDPOINT": hub.url}
    result = run_cli("check", *ids, "--offline", env=env)
    assert_one_line_error(result, 3, "http-cache.sqlite")


def _sample_facts_document() -> dict:
    from dataclasses import asdict

    from llmaudit.models import FactSource, LicenseDeclaration, ModelFacts

    return asdict(
        ModelFacts(
            id="org/m",
            sha="a" * 40,
            source=FactSource.HUB,
            publisher="org",
            declaration=LicenseDeclaration(card_license=("mit",), tags=("license:mit",)),
            files=("model.safetensors",),
        )
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("base_models", [{"id": "org/base"}]),
        ("files", [3]),
        ("datasets", [{"id": 5, "license": [], "source": "hub"}]),
        ("declaration.card_license", [7]),
    ],
    ids=["base_models", "files", "datasets", "card_license"],
)
def test_cached_facts_with_wrong_types_are_a_miss(tmp_path, field, value):
    from llmaudit.resolve.store import FactsCache

    document = _sample_facts_document()
    head, _, tail = field.partition(".")
    (document[head] if tail else document)[tail or head] = value
    cache = FactsCache(tmp_path, endpoint="https://huggingface.co", ttl=1e9, writable=True)
    key = "https://huggingface.co|model|org/m|"
    entry = cache._store._path(key)
    entry.parent.mkdir(parents=True)
    entry.write_text(json.dumps({"format": 1, "fetched_at": 9e9, "facts": document, "key": key}))
    result = run_cli(
        "check", "org/m", "--offline", "--format", "html", env={"LLMAUDIT_CACHE_DIR": str(tmp_path)}
    )
    assert "unexpected" not in result.stderr, result.stderr
    assert result.exit_code in (1, 3)


@pytest.mark.parametrize(
    "text",
    [
        'rules:\n  "bad\\nllmaudit: error: forged": error\n',
        'organization:\n  "\\r\\n": null\n',
        'rules: {}\n"a\\nllmaudit: error: forged": 1\n"a\\nllmaudit: error: forged": 2\n',
    ],
)
def test_keys_with_newlines_cannot_forge_error_lines(tmp_path, text):
    policy = tmp_path / "p.yaml"
    policy.write_text(text, encoding="utf-8")
    line = assert_one_line_error(
        run_cli("scan", str(DEMO), "--offline", "--policy", str(policy)), 2
    )
    assert "\\n" in line  # shown escaped, on the one line
    validated = run_cli("policy", "validate", str(policy))
    assert validated.exit_code == 2 and len(validated.stderr.strip().splitlines()) == 1
