"""Check that every location of a JSON report is grounded in the file it names (issue #13).

Run: python bench/grounding.py REPORT.json ROOT [--show N]

A location is grounded when its file holds the reported id (case-insensitively; a Hub link,
LiteLLM's `huggingface/org/name` and the like all contain it), or the short name a library
resolves to it (`all-MiniLM-L6-v2` for `sentence-transformers/all-MiniLM-L6-v2`, a
TransformerLens alias or open_clip pretrained tag from llmaudit's own tables, the
Hugging Face cache folder `models--org--name`), or when the file imports a project module
that holds the id (`from config import MODEL`, `import config`), or holds every word of the
id (`f"{user}/{name}-finetuned"` composed from literal parts). Anything else is ungrounded:
the location points at a file that never names the model. In a notebook the id must be
written in the location's cell or an earlier one (cells run in order; a later cell that
reassigns the same name is a different model). The script prints counts per
location kind, the ungrounded locations, and how many locations sit on a line that does not
hold the id (a loader call reading a constant is such a line, and fine: its file still holds
the constant or imports it). Exit 1 when any location is ungrounded.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Place:
    ref_kind: str
    ref_id: str
    path: str
    line: int | None
    cell: int | None
    kind: str


def _places(report: dict) -> list[Place]:
    places = []
    for ref_kind in ("models", "datasets"):
        for ref in report.get(ref_kind, []):
            if ref.get("local_path"):
                continue  # a folder in the project: its id is the folder's path
            for loc in ref.get("locations", []):
                places.append(
                    Place(
                        ref_kind,
                        ref["id"],
                        loc["path"],
                        loc.get("line"),
                        loc.get("cell"),
                        loc.get("kind", "use"),
                    )
                )
    return places


def _alias_names() -> dict[str, set[str]]:
    """Hub id (lower case) -> the library aliases llmaudit maps to it (TransformerLens
    names, open_clip pretrained tags)."""
    data = Path(__file__).resolve().parents[1] / "llmaudit" / "data"
    names: dict[str, set[str]] = {}
    lens = data / "transformer_lens_aliases.json"
    if lens.is_file():
        for alias, hub_id in json.loads(lens.read_text(encoding="utf-8"))["aliases"].items():
            names.setdefault(hub_id.lower(), set()).add(alias.lower())
    clip = data / "open_clip_pretrained.json"
    if clip.is_file():
        for tags in json.loads(clip.read_text(encoding="utf-8"))["models"].values():
            for tag, hub_id in tags.items():
                names.setdefault(hub_id.lower(), set()).add(tag.lower())
    return names


def _spellings(ref_id: str, aliases: dict[str, set[str]]) -> set[str]:
    lowered = ref_id.lower()
    spellings = {lowered} | aliases.get(lowered, set())
    owner, _, name = lowered.partition("/")
    if owner == "sentence-transformers" and name:
        spellings.add(name)  # SentenceTransformer("all-MiniLM-L6-v2")
    if name:
        spellings.add(f"--{owner}--{name}")  # a Hugging Face cache folder, models--org--name
    return spellings


def _text_lines(path: Path, cell: int | None) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text)["cells"]
        except (ValueError, KeyError, TypeError):
            return text.splitlines()
        if cell is not None and 0 <= cell < len(cells):
            source = cells[cell].get("source", "")
            return ("".join(source) if isinstance(source, list) else source).splitlines()
    return text.splitlines()


def _imported_modules(source: str) -> set[str]:
    """Dotted module names a Python file imports (relative ones without their dots)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            modules.add(base)
            modules.update(f"{base}.{alias.name}".strip(".") for alias in node.names)
    return {m for m in modules if m}


def _module_files(root: Path, module: str, near: Path) -> list[Path]:
    """Project files that can be `module`: by dotted suffix, the importing file's folder first."""
    parts = module.split(".")
    candidates = []
    for base in [near.parent, *near.parent.parents]:
        for tail in (Path(*parts).with_suffix(".py"), Path(*parts) / "__init__.py"):
            candidate = base / tail
            if candidate.is_file():
                candidates.append(candidate)
        if base == root:
            break
    return candidates


class Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.aliases = _alias_names()
        self._texts: dict[Path, str] = {}

    def _text(self, path: Path) -> str:
        if path not in self._texts:
            try:
                self._texts[path] = path.read_text(encoding="utf-8", errors="replace").lower()
            except OSError:
                self._texts[path] = ""
        return self._texts[path]

    def _cells_up_to(self, path: Path, cell: int) -> str:
        try:
            cells = json.loads(path.read_text(encoding="utf-8", errors="replace"))["cells"]
        except (ValueError, KeyError, TypeError):
            return self._text(path)
        sources = [c.get("source", "") for c in cells[: cell + 1]]
        return "\n".join("".join(s) if isinstance(s, list) else s for s in sources).lower()

    def verdict(self, place: Place) -> tuple[str, bool]:
        """('literal' | 'imported' | 'composed' | 'later-cell' | 'ungrounded' |
        'missing-file', line holds the id)."""
        path = self.root / place.path
        if not path.is_file():
            return "missing-file", False
        spellings = _spellings(place.ref_id, self.aliases)
        lines = _text_lines(path, place.cell)
        on_line = False
        if place.line and 0 < place.line <= len(lines):
            line = lines[place.line - 1].lower()
            on_line = any(s in line for s in spellings)
        text = self._text(path)
        if path.suffix == ".ipynb" and place.cell is not None:
            # cells run in order: the id must be written in this cell or an earlier one
            text = self._cells_up_to(path, place.cell)
            if not any(s in text for s in spellings) and not _composed(place.ref_id, text):
                return "later-cell", on_line
        if any(s in text for s in spellings):
            return "literal", on_line
        if path.suffix == ".py":
            for module in _imported_modules(path.read_text(encoding="utf-8", errors="replace")):
                for module_file in _module_files(self.root, module, path):
                    if any(s in self._text(module_file) for s in spellings):
                        return "imported", on_line
        if _composed(place.ref_id, text):
            return "composed", on_line
        return "ungrounded", on_line


def _composed(ref_id: str, text: str) -> bool:
    """Every word of the id is in the file: an f-string or `+` built it from literal parts."""
    words = [w for w in re.split(r"[/_.\-]+", ref_id.lower()) if w]
    return bool(words) and all(w in text for w in words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("root", type=Path)
    parser.add_argument("--show", type=int, default=20, help="ungrounded locations to print")
    args = parser.parse_args()
    report = json.loads(args.report.read_text(encoding="utf-8"))
    checker = Checker(args.root.resolve())
    counts: Counter[tuple[str, str]] = Counter()
    off_line: Counter[str] = Counter()
    ungrounded: list[Place] = []
    for place in _places(report):
        verdict, on_line = checker.verdict(place)
        counts[(place.kind, verdict)] += 1
        if not on_line:
            off_line[place.kind] += 1
        if verdict in ("ungrounded", "missing-file", "later-cell"):
            ungrounded.append(place)
    total = sum(counts.values())
    print(f"{total} locations in {args.report}")
    for (kind, verdict), n in sorted(counts.items()):
        print(f"  {kind:8} {verdict:12} {n}")
    for kind, n in sorted(off_line.items()):
        print(f"  {kind:8} line does not hold the id: {n}")
    for place in ungrounded[: args.show]:
        where = f"{place.path}:{place.line}" + (
            f" cell {place.cell}" if place.cell is not None else ""
        )
        print(f"UNGROUNDED {place.ref_kind[:-1]} {place.ref_id} at {where} ({place.kind})")
    sys.exit(1 if ungrounded else 0)


if __name__ == "__main__":
    main()
