"""find_license(): Hub ids, aliases, SPDX ids and license_name spellings seen on the Hub."""

from __future__ import annotations

import pytest

from llmaudit.licenses import find_license


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("llama3.1", "llama3.1"),
        ("llama-3.1", "llama3.1"),
        ("Llama 3.1", "llama3.1"),
        ("llama3_1", "llama3.1"),
        ("LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "llama3.1"),
        ("llama-2-community-license", "llama2"),
        ("llama-license", "llama1"),
        ("tongyi-qianwen", "tongyi-qianwen"),
        ("tongyi-qianwen-research", "qwen-research"),
        ("stabilityai-ai-community", "stabilityai-community"),
        ("yi-license", "yi"),
        ("Apache-2.0", "apache-2.0"),
        ("apache license 2.0", "apache-2.0"),
        ("GPL-3.0-only", "gpl-3.0"),
        ("CC-BY-NC-SA-4.0", "cc-by-nc-sa-4.0"),
        ("LicenseRef-llama3.2", "llama3.2"),
        ("LicenseRef-scancode-llama3.2", "llama3.2"),
        ("openrail++", "openrail++"),
        ("  MIT  ", "mit"),
        ("CC0", "cc0-1.0"),
        ("NVIDIA Open Model License", "nvidia-open-model-license"),
    ],
)
def test_names(text, key):
    found = find_license(text)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "other",
        "Other",
        "unknown",
        "NOASSERTION",
        "llama",
        "qwen2",
        "my-license",
        "LicenseRef-foo-mit",
        "LicenseRef-my-license",
        "UNLICENSED",  # npm's word for "no license granted", not The Unlicense
        "modified-mit",  # several publishers' own terms: scoped, see test_hub_license_names
    ],
)
def test_placeholders_and_strangers_find_nothing(text):
    assert find_license(text) is None


def test_every_hub_id_and_its_full_name_resolve(corpus):
    import csv

    with (corpus / "hf-license-ids.tsv").open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle, delimiter="\t")
            if r["hf_id"] not in {"other", "unknown"}
        ]
    assert len(rows) > 70
    for row in rows:
        assert find_license(row["hf_id"]).key == row["hf_id"]
        assert find_license(row["full_name"]).key == row["hf_id"], row["full_name"]
