"""The inline scripts a built page may contain: exactly those our templates and Material write.

Each is known in advance by a fingerprint of its text, with the page-relative
base path ("..", "../..") blanked out. Anything else in the built HTML fails the
build: it can only have come from content. The plugin then moves the known ones
into files, so the Content-Security-Policy is `script-src 'self'` with no hashes.
When a pinned Material or print-site version changes a script, a test names it
and the fingerprint is updated here, on purpose.
"""

from __future__ import annotations

import hashlib
import json
import re

from protocol.model import ContentError

_BASE_PATH = re.compile(r'"(?:\.{1,2}/?)*(?:\.{1,2})?"|"/"')
DATA_TYPES = ("application/json", "application/ld+json")

KNOWN = {
    "56aaaab4d828836f": "Material base.html: __md_scope, __md_get and __md_set (localStorage helpers)",
    "0eb10c249dbdb0be": "Material partials/javascripts/palette.html: restore the chosen colour scheme",
    "ffcc0f7735fdab43": "Material base.html: open the content tab named in the address",
    "9fba0a97069eec4f": "mkdocs-print-site-plugin print_page.html: build the print page's table of contents",
}

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def fingerprint(body: str) -> str:
    return hashlib.sha256(_BASE_PATH.sub('"BASE"', body.strip()).encode("utf-8")).hexdigest()[:16]


def check_inline_scripts(html: str, shown: str, known: dict[str, str] = KNOWN) -> list[ContentError]:
    """Unknown inline scripts and data blocks that are not data, in one built page."""
    errors = []
    for match in SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() in DATA_TYPES:
            try:
                json.loads(body)
            except ValueError:
                errors.append(ContentError(shown, None, "Een gegevensblok in de pagina is geen geldige JSON.",
                                           "Dit komt bijna altijd door opmaak in een titel of instelling. Kijk welke waarde je net hebt veranderd."))
            continue
        if fingerprint(body) not in known:
            errors.append(ContentError(shown, None, f"De gebouwde pagina bevat een onbekend script: {body.strip()[:60]!r}.",
                                       "Scripts in de inhoud of de instellingen zijn niet toegestaan. Kijk welke tekst je net hebt veranderd."))
    return errors
