"""A protocol article: its front matter, validated, and the one way its number and title are shown."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from .errors import ContentError
from .pages import Page, read_page
from .text import parse_date, plain_text
from .yamlio import as_bool

ARTICLE_DIR = "artikelen/"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED_FIELDS = ("id", "titel", "optioneel", "samenvatting", "zoekwoorden")

# The body sections of an article, in their fixed order, and the CSS class each gets.
REQUIRED_SECTIONS = ("Wat we afspreken", "Toelichting", "Voorbeelden")
OPTIONAL_SECTIONS = ("Veelgestelde vragen", "Zie ook")
SECTION_CLASSES = {
    "Wat we afspreken": "regel",
    "Toelichting": "toelichting",
    "Voorbeelden": "voorbeelden",
    "Veelgestelde vragen": "vragen",
    "Zie ook": "zie-ook",
}
# Verdict of an example: admonition type -> label a reader sees.
VERDICTS = {"mag": "Mag", "mag-niet": "Mag niet", "eerst-vragen": "Eerst vragen"}
MIN_EXAMPLES = 3


def numbered_title(number: int, title: str) -> str:
    """The one way an article's number and title are shown everywhere."""
    return f"Artikel {number} – {title}"


@dataclasses.dataclass
class Article:
    id: str
    titel: str
    src_path: str  # relative to docs/
    optioneel: bool
    samenvatting: str
    zoekwoorden: list[str]
    beoordeeld: datetime.date | None
    page: Page
    nummer: int | None = None  # None when switched off
    site_url: str | None = None  # set by the build from MkDocs' own File; see `url`

    @property
    def kop(self) -> str:
        return numbered_title(self.nummer, self.titel) if self.nummer else self.titel

    @property
    def url(self) -> str:
        """The page URL in the site: MkDocs' own once the build knows it, else the default directory URL."""
        return self.site_url or self.src_path[: -len(".md")] + "/"

    def line_of(self, field: str) -> int | None:
        return self.page.line_of(field)


def is_article_path(value: object) -> bool:
    """artikelen/x.md is an article; artikelen/index.md is the overview page of the section."""
    return (isinstance(value, str) and value.startswith(ARTICLE_DIR) and value.endswith(".md")
            and value != f"{ARTICLE_DIR}index.md")


def read_article(docs_dir: Path, src_path: str) -> Article:
    page = read_page(docs_dir, src_path)
    meta, path = page.meta, page.path
    if not meta:
        raise ContentError(path, 1, "Dit artikel heeft geen kop met gegevens (front matter).",
                           "Begin het bestand met ---, dan id, titel, optioneel, samenvatting en zoekwoorden, en sluit af met ---.")
    for field in REQUIRED_FIELDS:
        if meta.get(field) in (None, "", []):
            raise ContentError(path, page.line_of(field) or 2, f"Het gegeven '{field}' ontbreekt in de kop van het artikel.",
                               "Kijk in een ander artikel hoe de kop eruitziet.")
    for field in ("id", "titel", "samenvatting"):
        if not isinstance(meta[field], str):
            raise ContentError(path, page.line_of(field), f"'{field}' moet een tekst zijn.")
    keywords = meta["zoekwoorden"]
    if not (isinstance(keywords, list) and all(isinstance(x, str) for x in keywords)):
        raise ContentError(path, page.line_of("zoekwoorden"), "'zoekwoorden' moet een lijst van woorden zijn.",
                           "Schrijf de woorden tussen blokhaken, bijvoorbeeld: [wachtwoord, laptop].")
    article_id = meta["id"].strip()
    if not ID_PATTERN.match(article_id):
        raise ContentError(path, page.line_of("id"), f"De id '{article_id[:60]}' is ongeldig.",
                           "Gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld: vertrouwelijke-informatie.")
    return Article(
        id=article_id,
        titel=plain_text(meta["titel"], path, page.line_of("titel"), "titel"),
        src_path=src_path,
        optioneel=as_bool(meta["optioneel"], path, page.line_of("optioneel"), "optioneel"),
        samenvatting=plain_text(meta["samenvatting"], path, page.line_of("samenvatting"), "samenvatting"),
        zoekwoorden=[plain_text(x, path, page.line_of("zoekwoorden"), "zoekwoorden") for x in keywords],
        beoordeeld=parse_date(meta.get("beoordeeld"), path, page.line_of("beoordeeld"), "beoordeeld"),
        page=page,
    )
