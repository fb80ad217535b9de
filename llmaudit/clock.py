"""The one clock for reports: honours SOURCE_DATE_EPOCH so output diffs cleanly."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def report_time(environ: dict[str, str] | None = None) -> datetime:
    """UTC time for report stamps: SOURCE_DATE_EPOCH when set and valid, else now."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z suffix, second precision."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def today(environ: dict[str, str] | None = None) -> date:
    """The date waivers are checked against (same clock as reports)."""
    return report_time(environ).date()
