"""MkDocs' own common warnings in Dutch, with file and line: a logging filter the plugin installs.

HR reads these messages. MkDocs reports a broken link as
"Doc file 'x.md' contains a link 'y.md', but the target ... is not found";
this filter rewrites it to "docs/x.md:12: De link 'y.md' wijst naar ...".
Messages we do not know pass unchanged.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from protocol.model import line_of

_LINK_DID_YOU_MEAN = re.compile(r" Did you mean '(?P<suggest>[^']*)'\?$")

_PATTERNS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"^Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+\.(?:png|jpe?g|gif|svg|webp))', but the target(?: '[^']+')? is not found among documentation files\.", re.I),
     "De afbeelding '{link}' bestaat niet.",
     "Zet de afbeelding in docs/assets/images/ en controleer de naam, ook hoofdletters."),
    (re.compile(r"^Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but the target(?: '[^']+')? is not found among documentation files\."),
     "De link '{link}' wijst naar een pagina of bestand dat niet bestaat.",
     "Controleer de bestandsnaam en de map. Een link naar een ander artikel schrijf je als {{ artikel(\"id\") }}."),
    (re.compile(r"^Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but (?:the doc '[^']+' does not contain an anchor '#[^']+'|there is no such anchor on this page)\."),
     "De link '{link}' wijst naar een kop die niet (meer) bestaat.",
     "Het deel na # moet overeenkomen met een kop op die pagina. Kijk welke koppen er zijn, of haal het deel na # weg."),
    (re.compile(r"^Doc file '(?P<src>[^']+)' contains an unrecognized relative link '(?P<link>[^']+)', it was left as is\."),
     "De link '{link}' wijst niet naar een bestaand bestand.",
     "Een link naar een pagina eindigt op .md, bijvoorbeeld: [Begrippen](begrippen.md)."),
    (re.compile(r"^Doc file '(?P<src>[^']+)' contains an absolute link '(?P<link>[^']+)', it was left as is\."),
     "De link '{link}' begint met een /, maar wijst nergens naar.",
     "Gebruik een link naar een .md-bestand, of een volledig adres dat met https:// begint."),
    (re.compile(r"^A reference to '(?P<link>[^']+)' is included in the 'nav' configuration, which is not found in the documentation files\."),
     "In de lijst 'nav' staat '{link}', maar dat bestand bestaat niet.",
     "Herstel de bestandsnaam of haal de regel weg."),
]


def translate(message: str, docs_dir: Path | None, project_dir: Path | None) -> str | None:
    """The Dutch 'file:line: message' for a known MkDocs warning, else None."""
    suggest = _LINK_DID_YOU_MEAN.search(message)
    core = message[: suggest.start()] if suggest else message
    for pattern, text, hint in _PATTERNS:
        match = pattern.match(core)
        if not match:
            continue
        fields = match.groupdict()
        if "src" in fields:
            shown = f"docs/{fields['src']}"
            line = line_of(docs_dir / fields["src"], f"({fields['link']}") if docs_dir else None
        else:
            shown = "mkdocs.yml"
            line = line_of(project_dir / "mkdocs.yml", fields["link"]) if project_dir else None
        where = f"{shown}:{line}" if line else shown
        if suggest:
            hint = f"Bedoel je '{suggest.group('suggest')}'? " + hint
        return f"{where}: {text.format(**fields)}\n    Tip: {hint}"
    return None


class DutchMessages(logging.Filter):
    """Installed once on MkDocs' page and nav loggers; the plugin points it at the current project."""

    LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")

    def __init__(self):
        super().__init__()
        self.docs_dir: Path | None = None
        self.project_dir: Path | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            dutch = translate(record.getMessage(), self.docs_dir, self.project_dir)
            if dutch:
                record.msg, record.args = dutch, ()
        return True

    def install(self, docs_dir: Path, project_dir: Path) -> None:
        self.docs_dir, self.project_dir = docs_dir, project_dir
        for name in self.LOGGERS:
            logger = logging.getLogger(name)
            if self not in logger.filters:
                logger.addFilter(self)
