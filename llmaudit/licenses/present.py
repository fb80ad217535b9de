"""Present knowledge-base entries: a text table for `llmaudit licenses`, a dict for JSON."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import Any

from llmaudit.licenses.obligations import obligations_for
from llmaudit.models import LicenseInfo

_COLUMNS = ("KEY", "SPDX", "CATEGORY", "COMMERCIAL", "NAME")


def format_license_table(
    infos: tuple[LicenseInfo, ...] | list[LicenseInfo], width: int | None = None
) -> str:
    """A fixed-width table, one license per line, sorted by key. With `width`, each line fits:
    the name is cut at the end and, when that is not enough, long keys and SPDX ids lose
    their middle to "…" (never wrapped: one license, one line)."""
    rows = [
        (info.key, info.spdx, info.category, info.commercial_use.value, info.name)
        for info in sorted(infos, key=lambda i: i.key)
    ]
    widths = [
        max([len(column)] + [len(row[index]) for row in rows])
        for index, column in enumerate(_COLUMNS[:-1])
    ]
    name_width = None
    if width is not None:
        widths = _fit_id_columns(widths, width - _MIN_NAME - 2 * len(widths))
        name_width = max(_MIN_NAME, width - sum(widths) - 2 * len(widths))
    lines = [_format_row(_COLUMNS, widths, name_width)]
    lines += [_format_row(row, widths, name_width) for row in rows]
    return "\n".join(lines) + "\n"


_MIN_NAME = 12  # the name column keeps at least this much
_MIN_ID = 14  # a key or SPDX id column shrinks no further


def _fit_id_columns(widths: list[int], room: int) -> list[int]:
    """Shrink the key and SPDX columns (0 and 1), widest first, until all fit in `room`."""
    widths = list(widths)
    while sum(widths) > room:
        widest = 0 if widths[0] >= widths[1] else 1
        if widths[widest] <= _MIN_ID:
            break
        widths[widest] -= 1
    return widths


def _format_row(row: tuple[str, ...], widths: list[int], name_width: int | None) -> str:
    cells = [
        _shorten_middle(cell, width).ljust(width)
        for cell, width in zip(row[:-1], widths, strict=True)
    ]
    name = row[-1]
    if name_width is not None and len(name) > name_width:
        name = name[: name_width - 1].rstrip() + "…"
    return "  ".join([*cells, name]).rstrip()


def _shorten_middle(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = width // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def license_to_dict(info: LicenseInfo) -> dict[str, Any]:
    """Every fact of the entry as plain JSON-ready data, with its obligations and sources."""
    # text_file names the knowledge base's own copy of the text, which no reader can open.
    data = {
        field.name: _plain(getattr(info, field.name))
        for field in fields(info)
        if field.name != "text_file"
    }
    data["obligations"] = [_plain(obligation) for obligation in obligations_for(info)]
    return data


def format_license_detail(info: LicenseInfo) -> str:
    """Human-readable facts of one entry (for `llmaudit licenses KEY`), then its sources."""
    data = license_to_dict(info)
    lines = [f"{info.name} ({info.key}, {info.spdx})"]
    for name in _DETAIL_ORDER:
        value = data.get(name)
        if value in (None, "", [], False):
            continue
        lines.append(f"  {name}: {_inline(value)}")
    if data["obligations"]:
        lines.append("  obligations:")
        lines += [
            f"    - [{o['kind']}] {o['text']}" + (f" ({o['clause']})" if o["clause"] else "")
            for o in data["obligations"]
        ]
    if info.sources:
        lines.append("  sources:")
        lines += [f"    - {source}" for source in info.sources]
    return "\n".join(lines) + "\n"


# Facts a reader needs first; how the license is recognised comes last.
_DETAIL_ORDER = (
    "category",
    "family",
    "version",
    "url",
    "commercial_use",
    "commercial_note",
    "thresholds",
    "attribution",
    "attribution_note",
    "naming_prefix",
    "notice",
    "copy_license",
    "aup_url",
    "aup_incorporated",
    "flow_down",
    "flow_down_note",
    "output_restrictions",
    "geographic",
    "governing_law",
    "copyleft",
    "share_alike",
    "no_derivatives",
    "registration",
    "restricted_usages",
    "restricted_usage_note",
    "hub_ids",
    "aliases",
    "publisher_aliases",
    "publishers",
    "link_patterns",
    "checked",
)


def _inline(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_inline(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_inline(v)}" for k, v in value.items() if v not in (None, ""))
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value
