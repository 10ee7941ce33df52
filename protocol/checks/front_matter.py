"""Which fields a page's front matter may have.

The theme prints some fields without escaping (`subtitle`), or builds a template
path from them (`icon`), and our own templates show values the plugin sets
(`beoordeeld_tekst`, `bijgewerkt_tekst`, `status`). So a page may only carry the
fields below; anything else is refused with its line, before the theme sees it.
"""

from __future__ import annotations

from protocol.model import ContentError
from protocol.model.quiz import EXCLUDE_FIELD

ARTICLE_FIELDS = ("id", "titel", "samenvatting", "zoekwoorden", "optioneel", "beoordeeld", EXCLUDE_FIELD)
# title and description are checked as plain text by the plugin; search and hide are Material's switches.
PAGE_FIELDS = ("title", "description", "search", "hide")
ALLOWED_FIELDS = ARTICLE_FIELDS + PAGE_FIELDS


def check_front_matter(meta: dict, path: str, line_of) -> list[ContentError]:
    """An error for each field that is not in ALLOWED_FIELDS; `line_of(field)` gives its line."""
    return [ContentError(path, line_of(key), f"Het gegeven '{key}' is niet toegestaan in de kop van een pagina.",
                         "Toegestaan zijn: " + ", ".join(ALLOWED_FIELDS) + ". Haal de regel weg of controleer de spelling.")
            for key in meta if str(key) not in ALLOWED_FIELDS]
