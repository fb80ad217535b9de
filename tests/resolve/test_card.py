"""Front-matter parsing on real model cards and hostile variants."""

from __future__ import annotations

import pytest
import yaml

from llmaudit.resolve.card import parse_card, read_card_licenses, read_relation, read_strings

CARDS = "model-cards"


def _card(corpus, name: str) -> str:
    return (corpus / CARDS / name).read_text(encoding="utf-8", errors="replace")


def test_yi_card_declares_other_with_name_and_relative_link(corpus):
    card = parse_card(_card(corpus, "01-ai__Yi-34B.md"))
    assert read_card_licenses(card.data) == (("other",), ())
    assert card.data["license_name"] == "yi-license"
    assert card.data["license_link"] == "LICENSE"


def test_windows_line_breaks_parse(corpus):
    text = (corpus / CARDS / "fixtures/huggingface_hub__sample_windows_line_breaks.md").read_bytes()
    card = parse_card(text.decode("utf-8"))
    assert card.data["license"] == "mit"
    assert card.data["language"] == "eo"


def test_card_without_front_matter_has_no_metadata(corpus):
    card = parse_card(_card(corpus, "databricks__dbrx-base.md"))
    assert card.has_front_matter is False
    assert dict(card.data) == {}
    assert card.notes == ()


def test_unterminated_front_matter_is_a_note(corpus):
    card = parse_card(_card(corpus, "aasem__wav2vec2-xls-r-300m-Urdu.md"))
    assert dict(card.data) == {}
    assert card.notes and "never closes" in card.notes[0]


def test_list_front_matter_is_ignored_with_a_note(corpus):
    card = parse_card(_card(corpus, "fixtures/huggingface_hub__sample_invalid_card_data.md"))
    assert dict(card.data) == {}
    assert "not a mapping" in card.notes[0]


def test_bad_yaml_is_a_note_with_the_line():
    card = parse_card("---\nlicense: mit\n\tbad: tab\n---\n")
    assert dict(card.data) == {}
    assert "not valid YAML" in card.notes[0] and "line" in card.notes[0]


def test_empty_front_matter_is_empty_not_broken():
    card = parse_card("---\n---\n# Title\n")
    assert card.has_front_matter is True and dict(card.data) == {} and card.notes == ()


def test_yaml_tags_cannot_build_python_objects():
    card = parse_card("---\nlicense: !!python/object/apply:os.system ['echo hi']\n---\n")
    assert dict(card.data) == {}
    assert "not valid YAML" in card.notes[0]


def test_license_list_number_and_mapping():
    assert read_card_licenses({"license": ["apache-2.0", "mit"]}) == (("apache-2.0", "mit"), ())
    licenses, notes = read_card_licenses({"license": ["mit", 3]})
    assert licenses == ("mit",) and "non-text" in notes[0]
    assert read_card_licenses({"license": 2.0})[0] == ()
    assert "float" in read_card_licenses({"license": 2.0})[1][0]
    assert "dict" in read_card_licenses({"license": {"mit": None}})[1][0]


def test_base_model_strings_and_relation():
    assert read_strings(["a/b", 1, None, " c/d "]) == ("a/b", "c/d")
    assert read_relation({"base_model_relation": "Quantized"}) == "quantized"
    assert read_relation({"base_model_relation": "sideways"}) is None


def test_agrees_with_huggingface_hub_on_the_bulk_corpus(corpus):
    """Our fast parser and huggingface_hub's block regex + safe_load read the same license,
    on real cards of every front-matter shape the 5,087-card bulk corpus has."""
    from huggingface_hub.repocard import REGEX_YAML_BLOCK

    paths = sorted((corpus / "model-cards-bulk").glob("*.md"))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        match = REGEX_YAML_BLOCK.search(text)
        try:
            theirs = yaml.load(match.group(2), Loader=loader) if match else {}
        except yaml.YAMLError:
            theirs = {}
        theirs = theirs if isinstance(theirs, dict) else {}
        assert parse_card(text).data.get("license") == theirs.get("license"), path.name


@pytest.mark.parametrize(
    "line",
    [
        "released: 2024-02-30",
        "size: !!int lots",
        "x: !!float big",
        "x: 1" + "0" * 5000,
        "when: !!timestamp soon",
    ],
)
def test_scalars_whose_constructor_fails_are_notes(line):
    card = parse_card(f"---\nlicense: mit\n{line}\n---\n")
    assert dict(card.data) == {}
    assert "not valid YAML" in card.notes[0]


def _with_later_license(value: str) -> str:
    """The CommunityLM card (cc-by-nc-4.0) with a second `license:` key further down, as an
    edit that appends a key instead of changing it leaves it."""
    from tests.integration.hub_repos import data_text

    card = data_text("communitylm-republican-twitter-gpt2.README.md")
    return card.replace(
        "license: cc-by-nc-4.0\n", f"license: cc-by-nc-4.0\nlanguage: en\nlicense: {value}\n", 1
    )


def test_a_repeated_license_key_keeps_every_value_and_is_a_problem():
    from llmaudit.resolve.card import front_matter_problems

    card = parse_card(_with_later_license("apache-2.0"))
    # YAML keeps the last value (Apache); both were written, so both bind
    assert card.data["license"] == ["cc-by-nc-4.0", "apache-2.0"]
    assert card.repeated == (("license", ("cc-by-nc-4.0", "apache-2.0")),)
    (problem,) = front_matter_problems(card)
    assert problem.field == "README.md front matter license"
    assert "more than once" in problem.problem and problem.read == "cc-by-nc-4.0, apache-2.0"


def test_repeated_base_models_are_all_bases_and_other_keys_keep_the_last_value():
    text = (
        "---\nlicense: other\nlicense_name: cc-by-nc-4.0\nlicense_name: apache-2.0\n"
        "base_model: org/a\nbase_model: [org/b, org/a]\n---\n"
    )
    card = parse_card(text)
    assert card.data["base_model"] == ["org/a", "org/b"]
    assert card.data["license_name"] == "apache-2.0"
    assert dict(card.repeated) == {
        "license_name": ("cc-by-nc-4.0", "apache-2.0"),
        "base_model": ("org/a", "org/b"),
    }


def test_a_key_written_once_is_not_composed_again():
    card = parse_card("---\nlicense: mit\nlicense_name: x\nbase_model: a/b\n---\n")
    assert card.repeated == ()
