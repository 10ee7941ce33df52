"""What HR sees: per version who confirmed and who has not, as a page and as CSV. Dutch local time."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date

from .storage import Confirmation

LOCAL = ZoneInfo("Europe/Amsterdam")


def local_text(moment: datetime.datetime) -> str:
    """'3 februari 2027 om 10:14' in Dutch local time."""
    local = moment.astimezone(LOCAL)
    return f"{format_date(local.date(), format='long', locale='nl')} om {local:%H:%M}"


def version_key(version: str) -> tuple:
    """Sort 1.10 after 1.9: numbers as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-]", version))


@dataclasses.dataclass
class VersionOverview:
    version: str
    confirmed: list[Confirmation]
    missing: list[str]  # on the staff list, not confirmed
    outside_staff: set[str]  # confirmed but not (any more) on the staff list


def overview(rows: list[Confirmation], staff: tuple[str, ...], current: str | None) -> list[VersionOverview]:
    versions = {r.version for r in rows} | ({current} if current else set())
    result = []
    for version in sorted(versions, key=version_key, reverse=True):
        confirmed = sorted((r for r in rows if r.version == version), key=lambda r: r.user.casefold())
        done = {r.user for r in confirmed}
        missing = sorted((u for u in dict.fromkeys(staff) if u not in done), key=str.casefold)
        result.append(VersionOverview(version, confirmed, missing, done - set(staff)))
    return result


def _cell(value: str) -> str:
    """Keep a spreadsheet from running a name as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_COLUMNS = ["gebruiker", "versie", "status", "bevestigd_op", "bevestigd_utc", "document_sha256"]


def to_csv(versions: list[VersionOverview]) -> str:
    """Semicolons and a byte-order mark, so Excel with Dutch settings opens it as columns."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in versions:
        for row in item.confirmed:
            writer.writerow([_cell(row.user), _cell(item.version), "bevestigd", local_text(row.at_utc),
                             row.at_utc.isoformat(timespec="seconds"), row.sha256])
        for user in item.missing:
            writer.writerow([_cell(user), _cell(item.version), "niet bevestigd", "", "", ""])
    return "\ufeff" + out.getvalue()
