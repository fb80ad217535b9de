"""Discovery speed: a large real source tree vs grep, and a 10-file pre-commit run vs an import.

Run: python bench/discover.py [--runs 5] [--tree DIR]

(1) Installs transformers + diffusers (more packages if needed to pass 5,000 .py files) with
    `pip install --no-deps --target` into a reusable temp folder, then times discovery of that
    tree in a fresh interpreter against `grep -rlE "from_pretrained|pipeline\\("` on the same
    tree. Targets: within 3x of grep, and over 5,000 files in under 5 s.
(2) Times the pre-commit hook (bench/hook.py: the manifest's entry on 10 changed files, warm
    cache) and `discover()` alone on 10 files of tests/data/projects/discover-app, against
    `python -c "import click, yaml"` in the same venv. Target: <= 3x.
Prints the medians and both ratios. Subprocesses may write bytecode, as an installed package
has it (PYTHONDONTWRITEBYTECODE would make every run recompile llmaudit).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import hook  # noqa: E402  (bench/hook.py: the hook figure and the paired timer)
from hook import paired_medians  # noqa: E402

APP = REPO / "tests" / "data" / "projects" / "discover-app"
TREE_PACKAGES = ("transformers", "diffusers")
MORE_PACKAGES = ("timm", "peft", "accelerate", "datasets", "sentence-transformers")
MIN_PY_FILES = 5_000
HOOK_FILES = (
    "app.py", "Dockerfile", ".env", "Makefile", "README.md", "configs/train.yaml",
    "configs/serving.json", "configs/eval.toml", "scripts/fetch_models.sh",
    "notebooks/explore.ipynb",
)
SCAN_TREE = (
    "import sys; from pathlib import Path; from llmaudit.discover import discover; "
    "from llmaudit.settings import Settings; "
    "d = discover(Settings(root=Path(sys.argv[1]))); "
    "print(len(d.models), len(d.datasets), len(d.packages), len(d.notes))"
)
SCAN_FILES = (
    "import sys; from pathlib import Path; from llmaudit.discover import discover; "
    "from llmaudit.settings import Settings; "
    "d = discover(Settings(root=Path('.'), files=tuple(Path(a) for a in sys.argv[1:]))); "
    "print(len(d.models))"
)


def prepare_tree(tree: Path) -> int:
    """Install the packages' sources into `tree` (once) and return its number of .py files."""
    packages = list(TREE_PACKAGES)
    while True:
        if not all((tree / name.replace("-", "_")).is_dir() for name in packages):
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                 "--no-compile", "--target", str(tree), *packages],
                check=True,
            )
        count = sum(1 for _ in tree.rglob("*.py"))
        remaining = [p for p in MORE_PACKAGES if p not in packages]
        if count > MIN_PY_FILES or not remaining:
            return count
        packages.append(remaining[0])


def bench_tree(tree: Path, runs: int) -> None:
    count = prepare_tree(tree)
    grep = shutil.which("grep")
    if grep is None:
        print("tree: grep not found, skipped")
        return
    # grep -l exits 0 when it lists something; a missing match would exit 1.
    baseline, scan = paired_medians([grep, "-rlE", r"from_pretrained|pipeline\(", str(tree)],
                                    [sys.executable, "-c", SCAN_TREE, str(tree)], runs)
    found = subprocess.run([sys.executable, "-c", SCAN_TREE, str(tree)], check=True,
                           capture_output=True, text=True).stdout.split()
    print(f"tree: {tree} ({count} .py files); models/datasets/packages/notes = {found}")
    print(f"tree: grep {baseline:.3f} s, discover {scan:.3f} s, "
          f"ratio {scan / baseline:.2f}x (target <= 3x; {count} files in < 5 s: "
          f"{'yes' if scan < 5 and count > MIN_PY_FILES else 'no'})")


def bench_hook(runs: int) -> None:
    files = [f for f in HOOK_FILES if (APP / f).is_file()]
    baseline, scan = paired_medians([sys.executable, "-c", "import click, yaml"],
                                    [sys.executable, "-c", SCAN_FILES, *files], runs, cwd=APP)
    print(f"hook: import click, yaml {baseline:.3f} s; discover() on {len(files)} files "
          f"{scan:.3f} s, ratio {scan / baseline:.2f}x (target <= 3x)")
    hook.measure(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path,
                        default=Path(tempfile.gettempdir()) / "llmaudit-bench-src")
    parser.add_argument("--skip-tree", action="store_true", help="only the hook benchmark")
    args = parser.parse_args()
    if not args.skip_tree:
        bench_tree(args.tree, args.runs)
    bench_hook(args.runs)


if __name__ == "__main__":
    main()
