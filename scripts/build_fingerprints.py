"""Build llmaudit/licenses/data/fingerprints.json from the shared corpus of license texts.

Usage: python scripts/build_fingerprints.py [CORPUS_LICENSES_DIR] [OUTPUT]

The output holds no license text: only CRC-32 hashes of 5-word shingles, per-reference
metadata and the provenance (file, sha256, upstream repo/commit from PROVENANCE.tsv).
The build is deterministic: same corpus in, same bytes out.
"""

from __future__ import annotations

import array
import base64
import hashlib
import json
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from llmaudit.licenses.combined import (  # noqa: E402
    find_added_terms_spans,
    find_use_restriction_spans,
)
from llmaudit.licenses.normalize import (  # noqa: E402
    SHINGLE_SIZE,
    find_cjk_start,
    find_markers,
    hash_number_contexts,
    hash_shingles,
    tokenize_text,
)

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "licenses"
# Licenses common in real packages that the shared corpus lacks (PSF, 0BSD, MIT-0, HPND, ...):
# ScanCode's reference texts, with their source in PROVENANCE.tsv there (issue #14).
EXTRA_REFERENCES = ROOT / "scripts" / "reference_texts"
DEFAULT_OUTPUT = ROOT / "llmaudit" / "licenses" / "data" / "fingerprints.json"
FORMAT_VERSION = 1

# Corpus files whose stem is not the knowledge-base key.
KEY_OVERRIDES = {
    "llama2.meta-llama-llama": "llama2",
    "falcon-180b-tii-license.reformatted": "falcon-180b",
    "openrail++-sdxl1.0": "openrail++",
    "yi-2.0": "yi",
    "stabilityai-nc-community-sv3d": "stabilityai-nc-community",
    # CPython's LICENSE as packages ship it (history first, 0BSD for documentation code)
    "python-2.0-cpython": "python-2.0",
    # the Unicode License V3 as ICU ships it: with the "NOTICE TO USER" paragraph that the
    # Unicode-DFS-2016 text also has (without it, V3 read as DFS-2016, which has more words)
    "unicode-3.0-icu": "unicode-3.0",
}
# A LICENSE file that embeds its acceptable-use policy: split it at this line so the
# license and the policy are two references (PROVENANCE.tsv: llama3 LICENSE embeds the AUP).
EMBEDDED_AUP = {"llama3": re.compile(r"^\s*Meta Llama 3 Acceptable Use Policy\s*$")}
# Titles come from the knowledge base (llmaudit/licenses/data/<key>.yaml). These reference texts
# (scripts/reference_texts) identify package licenses that have no knowledge-base entry, so
# their title and SPDX id are given here, once.
TITLES_OUTSIDE_KNOWLEDGE_BASE = {
    "apache-1.1": {"name": "Apache License 1.1", "spdx": "Apache-1.1"},
    "artistic-1.0": {"name": "Artistic License 1.0", "spdx": "Artistic-1.0"},
    "artistic-1.0-perl": {"name": "Artistic License 1.0 (Perl)", "spdx": "Artistic-1.0-Perl"},
    "bsd-2-clause-patent": {
        "name": "BSD-2-Clause Plus Patent License",
        "spdx": "BSD-2-Clause-Patent",
    },
    "bsd-3-clause-open-mpi": {
        "name": "BSD 3-Clause Open MPI variant",
        "spdx": "BSD-3-Clause-Open-MPI",
    },
    "bsd-4-clause": {"name": 'BSD 4-Clause "Original" License', "spdx": "BSD-4-Clause"},
    "bsd-3-clause-modification": {
        "name": "BSD 3-Clause Modification (Repoze)",
        "spdx": "BSD-3-Clause-Modification",
    },
    "cc-pddc": {
        "name": "Creative Commons Public Domain Dedication and Certification",
        "spdx": "CC-PDDC",
    },
    "ftl": {"name": "Freetype Project License", "spdx": "FTL"},
    "ijg": {"name": "Independent JPEG Group License", "spdx": "IJG"},
    "libpng": {"name": "libpng License", "spdx": "Libpng"},
    "libpng-2.0": {"name": "PNG Reference Library version 2", "spdx": "libpng-2.0"},
    "mit-cmu": {"name": "CMU License", "spdx": "MIT-CMU"},
    "mit-modern-variant": {"name": "MIT License Modern Variant", "spdx": "MIT-Modern-Variant"},
    "ncl": {"name": "NCL Source Code License (FFTPACK)", "spdx": "NCL"},
    "unicode-3.0": {"name": "Unicode License v3", "spdx": "Unicode-3.0"},
    "unicode-dfs-2016": {"name": "Unicode License Agreement 2016", "spdx": "Unicode-DFS-2016"},
    "zpl-2.0": {"name": "Zope Public License 2.0", "spdx": "ZPL-2.0"},
    "zpl-2.1": {"name": "Zope Public License 2.1", "spdx": "ZPL-2.1"},
}


@dataclass(frozen=True, kw_only=True)
class Reference:
    """One reference text (or part of one) to fingerprint."""

    ref: str
    key: str
    kind: str
    file: str
    text: str


KB_DIR = ROOT / "llmaudit" / "licenses" / "data"


def read_knowledge_base(kb_dir: Path = KB_DIR) -> dict[str, dict[str, str]]:
    """Knowledge-base entries that name their corpus text: file name -> {key, name, spdx}."""
    return {
        entry["text_file"]: entry
        for entry in read_license_titles(kb_dir).values()
        if entry["text_file"]
    }


def read_license_titles(kb_dir: Path = KB_DIR) -> dict[str, dict[str, str]]:
    """Every knowledge-base entry's title and SPDX id: key -> {key, name, spdx, text_file}.

    The one source of license titles: a reference whose key has no entry stops the build.
    """
    import yaml

    entries: dict[str, dict[str, str]] = {}
    for path in sorted(kb_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("key"):
            key = str(data["key"])
            entries[key] = {
                "key": key,
                "name": str(data.get("name") or key),
                "spdx": str(data.get("spdx") or ""),
                "text_file": str(data.get("text_file") or ""),
            }
    return entries


def key_for_stem(stem: str, kb: dict[str, dict[str, str]] | None = None) -> tuple[str, str]:
    """(knowledge-base key, kind) for a corpus file stem; the KB's `text_file` wins."""
    if stem.endswith("-aup"):
        return key_for_stem(stem[: -len("-aup")], kb)[0], "aup"
    for file, entry in (kb or {}).items():
        if file.rsplit(".", 1)[0] == stem:
            return entry["key"], "license"
    return KEY_OVERRIDES.get(stem, stem), "license"


def split_references(path: Path, kb: dict[str, dict[str, str]]) -> list[Reference]:
    """The references one corpus file yields: trimmed of translations, AUP split off."""
    text = path.read_text(encoding="utf-8")
    stem = path.name.rsplit(".", 1)[0]
    key, kind = key_for_stem(stem, kb)
    lines = text.splitlines()
    cjk = find_cjk_start(text)
    if cjk is not None:  # an appended translation (yi, Falcon 180B copy) is not matched
        lines = lines[:cjk]
    marker = EMBEDDED_AUP.get(stem)
    cut = next((i for i, line in enumerate(lines) if marker and marker.match(line)), None)
    if cut is None:
        return [Reference(ref=stem, key=key, kind=kind, file=path.name, text="\n".join(lines))]
    return [
        Reference(ref=stem, key=key, kind=kind, file=path.name, text="\n".join(lines[:cut])),
        Reference(
            ref=f"{stem}#aup", key=key, kind="aup", file=path.name, text="\n".join(lines[cut:])
        ),
    ]


def spdx_for_key(key: str) -> str:
    """SPDX id from license-expression's SPDX index, else LicenseRef-<key> (for a knowledge-base
    entry that records no `spdx:`)."""
    from license_expression import get_spdx_licensing

    for symbol in get_spdx_licensing().known_symbols.values():
        named = symbol.key.lower() == key or key in (a.lower() for a in symbol.aliases)
        if named and not symbol.key.startswith("LicenseRef-"):
            return symbol.key
    return "LicenseRef-" + key.replace("++", "-pp").replace("+", "-plus")


def read_provenance(corpus: Path) -> dict[str, list[str]]:
    """PROVENANCE.tsv rows keyed by file name: (repo, path, commit, note)."""
    table = corpus.parent / "PROVENANCE.tsv"
    rows: dict[str, list[str]] = {}
    if table.is_file():
        for line in table.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if cells[0].startswith("licenses/") and len(cells) >= 4:
                rows[cells[0].removeprefix("licenses/")] = cells[1:5]
    return rows


# Words every license title uses: they name no license in particular.
GENERIC_TITLE_WORDS = frozenset(
    [
        "license",
        "licenses",
        "licence",
        "agreement",
        "public",
        "general",
        "the",
        "version",
        "terms",
        "of",
        "use",
        "and",
        "model",
        "models",
        "for",
        "open",
        "community",
        "source",
        "software",
        "international",
        "legal",
        "code",
        "policy",
        "acceptable",
    ]
)


def find_name_tokens(
    tokens: tuple[str, ...], lines: tuple[int, ...], df: dict[str, int], total: int
) -> list[str]:
    """Distinctive words of a reference's title that its body repeats ("affero", "deepfloyd").

    A copy of the license then contains them even without its title; a sibling license with
    another name does not, which tells "DeepFloyd IF" from "SDXL 0.9" with the same clauses.
    """
    if not tokens:
        return []
    pairs = list(zip(tokens, lines, strict=True))
    copyright_lines = {ln for t, ln in pairs if t == "copyright"}
    title_line = next((ln for ln in lines if ln not in copyright_lines), lines[0])
    title = [t for t, ln in pairs if ln == title_line]
    body = {t for t, ln in pairs if ln != title_line}
    return sorted(
        {
            t
            for t in title
            if t in body
            and t not in GENERIC_TITLE_WORDS
            and not any(c.isdigit() for c in t)
            and df.get(t, 0) <= 0.3 * total
        }
    )


def pack_uints(values: list[int], typecode: str) -> str:
    """Little-endian base64 of an array of unsigned ints."""
    packed = array.array(typecode, values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def read_extra_provenance(extra: Path) -> dict[str, list[str]]:
    """PROVENANCE.tsv of the extra references: file -> (SPDX id, repo, path, tag or commit)."""
    table = extra / "PROVENANCE.tsv"
    rows: dict[str, list[str]] = {}
    if table.is_file():
        for line in table.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if not line.startswith("#") and len(cells) == 5 and cells[0] != "file":
                rows[cells[0]] = cells[1:]
    return rows


def build_index(corpus: Path, extra: Path | None = EXTRA_REFERENCES) -> dict[str, object]:
    """The fingerprint index of every text in `corpus` (and `extra`), as JSON-ready data."""
    provenance = read_provenance(corpus)
    extra_rows = read_extra_provenance(extra) if extra is not None else {}
    kb = read_knowledge_base()
    titles = read_license_titles()
    references = [
        r for p in sorted(corpus.iterdir()) if p.is_file() for r in split_references(p, kb)
    ]
    if extra is not None:
        references += [r for p in sorted(extra.glob("*.txt")) for r in split_references(p, kb)]
    postings: dict[int, list[int]] = {}
    masked: dict[int, list[int]] = {}
    refs: list[dict[str, object]] = []
    streams = [tokenize_text(reference.text) for reference in references]
    df: dict[str, int] = {}
    for stream in streams:
        for token in set(stream.tokens):
            df[token] = df.get(token, 0) + 1
    for number, reference in enumerate(references):
        stream = streams[number]
        sequence = hash_shingles(stream.tokens)
        shingles = set(sequence)
        for value in shingles:
            postings.setdefault(value, []).append(number)
        for value in sorted(set(hash_number_contexts(stream.tokens).values())):
            masked.setdefault(value, []).append(number)
        from_extra = reference.file in extra_rows
        source = (extra if from_extra and extra is not None else corpus) / reference.file
        kb_entry = titles.get(reference.key) or TITLES_OUTSIDE_KNOWLEDGE_BASE.get(reference.key)
        if kb_entry is None:
            raise SystemExit(
                f"{reference.file}: no knowledge-base entry {reference.key!r} "
                "(add llmaudit/licenses/data/<key>.yaml or a KEY_OVERRIDES line)"
            )
        upstream = provenance.get(reference.file, [])
        if from_extra:
            spdx, *upstream = extra_rows[reference.file]
            kb_entry = {"spdx": spdx, **kb_entry}
        refs.append(
            {
                "ref": reference.ref,
                "key": reference.key,
                "kind": reference.kind,
                "name": kb_entry["name"],
                "spdx": kb_entry["spdx"] or spdx_for_key(reference.key),
                "file": reference.file,
                "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                "upstream": " ".join(upstream[:3]),
                "tokens": len(stream.tokens),
                "shingles": len(shingles),
                # the shingles in text order (hashes only), to find parts of it a copy lacks
                "sequence": pack_uints(sequence, "I"),
                "markers": sorted(find_markers(stream.tokens)),
                "restrictions": sorted(
                    {phrase for _, _, phrase in find_use_restriction_spans(stream.tokens)}
                ),
                "terms": sorted({kind for *_, kind in find_added_terms_spans(stream.tokens)}),
                "name_tokens": sorted(
                    zlib.crc32(t.encode())
                    for t in find_name_tokens(stream.tokens, stream.lines, df, len(references))
                ),
            }
        )
    lists = sorted({tuple(v) for v in [*postings.values(), *masked.values()]})
    list_ids = {v: i for i, v in enumerate(lists)}
    hashes = sorted(postings)
    masked_hashes = sorted(masked)
    return {
        "format": FORMAT_VERSION,
        "shingle_size": SHINGLE_SIZE,
        "hash": "crc32 of 5 space-joined normalised tokens (llmaudit.licenses.normalize)",
        "provenance": "Derived from ../shared/corpus/licenses (see PROVENANCE.tsv there); "
        "holds hashes only, no license text. Rebuild: scripts/build_fingerprints.py",
        "refs": refs,
        "postings": [list(v) for v in lists],
        "hashes": pack_uints(hashes, "I"),
        "posting_ids": pack_uints([list_ids[tuple(postings[h])] for h in hashes], "H"),
        "masked_hashes": pack_uints(masked_hashes, "I"),
        "masked_posting_ids": pack_uints([list_ids[tuple(masked[h])] for h in masked_hashes], "H"),
    }


def format_provenance(index: dict[str, object]) -> str:
    """The provenance sidecar: where every reference came from, as a TSV."""
    rows = [
        "# Derived from ../shared/corpus/licenses by scripts/build_fingerprints.py: CRC-32",
        "# hashes of 5-word shingles only, no license text. Upstream: PROVENANCE.tsv there.",
        "ref\tkey\tkind\tfile\tsha256\tupstream (repo path commit)",
    ]
    for ref in index["refs"]:  # type: ignore[attr-defined]
        rows.append(
            "\t".join(str(ref[f]) for f in ("ref", "key", "kind", "file", "sha256", "upstream"))
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    """Build the index and write it with its provenance sidecar; prints a summary."""
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    index = build_index(corpus)
    output.write_text(json.dumps(index, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    output.with_suffix(".PROVENANCE.tsv").write_text(format_provenance(index), encoding="utf-8")
    print(f"{output}: {len(index['refs'])} references")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
