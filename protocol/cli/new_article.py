"""scripts/new-article: a new protocol article from the template, placed in the order in mkdocs.yml.

    scripts/new-article ID "Titel" [--na ID] [--optioneel]

The page gets the front matter and the three required sections; the article is
placed after the article given with --na, or at the end of the protocol.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path

from protocol.model import ARTICLE_DIR, ContentError, load_register
from protocol.model.articles import ID_PATTERN

PROJECT = Path.cwd()

TEMPLATE = """\
---
id: {id}
titel: {title}
optioneel: {optional}
samenvatting: Schrijf hier in één zin waar dit artikel over gaat.
zoekwoorden: [schrijf, hier, de, woorden, die, collega's, zoeken]
beoordeeld: {today}
---

## Wat we afspreken

1. Schrijf hier de eerste afspraak. Kort en duidelijk.
2. Schrijf hier de tweede afspraak.

## Toelichting

Leg hier uit waarom de afspraak er is. Gebruik korte zinnen.

## Voorbeelden

!!! mag "Korte titel van de situatie"
    Beschrijf de situatie in een of twee zinnen.

    **Waarom:** leg in één zin uit waarom dit mag.

!!! mag-niet "Korte titel van de situatie"
    Beschrijf de situatie in een of twee zinnen.

    **Waarom:** leg in één zin uit waarom dit niet mag.

!!! eerst-vragen "Korte titel van de situatie"
    Beschrijf de situatie in een of twee zinnen.

    **Waarom:** leg in één zin uit wie je eerst vraagt en waarom.
"""

# A nav line naming an article: "- artikelen/x.md", maybe with a title or a trailing comment.
_NAV_ARTICLE = re.compile(r"^(?P<indent>\s*)- (?:[^:#]+:\s*)?(?P<path>" + re.escape(ARTICLE_DIR) + r"[^\s#]+\.md)\s*(?:#.*)?$")


class NavError(Exception):
    """mkdocs.yml has no place for the new article."""


def add_to_nav(mkdocs_yml: Path, src_path: str, after_id_path: str | None) -> str:
    """mkdocs.yml with '- artikelen/x.md' after the given article (or the last one), keeping comments and layout."""
    lines = mkdocs_yml.read_text(encoding="utf-8").splitlines(keepends=True)
    positions = [(i, m) for i, line in enumerate(lines) if (m := _NAV_ARTICLE.match(line))]
    if not positions:
        raise NavError("Fout: in mkdocs.yml staat geen enkel artikel onder 'nav'. Voeg de regel zelf toe.")
    if after_id_path:
        match = [(i, m) for i, m in positions if m.group("path") == after_id_path]
        if not match:
            raise NavError(f"Fout: het artikel {after_id_path} staat niet in de volgorde in mkdocs.yml.")
        index, found = match[0]
    else:
        index, found = positions[-1]
    lines.insert(index + 1, f"{found.group('indent')}- {src_path}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak een nieuw artikel aan.")
    parser.add_argument("id", help="vaste id, bijvoorbeeld: thuiswerken (kleine letters en streepjes)")
    parser.add_argument("titel", help='titel, bijvoorbeeld: "Thuiswerken"')
    parser.add_argument("--na", metavar="ID", help="zet het nieuwe artikel na dit artikel (standaard: achteraan)")
    parser.add_argument("--optioneel", action="store_true", help="een kantoor mag dit artikel uitzetten")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    project = args.project.resolve()
    docs = project / "docs"
    if not ID_PATTERN.match(args.id):
        print(f"Fout: de id '{args.id}' is ongeldig. Gebruik kleine letters, cijfers en streepjes, bijvoorbeeld: thuiswerken.")
        return 1
    try:
        register = load_register(project)
    except ContentError as error:
        print(f"Fout: het protocol heeft al een fout; herstel die eerst.\n{error}")
        return 1
    if register.get(args.id):
        print(f"Fout: de id '{args.id}' bestaat al ({register.get(args.id).page.path}). Kies een andere id.")
        return 1
    after = None
    if args.na:
        other = register.get(args.na)
        if other is None:
            print(f"Fout: er is geen artikel met de id '{args.na}'.")
            return 1
        after = other.src_path
    src_path = f"{ARTICLE_DIR}{args.id}.md"
    target = docs / src_path
    if target.exists():
        print(f"Fout: het bestand docs/{src_path} bestaat al.")
        return 1

    title = json.dumps(args.titel, ensure_ascii=False)  # a JSON string is valid YAML, also with ':'
    try:  # both files are prepared first, so a failure leaves neither an orphan page nor a half-edited nav
        nav = add_to_nav(project / "mkdocs.yml", src_path, after)
    except NavError as error:
        print(error)
        return 1
    target.write_text(TEMPLATE.format(id=args.id, title=title, optional="true" if args.optioneel else "false",
                                      today=datetime.date.today().isoformat()), encoding="utf-8")
    (project / "mkdocs.yml").write_text(nav, encoding="utf-8")
    print(f"Gemaakt: docs/{src_path}")
    print("Het artikel staat nu ook in de volgorde in mkdocs.yml. Vul de tekst in en voer daarna scripts/check uit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
