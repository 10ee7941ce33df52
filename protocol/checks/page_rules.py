"""Rules for any page's Markdown: no hand-typed article numbers, https links only, not empty."""

from __future__ import annotations

import re

from protocol.model import ContentError

from .lines import prose_lines

_HAND_NUMBER = re.compile(r"\b[Aa]rtikel(?:en)?\s+(\d+)\b(?![:.,]\d)")
_LAW_AFTER = re.compile(
    r"^(?:\s*(?:,\s*)?(?:lid|sub|onder|aanhef)\s+\w+)*\s*(?:van\s+de\s+|van\s+het\s+|uit\s+de\s+)?"
    r"(?:BW|AVG|UAVG|WOR|Wft|Wwft|Wbk|Bgfo|Grondwet|Gw|EVRM|Wbp|AI-verordening|Arbowet|Wet\b|Burgerlijk|richtlijn)")
_PLAIN_HTTP = re.compile(r"\]\(\s*http://|href=[\"']?http://", re.I)


def check_page_rules(body: str, path: str, first_line: int) -> list[ContentError]:
    errors: list[ContentError] = []
    for index, text in prose_lines(body):
        line = first_line + index
        for match in _HAND_NUMBER.finditer(text):
            if not _LAW_AFTER.match(text[match.end():]):
                errors.append(ContentError(path, line, f"Typ geen artikelnummer met de hand ('{match.group(0)}').",
                                           'Nummers veranderen als artikelen verschuiven. Schrijf {{ artikel("id-van-het-artikel") }}.'))
        if _PLAIN_HTTP.search(text):
            errors.append(ContentError(path, line, "Een link begint met http:// in plaats van https://.",
                                       "Gebruik het beveiligde adres dat met https:// begint."))
    if not body.strip():
        errors.append(ContentError(path, first_line, "Deze pagina is leeg.",
                                   "Schrijf de tekst, of haal de pagina weg uit mkdocs.yml en uit de map docs/."))
    return errors
