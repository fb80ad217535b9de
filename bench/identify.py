"""Benchmark full-text license identification: llmaudit vs ScanCode on the same damaged texts.

Usage: python bench/identify.py [--corpus ../shared/corpus] [--scancode-venv DIR] [--no-scancode]

Builds perturbed variants of every corpus license text (rewrapped, markdown, smart quotes,
entities, preamble, truncated, word edits, whitespace, CRLF, upper case) plus non-license
texts (model-card bodies, Python source, a privacy policy) in a temp dir, then prints for
each tool: correct / wrong / unknown (wrong is worse than unknown), the time of one
`llmaudit identify` call vs one `scancode -l` call on one file, and llmaudit on 1,000 files.
ScanCode is pip-installed into its own venv (default: a cache dir; created when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from llmaudit.licenses.fingerprint import INDEX_PATH, identify_path, load_index  # noqa: E402
from tests.perturb import PERTURBATIONS  # noqa: E402

# ScanCode license keys (license_expression) -> our knowledge-base keys. SPDX-listed licenses
# map by their SPDX id instead (license_expression_spdx), see _scancode_keys.
SCANCODE_KEYS = {
    "mit": "mit",
    "apache-2.0": "apache-2.0",
    "bsd-simplified": "bsd-2-clause",
    "bsd-new": "bsd-3-clause",
    "clear-bsd": "bsd-3-clause-clear",
    "boost-1.0": "bsl-1.0",
    "isc": "isc",
    "zlib": "zlib",
    "unlicense": "unlicense",
    "wtfpl-2.0": "wtfpl",
    "gpl-2.0": "gpl-2.0",
    "gpl-3.0": "gpl-3.0",
    "lgpl-2.1": "lgpl-2.1",
    "lgpl-3.0": "lgpl-3.0",
    "agpl-3.0": "agpl-3.0",
    "mpl-2.0": "mpl-2.0",
    "afl-3.0": "afl-3.0",
    "osl-3.0": "osl-3.0",
    "artistic-2.0": "artistic-2.0",
    "ecl-2.0": "ecl-2.0",
    "epl-1.0": "epl-1.0",
    "epl-2.0": "epl-2.0",
    "eupl-1.1": "eupl-1.1",
    "eupl-1.2": "eupl-1.2",
    "lppl-1.3c": "lppl-1.3c",
    "ms-pl": "ms-pl",
    "uoi-ncsa": "ncsa",
    "ofl-1.1": "ofl-1.1",
    "postgresql": "postgresql",
    "cc-by-4.0": "cc-by-4.0",
    "cc-by-sa-4.0": "cc-by-sa-4.0",
    "cc-by-nc-4.0": "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0": "cc-by-nc-sa-4.0",
    "cc0-1.0": "cc0-1.0",
    "odbl-1.0": "odbl",
    "odc-by-1.0": "odc-by",
    "pddl-1.0": "pddl",
    "c-uda-1.0": "c-uda",
    "cdla-permissive-1.0": "cdla-permissive-1.0",
    "cdla-permissive-2.0": "cdla-permissive-2.0",
    "cdla-sharing-1.0": "cdla-sharing-1.0",
    "etalab-2.0": "etalab-2.0",
    "etalab-2.0-en": "etalab-2.0",
    "llama-license-2023": "llama1",
    "llama-2-license-2023": "llama2",
    "llama-3-license-2024": "llama3",
    "llama-3.1-license-2024": "llama3.1",
    "llama-3.2-license-2024": "llama3.2",
    "llama-3.3-license-2024": "llama3.3",
    "bigscience-rail-1.0": "bigscience-bloom-rail-1.0",
    "bigscience-open-rail-m": "bigscience-openrail-m",
    "bigcode-open-rail-m-v1": "bigcode-openrail-m",
    "creativeml-openrail-m": "creativeml-openrail-m",
    "open-weights-permissive-1.0.0": "open-weights-permissive-1.0.0",
    "llama-4-cla-2025": "llama4",
    "llama-4-license-2025": "llama4 (aup)",
    "stable-diffusion-2022-08-22": "creativeml-openrail-m",
    "bigscience-open-rail-m2": "openrail++",  # its text is "CreativeML Open RAIL++-M"
    "deepseek-la-1.0": "deepseek",
    "gemma-tou-2025-03-24": "gemma",
    "gemma-tou-2024-04-01": "gemma",
    "nvidia-open-model-2025-04-28": "nvidia-open-model-license",
    "tongyi-qianwen-2023": "tongyi-qianwen",
    "qwen-2024": "qwen",
    "stability-ai-community-2024": "stabilityai-community",
    "stability-ai-nc-2023-12-06": "stabilityai-nc-research-community",
    "falcon-2-11b-1.0": "falcon-2-11b",
}
# ScanCode's "there is some license here" keys: an answer of unknown, not a wrong license.
SCANCODE_UNKNOWN = re.compile(
    r"^(unknown|free-unknown|other-permissive|other-copyleft|"
    r"proprietary-license|commercial-license|warranty-disclaimer|"
    r"generic-cla|public-domain|unknown-license-reference)"
)
PRIVACY_POLICY = (
    "Privacy Policy\n\nThis Privacy Policy describes how we collect, use and disclose your "
    "personal information when you use our services. We collect your name, e-mail address, "
    "device identifiers and cookies. We use this information to provide and improve the "
    "services, to process transactions and to comply with applicable law. We do not sell your "
    "personal information. You may access, correct or delete your personal data at any time by "
    "contacting privacy@example.com. Changes to this policy will be posted on this page.\n"
)


@dataclass(frozen=True, kw_only=True)
class Case:
    """One benchmark file and the license key it holds ("unknown" for non-licenses)."""

    path: Path
    expected: str
    group: str  # "license" | "non-license"


@dataclass(frozen=True, kw_only=True)
class Score:
    """Outcome counts for one tool."""

    correct: int = 0
    wrong: int = 0
    unknown: int = 0

    def add(self, expected: str, got: str) -> Score:
        """This score with one more answer counted."""
        if got == expected:
            return Score(correct=self.correct + 1, wrong=self.wrong, unknown=self.unknown)
        if got == "unknown":
            return Score(correct=self.correct, wrong=self.wrong, unknown=self.unknown + 1)
        return Score(correct=self.correct, wrong=self.wrong + 1, unknown=self.unknown)


def _license_files() -> dict[str, str]:
    """Corpus license file -> expected key (AUP files are not licenses and are left out)."""
    refs = json.loads(INDEX_PATH.read_text(encoding="utf-8"))["refs"]
    return {r["file"]: r["key"] for r in refs if r["kind"] == "license" and "#" not in r["ref"]}


def build_cases(corpus: Path, out: Path) -> list[Case]:
    """Write every perturbed license text and the non-license texts into `out`."""
    cases = []
    for name, key in sorted(_license_files().items()):
        path = corpus / "licenses" / name
        if not path.exists():  # references the shipped index takes from ScanCode's data
            path = ROOT / "scripts" / "reference_texts" / name
        text = path.read_text(encoding="utf-8")
        for perturbation, damage in PERTURBATIONS.items():
            path = out / f"{name.rsplit('.', 1)[0]}__{perturbation}.txt"
            path.write_text(damage(text), encoding="utf-8", newline="")
            cases.append(Case(path=path, expected=key, group="license"))
    negatives = {
        f"card__{p.stem}.md": re.sub(r"\A---\n.*?\n---\n", "", p.read_text("utf-8"), flags=re.S)
        for p in sorted((corpus / "model-cards").glob("*.md"))
    }
    import argparse as module_a
    import json as module_b

    for module in (module_a, module_b.decoder):
        negatives[f"code__{module.__name__}.py"] = Path(module.__file__ or "").read_text("utf-8")
    negatives["privacy-policy.txt"] = PRIVACY_POLICY
    for name, text in negatives.items():
        (out / name).write_text(text, encoding="utf-8")
        cases.append(Case(path=out / name, expected="unknown", group="non-license"))
    return cases


def run_llmaudit(cases: list[Case]) -> tuple[dict[Path, str], float]:
    """In-process identification of every case: answers and seconds (index load included)."""
    start = time.perf_counter()
    load_index()
    answers = {case.path: identify_path(case.path).license.key for case in cases}
    return answers, time.perf_counter() - start


ONE_AT_A_TIME = (
    "from llmaudit.licenses.fingerprint import identify_path;"
    "[identify_path(p) for p in sys.argv[1:]]"
)
# What `llmaudit identify FILE ...` runs for many files: the batch (each distinct text once,
# shared lookup tables, forked workers on a large batch).
AS_A_BATCH = (
    "from pathlib import Path;from llmaudit.licenses.batch import identify_paths;"
    "identify_paths([Path(p) for p in sys.argv[1:]])"
)


def time_llmaudit_thousand(cases: list[Case], work: str = ONE_AT_A_TIME) -> tuple[float, float]:
    """(wall, CPU) seconds to identify 1,000 license files (1,000 distinct texts: damaged
    references, so none repeats) in a fresh process, imports and index load included; CPU
    time (workers included) is what the work costs when other jobs share the cores."""
    paths = [str(c.path) for c in cases if c.group == "license"]
    paths = (paths * (1000 // len(paths) + 1))[:1000]
    code = (
        "import sys,time,resource;t=time.perf_counter();"
        f"{work};"
        "u=[resource.getrusage(w) for w in (resource.RUSAGE_SELF,resource.RUSAGE_CHILDREN)];"
        "print(time.perf_counter()-t,sum(r.ru_utime+r.ru_stime for r in u))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *paths], capture_output=True, text=True, check=True
    )
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def time_command(argv: list[str], runs: int = 5) -> tuple[float, str]:
    """Median wall time of a command, and its output of the last run."""
    times, output = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        output = done.stdout if done.returncode == 0 else f"exit {done.returncode}: {done.stderr}"
    return statistics.median(times), output


def print_scancode_timing(
    exe: Path, sample: Path, temp: Path, ours_one: float, ours_time: float, theirs_time: float
) -> None:
    """One `scancode -l` call on `sample` timed against llmaudit's one call, and the batch
    times side by side, each with the issue's target (>= 40x per file, >= 50x per batch)."""
    theirs_one, _ = time_command(
        [str(exe), "-l", "--json-pp", str(temp / "one.json"), str(sample)], 3
    )
    print(
        f"  one `scancode -l` call on one file: {theirs_one * 1000:.0f} ms "
        f"-> llmaudit {theirs_one / ours_one:.0f}x faster (target >= 40x)"
    )
    print(
        f"  scancode -l -n {os.cpu_count()} on all files: {theirs_time:.1f} s "
        f"-> llmaudit {theirs_time / ours_time:.0f}x faster (target >= 50x)"
    )


def llmaudit_command() -> list[str]:
    """`llmaudit identify` if the CLI works, else the same call through python -c."""
    exe = Path(sys.executable).with_name("llmaudit")
    return [str(exe), "identify", "--format", "json"] if exe.exists() else []


def ensure_scancode(venv: Path) -> Path | None:
    """The scancode executable, pip-installing scancode-toolkit into `venv` when missing."""
    exe = venv / "bin" / "scancode"
    if not exe.exists():
        print(f"installing scancode-toolkit into {venv} (large; takes minutes) ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            # plugincode 32 breaks with pluggy >= 1.6 ("did not find any 'pre_scan' hooks")
            subprocess.run(
                [str(venv / "bin" / "pip"), "install", "-q", "scancode-toolkit", "pluggy<1.6"],
                check=True,
            )
        except (subprocess.CalledProcessError, OSError) as error:
            print(f"SKIP ScanCode: cannot install scancode-toolkit ({error})")
            return None
    probe = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"SKIP ScanCode: `scancode --version` failed: {probe.stderr.strip()[-300:]}")
        return None
    return exe


def _scancode_keys(detections: list[dict[str, object]]) -> set[str]:
    """Our keys for ScanCode's detections of one file; "?" for a license we cannot map."""
    keys = set()
    for detection in detections:
        expression = str(detection.get("license_expression") or "")
        for symbol in re.split(r"\s+(?:AND|OR|WITH)\s+|[()]", expression):
            symbol = symbol.strip()
            if not symbol or SCANCODE_UNKNOWN.match(symbol):
                continue
            keys.add(SCANCODE_KEYS.get(symbol, f"?{symbol}"))
    return keys


def run_scancode(exe: Path, cases: list[Case], folder: Path) -> tuple[dict[Path, str], float]:
    """ScanCode over the whole folder: one answer per file and the wall time."""
    output = folder.parent / "scancode.json"
    start = time.perf_counter()
    subprocess.run(
        [str(exe), "-l", "-n", str(os.cpu_count() or 1), "--json-pp", str(output), str(folder)],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    found: dict[str, set[str]] = {}
    for entry in json.loads(output.read_text(encoding="utf-8"))["files"]:
        if entry.get("type") == "file":
            found[Path(entry["path"]).name] = _scancode_keys(entry.get("license_detections", []))
    answers = {}
    for case in cases:
        keys = found.get(case.path.name, set())
        answers[case.path] = (
            next(iter(keys))
            if len(keys) == 1
            else ("unknown" if not keys else "+".join(sorted(keys)))
        )
    return answers, elapsed


def score(cases: list[Case], answers: dict[Path, str], group: str) -> Score:
    """Correct / wrong / unknown over the cases of one group."""
    result = Score()
    for case in cases:
        if case.group == group:
            result = result.add(case.expected, answers[case.path])
    return result


def print_scores(name: str, cases: list[Case], answers: dict[Path, str]) -> None:
    """One line per group for one tool."""
    for group in ("license", "non-license"):
        s = score(cases, answers, group)
        total = s.correct + s.wrong + s.unknown
        print(
            f"  {name:10s} {group:12s} correct {s.correct:4d}/{total:<4d} "
            f"({s.correct / total:6.1%})  wrong {s.wrong:3d}  unknown {s.unknown:3d}"
        )


def main() -> int:
    """Run the benchmark and print the side-by-side figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    parser.add_argument("--scancode-venv", type=Path, default=cache / "llmaudit-bench-scancode")
    parser.add_argument("--no-scancode", action="store_true")
    parser.add_argument("--show-wrong", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="llmaudit-bench-") as temp:
        folder = Path(temp) / "texts"
        folder.mkdir()
        cases = build_cases(args.corpus, folder)
        licenses = sum(c.group == "license" for c in cases)
        print(
            f"{len(cases)} files: {licenses} damaged license texts "
            f"({len(PERTURBATIONS)} variants each), {len(cases) - licenses} non-licenses"
        )
        ours, ours_time = run_llmaudit(cases)
        results = {"llmaudit": ours}
        exe = None if args.no_scancode else ensure_scancode(args.scancode_venv)
        theirs_time = None
        if exe is not None:
            results["scancode"], theirs_time = run_scancode(exe, cases, folder)
        print("\naccuracy (unknown is better than wrong):")
        for name, answers in results.items():
            print_scores(name, cases, answers)
        if args.show_wrong:
            for name, answers in results.items():
                for case in cases:
                    got = answers[case.path]
                    if got not in (case.expected, "unknown"):
                        print(f"    {name} WRONG {case.path.name}: {got} (want {case.expected})")
        sample = next(c.path for c in cases if c.path.name.startswith("llama3.1__verbatim"))
        print("\ntiming:")
        print(
            f"  llmaudit in-process, all {len(cases)} files: {ours_time:.2f} s "
            f"({ours_time / len(cases) * 1000:.2f} ms/file)"
        )
        for label, work in (("one at a time", ONE_AT_A_TIME), ("as a batch", AS_A_BATCH)):
            wall, cpu = time_llmaudit_thousand(cases, work)
            print(
                f"  llmaudit on 1,000 license files, {label} (fresh process): {wall:.2f} s "
                f"wall, {cpu:.2f} s CPU (target < 5 s); load average {os.getloadavg()[0]:.1f}"
            )
        command = llmaudit_command()
        ours_one, output = time_command([*command, str(sample)])
        if not output.lstrip().startswith("["):
            print(
                f"  note: `llmaudit identify` failed ({output.strip()[-160:]}); "
                "timing python -c identify_path instead"
            )
            ours_one, _ = time_command(
                [
                    sys.executable,
                    "-c",
                    "import sys;from llmaudit.licenses."
                    "fingerprint import identify_path;"
                    "print(identify_path(sys.argv[1]).license.key)",
                    str(sample),
                ]
            )
        print(f"  one `llmaudit identify` call on one file: {ours_one * 1000:.0f} ms")
        if exe is not None and theirs_time is not None:
            print_scancode_timing(exe, sample, Path(temp), ours_one, ours_time, theirs_time)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
