"""Write llmaudit/data/transformer_lens_aliases.json from TransformerLens's own alias table.

TransformerLens (MIT) loads `HookedTransformer.from_pretrained("gpt2-small")` by looking the
name up in `OFFICIAL_MODEL_NAMES` / `MODEL_ALIASES` (transformer_lens/supported_models.py,
`make_model_alias_map`: aliases compared lower-cased). This reads that file with `ast`
(nothing is imported or run) and keeps each alias that differs from its official Hub id,
and the official names that are one-word legacy Hub ids.

    python scripts/transformer_lens_aliases.py path/to/supported_models.py COMMIT
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "llmaudit" / "data" / "transformer_lens_aliases.json"


def _literal(tree: ast.Module, name: str) -> object:
    for statement in tree.body:
        target = statement.target if isinstance(statement, ast.AnnAssign) else None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
        if isinstance(target, ast.Name) and target.id == name and statement.value is not None:
            return ast.literal_eval(statement.value)
    raise SystemExit(f"{name} not found")


def main() -> None:
    source, commit = Path(sys.argv[1]), sys.argv[2]
    tree = ast.parse(source.read_text(encoding="utf-8"))
    official = _literal(tree, "OFFICIAL_MODEL_NAMES")
    aliases = _literal(tree, "MODEL_ALIASES")
    assert isinstance(official, list) and isinstance(aliases, dict)
    table: dict[str, str] = {}
    for name in official:  # make_model_alias_map's order: a later official name wins
        for alias in aliases.get(name, []):
            if alias.lower() != name.lower():
                table[alias.lower()] = name
    for name in official:  # an official name always maps to itself
        table.pop(name.lower(), None)
    document = {
        "source": "https://github.com/TransformerLensOrg/TransformerLens"
        "/blob/" + commit + "/transformer_lens/supported_models.py",
        "license": "MIT",
        "aliases": dict(sorted(table.items())),
        # official names without an owner (legacy Hub ids such as "gpt2")
        "one_word": sorted(name.lower() for name in official if "/" not in name),
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table)} aliases -> {OUT}")


if __name__ == "__main__":
    main()
