"""Scale: a generated 100,000-file project with 2,000 model references, and a warm-cache resolve.

Run: python bench/scale.py [--files 100000] [--models 2000] [--keep DIR]

(1) Writes a project of FILES files (Python, Markdown, YAML, JSON, text, binaries) in which
    MODELS distinct Hub ids are loaded, one per Python file, in a temp dir.
(2) Times `discover()` and the full `llmaudit scan --offline --format json -o ...` in child
    processes: wall time and peak memory (ru_maxrss of the child from os.wait4; the discovery
    pool's workers are separate processes, each reported by its own maxrss, the largest counts).
    Targets: under 60 s and under 500 MB each.
(3) Serves MODELS /api/models bodies from a loopback server, resolves them once to fill a fresh
    cache, then times a child resolving all of them again from that warm cache (and checks the
    server saw no request). Target: under 5 s.
Baselines measured in the same run: `find TREE -type f | wc -l` and `grep -rl from_pretrained`.
Prints each figure against its target and its ratio to a baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DISCOVER = (
    "import sys, time; from pathlib import Path; from llmaudit.discover import discover; "
    "from llmaudit.settings import Settings; t = time.perf_counter(); "
    "d = discover(Settings(root=Path(sys.argv[1]))); "
    "print(len(d.models), len(d.notes), round(time.perf_counter() - t, 3))"
)
RESOLVE = (
    "import sys, time; from pathlib import Path; from llmaudit.models import ModelRef; "
    "from llmaudit.resolve import resolve; from llmaudit.settings import Settings; "
    "ids = Path(sys.argv[1]).read_text().split(); "
    "s = Settings(cache_dir=Path(sys.argv[2]), endpoint=sys.argv[3], timeout=5.0); "
    "t = time.perf_counter(); facts = resolve(tuple(ModelRef(id=i) for i in ids), s); "
    "print(len(facts), sorted({f.source.value for f in facts}), "
    "round(time.perf_counter() - t, 3))"
)
FILLER_PY = "import os\nimport json\n\n\ndef handler_{n}(event):\n    return json.dumps(event)\n"
SHA = "c" * 40


def model_ids(count: int) -> list[str]:
    return [f"scale-org-{i % 97}/model-{i:05d}" for i in range(count)]


def write_project(root: Path, files: int, ids: list[str]) -> None:
    """FILES files in folders of 100; the first len(ids) Python files load one model each."""
    rng = random.Random(7)
    kinds = ["py"] * 55 + ["md"] * 10 + ["yaml"] * 10 + ["json"] * 8 + ["txt"] * 12 + ["bin"] * 5
    models = iter(ids)
    for index in range(files):
        folder = root / f"pkg{index // 100 // 50:03d}" / f"mod{index // 100:04d}"
        if index % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        kind = "py" if index < len(ids) else rng.choice(kinds)
        path = folder / f"file{index:06d}.{kind}"
        if kind == "py":
            model = next(models, None)
            text = FILLER_PY.format(n=index)
            if model:
                text = (
                    "from transformers import AutoModel\n\n"
                    f'MODEL = AutoModel.from_pretrained("{model}")\n' + text
                )
            path.write_text(text)
        elif kind == "md":
            path.write_text(f"# Notes {index}\n\nSee the design document for details.\n")
        elif kind == "yaml":
            path.write_text(f"name: job-{index}\nreplicas: 2\noutput_dir: out/{index}\n")
        elif kind == "json":
            path.write_text(json.dumps({"id": index, "tags": ["a", "b"]}))
        elif kind == "txt":
            path.write_text("plain text " * 20)
        else:
            path.write_bytes(bytes(range(256)) * 4)


def run_child(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, int]:
    """Wall seconds, peak RSS in MB (wait4 rusage of the child), stdout and exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, out.strip(), child.returncode


def time_shell(command: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, shell=True, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


class _Hub:
    """A loopback Hub answering /api/models/<id> for every generated id."""

    def __init__(self) -> None:
        self.requests = 0
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                hub.requests += 1
                model_id = self.path.removeprefix("/api/models/")
                body = json.dumps(
                    {
                        "id": model_id,
                        "sha": SHA,
                        "tags": ["license:apache-2.0"],
                        "cardData": {"license": "apache-2.0"},
                        "siblings": [{"rfilename": "model.safetensors"}],
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def report(
    label: str,
    value: float,
    unit: str,
    target: float,
    baseline: float | None = None,
    baseline_name: str = "",
) -> bool:
    ok = value < target
    ratio = f"  {value / baseline:6.1f}x {baseline_name}" if baseline else ""
    print(
        f"{label:<38} {value:8.2f} {unit:<3} target < {target:g} {unit:<3} "
        f"{'OK' if ok else 'MISSED'}{ratio}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--models", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="reuse / keep the generated tree here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="llmaudit-scale-"))
    tree = args.keep or work / "tree"
    ids = model_ids(args.models)
    try:
        if not tree.is_dir() or not any(tree.iterdir()):
            start = time.perf_counter()
            tree.mkdir(parents=True, exist_ok=True)
            write_project(tree, args.files, ids)
            print(
                f"generated {args.files} files, {args.models} models in "
                f"{time.perf_counter() - start:.1f} s"
            )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "LLMAUDIT_"))}
        env.update(
            LLMAUDIT_CACHE_DIR=str(work / "cold-cache"), HF_HOME=str(work / "hf"), HOME=str(work)
        )
        find_s = time_shell(f"find {tree} -type f | wc -l")
        grep_s = time_shell(f"grep -rl from_pretrained {tree} | wc -l")
        print(f"baseline find | wc -l: {find_s:.2f} s; grep -rl from_pretrained: {grep_s:.2f} s")

        wall, rss, out, _ = run_child([sys.executable, "-c", DISCOVER, str(tree)], env)
        found = int(out.split()[0]) if out else -1
        print(f"discover found {found} models (expected {args.models}); child says: {out}")
        results = [
            report("discover wall time", wall, "s", 60, grep_s, "grep -rl"),
            report("discover peak RSS", rss, "MB", 500),
            found == args.models,
        ]
        llmaudit = Path(sys.executable).with_name("llmaudit")
        out_file = work / "report.json"
        wall, rss, _, code = run_child(
            [
                str(llmaudit),
                "scan",
                str(tree),
                "--offline",
                "--format",
                "json",
                "-o",
                str(out_file),
            ],
            env,
        )
        audited = len(json.loads(out_file.read_text())["models"]) if out_file.exists() else -1
        print(f"full offline scan: exit {code}, {audited} models in the report")
        results += [
            report("full offline scan wall time", wall, "s", 60, find_s, "find|wc"),
            report("full offline scan peak RSS", rss, "MB", 500),
            audited == args.models,
        ]

        hub = _Hub()
        try:
            id_file = work / "ids.txt"
            id_file.write_text("\n".join(ids))
            cache = work / "warm-cache"
            cold_wall, _, cold_out, _ = run_child(
                [sys.executable, "-c", RESOLVE, str(id_file), str(cache), hub.url], env
            )
            fetched = hub.requests
            wall, rss, out, _ = run_child(
                [sys.executable, "-c", RESOLVE, str(id_file), str(cache), hub.url], env
            )
            print(
                f"cold resolve (fills the cache): {cold_wall:.2f} s, {fetched} requests: {cold_out}"
            )
            print(f"warm resolve: {out}; requests during the warm run: {hub.requests - fetched}")
            results += [
                report("warm-cache resolve of all models", wall, "s", 5, cold_wall, "cold resolve"),
                hub.requests == fetched,
            ]
        finally:
            hub.close()
        return 0 if all(results) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
