"""Copyright lines from real LICENSE / NOTICE files (tests/data/license-files, see PROVENANCE)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.licenses.copyright import find_copyright_lines

FILES = Path(__file__).resolve().parents[1] / "data" / "license-files"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("openai-whisper.LICENSE", ("Copyright (c) 2022 OpenAI",)),
        (
            "stability-sdxl-1.0.LICENSE",
            (
                "Copyright (c) 2023 Stability AI CreativeML Open RAIL++-M License dated July 26, 2023",
            ),
        ),
        ("requests-2.34.2.NOTICE", ("Copyright 2019 Kenneth Reitz",)),
        (
            "python-dateutil-4.0.0.LICENSE",
            (
                "Copyright 2017- Paul Ganssle <paul@ganssle.io>",
                "Copyright 2017- dateutil contributors (see AUTHORS file)",
                "Copyright (c) 2003-2011 - Gustavo Niemeyer <gustavo@niemeyer.net>",
                "Copyright (c) 2012-2014 - Tomi Pieviläinen <tomi.pievilainen@iki.fi>",
                "Copyright (c) 2014-2016 - Yaron de Leeuw <me@jarondl.net>",
                "Copyright (c) 2015- - Paul Ganssle <paul@ganssle.io>",
                "Copyright (c) 2015- - dateutil contributors (see AUTHORS file)",
            ),
        ),
        # The Apache-2.0 text alone: clause 4(c) and the appendix template are not notices.
        ("huggingface_hub-2.4.0.LICENSE", ()),
    ],
)
def test_real_files_give_their_copyright_notices(name, expected):
    text = (FILES / name).read_text(encoding="utf-8")
    assert find_copyright_lines(text) == expected


def test_templates_and_prose_are_not_notices():
    text = "\n".join(
        [
            "Copyright [yyyy] [name of copyright owner]",
            "Copyright (c) <year> <copyright holders>",
            "The above copyright notice and this permission notice shall be included",
            "(c) You must retain, in the Source form of any Derivative Works",
            "Copyright law protects this work.",
        ]
    )
    assert find_copyright_lines(text) == ()


def test_comment_marks_are_stripped_and_repeats_dropped():
    text = "# Copyright 2024 The Qwen team, Alibaba Group. All rights reserved.\n" * 2
    text += " * Copyright © Meta Platforms, Inc. and affiliates.\n"
    assert find_copyright_lines(text) == (
        "Copyright 2024 The Qwen team, Alibaba Group. All rights reserved.",
        "Copyright © Meta Platforms, Inc. and affiliates.",
    )
