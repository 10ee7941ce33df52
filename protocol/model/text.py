"""Rules for plain-text values (names, titles, summaries) and for dates, shared by settings and articles."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from .errors import ContentError

# Plain text reaches <title>, attributes, the search index and the PDF. Markup in it would be markup
# there, so it is refused at the source (escaping on output is the second line of defence).
_MARKUP = re.compile(r"[<>`\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: Any, path: str, line: int | None, field: str) -> str:
    text = str(value).strip()
    bad = _MARKUP.search(text)
    if bad:
        shown = {"<": "<", ">": ">", "`": "`"}.get(bad.group(0), "een onzichtbaar stuurteken")
        raise ContentError(path, line, f"'{field}' bevat {shown!s}; dat mag niet in gewone tekst.",
                           "Schrijf gewone tekst zonder < > of `. Opmaak hoort in de tekst van de pagina, niet hier.")
    if "\n" in text:
        raise ContentError(path, line, f"'{field}' moet op één regel staan.")
    return text


def parse_date(value: Any, path: str, line: int | None, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ContentError(
            path, line, f"'{field}' is geen geldige datum: {value}.",
            "Schrijf een datum als jaar-maand-dag, bijvoorbeeld 2027-01-01.",
        ) from None


@functools.lru_cache(maxsize=512)  # Babel is slow, and every page shows a few of the same dates
def dutch_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    from babel.dates import format_date

    return format_date(value, format="long", locale="nl")


def slug(text: str) -> str:
    """A file-name-safe form: 'Voorbeeldkantoor B.V.' -> 'voorbeeldkantoor-b.v'."""
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")
