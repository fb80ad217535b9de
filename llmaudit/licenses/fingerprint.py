"""Full-text license identification: hashed word shingles against a reference index.

The index (data/fingerprints.json, built by scripts/build_fingerprints.py) maps the CRC-32 of
every 5-word shingle of each reference text to the references holding it. The pipeline:
candidate search (candidates.py: which references the shingles point to, siblings told
apart), alignment (alignment.py: how the matched text departs from each reference), notices
and pointers (notices.py, combined.py) and the verdict (verdict.py: the file's license, or
unknown with the reason). Ambiguous or weak evidence gives `unknown`, never a guess.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from llmaudit.licenses.alignment import measure_picks, prefer_whole_siblings, text_opening
from llmaudit.licenses.candidates import (
    count_hits,
    find_hits,
    open_groups,
    pick_references,
    positions_by_ref,
)
from llmaudit.licenses.combined import (
    describes_exception,
    expand_includes,
    find_restart,
    follow_pointer,
    identify_by_components,
    identify_by_notice,
    identify_by_parts,
    include_match,
    includes_files,
    named_match,
    notice_match,
    with_includes,
)
from llmaudit.licenses.deviations import (
    count_code_lines,
    count_copyright_shingles,
    find_contact_lines,
)
from llmaudit.licenses.fingerprint_index import (
    INDEX_PATH,
    FingerprintIndex,
    drop_references,
    load_index,
    share_held_by,
)
from llmaudit.licenses.model_license_names import find_model_license_names
from llmaudit.licenses.normalize import (
    SHINGLE_SIZE,
    TokenStream,
    hash_number_contexts,
    hash_shingles,
    tokenize_text,
)
from llmaudit.licenses.notices import (
    Notice,
    find_notices,
    names_bsd_without_variant,
    text_may_hold_notices,
)
from llmaudit.licenses.verdict import (
    first_text_cut,
    first_text_in_doubt,
    summarise_picks,
    to_match,
    unknown_identification,
)
from llmaudit.models import TextIdentification

__all__ = [
    "INDEX_PATH",
    "MAX_FILE_BYTES",
    "drop_references",
    "follow_file_pointer",
    "identify_path",
    "identify_text",
    "load_index",
    "read_license_file",
    "unknown_identification",
]

MAX_FILE_BYTES = 2 * 1024 * 1024
# A first part whose license this much of the doubted whole's reference holds may be a part
# of that one license (PSF-2.0 opens the Python-2.0 stack), not a text of its own.
PART_SHARE = 0.95
MAX_CODE_LINES = 3  # more lines that read as program source: the file is code, not a license


def identify_text(text: str, index: FingerprintIndex | None = None) -> TextIdentification:
    """Identify every known license (and acceptable-use policy) in `text`."""
    found = _identify_text(text, index or load_index())
    if "#include" in text and (include := include_match(text)) is not None:
        # the files it includes are read where the file lies (follow_file_pointer)
        return replace(found, matches=(*found.matches, include))
    return found


def _identify_text(text: str, index: FingerprintIndex) -> TextIdentification:
    stream = tokenize_text(text)
    shingles = hash_shingles(stream.tokens)
    held = list(map(index.table.get, shingles))
    hits = find_hits(shingles, held)
    # copyright statements belong in a LICENSE file: they do not make it "mostly not license"
    total = max(1, hits.total - count_copyright_shingles(stream.tokens, stream.lines))
    if not hits.positions and not text_may_hold_notices(stream):
        return unknown_identification("no known license text")
    counts = count_hits(hits, index)
    picks = prefer_whole_siblings(
        pick_references(hits, counts, index), index, counts, set(shingles)
    )
    contexts = hash_number_contexts(stream.tokens) if picks else {}
    by_ref = positions_by_ref(hits, [p.ref for p in picks], index)
    contact = find_contact_lines(text) if picks else frozenset()
    picks = measure_picks(picks, index, by_ref, held, stream, shingles, contexts, contact)
    is_code = count_code_lines(text) > MAX_CODE_LINES
    if picks and is_code:
        picks = [replace(p, code=True) for p in picks]
    matches = [to_match(p, index, counts, stream.lines, total) for p in picks]
    picked = {p.ref for p in picks}
    unexplained = sum(n for _, n in open_groups(hits, index, picked))
    explained = min(1.0, (len(hits.positions) - unexplained) / total)
    first_text = min(
        (p.span[0] for p in picks if index.refs[p.ref].kind == "license"),
        default=len(stream.tokens),
    )
    # a notice inside a full text is part of it (GPL's "How to apply" appendix), unless it
    # comes before the text's opening words (a GPL notice, then the GPL: its appendix holds
    # the notice's words, so the matched span starts at the notice); the licenses of
    # included parts only answer for a file without a license text
    found_notices = find_notices(stream, text, parts=first_text == len(stream.tokens))
    openings = [text_opening(p, index, shingles) for p in picks] if found_notices else []
    notices = [
        n
        for n in found_notices
        if not any(
            opening <= n.start_token <= p.span[1] + SHINGLE_SIZE
            for p, opening in zip(picks, openings, strict=True)
        )
    ]
    named = [
        n
        for n in find_model_license_names(stream)
        if not any(p.span[0] <= n.start_token <= p.span[1] + SHINGLE_SIZE for p in picks)
        and not any(o.start_line <= n.start_line <= o.end_line for o in notices)
    ]
    ordered = tuple(
        sorted(
            (*matches, *map(notice_match, notices), *map(named_match, named)),
            key=lambda m: (m.start_line, m.kind, m.key),
        )
    )
    opening = next(
        (
            n
            for n in notices
            if n.spdx and n.kind != "component" and not describes_exception(stream.tokens, n)
        ),
        None,
    )
    if opening is not None and _notice_start(opening, stream) < first_text:
        if is_code:
            return unknown_identification("the file is source code with a license notice", ordered)
        return identify_by_notice(opening, ordered, stream, text)
    found = summarise_picks(picks, ordered, index, explained, stream, held)
    components = [n for n in notices if n.kind == "component"]
    if (
        components
        and len(components) == len(notices)
        and first_text == len(stream.tokens)
        and not is_code
    ):
        # no license text and no notice for the whole work: the parts it includes
        return identify_by_components(components, ordered, stream, text)
    doubted = first_text_in_doubt(picks, index)
    # a pick lacking a passage inside the first text is not its license, so the part
    # before a second text cannot be a part of that license
    wholes = doubted - {first_text_cut(picks, index)}
    if found.license.is_unknown and not found.restriction and doubted:
        # two texts compared as one (xlrd: BSD-3-Clause, then an older BSD text): read the
        # part before the second text begins on its own
        restart = find_restart(shingles, held)
        if restart is not None:
            return identify_by_parts(
                text,
                stream.lines[restart],
                found,
                lambda part: identify_text(part, index),
                lambda key: any(
                    share_held_by(index, key, other) >= PART_SHARE for other in wholes - {key}
                ),
            )
    if found.license.is_unknown and names_bsd_without_variant(stream):
        note = "; it names the BSD license without its variant (2-, 3- or 4-clause): not guessed"
        return replace(
            found, license=replace(found.license, evidence=found.license.evidence + note)
        )
    return found


def _notice_start(notice: Notice, stream: TokenStream) -> int:
    if notice.start_token >= 0:
        return notice.start_token
    return stream.first_token_on(notice.start_line)


def read_license_file(path: Path) -> tuple[str | None, str]:
    """Text of a file for identification (capped, utf-8 with replacement), or None + reason."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if b"\x00" in data[:8192]:
        return None, "binary file"
    note = f"truncated at {MAX_FILE_BYTES} bytes" if len(data) > MAX_FILE_BYTES else ""
    return data[:MAX_FILE_BYTES].decode("utf-8", errors="replace"), note


def identify_path(path: str | Path, index: FingerprintIndex | None = None) -> TextIdentification:
    """Identify the license text in a file; binary files are unknown with a note."""
    text, note = read_license_file(Path(path))
    if text is None:
        return unknown_identification(note)
    return follow_file_pointer(Path(path), identify_text(text, index), index)


def follow_file_pointer(
    path: Path, found: TextIdentification, index: FingerprintIndex | None = None
) -> TextIdentification:
    """`found`, the identification of the text of the file at `path`, with a pointer to the
    license files beside it ("either of the licenses found in LICENSE.APACHE or ...") read."""
    if includes_files(found):
        text, _ = read_license_file(path)
        included = expand_includes(text or "", lambda name: _read_nearby(path, name))
        if included is not None:
            found = with_includes(identify_text(included[0], index), included[1])
    return follow_pointer(found, lambda name: _identify_sibling(path, name, index))


def _read_nearby(path: Path, name: str) -> str | None:
    """The text of the file `name` relative to `path`'s folder, when it lies inside the
    folder above that one (a license folder's shared texts), else None."""
    if Path(name).is_absolute():
        return None
    target = (path.parent / name).resolve()
    if not target.is_file() or not target.is_relative_to(path.parent.parent.resolve()):
        return None
    text, _ = read_license_file(target)
    return text


def _identify_sibling(
    path: Path, name: str, index: FingerprintIndex | None
) -> TextIdentification | None:
    """The identification of the file `name` next to `path` (any case), None if absent."""
    wanted = name.lower()
    sibling = next(
        (p for p in sorted(path.parent.iterdir()) if p.name.lower() == wanted and p.is_file()), None
    )
    if sibling is None:
        return None
    text, _ = read_license_file(sibling)
    return identify_text(text, index) if text is not None else None
