"""fingerprints.json names each reference with the knowledge base's title and SPDX id
(scripts/build_fingerprints.py reads them from there; package-only reference texts with no
knowledge-base entry carry their own)."""

from __future__ import annotations

import json

from llmaudit.licenses import get_license
from llmaudit.licenses.fingerprint import INDEX_PATH


def test_every_reference_title_and_spdx_id_come_from_the_knowledge_base():
    index = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    refs = index["refs"]
    assert refs
    checked = 0
    for ref in refs:
        info = get_license(ref["key"])
        if info is None:
            continue
        checked += 1
        assert ref["name"] == info.name, ref["ref"]
        if info.spdx:
            assert ref["spdx"] == info.spdx, ref["ref"]
    assert checked >= 70
