"""Discovery findings before/after a speed change: dump them, then compare two dumps.

Run: python bench/discover_equivalence.py dump OUT.json TREE [TREE ...] [--cache-dir DIR]
     python bench/discover_equivalence.py compare BEFORE.json AFTER.json
     python bench/discover_equivalence.py edit TREE [TREE ...]   (modifies the trees: copies!)

`dump` runs `discover()` on each tree (checkouts of real repositories: lm-evaluation-harness,
PEFT, FastChat, whisper, mergekit, ...) and writes, per tree, every location as
(ref kind, id, path, line, cell, location kind) and every note as (path, line, message).
`compare` prints what one dump has and the other lacks, and exits 1 when anything differs:
an optimization must leave both sets identical unless it fixes a named bug. With
`--cache-dir`, `dump` uses (and fills) the per-file result cache there: a dump of a warm
cache compared with one made without it checks that cached results change nothing.
`edit` changes copies of trees the way a developer does between two runs (one `.py` and one
YAML file edited, one `.py` deleted and one renamed, one doc or JSON file deleted, one file
added; picked deterministically): a warm dump of the edited trees must equal a cold one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def dump(out: Path, trees: list[Path], cache_dir: Path | None = None) -> None:
    from llmaudit.discover import discover
    from llmaudit.settings import Settings

    found: dict[str, dict[str, list[list[object]]]] = {}
    for tree in trees:
        start = time.perf_counter()
        result = discover(
            Settings(root=tree, scan_cache=cache_dir is not None, cache_dir=cache_dir)
        )
        elapsed = time.perf_counter() - start
        refs = [*result.models, *result.datasets]
        locations = sorted(
            {
                (ref.kind.value, ref.id, loc.path, loc.line or 0, loc.cell or 0, loc.kind.value)
                for ref in refs
                for loc in ref.locations
            }
        )
        notes = sorted({(n.path or "", n.line or 0, n.message) for n in result.notes})
        packages = sorted({(p.ecosystem, p.name, p.specifier) for p in result.packages})
        found[tree.name] = {
            "locations": [list(row) for row in locations],
            "notes": [list(row) for row in notes],
            "packages": [list(row) for row in packages],
        }
        print(
            f"{tree.name}: {len(refs)} refs, {len(locations)} locations, {len(notes)} notes, "
            f"{len(packages)} packages ({elapsed:.2f} s)"
        )
    out.write_text(json.dumps(found, indent=0, sort_keys=True))


def compare(before_path: Path, after_path: Path) -> int:
    before = json.loads(before_path.read_text())
    after = json.loads(after_path.read_text())
    differences = 0
    for tree in sorted(set(before) | set(after)):
        if tree not in before or tree not in after:
            print(f"{tree}: only in {'after' if tree in after else 'before'}")
            differences += 1
            continue
        for part in ("locations", "notes", "packages"):
            old = {tuple(row) for row in before[tree][part]}
            new = {tuple(row) for row in after[tree][part]}
            for row in sorted(old - new):
                print(f"{tree} {part} lost: {row}")
            for row in sorted(new - old):
                print(f"{tree} {part} gained: {row}")
            differences += len(old ^ new)
            print(f"{tree} {part}: {len(old)} before, {len(new)} after, {len(old ^ new)} differ")
    return 1 if differences else 0


def edit(trees: list[Path]) -> None:
    """Edit, add, delete and rename a few files in each tree, printing what was done."""
    for tree in trees:
        files = sorted(p for p in tree.rglob("*") if p.is_file() and ".git" not in p.parts)
        modules = [p for p in files if p.suffix == ".py"]
        configs = [p for p in files if p.suffix in (".yaml", ".yml")]
        others = [p for p in files if p.suffix in (".md", ".sh", ".json")]
        done = []
        if modules:
            path = modules[len(modules) // 2]
            load = 'from transformers import AutoModel\nAutoModel.from_pretrained("edited-org/m")\n'
            path.write_text(path.read_text(errors="replace") + "\n" + load)
            done.append(f"edited {path.relative_to(tree)}")
        if configs:
            path = configs[len(configs) // 3]
            path.write_text(path.read_text(errors="replace") + "\ndataset_path: edited-org/d\n")
            done.append(f"edited {path.relative_to(tree)}")
        if len(modules) > 3:
            gone, moved = modules[len(modules) // 3], modules[2 * len(modules) // 3]
            gone.unlink()
            moved.rename(moved.with_name("renamed_" + moved.name))
            done.append(f"deleted {gone.relative_to(tree)}, renamed {moved.relative_to(tree)}")
        if others:
            path = others[len(others) // 2]
            path.unlink()
            done.append(f"deleted {path.relative_to(tree)}")
        added = tree / "added_by_cache_check.py"
        added.write_text('from datasets import load_dataset\nload_dataset("added-org/data")\n')
        done.append("added added_by_cache_check.py")
        print(f"{tree.name}: {'; '.join(done)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_parser = commands.add_parser("dump")
    dump_parser.add_argument("out", type=Path)
    dump_parser.add_argument("trees", type=Path, nargs="+")
    dump_parser.add_argument("--cache-dir", type=Path, help="use the result cache there")
    edit_parser = commands.add_parser("edit")
    edit_parser.add_argument("trees", type=Path, nargs="+")
    compare_parser = commands.add_parser("compare")
    compare_parser.add_argument("before", type=Path)
    compare_parser.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.trees, args.cache_dir)
    elif args.command == "edit":
        edit(args.trees)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
