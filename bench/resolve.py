"""Benchmark resolve(): 300 models from a loopback Hub that adds 50 ms latency per request.

Runs, in one process and against the same server:
  1. cold, sequential (workers=1, empty cache)
  2. cold, concurrent (workers=N, empty cache)
  3. warm, concurrent (workers=N, the cache of run 2)
and prints the ratios: sequential / concurrent (target >= 6x) and cold / warm (target >= 20x).

    python bench/resolve.py [--models 300] [--latency 0.05] [--workers 16]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo, for tests/
from llmaudit.models import FactSource, ModelRef
from llmaudit.resolve import resolve
from llmaudit.settings import Settings
from tests.loopback_hub import LoopbackHub, Reply, json_reply

SHA = "0123456789abcdef0123456789abcdef01234567"
LICENSE_TEXT = ("Apache License\nVersion 2.0, January 2004\n" * 200).encode()
README_TEXT = b"---\nlicense: apache-2.0\n---\n# A model\n\nText.\n\n## License\n\nApache-2.0.\n"


def model_info(model_id: str, index: int) -> bytes:
    """A Hub-shaped /api/models body: card license, a dataset, a base model for some."""
    card: dict[str, object] = {"license": "apache-2.0", "datasets": [f"data/set{index % 10}"]}
    if index % 3 == 0:
        card["base_model"] = f"base/common{index % 5}"
    return json.dumps(
        {
            "id": model_id,
            "sha": SHA,
            "gated": False,
            "pipeline_tag": "text-generation",
            "library_name": "transformers",
            "tags": ["license:apache-2.0"],
            "cardData": card,
            "siblings": [{"rfilename": n} for n in ("README.md", "LICENSE", "model.safetensors")],
        }
    ).encode()


def answer(path: str) -> Reply:
    """Any model, dataset, README or LICENSE the resolver asks for, Hub-shaped."""
    if path.endswith("/LICENSE"):
        return Reply(body=LICENSE_TEXT)
    if path.endswith("/README.md"):
        return Reply(body=README_TEXT)
    if path.startswith("/api/datasets/"):
        return json_reply({"id": path[14:], "cardData": {"license": "cc-by-4.0"}})
    if path.startswith("/api/models/"):
        model_id = path[len("/api/models/") :]
        index = int("".join(c for c in model_id if c.isdigit()) or 0)
        return Reply(body=model_info(model_id, index), headers={"Content-Type": "application/json"})
    return Reply(status=404, body=b"{}")


def timed_run(refs: tuple[ModelRef, ...], settings: Settings) -> float:
    start = time.perf_counter()
    facts = resolve(refs, settings, backoff=0.01)
    elapsed = time.perf_counter() - start
    bad = [f.id for f in facts if f.source is FactSource.UNRESOLVED]
    if bad:
        raise SystemExit(f"benchmark run left {len(bad)} models unresolved, e.g. {bad[0]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    hub = LoopbackHub(fallback=answer)  # tests/loopback_hub.py: the tests' fake Hub
    hub.latency = args.latency
    refs = tuple(ModelRef(id=f"org{i}/model-{i}") for i in range(args.models))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            base = {"endpoint": hub.url, "timeout": 30.0, "environ": {"HF_HOME": tmp}}
            seq = Settings(cache_dir=Path(tmp) / "seq", workers=1, **base)  # type: ignore[arg-type]
            par = Settings(cache_dir=Path(tmp) / "par", workers=args.workers, **base)  # type: ignore[arg-type]
            hub.requests.clear()
            cold_seq = timed_run(refs, seq)
            seq_requests = len(hub.requests)
            hub.requests.clear()
            cold_par = timed_run(refs, par)
            par_requests = len(hub.requests)
            hub.requests.clear()
            warm = timed_run(refs, par)
            warm_requests = len(hub.requests)
    finally:
        hub.close()
    print(f"models={args.models} latency={args.latency * 1000:.0f}ms workers={args.workers}")
    print(f"cold sequential : {cold_seq:7.2f}s  ({seq_requests} requests)")
    print(f"cold concurrent : {cold_par:7.2f}s  ({par_requests} requests)")
    print(f"warm cache      : {warm:7.2f}s  ({warm_requests} requests)")
    print(f"concurrent vs sequential: {cold_seq / cold_par:5.1f}x  (target >= 6x)")
    print(f"warm vs cold concurrent : {cold_par / warm:5.1f}x  (target >= 20x)")
    print(f"warm vs cold sequential : {cold_seq / warm:5.1f}x")


if __name__ == "__main__":
    main()
