"""Hunt wrong "allowed" verdicts: real model cards through resolve -> classify -> policy, offline.

Each card becomes what the resolver builds from a Hub answer (`read_hub_info` + `build_facts`
over an `/api/models` body whose cardData is the card's front matter, with the `license:` and
`base_model:` tags the Hub derives from it, and the card's body as the README text, whose
tool-written "fine-tuned version of [org/name](...)" sentences name bases too), base models
are looked up the way an offline run does (built-in table, else unresolved), and the audit is
judged by the shipped `commercial` and `default` policies. Per card it prints the declared
license fields, the license llmaudit picked (key, category, commercial use) and both verdicts,
then flags the cards a reviewer should read: an "allowed" commercial verdict beside words in
the card that point the other way.

Run:  python bench/card_verdicts.py [CARD_DIR ...] [--tsv OUT.tsv] [--flagged]
Default dirs: ../shared/corpus/model-cards-bulk, model-cards (and its fixtures) and
hub-api/json (recorded `/api/models` bodies, run as they are).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from llmaudit.licenses import classify, classify_datasets, classify_lineage
from llmaudit.models import FactSource, ModelAudit, ModelFacts, ModelRef, Verdict
from llmaudit.policy import evaluate, load_policy
from llmaudit.resolve.card import front_matter_end, parse_card, read_strings
from llmaudit.resolve.card_text import license_passages
from llmaudit.resolve.derivation import read_card_text_lineage
from llmaudit.resolve.embedded import builtin_facts
from llmaudit.resolve.lineage import attach_ancestors
from llmaudit.resolve.metadata import build_facts, read_hub_info
from llmaudit.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_DIRS = (
    SHARED / "model-cards-bulk",
    SHARED / "model-cards",
    SHARED / "model-cards" / "fixtures",
    SHARED / "hub-api" / "json",
)
POLICIES = ("commercial", "default")

# Words in a card that make a reviewer doubt a permissive verdict (read by hand when flagged).
SUSPICIOUS = {
    "non-commercial": re.compile(r"\bnon[- ]?commercial\b", re.I),
    "not-for-commercial": re.compile(
        r"\bnot\s+(?:be\s+)?(?:for|allowed\s+for|permitted\s+for|intended\s+for|used\s+for)\s+"
        r"(?:any\s+)?commercial",
        re.I,
    ),
    "research-only": re.compile(
        r"\bresearch\s+(?:purposes?\s+|use\s+)?only\b|\bonly\s+for\s+(?:academic\s+|non-commercial\s+)?research",
        re.I,
    ),
    "academic-only": re.compile(r"\bacademic\s+(?:purposes?\s+|use\s+)?only\b", re.I),
    "cc-nc": re.compile(r"\bcc[- ]by[- ](?:sa[- ])?nc\b|\bcc[- ]by[- ]nc", re.I),
    "see-license": re.compile(r"\bsee\s+(?:the\s+)?licen[cs]e\b|\blicen[cs]e\s+file\b", re.I),
    "llama-terms": re.compile(r"\bllama\b.{0,40}\blicen[cs]e\b|\bmeta'?s?\s+licen[cs]e", re.I),
    "custom-license": re.compile(
        r"\b(?:custom|proprietary|own)\s+licen[cs]e\b|\ball rights reserved\b", re.I
    ),
    "gpl-in-body": re.compile(r"\b(?:a?gpl|gnu general public)\b", re.I),
}
_BASE_WORDS = re.compile(r"\b(?:llama|alpaca|vicuna|gemma|galactica|opt-|bloom)", re.I)


def model_id_for(card: Path) -> str:
    """`org/name` when the file is named `org__name.md` (the corpora's convention), else the
    stem under a placeholder owner (only publisher-scoped license names depend on it)."""
    stem = card.stem.split(".", 1)[0] if card.suffix == ".json" else card.stem
    if "__" in stem:
        org, _, name = stem.partition("__")
        return f"{org}/{name}"
    return f"unknown-owner/{stem}"


def hub_body(model_id: str, card: dict[str, object]) -> dict[str, object]:
    """The `/api/models` body the Hub serves for a repo with this front matter: cardData, and
    the `license:` / `base_model:` / `dataset:` tags it derives from it."""
    tags = [f"license:{v.lower()}" for v in read_strings(card.get("license"))]
    relation = card.get("base_model_relation")
    for base in read_strings(card.get("base_model")):
        tags.append(f"base_model:{base}")
        tags.append(f"base_model:{relation if isinstance(relation, str) else 'finetune'}:{base}")
    tags += [f"dataset:{d}" for d in read_strings(card.get("datasets"))]
    return {
        "id": model_id,
        "cardData": card or None,
        "tags": tags,
        "siblings": [{"rfilename": "README.md"}],
    }


def offline_lookup(model_id: str) -> ModelFacts:
    """A base model as an offline run finds it: the built-in table, else unresolved."""
    found = builtin_facts(model_id)
    if found is not None:
        return found
    return ModelFacts(
        id=model_id,
        source=FactSource.UNRESOLVED,
        unresolved_reason="offline and not in the cache or built-in facts",
    )


def facts_for(card_path: Path, text: str) -> ModelFacts:
    """ModelFacts as the resolver would build them from the Hub's answer for this card (a
    recorded `/api/models` body is that answer itself; its README is not recorded)."""
    model_id = model_id_for(card_path)
    if card_path.suffix == ".json":
        body = json.loads(text)
        model_id = body.get("id") or model_id
        meta = read_hub_info(body, model_id)
        return attach_ancestors(
            build_facts(meta, source=FactSource.HUB, revision=None), offline_lookup, 3
        )
    meta = read_hub_info(hub_body(model_id, dict(parse_card(text).data)), model_id)
    text_lineage = read_card_text_lineage(text[front_matter_end(text) :])
    meta = replace(
        meta,
        card_text=license_passages(text),
        file_lineage=(text_lineage,) if text_lineage else (),
    )
    facts = build_facts(meta, source=FactSource.HUB, revision=None)
    return attach_ancestors(facts, offline_lookup, 3)


def audit_for(facts: ModelFacts) -> ModelAudit:
    assessment = classify(facts.declaration)
    return ModelAudit(
        ref=ModelRef(id=facts.id),
        facts=facts,
        assessment=assessment,
        license_info=assessment.info_for(assessment.license.key),
        lineage=classify_lineage(facts),
        dataset_licenses=classify_datasets(facts.datasets),
    )


def body_of(text: str) -> str:
    """The card without its front matter."""
    if text.lstrip("\ufeff").lstrip().startswith("---"):
        parts = re.split(r"^---[ \t]*$", text, maxsplit=2, flags=re.M)
        return parts[2] if len(parts) == 3 else text
    return text


def flags_for(text: str, audit: ModelAudit) -> list[str]:
    """Why a reviewer should read this card (words in the body, odd license values)."""
    body = body_of(text)
    found = [name for name, pattern in SUSPICIOUS.items() if pattern.search(body)]
    declared = audit.facts.declaration.card_license
    if len(declared) > 1:
        found.append("license-list")
    if any(v != v.strip().lower() or " " in v for v in declared):
        found.append("odd-spelling")
    if any(v.lower() == "other" for v in declared):
        found.append("license-other")
    if audit.facts.base_models:
        found.append("has-base")
    elif _BASE_WORDS.search(body):
        found.append("names-restrictive-family")
    if audit.facts.datasets:
        found.append("datasets")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--tsv", type=Path, help="write one row per card here")
    parser.add_argument(
        "--flagged", action="store_true", help="print every flagged commercial 'allowed'"
    )
    args = parser.parse_args(argv)
    settings = Settings(offline=True)
    policies = {name: load_policy(name, settings) for name in POLICIES}
    cards = sorted(p for d in args.dirs for p in (*d.glob("*.md"), *d.glob("*.json")))
    if not cards:
        print(f"no cards under {', '.join(map(str, args.dirs))}", file=sys.stderr)
        return 2
    rows = []
    started = time.process_time()
    for path in cards:
        text = path.read_text(encoding="utf-8", errors="replace")
        audit = audit_for(facts_for(path, text))
        verdicts = {
            name: evaluate((audit,), (), policy, settings).models[0].verdict
            for name, policy in policies.items()
        }
        info = audit.license_info
        rows.append(
            {
                "card": str(path.relative_to(path.parents[1])),
                "license": "|".join(audit.facts.declaration.card_license),
                "base_model": "|".join(audit.facts.base_models),
                "key": audit.assessment.license.key,
                "category": info.category if info else "",
                "commercial_use": info.commercial_use.value if info else "",
                "commercial": verdicts["commercial"].value,
                "default": verdicts["default"].value,
                "flags": ",".join(flags_for(text, audit)),
            }
        )
    cpu = time.process_time() - started
    if args.tsv:
        with args.tsv.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t")
            writer.writeheader()
            writer.writerows(rows)
    report(rows, cpu, show_flagged=args.flagged)
    return 0


def report(rows: list[dict[str, str]], cpu: float, *, show_flagged: bool) -> None:
    allowed = [r for r in rows if r["commercial"] != Verdict.FAIL.value]
    flagged = [r for r in allowed if _review_flags(r)]
    print(f"cards: {len(rows)} (CPU {cpu:.1f} s)")
    for name in POLICIES:
        counts = Counter(r[name] for r in rows)
        print(f"  {name}: " + ", ".join(f"{v} {counts[v]}" for v in ("pass", "warn", "fail")))
    print(f"commercial allowed (pass or warn): {len(allowed)}; flagged for review: {len(flagged)}")
    by_flag = Counter(f for r in flagged for f in _review_flags(r))
    for flag, count in by_flag.most_common():
        print(f"  {flag}: {count}")
    by_key = Counter(r["key"] for r in allowed)
    print(
        "commercial allowed by license: " + ", ".join(f"{k} {n}" for k, n in by_key.most_common())
    )
    if show_flagged:
        for r in flagged:
            print("\t".join((r["card"], r["license"], r["key"], r["commercial"], r["flags"])))


_INFO_FLAGS = frozenset({"datasets", "has-base"})


def _review_flags(row: dict[str, str]) -> list[str]:
    return [f for f in row["flags"].split(",") if f and f not in _INFO_FLAGS]


if __name__ == "__main__":
    raise SystemExit(main())
