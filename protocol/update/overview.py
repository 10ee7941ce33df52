"""The Dutch overview per article, printed before anything changes (and again when applying)."""

from __future__ import annotations

from . import plan as p
from .report import REPORT_FILE

HEADINGS = [
    (p.MODEL, "Alleen in het model veranderd: wordt overgenomen"),
    (p.OFFICE, "Alleen door jullie veranderd: blijft zoals het is"),
    (p.BOTH, "Door jullie en het model veranderd: jullie tekst blijft, waar nodig met een voorstel"),
    (p.NEW, "Nieuw in het model: wordt toegevoegd"),
    (p.REMOVED, "Niet meer in het model: blijft bij jullie staan, kies zelf of het weg moet"),
    (p.OWN, "Eigen artikelen van jullie kantoor: blijven"),
    (p.GONE, "Door jullie weggehaald, maar nog in het model: blijft weg"),
]
PAGE_NAMES = {"docs/index.md": "de gouden regels", "docs/veelgestelde-vragen.md": "veelgestelde vragen",
              "docs/begrippen.md": "begrippen", "docs/_data/check-je-bericht.yml": "gegevens van Check je bericht",
              "docs/_data/wijzigingen.yml": "wijzigingen", "docs/_data/woordenlijst.txt": "woordenlijst voor de spelling",
              "mkdocs.yml": "volgorde en technische instellingen"}
PAGE_WORDS = {p.MODEL: "alleen in het model veranderd, wordt overgenomen", p.OFFICE: "alleen door jullie veranderd, blijft",
              p.BOTH: "door allebei veranderd", p.NEW: "nieuw in het model, wordt toegevoegd",
              p.REMOVED: "niet meer in het model, blijft bij jullie staan", p.OWN: "eigen bestand, blijft",
              p.GONE: "door jullie weggehaald, blijft weg"}


def _article(row: p.Row) -> str:
    number = f"artikel {row.new_number or row.old_number}" if (row.new_number or row.old_number) else "uit"
    text = f"  - {row.titel} ({row.id}, {number})"
    if row.category == p.NEW:
        text += (": optioneel, staat uit tot jullie kiezen (haal de id weg onder 'uitgeschakeld' in instellingen.yml)"
                 if row.optioneel else ": verplicht, staat meteen aan")
    elif row.category == p.BOTH:
        text += _both(row)
    elif row.switched_off:
        text += " (staat bij jullie uit)"
    return text


def _both(row: p.Row) -> str:
    if not row.conflicts:
        return ": samengevoegd, jullie wijziging en die van het model staan er allebei in"
    return ": jullie tekst blijft in " + ", ".join(f"'{c.section}'" for c in row.conflicts) + f"; voorstel in {REPORT_FILE}"


def render(plan: p.Plan, source: str, applied: bool = False) -> str:
    out = [f"Model bijwerken: van model {plan.basis.versie} naar model {plan.target.versie}",
           f"Model: {source} (commit {plan.target.commit[:12]})", "", "ARTIKELEN"]
    for category, heading in HEADINGS:
        rows = [r for r in plan.articles if r.category == category]
        if rows:
            out += [f"{heading}:", *map(_article, rows)]
    same = [r for r in plan.articles if r.category == p.SAME]
    if same:
        out.append(f"Niet veranderd: {len(same)} artikel(en).")
    moved = [r for r in plan.articles if r.renumbered]
    if moved:
        out.append("Nieuw nummer (alleen het nummer verandert; verwijzingen met de id blijven werken):")
        out += [f"  - {r.titel} ({r.id}): artikel {r.old_number} wordt artikel {r.new_number}" for r in moved]
    out += ["", "ANDERE PAGINA'S EN GEGEVENS"]
    for row in plan.pages:
        name = f" ({PAGE_NAMES[row.path]})" if row.path in PAGE_NAMES else ""
        words = PAGE_WORDS[row.category] + (_both(row) if row.category == p.BOTH else "")
        out.append(f"  - {row.path}{name}: {words}")
    if not plan.pages:
        out.append("  Niets veranderd.")
    out += ["", "INSTELLINGEN (instellingen.yml): jullie eigen waarden blijven staan"]
    out += [f"  - nieuwe instelling, met de standaardwaarde van het model: {key}" for key in plan.settings_added]
    out += [f"  - nieuw optioneel artikel onder 'uitgeschakeld': {i}" for i in plan.switched_off_new]
    out += [f"  - het model kiest nu als standaard bij {key}: {new!r}; bij jullie blijft {mine!r}. Kijk of dat nog klopt."
            for key, mine, new in plan.settings_defaults]
    if not (plan.settings_added or plan.switched_off_new or plan.settings_defaults):
        out.append("  Niets veranderd.")
    c = plan.code
    out += ["", "CODE EN HULPMIDDELEN VAN HET MODEL (protocol/, overrides/, scripts/, tests/, requirements, pyproject.toml, .ci/)",
            f"  Die past een kantoor niet aan; ze worden overgenomen zoals ze zijn: {c['bijgewerkt']} bijgewerkt, "
            f"{c['nieuw']} nieuw, {c['verwijderd']} weggehaald."]
    out += [f"  - let op: jullie wijziging in {path} wordt vervangen door die van het model" for path in plan.code_overwritten]
    if plan.problems:
        out += ["", "LET OP"] + [f"  - {problem}" for problem in plan.problems]
    out.append("")
    if plan.conflicts:
        out.append(f"{len(plan.conflicts)} voorstel(len) van het model gaan naar {REPORT_FILE}. Er komen nooit conflicttekens in een pagina.")
    if not applied:
        out.append("Er is nog niets veranderd. Klopt dit overzicht? Voer dan dezelfde opdracht uit met --toepassen.")
    return "\n".join(out)
