"""model-update-rapport.md: what the model proposes where the office changed the same section.

It sits in the project folder, outside docs/, so the site never builds it and no conflict
marker reaches a page. HR handles a proposal and then sets its line `- Afgehandeld: nee`
to `- Afgehandeld: ja`; scripts/check warns about every proposal that is still open.
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

REPORT_FILE = "model-update-rapport.md"
HANDLED = re.compile(r"^\s*-\s*Afgehandeld:\s*(\S*)\s*$", re.I)
DONE_WORDS = {"ja", "yes", "klaar", "gedaan"}


def _fence(text: str, lang: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}|~{3,}", text)), default=0)
    fence = "`" * max(4, longest + 1)
    return f"{fence}{lang}\n{text.rstrip(chr(10))}\n{fence}\n"


def label(row) -> str:
    if row.id:
        number = f"Artikel {row.new_number} " if row.new_number else "Artikel "
        return f"{number}{row.titel} ({row.path})"
    return row.path


def render_report(plan, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    lines = [
        f"# Voorstellen van model {plan.target.versie}\n",
        f"Je kantoor is op {today.isoformat()} overgestapt van model {plan.basis.versie} naar model {plan.target.versie}. "
        "Op de plekken hieronder hadden jullie en het model allebei dezelfde tekst veranderd. "
        "Jullie eigen tekst staat nog op de site. Per plek lees je wat het model voorstelt.\n",
        "Zo handel je een voorstel af:\n",
        "1. Lees wat het model veranderde en de nieuwe tekst van het model.",
        "2. Wil je de nieuwe tekst? Zet hem in het genoemde bestand, onder de genoemde kop. "
        "Wil je je eigen tekst houden? Dan hoef je niets te veranderen.",
        "3. Zet daarna bij dat voorstel `- Afgehandeld: nee` op `- Afgehandeld: ja`. "
        "Dan waarschuwt `scripts/check` er niet meer over.\n",
    ]
    for number, (row, conflict) in enumerate(plan.conflicts, 1):
        change = "".join(difflib.unified_diff(conflict.basis.splitlines(keepends=True), conflict.model.splitlines(keepends=True),
                                              f"model {plan.basis.versie}", f"model {plan.target.versie}", n=1))
        lines += [
            f"## {number}. {label(row)}: {conflict.section}\n",
            f"- Bestand: `{row.path}`",
            f"- Onderdeel: {conflict.section}",
            "- Afgehandeld: nee\n",
            f"### Wat het model veranderde (van {plan.basis.versie} naar {plan.target.versie})\n",
            "Regels met een - haalde het model weg, regels met een + kwamen erbij.\n",
            _fence(change or "(het model haalde dit onderdeel weg)\n", "diff"),
            f"### De nieuwe tekst van het model ({plan.target.versie})\n",
            _fence(conflict.model or "(dit onderdeel staat niet meer in het model)\n", "markdown"),
            "### Jullie tekst (die blijft staan)\n",
            _fence(conflict.office, "markdown"),
        ]
    return "\n".join(lines)


def with_earlier_report(new: str, earlier: str | None) -> str:
    """A new report; proposals of an earlier update that are still open stay below it."""
    if not earlier or not open_items_in(earlier):
        return new
    return new.rstrip("\n") + "\n\n---\n\n" + earlier.replace("# Voorstellen van model", "# Eerdere voorstellen van model", 1)


def open_items(project: Path) -> list[tuple[int, str]]:
    """(line, title) of every proposal in the report that is not marked handled; [] without a report."""
    path = project / REPORT_FILE
    if not path.is_file():
        return []
    return open_items_in(path.read_text(encoding="utf-8", errors="replace"))


def open_items_in(text: str) -> list[tuple[int, str]]:
    found, title, fence = [], "", None
    for number, line in enumerate(text.splitlines(), 1):
        marker = re.match(r"^(`{3,}|~{3,})", line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) and not line[len(marker.group(1)):].strip():
                fence = None
            continue
        if marker:
            fence = marker.group(1)
        elif line.startswith("## "):
            title = line[3:].strip()
        elif (match := HANDLED.match(line)) and match.group(1).lower() not in DONE_WORDS:
            found.append((number, title))
    return found


def open_item_warnings(project: Path) -> list[str]:
    """The warnings scripts/check prints, one per open proposal, as file:line."""
    return [f"{REPORT_FILE}:{line}: Dit voorstel van het model is nog niet afgehandeld: {title}.\n"
            "    Tip: Lees het voorstel, neem de tekst over of houd je eigen tekst, en zet dan 'Afgehandeld: ja'."
            for line, title in open_items(project)]
