"""Discovery speed: a large real source tree vs grep, and a 10-file pre-commit run vs an import.

Run: python bench/discover.py [--runs 5] [--tree DIR]

(1) Installs transformers + diffusers (more packages if needed to pass 5,000 .py files) with
    `pip install --no-deps --target` into a reusable temp folder, then times discovery of that
    tree in a fresh interpreter against `grep -rlE "from_pretrained|pipeline\\("` on the same
    tree. Targets: within 3x of grep, and over 5,000 files in under 5 s.
(2) Times discovery of a real YAML-rich tree, EleutherAI/lm-evaluation-harness (16,000+ files,
    ~14,000 YAML task configs), against the same grep. The tree comes from --yaml-tree DIR (a
    checkout), else is materialised with `git archive HEAD` from --yaml-repo (a clone or bare
    mirror; default $LLMAUDIT_BENCH_YAML_REPO), else cloned shallow from GitHub into a reusable
    temp folder. Target: within 3x of grep, page cache warm for both.
    Both trees are timed three ways, each alternated with grep in the same rounds: cold
    (no result cache: every file read), warm (llmaudit/discover/result_cache.py filled by
    one untimed run), and warm with 10 files changed (their entries dropped from the cache
    before each run). Wall and CPU (user+sys, worker processes included) are printed.
(3) Times the pre-commit hook (bench/hook.py: the manifest's entry on 10 changed files, warm
    cache) and `discover()` alone on 10 files of tests/data/projects/discover-app, against
    `python -c "import click, yaml"` in the same venv. Target: <= 3x.
Prints the medians and both ratios. Subprocesses may write bytecode, as an installed package
has it (PYTHONDONTWRITEBYTECODE would make every run recompile llmaudit).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
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
    "app.py",
    "Dockerfile",
    ".env",
    "Makefile",
    "README.md",
    "configs/train.yaml",
    "configs/serving.json",
    "configs/eval.toml",
    "scripts/fetch_models.sh",
    "notebooks/explore.ipynb",
)
SCAN_TREE = (
    "import sys; from pathlib import Path; from llmaudit.discover import discover; "
    "from llmaudit.settings import Settings; "
    "d = discover(Settings(root=Path(sys.argv[1]))); "
    "print(len(d.models), len(d.datasets), len(d.packages), len(d.notes))"
)
SCAN_TREE_CACHED = (
    "import sys; from pathlib import Path; from llmaudit.discover import discover; "
    "from llmaudit.settings import Settings; "
    "d = discover(Settings(root=Path(sys.argv[1]), scan_cache=True, cache_dir=Path(sys.argv[2]))); "
    "print(len(d.models), len(d.datasets), len(d.packages), len(d.notes))"
)
CHANGED_FILES = 10
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
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--no-deps",
                    "--no-compile",
                    "--target",
                    str(tree),
                    *packages,
                ],
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
    grep_argv = [grep, "-rlE", r"from_pretrained|pipeline\(", str(tree)]
    found = subprocess.run(
        [sys.executable, "-c", SCAN_TREE, str(tree)], check=True, capture_output=True, text=True
    ).stdout.split()
    print(f"tree: {tree} ({count} .py files); models/datasets/packages/notes = {found}")
    scan = bench_cold_and_warm("tree", tree, grep_argv, runs)
    print(
        f"tree: {count} files in < 5 s cold: {'yes' if scan < 5 and count > MIN_PY_FILES else 'no'}"
    )


def bench_cold_and_warm(label: str, tree: Path, grep_argv: list[str], runs: int) -> float:
    """Print discovery of `tree` against grep, each timed in the same alternated rounds:
    cold (no result cache), warm (the cache filled by one untimed run), and warm with
    CHANGED_FILES files changed (their entries dropped from the cache before each run, so the
    tree itself is never modified). Returns the cold median wall time."""
    cold_argv = [sys.executable, "-c", SCAN_TREE, str(tree)]
    cold = _paired(label, "cold (no cache)", grep_argv, cold_argv, runs)
    with tempfile.TemporaryDirectory() as cache_dir:
        warm_argv = [sys.executable, "-c", SCAN_TREE_CACHED, str(tree), cache_dir]
        warm_found = subprocess.run(warm_argv, check=True, capture_output=True, text=True)
        cold_found = subprocess.run(cold_argv, check=True, capture_output=True, text=True)
        if warm_found.stdout != cold_found.stdout:
            print(f"{label}: warm run found {warm_found.stdout!r}, cold {cold_found.stdout!r}")
        _paired(label, "warm (cache filled)", grep_argv, warm_argv, runs)
        restore = _drop_cached_results(Path(cache_dir), CHANGED_FILES)
        _paired(label, f"warm, {CHANGED_FILES} files changed", grep_argv, warm_argv, runs, restore)
    return cold


def _paired(
    label: str,
    what: str,
    grep_argv: list[str],
    scan_argv: list[str],
    runs: int,
    before_scan: Callable[[], None] | None = None,
) -> float:
    cpu: tuple[list[float], list[float]] = ([], [])
    baseline, scan = paired_medians(grep_argv, scan_argv, runs, cpu=cpu, before_command=before_scan)
    grep_cpu, scan_cpu = (statistics.median(bucket) for bucket in cpu)
    print(
        f"{label}: {what}: wall grep {baseline:.3f} s, discover {scan:.3f} s = "
        f"{scan / baseline:.2f}x; CPU (user+sys, workers included) grep {grep_cpu:.3f} s, "
        f"discover {scan_cpu:.3f} s = {scan_cpu / grep_cpu:.2f}x (target <= 3x)"
    )
    return scan


def _drop_cached_results(cache_dir: Path, count: int) -> Callable[[], None]:
    """A function that rewrites the cache as it is now minus `count` entries of files that
    contributed something (spread over the tree): those files are read again, as if changed,
    and the second look runs again when one of them is a Python module."""
    (path,) = (cache_dir / "discover").glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    contributing = sorted(rel for rel, entry in data["entries"].items() if len(entry) > 4)
    step = max(1, len(contributing) // count)
    dropped = contributing[::step][:count]
    for rel in dropped:
        del data["entries"][rel]
    if any(rel.endswith(".py") for rel in dropped):
        data["second_look"] = None  # a changed module makes the second look run again
    stale = json.dumps(data, separators=(",", ":"))

    def restore() -> None:
        path.write_text(stale, encoding="utf-8")

    return restore


YAML_REPO_URL = "https://github.com/EleutherAI/lm-evaluation-harness"
MIN_TREE_FILES = 10_000


def prepare_yaml_tree(tree: Path | None, repo: str | None) -> Path:
    """A working tree of lm-evaluation-harness: the given one, or `git archive` of a clone."""
    import io
    import tarfile

    if tree is not None:
        return tree
    target = Path(tempfile.gettempdir()) / "llmaudit-bench-yaml"
    if (target / "lm_eval").is_dir():
        return target
    if not repo:
        repo = str(Path(tempfile.gettempdir()) / "llmaudit-bench-yaml.git")
        if not Path(repo).is_dir():
            subprocess.run(
                ["git", "clone", "--quiet", "--bare", "--depth", "1", YAML_REPO_URL, repo],
                check=True,
            )
    archive = subprocess.run(
        ["git", "--git-dir", repo, "archive", "HEAD"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def bench_yaml_tree(tree: Path, runs: int) -> None:
    files = [p for p in tree.rglob("*") if p.is_file()]
    yaml_files = sum(1 for p in files if p.suffix in (".yaml", ".yml"))
    grep = shutil.which("grep")
    if grep is None or len(files) < MIN_TREE_FILES:
        print(f"yaml tree: {tree}: grep missing or fewer than {MIN_TREE_FILES} files, skipped")
        return
    grep_argv = [grep, "-rlE", r"from_pretrained|pipeline\(", str(tree)]
    scan_argv = [sys.executable, "-c", SCAN_TREE, str(tree)]
    found = subprocess.run(scan_argv, check=True, capture_output=True, text=True).stdout.split()
    print(
        f"yaml tree: {tree} ({len(files)} files, {yaml_files} YAML); "
        f"models/datasets/packages/notes = {found}"
    )
    bench_cold_and_warm("yaml tree", tree, grep_argv, runs)


def bench_hook(runs: int) -> None:
    files = [f for f in HOOK_FILES if (APP / f).is_file()]
    baseline, scan = paired_medians(
        [sys.executable, "-c", "import click, yaml"],
        [sys.executable, "-c", SCAN_FILES, *files],
        runs,
        cwd=APP,
    )
    print(
        f"hook: import click, yaml {baseline:.3f} s; discover() on {len(files)} files "
        f"{scan:.3f} s, ratio {scan / baseline:.2f}x (target <= 3x)"
    )
    hook.measure(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--tree", type=Path, default=Path(tempfile.gettempdir()) / "llmaudit-bench-src"
    )
    parser.add_argument("--skip-tree", action="store_true", help="no source-tree benchmarks")
    parser.add_argument("--yaml-tree", type=Path, help="a checkout of lm-evaluation-harness")
    parser.add_argument(
        "--yaml-repo",
        default=os.environ.get("LLMAUDIT_BENCH_YAML_REPO"),
        help="a clone or bare mirror of lm-evaluation-harness to archive",
    )
    args = parser.parse_args()
    if not args.skip_tree:
        bench_tree(args.tree, args.runs)
        bench_yaml_tree(prepare_yaml_tree(args.yaml_tree, args.yaml_repo), args.runs)
    bench_hook(args.runs)


if __name__ == "__main__":
    main()
