"""Hook latency: the pre-commit hook on a realistic 10-file commit vs a click+yaml import.

Run: python bench/hook.py [--runs 15] [--profile] [--offline] [--instructions]
Runs exactly the `entry` of .pre-commit-hooks.yaml (plus `--policy commercial`) on code, a
notebook, configs, a Dockerfile, a shell script and a requirements file (13 models, 4
packages; tests/hook_commit.py, whose output tests/report/test_hook.py checks), warm cache,
with the Hub reachable (the tests' loopback Hub), and prints the median wall time of both and
their ratio (target: hook <= 3x baseline). Run it from a clean `pip install .` venv.
`--instructions` also counts both commands' instructions under valgrind (callgrind), a
figure the load of a shared machine does not move.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0
HEAVY = (
    "requests",
    "requests_cache",
    "huggingface_hub",
    "jinja2",
    "spdx_tools",
    "cyclonedx",
    "jsonschema",
    "rich",
    "license_expression",
)


def measure(
    runs: int, *, profile: bool = False, offline: bool = False, instructions: bool = False
) -> float:
    """Print the hook's and the baseline's medians and return their ratio.

    The Hub is reachable (the tests' loopback Hub) unless `offline`; the cache is warm: the
    first (untimed) run fills it, as the developer's earlier commits did.
    """
    sys.path.insert(0, str(REPO))  # tests/loopback_hub.py, tests/hook_commit.py
    from tests.hook_commit import (
        hook_command,
        hook_environment,
        hub_answer,
        run_hook,
        write_project,
    )
    from tests.loopback_hub import LoopbackHub

    hub = LoopbackHub(fallback=hub_answer)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            root.mkdir()
            files = [str(p.relative_to(root)) for p in write_project(root)]
            env = hook_environment(Path(tmp), hub.url)
            if offline:
                env["HF_HUB_OFFLINE"] = "1"
            hook = hook_command(files)
            check = run_hook(hook, root, env)
            print(
                f"hook: {' '.join(hook[: hook.index('--policy')])} ... on {len(files)} files "
                f"({'offline' if offline else 'Hub reachable'}, warm cache) -> exit code "
                f"{check.returncode}, {check.stdout.count(chr(10))} lines of output"
            )
            if check.returncode not in (0, 1) or "12 model(s)" not in check.stdout:
                raise SystemExit(
                    f"the hook did not audit the 12 models named:\n{check.stdout}{check.stderr}"
                )
            requests_before = len(hub.requests)
            cpu: tuple[list[float], list[float]] = ([], [])
            base_median, hook_median = paired_medians(
                [sys.executable, "-c", "import click, yaml"], hook, runs, cwd=root, env=env, cpu=cpu
            )
            ratio = hook_median / base_median
            base_cpu, hook_cpu = (statistics.median(times) for times in cpu)
            print(
                f"hook: baseline python -c 'import click, yaml' median "
                f"{base_median * 1000:.1f} ms; hook median {hook_median * 1000:.1f} ms; ratio "
                f"{ratio:.2f}x (target <= {TARGET_RATIO:.0f}x: "
                f"{'OK' if ratio <= TARGET_RATIO else 'TOO SLOW'}); Hub requests by the "
                f"timed runs: {len(hub.requests) - requests_before}"
            )
            print(
                f"hook: user+sys CPU medians: baseline {base_cpu * 1000:.1f} ms, hook "
                f"{hook_cpu * 1000:.1f} ms, ratio {hook_cpu / base_cpu:.2f}x; load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            )
            print(f"hook: heavy modules imported: {heavy_imports(root, env, hook) or 'none'}")
            if profile:
                profile_imports(root, env, hook)
            if instructions:
                base = count_instructions([sys.executable, "-c", "import click, yaml"], root, env)
                counted = count_instructions(hook, root, env)
                print(
                    f"hook: instructions (valgrind): baseline {base / 1e6:,.0f} M, hook "
                    f"{counted / 1e6:,.0f} M, ratio {counted / base:.2f}x"
                )
            return ratio
    finally:
        hub.close()


def paired_medians(
    baseline: list[str],
    command: list[str],
    runs: int,
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    cpu: tuple[list[float], list[float]] | None = None,
    before_command: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Median wall times of `baseline` and `command`, run alternately after one warm-up each,
    so that a busy spell on a shared machine slows both sides alike; `cpu` collects each
    run's user+sys CPU seconds (less sensitive to the load than wall time);
    `before_command` runs, untimed, before each timed run of `command`."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for argv in (baseline, command):
        subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    times: tuple[list[float], list[float]] = ([], [])
    cpu = cpu if cpu is not None else ([], [])
    for _ in range(runs):
        for argv, bucket, cpu_bucket in zip((baseline, command), times, cpu, strict=True):
            if argv is command and before_command is not None:
                before_command()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
            bucket.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_bucket.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times[0]), statistics.median(times[1])


def count_instructions(argv: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Instructions one run of `argv` executes, counted by valgrind's callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            check=False,
        )
        for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise SystemExit(f"valgrind gave no instruction count for {argv[0]}")


def heavy_imports(cwd: Path, env: dict[str, str], hook: list[str]) -> list[str]:
    """Heavy modules the hook imports (should be none of the report / HTTP stack)."""
    code = (
        "import sys\nfrom llmaudit.cli import cli\n"
        "try:\n    cli.main(sys.argv[1:], standalone_mode=False)\n"
        "except SystemExit:\n    pass\nexcept BaseException:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *hook[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "[]"
    return list(json.loads(last.replace("'", '"')))


def profile_imports(cwd: Path, env: dict[str, str], hook: list[str]) -> None:
    """Top cumulative import times of one hook run."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", *hook],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in run.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print("top imports (cumulative us):")
    for cumulative, name in sorted(rows, reverse=True)[:15]:
        print(f"  {cumulative:>8}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="HF_HUB_OFFLINE=1 instead of a reachable (loopback) Hub",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions with valgrind (callgrind)",
    )
    args = parser.parse_args()
    ratio = measure(
        args.runs, profile=args.profile, offline=args.offline, instructions=args.instructions
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
