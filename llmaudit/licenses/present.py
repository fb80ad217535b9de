"""Present knowledge-base entries: a text table for `llmaudit licenses`, a dict for JSON."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import Any

from llmaudit.licenses.obligations import obligations_for
from llmaudit.models import LicenseInfo

_COLUMNS = ("KEY", "SPDX", "CATEGORY", "COMMERCIAL", "NAME")


def format_license_table(infos: tuple[LicenseInfo, ...] | list[LicenseInfo]) -> str:
    """A fixed-width table, one license per line, sorted by key."""
    rows = [
        (info.key, info.spdx, info.category, info.commercial_use.value, info.name)
        for info in sorted(infos, key=lambda i: i.key)
    ]
    widths = [
        max([len(column)] + [len(row[index]) for row in rows])
        for index, column in enumerate(_COLUMNS[:-1])
    ]
    lines = [_format_row(_COLUMNS, widths)] + [_format_row(row, widths) for row in rows]
    return "\n".join(lines) + "\n"


def _format_row(row: tuple[str, ...], widths: list[int]) -> str:
    cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
    return "  ".join([*cells, row[-1]]).rstrip()


def license_to_dict(info: LicenseInfo) -> dict[str, Any]:
    """Every fact of the entry as plain JSON-ready data, with its obligations and sources."""
    data = {field.name: _plain(getattr(info, field.name)) for field in fields(info)}
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
        lines += [f"    - [{o['kind']}] {o['text']}" + (f" ({o['clause']})" if o["clause"] else "")
                  for o in data["obligations"]]
    if info.sources:
        lines.append("  sources:")
        lines += [f"    - {source}" for source in info.sources]
    return "\n".join(lines) + "\n"


# Facts a reader needs first; how the license is recognised comes last.
_DETAIL_ORDER = (
    "category", "family", "version", "url", "commercial_use", "commercial_note", "thresholds",
    "attribution", "attribution_note", "naming_prefix", "notice", "copy_license", "aup_url",
    "aup_incorporated", "flow_down", "flow_down_note", "output_restrictions", "geographic",
    "governing_law", "copyleft", "share_alike", "no_derivatives", "registration",
    "restricted_usages", "restricted_usage_note", "text_file", "hub_ids", "aliases",
    "link_patterns", "checked",
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
