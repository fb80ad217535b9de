"""Hostile model cards: each gives a per-model note or unknown license, never a crash or a pass."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from llmaudit.cli import cli
from llmaudit.licenses import classify
from llmaudit.models import FactSource
from llmaudit.resolve.card import parse_card
from llmaudit.resolve.local import read_local_model
from llmaudit.resolve.metadata import RepoMetadata, build_facts

from .bombs import alias_bomb

LAUGHS = alias_bomb("lol")
BOMB_CARD = f"---\n{LAUGHS}license: *i\ntags: *i\nbase_model: *i\n---\n# bomb\n"


def _facts_from_card(text: str):
    card = parse_card(text)
    meta = RepoMetadata(model_id="org/hostile", card=card.data, notes=card.notes)
    return build_facts(meta, source=FactSource.LOCAL, revision=None)


def test_billion_laughs_card_is_cheap_and_gives_no_license():
    start = time.process_time()  # CPU: a loaded machine must not fail a test about blow-ups
    facts = _facts_from_card(BOMB_CARD)
    assert time.process_time() - start < 1.0
    assert facts.declaration.card_license == ()
    assert facts.base_models == ()
    assert "card license list has 10 non-text value(s); ignored" in facts.notes
    assert classify(facts.declaration).license.is_unknown


def test_deeply_nested_card_is_a_note():
    card = parse_card("---\nlicense: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert card.data == {}
    assert card.notes == (
        "README.md front matter is not valid YAML (line 2); card metadata ignored",
    )


@pytest.mark.parametrize("front", ["- mit\n- apache-2.0", "just a sentence", "42"])
def test_front_matter_that_is_not_a_mapping_is_a_note(front):
    card = parse_card(f"---\n{front}\n---\nbody\n")
    assert card.has_front_matter and card.data == {}
    assert card.notes == ("README.md front matter is not a mapping; card metadata ignored",)


@pytest.mark.parametrize(
    ("value", "note"),
    [
        ("3", "card license is a int, not text; ignored"),
        ("2.0", "card license is a float, not text; ignored"),
        ("{name: mit}", "card license is a dict, not text; ignored"),
        ("[mit, 3]", "card license list has 1 non-text value(s); ignored"),
    ],
)
def test_license_of_the_wrong_type_is_noted_and_never_guessed(value, note):
    facts = _facts_from_card(f"---\nlicense: {value}\n---\n")
    assert note in facts.notes
    license_key = classify(facts.declaration).license.key
    assert license_key == ("mit" if value == "[mit, 3]" else "unknown")


def test_python_tags_in_a_card_are_refused_not_constructed():
    card = parse_card("---\nlicense: !!python/object/apply:os.system ['echo pwned']\n---\n")
    assert card.data == {}
    assert "not valid YAML" in card.notes[0]


@pytest.mark.parametrize("text", ["---", "---\n", "---\n---", "---\n---\n"])
def test_card_of_only_fences_has_no_metadata(text):
    card = parse_card(text)
    assert card.data == {}
    assert classify(_facts_from_card(text).declaration).license.is_unknown


def test_base_model_as_mapping_is_noted():
    facts = _facts_from_card("---\nlicense: mit\nbase_model: {id: meta-llama/Llama-3.1-8B}\n---\n")
    assert any("base_model" in note for note in facts.notes)


def _write_model(folder: Path, readme: bytes) -> Path:
    folder.mkdir(parents=True)
    (folder / "README.md").write_bytes(readme)
    return folder


def test_binary_cards_are_noted_and_latin1_cards_are_read(tmp_path):
    binary = read_local_model(_write_model(tmp_path / "bin", b"\x00\x01PK" * 500), "bin")
    latin = read_local_model(
        _write_model(
            tmp_path / "lat", b"---\nlicense: mit\n---\n" + "caf\xe9 ".encode("latin-1") * 2000
        ),
        "lat",
    )
    assert binary.notes == ("README.md is binary; not read",)
    assert classify(binary.declaration).license.is_unknown
    # a Latin-1 / Windows-1252 card is text in a legacy encoding, not binary
    assert latin.notes == ()
    assert latin.declaration.card_license == ("mit",)


def test_50mb_card_is_capped_and_fast(tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    with (folder / "README.md").open("wb") as handle:
        handle.write(b"---\nlicense: apache-2.0\n---\n")
        handle.write(b"a" * (50 * 1024 * 1024))
    start = time.process_time()
    facts = read_local_model(folder, "big")
    assert time.process_time() - start < 2.0
    assert facts.declaration.card_license == ("apache-2.0",)
    assert "README.md is larger than 1 MB; only the start was read" in facts.notes


def test_hostile_cards_through_the_cli_each_get_a_verdict(tmp_path, monkeypatch):
    cards = {
        "bomb": BOMB_CARD.encode(),
        "list": b"---\n- a\n---\n",
        "number": b"---\nlicense: 3\n---\n",
        "binary": b"\x00\xff" * 4000,
        "fences": b"---",
        "paren": b'---\nlicense: [mit, ")"]\n---\n',
        "good": b"---\nlicense: mit\n---\n",
    }
    for name, body in cards.items():
        _write_model(tmp_path / name, body)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", *(f"./{n}" for n in cards), "--offline", "--format", "json"]
    )
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)
    verdicts = {m["id"]: (m["license"]["id"], m["verdict"]) for m in document["models"]}
    assert verdicts["good"] == ("mit", "pass")
    for name in ("bomb", "list", "number", "binary", "fences", "paren"):
        assert verdicts[name] == ("unknown", "fail"), name
    assert result.exit_code == 1


CONSTRUCTOR_ERRORS = [
    "released: 2024-02-30",
    "size: !!int lots",
    "x: !!float big",
    "x: 1" + "0" * 5000,
    "when: !!timestamp soon",
]


@pytest.mark.parametrize(
    "line", CONSTRUCTOR_ERRORS, ids=["bad-date", "int", "float", "5000-digits", "timestamp"]
)
def test_card_scalar_constructor_errors_are_notes(line):
    card = parse_card(f"---\nlicense: mit\n{line}\n---\n")
    assert card.data == {} and "not valid YAML" in card.notes[0]


def test_one_card_with_an_impossible_date_does_not_stop_the_audit(tmp_path, monkeypatch):
    _write_model(tmp_path / "bad", b"---\nlicense: mit\nreleased: 2024-02-30\n---\n")
    _write_model(tmp_path / "good", b"---\nlicense: mit\n---\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "./bad", "./good", "--offline", "--format", "json"])
    assert "unexpected" not in result.stderr
    assert {m["id"] for m in json.loads(result.stdout)["models"]} == {"bad", "good"}
