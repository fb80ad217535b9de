"""Write llmaudit/data/open_clip_pretrained.json from open_clip's own table of pretrained tags.

open_clip (MIT) loads `create_model_and_transforms("ViT-H-14", pretrained="laion2b_s32b_b79k")`
from the Hub repository its `_PRETRAINED` table names for that architecture and tag
(`hf_hub="laion/CLIP-ViT-H-14-laion2B-s32B-b79K/"` in src/open_clip/pretrained.py; names are
compared lower-cased). This reads that file with `ast` (nothing is imported or run): each
`_NAME = dict(tag=_pcfg(hf_hub=...), ...)` table and the `_PRETRAINED = {"arch": _NAME, ...}`
map, keeping the tags with a Hub repository.

    python scripts/open_clip_pretrained.py path/to/pretrained.py COMMIT
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "llmaudit" / "data" / "open_clip_pretrained.json"


def _hub_repo(config: ast.expr) -> str | None:
    """The `org/name` of a `_pcfg(hf_hub="org/name/")` call (a file path after it dropped)."""
    if not isinstance(config, ast.Call):
        return None
    for keyword in config.keywords:
        if keyword.arg == "hf_hub" and isinstance(keyword.value, ast.Constant):
            parts = str(keyword.value.value).strip("/").split("/")
            return "/".join(parts[:2]) if len(parts) >= 2 else None
    return None


def _tags(table: ast.expr) -> dict[str, str]:
    """`dict(tag=_pcfg(hf_hub=...), ...)` -> {tag: repo}."""
    if not (isinstance(table, ast.Call) and getattr(table.func, "id", "") == "dict"):
        return {}
    return {k.arg.lower(): repo for k in table.keywords if k.arg and (repo := _hub_repo(k.value))}


def _tables(tree: ast.Module) -> dict[str, dict[str, str]]:
    """`_NAME = dict(tag=_pcfg(...), ...)` -> {tag: repo}."""
    return {
        statement.targets[0].id: _tags(statement.value)
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
    }


def main() -> None:
    source, commit = Path(sys.argv[1]), sys.argv[2]
    tree = ast.parse(source.read_text(encoding="utf-8"))
    tables = _tables(tree)
    models: dict[str, dict[str, str]] = {}
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == "_PRETRAINED"
            and isinstance(statement.value, ast.Dict)
        ):
            for key, value in zip(statement.value.keys, statement.value.values, strict=True):
                if isinstance(key, ast.Constant):
                    tags = tables.get(value.id, {}) if isinstance(value, ast.Name) else _tags(value)
                    if tags:
                        models[str(key.value).lower()] = dict(sorted(tags.items()))
    if not models:
        raise SystemExit("_PRETRAINED not found")
    document = {
        "source": "https://github.com/mlfoundations/open_clip/blob/"
        + commit
        + "/src/open_clip/pretrained.py",
        "license": "MIT",
        "models": dict(sorted(models.items())),
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{sum(len(t) for t in models.values())} tags of {len(models)} architectures -> {OUT}")


if __name__ == "__main__":
    main()
