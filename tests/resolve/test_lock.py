"""llmaudit.lock: written atomically, read back, drift reported, corruption one line."""

from __future__ import annotations

import json

import pytest

from llmaudit.errors import ConfigError
from llmaudit.models import FactSource, LicenseDeclaration, LicenseFile, ModelFacts
from llmaudit.resolve import read_lock, write_lock
from llmaudit.resolve.lock import apply_lock, entry_for


def _facts(license_key="llama3", text="v1 text", sha="1" * 40, model_id="meta-llama/x"):
    return ModelFacts(
        id=model_id,
        sha=sha,
        source=FactSource.HUB,
        declaration=LicenseDeclaration(
            card_license=(license_key,),
            files=(LicenseFile(path="LICENSE", text=text, sha256=f"hash-of-{text}"),),
        ),
    )


def test_write_then_read_round_trip(tmp_path):
    path = tmp_path / "llmaudit.lock"
    facts = (_facts(), ModelFacts(id="org/gone", source=FactSource.UNRESOLVED))
    write_lock(facts, path)
    entries = read_lock(path)
    assert list(entries) == ["meta-llama/x"]  # unresolved models are not locked
    assert entries["meta-llama/x"] == entry_for(facts[0])
    assert not [p for p in tmp_path.iterdir() if p.name != "llmaudit.lock"]  # no temp left


def test_license_change_upstream_is_reported(tmp_path):
    path = tmp_path / "llmaudit.lock"
    apply_lock((_facts(),), path)
    (later,) = apply_lock((_facts(license_key="llama3.1", text="v2 text", sha="2" * 40),), path)
    assert "license changed upstream since llmaudit.lock: llama3 -> llama3.1" in later.notes
    assert any(n.startswith("license text changed upstream") for n in later.notes)
    assert any(n.startswith("revision changed since llmaudit.lock") for n in later.notes)
    # the lock keeps the accepted state until it is deleted
    assert read_lock(path)["meta-llama/x"].license == "llama3"


def test_no_drift_no_notes_and_new_models_are_added(tmp_path):
    path = tmp_path / "llmaudit.lock"
    apply_lock((_facts(),), path)
    same, new = apply_lock((_facts(), _facts(model_id="org/new")), path)
    assert same.notes == () and new.notes == ()
    assert set(read_lock(path)) == {"meta-llama/x", "org/new"}


def test_revision_is_part_of_the_key(tmp_path):
    path = tmp_path / "llmaudit.lock"
    pinned = ModelFacts(id="a/b", revision="v1", source=FactSource.HUB)
    write_lock((pinned,), path)
    assert list(read_lock(path)) == ["a/b@v1"]


def test_license_name_is_part_of_the_key(tmp_path):
    facts = ModelFacts(
        id="a/b",
        source=FactSource.HUB,
        declaration=LicenseDeclaration(card_license=("other",), license_name="qwen"),
    )
    assert entry_for(facts).license == "other (qwen)"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"version": 9, "models": {}}),
        json.dumps({"version": 1, "models": {"a/b": 3}}),
        "[]",
    ],
)
def test_corrupted_lock_is_a_one_line_config_error(tmp_path, content):
    path = tmp_path / "llmaudit.lock"
    path.write_text(content)
    with pytest.raises(ConfigError) as err:
        read_lock(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_missing_lock_reads_empty(tmp_path):
    assert read_lock(tmp_path / "none.lock") == {}


def test_unwritable_lock_is_a_one_line_config_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ConfigError) as err:
        write_lock((_facts(),), blocker / "llmaudit.lock")
    assert "cannot write the lock file" in str(err.value)
