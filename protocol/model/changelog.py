"""docs/_data/wijzigingen.yml: the hand-written changelog; the current version must have an entry."""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError
from .text import parse_date, plain_text
from .yamlio import load_yaml, read_text

CHANGELOG_FILE = "docs/_data/wijzigingen.yml"


def load_changelog(project_dir: Path, version: str) -> list[dict]:
    shown = CHANGELOG_FILE
    data, lines = load_yaml(shown, read_text(project_dir / CHANGELOG_FILE, shown))
    if not isinstance(data, list) or not data:
        raise ContentError(shown, 1, "Het wijzigingenlogboek is leeg of heeft niet de goede vorm.",
                           "Elke versie begint met '- versie:', gevolgd door 'datum:' en 'wijzigingen:'.")
    entries = []
    for index, item in enumerate(data):
        line = lines.get((index,))
        if not isinstance(item, dict) or not item.get("versie") or not item.get("wijzigingen"):
            raise ContentError(shown, line, "Deze versie mist 'versie' of 'wijzigingen'.",
                               "Kijk naar de eerste versie in het bestand voor een voorbeeld.")
        changes = item["wijzigingen"]
        if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
            raise ContentError(shown, lines.get((index, "wijzigingen")), "'wijzigingen' moet een lijst van zinnen zijn.",
                               "Zet elke wijziging op een eigen regel met '- ' ervoor.")
        entries.append({"versie": plain_text(item["versie"], shown, line, "versie"),
                        "datum": parse_date(item.get("datum"), shown, lines.get((index, "datum")), "datum"),
                        "wijzigingen": [plain_text(c, shown, lines.get((index, "wijzigingen", i)), "wijzigingen")
                                        for i, c in enumerate(changes)]})
    if version not in {e["versie"] for e in entries}:
        raise ContentError(shown, 1, f"Versie {version} uit instellingen.yml staat niet in het wijzigingenlogboek.",
                           f"Zet bovenaan een nieuw blok: '- versie: \"{version}\"' met de datum en wat er veranderd is.")
    return entries
