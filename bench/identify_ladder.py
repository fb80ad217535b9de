"""The edit ladder: share of words edited vs license texts still recognised (docs/identify.md).

Usage: python bench/identify_ladder.py [--corpus ../shared/corpus] [SHARE ...]

Every license text the index is built from (shared corpus + scripts/reference_texts; AUP
files left out) is edited with llmaudit.licenses.perturb.edit_share (a word replaced,
dropped or inserted in turn at the given share of its words), twice with different seeds,
and identified. Prints right / unknown / wrong per share; wrong must stay 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from llmaudit.licenses.fingerprint import identify_text  # noqa: E402
from tests.perturb import edit_share  # noqa: E402

SHARES = (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1)
SEEDS = (1, 2)


def reference_texts(corpus: Path) -> dict[str, str]:
    """File name -> text of every reference license (no acceptable-use policies)."""
    folders = [corpus / "licenses", ROOT / "scripts" / "reference_texts"]
    return {
        p.name: p.read_text(encoding="utf-8")
        for folder in folders
        for p in sorted(folder.glob("*.*"))
        if p.suffix in (".txt", ".md") and not p.stem.endswith("-aup")
    }


def main() -> int:
    """Print the ladder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("shares", type=float, nargs="*", default=list(SHARES))
    args = parser.parse_args()
    texts = reference_texts(args.corpus)
    expected = {name: identify_text(text).license.key for name, text in texts.items()}
    texts = {n: t for n, t in texts.items() if expected[n] != "unknown"}
    print(f"{len(texts)} license texts x {len(SEEDS)} seeds per share")
    print("words edited  right  unknown  wrong")
    for share in args.shares:
        counts = {"right": 0, "unknown": 0, "wrong": 0}
        start = time.perf_counter()
        for name, text in texts.items():
            for seed in SEEDS:
                found = identify_text(edit_share(text, share, seed)).license.key
                outcome = (
                    "right"
                    if found == expected[name]
                    else "unknown"
                    if found == "unknown"
                    else "wrong"
                )
                counts[outcome] += 1
                if outcome == "wrong":
                    print(f"  WRONG {name} at {share:.1%} (seed {seed}): {found}")
        total = sum(counts.values())
        print(
            f"{share:11.1%}  {counts['right']:3d}/{total}  {counts['unknown']:7d}  "
            f"{counts['wrong']:5d}   ({time.perf_counter() - start:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
