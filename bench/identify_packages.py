"""Benchmark identification on the license files real packages ship: llmaudit vs ScanCode.

Usage: python bench/identify_packages.py [--fresh [--packages FILE] | --site DIR ...]
       [--truth FILE] [--scancode-venv DIR] [--no-scancode] [--show]

With --fresh, the pinned wheels of bench/data/packages.txt (popular PyPI packages, chosen by
popularity, not by their license files) are downloaded with `pip download --no-deps
--only-binary=:all:` into a wheel cache and installed with `pip install --no-deps` into a
fresh temporary venv, whose site-packages is read. `--packages FILE` installs another pinned
list instead (bench/data/packages-heldout.txt: popular packages that are not in packages.txt,
a set the project had never read when it was added); its judged truth is then
bench/data/package-license-truth-heldout.tsv (packages-X.txt -> package-license-truth-X.tsv),
or `--truth FILE`. Otherwise the given site-packages
directories (default: this interpreter's) are read.

Collects the license files of every distribution installed there: dist-info `licenses/`, `License-File:` entries and
LICENSE*/COPYING*/NOTICE* beside METADATA, the files `llmaudit` reads for a package. Each
file's answer is compared with the package's declared license (License-Expression / License /
classifiers, read as classify_package reads them without the files):

- agrees: the file's license is one the metadata names (or refines: "BSD" -> BSD-3-Clause);
- other: a license the metadata does not name (a wrong answer, or metadata that is
  incomplete: listed for reading by hand);
- unknown: no license named;
- named: a license named where the metadata names none usable (jinja2's bare "BSD License").

Where an answer disagrees with the metadata, the license files were read by hand and the
judged truth is recorded in bench/data/package-license-truth.tsv with the reason; a judged
file is scored against that truth (right / wrong / unknown) instead of the metadata.

Files named like a license (LICENSE, COPYING, ...) are scored apart from the others
(AUTHORS, NOTICE, README), which usually hold no license text. Then the same files go
through ScanCode (`scancode -l`, installed into its own venv, see bench/identify.py), and
the timings of both are printed: one file per call, and all files in one batch.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from identify import ensure_scancode, time_command  # noqa: E402

from llmaudit.licenses.batch import identify_paths, load_batch_index  # noqa: E402
from llmaudit.licenses.fingerprint import load_index  # noqa: E402
from llmaudit.licenses.knowledge import get_license  # noqa: E402
from llmaudit.licenses.packages import classify_package_metadata  # noqa: E402
from llmaudit.licenses.spdx import parse_spdx_expression  # noqa: E402
from llmaudit.models import PackageFacts  # noqa: E402
from llmaudit.resolve.packages import distribution_facts  # noqa: E402

_LICENSE_NAMED = re.compile(r"licen|copying|unlicense", re.IGNORECASE)
PACKAGES = ROOT / "bench" / "data" / "packages.txt"
NO_LICENSE = "-"  # judged truth of a file that holds no license (attributions, an AUTHORS list)


@dataclass(frozen=True, kw_only=True)
class Judged:
    """The license a file was read to hold (SPDX keys; empty: no license) and why."""

    keys: frozenset[str]
    reason: str


def truth_for(packages: Path) -> Path:
    """The judged truth that goes with a pinned list: packages-X.txt -> package-license-truth-X.tsv."""
    suffix = packages.stem.removeprefix("packages")
    return packages.with_name(f"package-license-truth{suffix}.tsv")


def read_truth(path: Path) -> dict[tuple[str, str], Judged]:
    """(package, file) -> the judged truth, from the TSV (package, version, file, truth, reason)."""
    truth = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        package, _version, name, spdx, reason = line.split("\t")
        keys = frozenset() if spdx == NO_LICENSE else _keys(spdx)
        if spdx.startswith("LicenseRef-"):
            keys = frozenset([spdx.lower()])  # a license with no SPDX id: no tool names it
        truth[(package.lower(), name)] = Judged(keys=keys, reason=reason)
    return truth


def install_fresh(packages: Path, wheels: Path, venv: Path) -> Path:
    """A new venv holding the pinned wheels (no dependencies resolved): its site-packages."""
    pins = [
        line.split("#")[0].strip()
        for line in packages.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    wheels.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    install = [*pip, "install", "--no-deps", "--no-index", "--find-links", str(wheels)]
    install += ["--target", str(site), *pins]
    if subprocess.run(install, capture_output=True).returncode != 0:
        print(f"downloading {len(pins)} pinned wheels into {wheels} ...", flush=True)
        download = [*pip, "download", "--no-deps", "--only-binary=:all:", "-d", str(wheels)]
        subprocess.run([*download, *pins], check=True, capture_output=True)
        subprocess.run(install, check=True, capture_output=True)
    return site


@dataclass(frozen=True, kw_only=True)
class Case:
    """One license file of one installed distribution."""

    package: str
    version: str
    name: str  # path inside the dist-info
    copy: Path  # where the benchmark copied it
    declared: frozenset[str]  # knowledge-base keys (or lower-case SPDX ids) the metadata names
    license_named: bool


def _keys(spdx: str) -> frozenset[str]:
    if not spdx or spdx == "NOASSERTION":
        return frozenset()
    parsed = parse_spdx_expression(spdx)
    if parsed is None:
        return frozenset()
    known = {k for k in parsed.keys if not k.startswith("licenseref-scancode-")}
    # a license with no SPDX id that llmaudit names by its own LicenseRef (the matplotlib
    # license): compared with the judged truth's LicenseRef; ScanCode's own refs are not
    refs = {
        u.lower()
        for u in parsed.unknown
        if u.lower().startswith("licenseref-") and not u.lower().startswith("licenseref-scancode-")
    }
    return frozenset(known | refs)


def _family(key: str) -> str:
    info = get_license(key)
    return info.family if info is not None and info.family else key


def collect(sites: list[Path], out: Path) -> list[Case]:
    """Copy every license file of every distribution in `sites` into `out`."""
    cases: list[Case] = []
    seen: set[tuple[str, str, str]] = set()
    seen_dists: list[str] = []
    for dist in metadata.distributions(path=[str(s) for s in sites]):
        name = dist.metadata["Name"] or ""
        if not name or (name.lower(), dist.version, "") in seen:
            continue
        facts = distribution_facts(dist, name)
        declared = classify_package_metadata(
            PackageFacts(
                name=name,
                license_expression=facts.license_expression,
                license_classifiers=facts.license_classifiers,
            )
        )
        for file in facts.license_files:
            key = (name.lower(), dist.version, file.path.split("/", 1)[-1])
            if key in seen:
                continue
            seen.add(key)
            # one folder per distribution, file names kept: a pointer ("either of the licenses
            # in LICENSE.APACHE or LICENSE.BSD") finds the files it names beside it
            # the path inside the dist-info is kept: pip ships a LICENSE.txt per vendored project
            copy = out / f"{len(seen_dists):04d}__{name}" / key[2]
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(file.text, encoding="utf-8")
            cases.append(
                Case(
                    package=name,
                    version=dist.version,
                    name=key[2],
                    copy=copy,
                    declared=_keys(declared.spdx) | ({declared.key} - {"unknown"}),
                    license_named=bool(_LICENSE_NAMED.search(Path(file.path).name)),
                )
            )
        seen.add((name.lower(), dist.version, ""))
        seen_dists.append(name)
    return cases


def verdict(case: Case, found: frozenset[str], truth: dict[tuple[str, str], Judged]) -> str:
    """right / wrong / unknown against the judged truth when the file was read by hand; else
    against the metadata: right (agrees), named (metadata names nothing usable), other (a
    license the metadata does not name: to be read and judged), unknown."""
    judged = truth.get((case.package.lower(), case.name))
    if judged is not None:
        if not judged.keys:
            return "right" if not found else "wrong"
        if not found:
            return "unknown"
        return "right" if found & judged.keys else "wrong"
    if not found:
        return "unknown"
    if not case.declared:
        return "named"  # jinja2's bare "BSD License" classifier: nothing to compare with
    if found & case.declared:
        return "right"
    families = {_family(k) for k in case.declared}
    if any(_family(k) in families and k not in families for k in found) and any(
        k in families for k in case.declared
    ):
        return "right"  # metadata names the family ("BSD"), the file one member
    return "other"


def run_llmaudit(cases: list[Case]) -> tuple[dict[Path, frozenset[str]], float, float]:
    """Every file's answer, with the wall and CPU time of the batch (index loading included)."""
    load_index.cache_clear()
    load_batch_index.cache_clear()
    start, cpu = time.perf_counter(), _cpu_time()
    found = identify_paths([c.copy for c in cases])
    answers = {c.copy: _keys(ident.license.spdx) for c, ident in zip(cases, found, strict=True)}
    return answers, time.perf_counter() - start, _cpu_time() - cpu


def _cpu_time() -> float:
    """User + system CPU time of this process and its finished children (the batch's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_scancode(
    exe: Path, folder: Path, reuse: Path | None
) -> tuple[dict[str, frozenset[str]], float | None, float]:
    """ScanCode's answers per `folder/file`, its wall time (None when reused) and CPU time."""
    output = reuse if reuse is not None else folder.parent / "scancode.json"
    elapsed, cpu = None, 0.0
    if reuse is None or not reuse.exists():
        start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [str(exe), "-l", "-n", str(os.cpu_count() or 1), "--json-pp", str(output), str(folder)],
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"  scancode -l on all files: {elapsed:.1f} s wall, {cpu:.1f} s CPU (user+sys)")
    answers = {}
    for entry in json.loads(output.read_text(encoding="utf-8"))["files"]:
        if entry.get("type") == "file":
            spdx = entry.get("detected_license_expression_spdx") or ""
            # ScanCode's paths start with the scanned folder's name
            answers["/".join(Path(entry["path"]).parts[1:])] = _keys(spdx)
    return answers, elapsed, cpu


COLUMNS = ("right", "wrong", "unknown", "named", "other")


def tally(
    cases: list[Case], answers: dict[Path, frozenset[str]], truth: dict[tuple[str, str], Judged]
) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for case in cases:
        group = "license-named" if case.license_named else "other files"
        row = table.setdefault(group, dict.fromkeys(COLUMNS, 0))
        row[verdict(case, answers[case.copy], truth)] += 1
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, action="append", default=[])
    parser.add_argument("--fresh", action="store_true", help="install the pinned --packages")
    parser.add_argument(
        "--packages",
        type=Path,
        default=PACKAGES,
        help="with --fresh: the pinned list to install (default bench/data/packages.txt)",
    )
    parser.add_argument(
        "--truth",
        type=Path,
        help="the judged truth TSV (default: the one named after --packages)",
    )
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    parser.add_argument("--wheel-cache", type=Path, default=cache / "llmaudit-bench-wheels")
    parser.add_argument("--scancode-venv", type=Path, default=cache / "llmaudit-bench-scancode")
    parser.add_argument("--no-scancode", action="store_true")
    parser.add_argument(
        "--scancode-answers",
        type=Path,
        help="ScanCode's JSON of an earlier run on the same files: reused (no timing), or "
        "written there when absent",
    )
    parser.add_argument(
        "--venv", type=Path, help="with --fresh: install into this venv, or reuse it if it exists"
    )
    parser.add_argument("--keep", type=Path, help="copy the collected files here to read them")
    parser.add_argument("--show", action="store_true", help="list every answer not right")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="llmaudit-bench-pkg-") as temp:
        if args.fresh:
            venv = args.venv or Path(temp) / "venv"
            site = next(venv.glob("lib/python*/site-packages"), None) if args.venv else None
            sites = [site or install_fresh(args.packages, args.wheel_cache, venv)]
        else:
            sites = args.site or [Path(p) for p in sys.path if p.endswith("site-packages")]
        folder = Path(temp) / "files"
        folder.mkdir()
        cases = collect(sites, folder)
        if args.keep:
            shutil.copytree(folder, args.keep, dirs_exist_ok=True)
        truth_file = args.truth or truth_for(args.packages)
        truth = read_truth(truth_file) if truth_file.exists() else {}
        packages = len({(c.package, c.version) for c in cases})
        print(f"{len(cases)} license files from {packages} installed distributions")
        results: dict[str, dict[Path, frozenset[str]]] = {}
        results["llmaudit"], ours_time, ours_cpu = run_llmaudit(cases)
        theirs_time, theirs_cpu = None, 0.0
        exe = None if args.no_scancode else ensure_scancode(args.scancode_venv)
        if exe is not None:
            by_name, theirs_time, theirs_cpu = run_scancode(exe, folder, args.scancode_answers)
            # llmaudit's batch again, right after ScanCode's: both halves of the comparison
            # bracket the same stretch of load on a shared machine
            _, again_time, again_cpu = run_llmaudit(cases)
            print(
                f"  llmaudit batch before / after ScanCode: {ours_time:.2f} / {again_time:.2f} s "
                f"wall, {ours_cpu:.2f} / {again_cpu:.2f} s CPU"
            )
            ours_time, ours_cpu = (ours_time + again_time) / 2, (ours_cpu + again_cpu) / 2
            results["scancode"] = {
                c.copy: by_name.get(c.copy.relative_to(folder).as_posix(), frozenset())
                for c in cases
            }
        print(
            "\nright/wrong: against the judged truth where the file was read by hand, else the "
            "metadata;\nnamed: no usable metadata; other: names a license the metadata does not "
            "(not yet judged)"
        )
        for tool, answers in results.items():
            for group, row in sorted(tally(cases, answers, truth).items()):
                total = sum(row.values())
                print(
                    f"  {tool:9s} {group:14s} right {row['right']:4d}/{total:<4d} "
                    f"wrong {row['wrong']:3d}  unknown {row['unknown']:3d}  "
                    f"named (no metadata) {row['named']:3d}  other {row['other']:3d}"
                )
        if args.show:
            show_answers(cases, results, truth)
        sample = next((c.copy for c in cases if c.license_named), cases[0].copy)
        print("\ntiming:")
        print(
            f"  llmaudit identify_paths (the CLI's batch), all {len(cases)} files: {ours_time:.2f} s wall, "
            f"{ours_cpu:.2f} s CPU ({ours_time / max(1, len(cases)) * 1000:.2f} ms/file)"
        )
        exe_ours = shutil.which("llmaudit", path=str(Path(sys.executable).parent))
        ours_cmd = [exe_ours or "llmaudit", "identify", str(sample)]
        if exe is None:
            ours_one, _ = time_command(ours_cmd)
            print(f"  one `llmaudit identify` call on one file: {ours_one * 1000:.0f} ms")
        else:
            time_one_file_alternating(ours_cmd, exe, sample, Path(temp))
        if theirs_time is not None:
            print(
                f"  batch: llmaudit {theirs_time / ours_time:.0f}x faster than "
                f"`scancode -l -n {os.cpu_count()}` wall, {theirs_cpu / ours_cpu:.0f}x in CPU "
                "(target >= 50x)"
            )
        print(f"  load: {os.getloadavg()[0]:.1f} (1-minute load average at the end)")
    return 0


def time_one_file_alternating(ours: list[str], exe: Path, sample: Path, temp: Path) -> None:
    """One file, one process each: llmaudit (median of 5) and ScanCode (1 run) in turn, three
    rounds, so that both see the same load on a shared machine; the median ratio."""
    theirs = [str(exe), "-l", "--json-pp", str(temp / "one.json"), str(sample)]
    rounds = []
    for _ in range(3):
        ours_time, _ = time_command(ours)
        theirs_time, _ = time_command(theirs, 1)
        rounds.append((theirs_time / ours_time, ours_time, theirs_time))
    ratio, ours_time, theirs_time = sorted(rounds)[1]
    print(
        f"  one file: `llmaudit identify` {ours_time * 1000:.0f} ms, `scancode -l` "
        f"{theirs_time:.1f} s -> llmaudit {ratio:.0f}x faster (median of 3 alternating rounds: "
        f"{', '.join(f'{r:.0f}x' for r, _, _ in rounds)}; target >= 40x)"
    )


def show_answers(
    cases: list[Case],
    results: dict[str, dict[Path, frozenset[str]]],
    truth: dict[tuple[str, str], Judged],
) -> None:
    """Every answer that is not right, per tool, with the metadata or the judged truth."""
    for tool, answers in results.items():
        for case in cases:
            found = answers[case.copy]
            score = verdict(case, found, truth)
            if score == "right":
                continue
            judged = truth.get((case.package.lower(), case.name))
            against = (
                f"judged {sorted(judged.keys) or 'no license'}"
                if judged
                else f"metadata {sorted(case.declared)}"
            )
            print(
                f"    {tool} {score.upper()} {case.package} {case.version} {case.name}: "
                f"{sorted(found)} ({against}) [{case.copy.parent.name}/{case.copy.name}]"
            )


if __name__ == "__main__":
    raise SystemExit(main())
