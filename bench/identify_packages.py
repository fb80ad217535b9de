"""Benchmark identification on the license files real packages ship: llmaudit vs ScanCode.

Usage: python bench/identify_packages.py [--site DIR ...] [--scancode-venv DIR] [--no-scancode]

Collects the license files of every distribution installed in the given site-packages
directories (default: this interpreter's): dist-info `licenses/`, `License-File:` entries and
LICENSE*/COPYING*/NOTICE* beside METADATA, the files `llmaudit` reads for a package. Each
file's answer is compared with the package's declared license (License-Expression / License /
classifiers, read as classify_package reads them without the files):

- agrees: the file's license is one the metadata names (or refines: "BSD" -> BSD-3-Clause);
- other: a license the metadata does not name (a wrong answer, or metadata that is
  incomplete: listed for reading by hand);
- unknown: no license named;
- named: a license named where the metadata names none usable (jinja2's bare "BSD License").

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

from identify import ensure_scancode, print_scancode_timing, time_command  # noqa: E402

from llmaudit.licenses.fingerprint import identify_path, load_index  # noqa: E402
from llmaudit.licenses.knowledge import get_license  # noqa: E402
from llmaudit.licenses.packages import classify_package_metadata  # noqa: E402
from llmaudit.licenses.spdx import parse_spdx_expression  # noqa: E402
from llmaudit.models import PackageFacts  # noqa: E402
from llmaudit.resolve.packages import distribution_facts  # noqa: E402

_LICENSE_NAMED = re.compile(r"licen|copying|unlicense", re.IGNORECASE)


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
    return frozenset(k for k in parsed.keys if not k.startswith("licenseref-scancode-"))


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
            # in LICENSE.APACHE or LICENSE.BSD") finds the files it names
            folder = out / f"{len(seen_dists):04d}__{name}"
            folder.mkdir(exist_ok=True)
            copy = folder / Path(file.path).name
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


def verdict(case: Case, found: frozenset[str]) -> str:
    """agrees / other / unknown / named (metadata names nothing usable) for one answer."""
    if not found:
        return "unknown"
    if not case.declared:
        return "named"  # jinja2's bare "BSD License" classifier: nothing to compare with
    if found & case.declared:
        return "agrees"
    families = {_family(k) for k in case.declared}
    if any(_family(k) in families and k not in families for k in found) and any(
        k in families for k in case.declared
    ):
        return "agrees"  # metadata names the family ("BSD"), the file one member
    return "other"


def run_llmaudit(cases: list[Case]) -> tuple[dict[Path, frozenset[str]], float]:
    start = time.perf_counter()
    load_index()
    answers = {c.copy: _keys(identify_path(c.copy).license.spdx) for c in cases}
    return answers, time.perf_counter() - start


def run_scancode(exe: Path, folder: Path) -> tuple[dict[str, frozenset[str]], float]:
    output = folder.parent / "scancode.json"
    start = time.perf_counter()
    subprocess.run(
        [str(exe), "-l", "-n", str(os.cpu_count() or 1), "--json-pp", str(output), str(folder)],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    answers = {}
    for entry in json.loads(output.read_text(encoding="utf-8"))["files"]:
        if entry.get("type") == "file":
            spdx = entry.get("detected_license_expression_spdx") or ""
            answers["/".join(Path(entry["path"]).parts[-2:])] = _keys(spdx)
    return answers, elapsed


def tally(cases: list[Case], answers: dict[Path, frozenset[str]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for case in cases:
        group = "license-named" if case.license_named else "other files"
        row = table.setdefault(group, {"agrees": 0, "named": 0, "other": 0, "unknown": 0})
        row[verdict(case, answers[case.copy])] += 1
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, action="append", default=[])
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    parser.add_argument("--scancode-venv", type=Path, default=cache / "llmaudit-bench-scancode")
    parser.add_argument("--no-scancode", action="store_true")
    parser.add_argument("--show", action="store_true", help="list every 'other' answer")
    args = parser.parse_args()
    sites = args.site or [Path(p) for p in sys.path if p.endswith("site-packages")]
    with tempfile.TemporaryDirectory(prefix="llmaudit-bench-pkg-") as temp:
        folder = Path(temp) / "files"
        folder.mkdir()
        cases = collect(sites, folder)
        packages = len({(c.package, c.version) for c in cases})
        print(f"{len(cases)} license files from {packages} installed distributions")
        results = {}
        results["llmaudit"], ours_time = run_llmaudit(cases)
        exe = None if args.no_scancode else ensure_scancode(args.scancode_venv)
        theirs_time = None
        if exe is not None:
            by_name, theirs_time = run_scancode(exe, folder)
            results["scancode"] = {
                c.copy: by_name.get(f"{c.copy.parent.name}/{c.copy.name}", frozenset())
                for c in cases
            }
        print(
            "\nagreement with the package metadata (other = names a license the metadata does not):"
        )
        for tool, answers in results.items():
            for group, row in sorted(tally(cases, answers).items()):
                total = sum(row.values())
                print(
                    f"  {tool:9s} {group:14s} agrees {row['agrees']:4d}/{total:<4d} "
                    f"named (no metadata) {row['named']:3d}  other {row['other']:3d}  "
                    f"unknown {row['unknown']:3d}"
                )
        if args.show:
            for tool, answers in results.items():
                for case in cases:
                    if verdict(case, answers[case.copy]) in ("other", "named"):
                        print(
                            f"    {tool} {verdict(case, answers[case.copy]).upper()} "
                            f"{case.package} {case.version} {case.name}: "
                            f"{sorted(answers[case.copy])} (metadata {sorted(case.declared)})"
                        )
        sample = next((c.copy for c in cases if c.license_named), cases[0].copy)
        print("\ntiming:")
        print(
            f"  llmaudit in-process, all {len(cases)} files: {ours_time:.2f} s "
            f"({ours_time / max(1, len(cases)) * 1000:.2f} ms/file)"
        )
        exe_ours = shutil.which("llmaudit", path=str(Path(sys.executable).parent))
        ours_one, _ = time_command([exe_ours or "llmaudit", "identify", str(sample)])
        print(f"  one `llmaudit identify` call on one file: {ours_one * 1000:.0f} ms")
        if exe is not None and theirs_time is not None:
            print_scancode_timing(exe, sample, Path(temp), ours_one, ours_time, theirs_time)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
