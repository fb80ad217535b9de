"""license_passages(readme): what a card's prose says about its terms, on real cards."""

from __future__ import annotations

from llmaudit.resolve.card_text import license_passages


def read(corpus, folder, name):
    return (corpus / folder / name).read_text(encoding="utf-8")


def test_a_license_section_is_kept_whole(corpus):
    text = license_passages(read(corpus, "model-cards-bulk", "AmazonScience__qanlu.md"))
    assert text == "## License\n\nThis library is licensed under the CC BY NC License."


def test_a_licensing_sentence_outside_a_license_section_is_kept(corpus):
    text = license_passages(read(corpus, "model-cards-bulk", "theodotus_DialoGPT-uk.md"))
    assert text.startswith("OPT-175B is licensed under the [OPT-175B license](https://github.com/")
    assert "license: mit" not in text  # front matter is not prose


def test_a_bare_label_keeps_the_paragraph_it_introduces(corpus):
    card = read(corpus, "model-cards-bulk", "JorisCos_DCCRNet_Libri1Mix_enhsingle_16k.md")
    text = license_passages(card)
    assert text.startswith("License notice:\n")
    assert "used under [CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/)" in text


def test_table_rows_and_label_lines_are_kept(corpus):
    card = read(corpus, "model-cards", "spacy__fr_core_news_lg.md")
    assert "| **License** | `LGPL-LR` |" in license_passages(card).splitlines()


def test_statements_of_intended_use_are_not_terms(corpus):
    card = read(corpus, "model-cards", "CompVis__stable-diffusion-v1-4.md")
    assert "intended for research purposes only" in card
    text = license_passages(card)
    assert "intended for research" not in text
    assert "CreativeML OpenRAIL M license" in text  # its "- **License:**" line is kept


def test_code_blocks_and_comments_are_not_prose():
    card = (
        "---\nlicense: mit\n---\n# Model\n<!-- licensed under the CC BY-NC 4.0 -->\n"
        "```bibtex\ncopyright = {Creative Commons Attribution Non Commercial}\n```\n"
        "Fine for any use.\n"
    )
    assert license_passages(card) == ""


def test_no_card_text_without_prose():
    assert license_passages("") == ""
    assert license_passages("---\nlicense: mit\n---\n") == ""


def test_an_intended_use_about_commercial_use_is_kept(corpus):
    """ "It is intended for non-commercial usages." speaks about commercial use: kept, unlike
    the Stable Diffusion cards' "intended for research purposes only"."""
    card = read(corpus, "model-cards-bulk", "ScriptEdgeAI__MarathiSentiment-Bloom-560m.md")
    assert "- It is intended for non-commercial usages." in license_passages(card).splitlines()
