"""Benchmark a fleet: N runner processes audit the same models at once, with and without Redis.

Each runner is a separate `llmaudit check` process with its own HOME and empty local cache,
all started together against one loopback Hub (tests/loopback_hub.py, 50 ms per request):
  1. local caches only (today's default: every runner asks the Hub for everything)
  2. one shared cache (--cache-url on a real redis-server, emptied first)
Prints the Hub requests and wall time of each, and the ratios local / shared.

    python bench/fleet.py [--runners 8] [--models 300] [--latency 0.05] [--workers 16]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the repo, for tests/ and bench/
from bench.resolve import answer  # noqa: E402  (the same Hub-shaped answers as bench/resolve.py)
from tests.loopback_hub import LoopbackHub  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402


def run_fleet(
    hub: LoopbackHub,
    workdir: Path,
    models: list[str],
    *,
    runners: int,
    workers: int,
    cache_url: str | None,
) -> tuple[float, int, list[list[tuple]]]:
    """Start every runner at once; wall time until the last one ends, Hub requests, verdicts."""
    hub.requests.clear()
    processes = []
    start = time.perf_counter()
    for n in range(runners):
        home = workdir / f"runner{n}"
        home.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMAUDIT_", "HF_"))}
        env.update(
            HOME=str(home),
            HF_HOME=str(home / "hf"),
            LLMAUDIT_CACHE_DIR=str(home / "c"),
            HF_ENDPOINT=hub.url,
            HF_TOKEN="hf_bench",
            PYTHONPATH=str(REPO),
        )
        if cache_url:
            env["LLMAUDIT_CACHE_URL"] = cache_url
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "llmaudit",
                    "check",
                    *models,
                    "--format",
                    "json",
                    "--output",
                    str(home / "report.json"),
                    "--fail-on",
                    "never",
                    "-q",
                    "--workers",
                    str(workers),
                ],
                env=env,
                cwd=home,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
    for process in processes:
        _, err = process.communicate(timeout=600)
        if process.returncode != 0:
            raise SystemExit(f"a runner failed with {process.returncode}: {err.decode()[-500:]}")
    elapsed = time.perf_counter() - start
    verdicts = []
    for n in range(runners):
        report = json.loads((workdir / f"runner{n}" / "report.json").read_text())
        if report["errors"]:
            raise SystemExit(f"runner {n} left errors, e.g. {report['errors'][0]}")
        verdicts.append([(m["id"], m["license"]["id"], m["verdict"]) for m in report["models"]])
    return elapsed, len(hub.requests), verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=8)
    parser.add_argument("--models", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    models = [f"org{i}/model-{i}" for i in range(args.models)]
    hub = LoopbackHub(fallback=answer)
    hub.latency = args.latency
    with tempfile.TemporaryDirectory() as tmp:
        redis = RedisServer(Path(tmp) / "redis")
        redis.start()
        try:
            local_time, local_requests, local_verdicts = run_fleet(
                hub,
                Path(tmp) / "local",
                models,
                runners=args.runners,
                workers=args.workers,
                cache_url=None,
            )
            shared_time, shared_requests, shared_verdicts = run_fleet(
                hub,
                Path(tmp) / "shared",
                models,
                runners=args.runners,
                workers=args.workers,
                cache_url=redis.url,
            )
        finally:
            redis.stop()
            hub.close()
    if any(v != local_verdicts[0] for v in local_verdicts + shared_verdicts):
        raise SystemExit("runners disagree on a verdict")
    print(
        f"runners={args.runners} models={args.models} latency={args.latency * 1000:.0f}ms "
        f"workers={args.workers}"
    )
    print(f"local caches : {local_time:7.2f}s wall  {local_requests:6d} Hub requests")
    print(f"shared Redis : {shared_time:7.2f}s wall  {shared_requests:6d} Hub requests")
    print(
        f"Hub requests local / shared: {local_requests / max(shared_requests, 1):5.1f}x "
        f"(target: about the number of runners, {args.runners})"
    )
    print(f"wall time local / shared   : {local_time / shared_time:5.2f}x")


if __name__ == "__main__":
    main()
