"""Identify every license text of ScanCode's license data: licenses llmaudit has no text for.

Usage: python bench/identify_unseen.py [--scancode-venv DIR] [--show]

ScanCode's data (`licensedcode/data/licenses/*.LICENSE` in the scancode-toolkit venv that
bench/identify.py installs) holds about 2,400 license texts, most of them licenses llmaudit has
no reference for. Each one (YAML header removed; deprecated, generic and "unknown" entries and
texts under 20 words left out) is identified; a text named as a license whose SPDX id is not
ScanCode's own (`spdx_license_key` or `other_spdx_license_keys`) is a candidate wrong answer,
printed with ScanCode's category (Permissive, Copyleft, Proprietary Free, ...) with --show.
Session 9: 196 named, 129 as another id; after its restriction phrases 183 / 116 (then 182 / 115).
Session 10: the few-places doubt 179 / 112; added clauses, exceptions, "or later" notices
(docs/identify.md): 130 / 58.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from identify import ensure_scancode  # noqa: E402

from llmaudit.licenses.fingerprint import identify_text  # noqa: E402

MIN_WORDS = 20


def license_data(venv: Path) -> Path | None:
    """ScanCode's folder of license texts inside its venv."""
    return next(venv.glob("lib/python*/site-packages/licensedcode/data/licenses"), None)


def read_entry(path: Path) -> tuple[dict[str, object], str] | None:
    """A .LICENSE file's YAML header and text; None for an entry that is no license text."""
    parts = path.read_text(encoding="utf-8", errors="replace").split("---\n", 2)
    if len(parts) < 3:
        return None
    meta = yaml.safe_load(parts[1]) or {}
    if any(meta.get(flag) for flag in ("is_deprecated", "is_unknown", "is_generic")):
        return None
    if len(parts[2].split()) < MIN_WORDS:
        return None
    return meta, parts[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    parser.add_argument("--scancode-venv", type=Path, default=cache / "llmaudit-bench-scancode")
    parser.add_argument("--show", action="store_true", help="list every text named as another id")
    args = parser.parse_args()
    if ensure_scancode(args.scancode_venv) is None:
        return 0
    folder = license_data(args.scancode_venv)
    if folder is None:
        print("SKIP: no licensedcode data in the ScanCode venv")
        return 0
    start = time.process_time()
    texts = named = other = 0
    for path in sorted(folder.glob("*.LICENSE")):
        entry = read_entry(path)
        if entry is None:
            continue
        meta, text = entry
        texts += 1
        found = identify_text(text).license
        if found.is_unknown:
            continue
        named += 1
        own = [
            str(meta.get("spdx_license_key") or ""),
            *map(str, meta.get("other_spdx_license_keys") or []),
        ]
        if found.spdx.casefold() in (k.casefold() for k in own):
            continue
        other += 1
        if args.show:
            print(f"  {path.stem}\t{own[0]}\t-> {found.spdx}\t[{meta.get('category')}]")
    print(
        f"{texts} ScanCode license texts: {named} named, {other} of them as another SPDX id "
        f"({time.process_time() - start:.1f} s CPU)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
