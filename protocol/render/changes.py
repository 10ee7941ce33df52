"""'Wat is er veranderd': the changes page (Markdown with one HTML block per rule comparison),
the badges of new and changed articles, and the appendix of the PDF with explanation."""

from __future__ import annotations

import datetime

from protocol.model import dutch_date, numbered_title

from .escape import html_text as h
from .escape import md_text

BADGES = {"nieuw": "Nieuw", "gewijzigd": "Gewijzigd"}
NEW_FOR_DAYS = 90  # the home page points to the changes page until this long after the effective date
LEGEND = ("Nieuwe tekst is groen en onderstreept. Tekst die weg is, is rood en doorgestreept.")


def version_is_new(effective: datetime.date | None, today: datetime.date) -> bool:
    return effective is not None and today <= effective + datetime.timedelta(days=NEW_FOR_DAYS)


def render_diff(ops: list[tuple[str, str]]) -> str:
    """The rule text as one paragraph per line; added words in <ins>, removed ones in <del>."""
    pieces = []
    for op, text in ops:
        lines = [h(line.strip()) for line in text.split("\n")]
        body = "<br>".join(lines)
        if op == "nieuw":
            pieces.append(f'<ins><span class="pr-sr">nieuwe tekst: </span>{body}</ins>')
        elif op == "weg":
            pieces.append(f'<del><span class="pr-sr">tekst die weg is: </span>{body}</del>')
        else:
            pieces.append(body)
    joined = " ".join(pieces).replace(" <br>", "<br>").replace("<br> ", "<br>")
    return f'<div class="pr-diff"><p class="pr-diff__kop">Wat we afspreken</p><p>{joined}</p></div>'


def _summary(change) -> str:
    text = ", ".join(change.samenvatting)
    return text[:1].upper() + text[1:] + "." if text else ""


def render_changes_page(changes, changelog: list[dict], effective: datetime.date | None) -> str:
    """Markdown for the changes page: the changelog entry, then per article, then settings, then older entries."""
    current = changes.huidig
    entry = next((e for e in changelog if e["versie"] == current), None)
    out = [f"## Wat is er veranderd in versie {md_text(current)}? {{ #versie-{md_text(current).replace('.', '-')} }}", ""]
    if effective:
        out += [f"Versie {md_text(current)} geldt vanaf {dutch_date(effective)}.", ""]
    if entry:
        out += ["### In het kort", "", *[f"- {md_text(c)}" for c in entry["wijzigingen"]], ""]
    comparison = changes.vergelijking
    if comparison is None:
        out += ['!!! info "Alleen het logboek"', f"    {md_text(changes.reden)} Daarom zie je hier alleen het logboek van HR, "
                "zonder de wijzigingen per artikel.", ""]
    else:
        out += _per_article(comparison)
    older = [e for e in changelog if e["versie"] != current]
    if older:
        out += ["## Eerdere versies", ""]
        for e in older:
            date = f" – {dutch_date(e['datum'])}" if e["datum"] else ""
            out += [f"### Versie {md_text(e['versie'])}{date}", "", *[f"- {md_text(c)}" for c in e["wijzigingen"]], ""]
    return "\n".join(out)


def _link(change) -> str:
    return f"[{md_text(numbered_title(change.nieuw_nummer, change.titel))}](/{change.src_path})"


def _per_article(comparison) -> list[str]:
    out = [f"Hieronder zie je per artikel wat er anders is dan in versie {md_text(comparison.oud)}.", ""]
    if not comparison.artikelen and not comparison.instellingen:
        out += [f"Er is geen artikel veranderd sinds versie {md_text(comparison.oud)}.", ""]
    new = comparison.by_status("nieuw")
    if new:
        out += ["### Nieuwe artikelen", "", *[f"- {_link(c)}" for c in new], ""]
    gone = comparison.by_status("weg")
    if gone:
        out += ["### Artikelen die weg zijn", "",
                *[f"- {md_text(c.titel)} (was artikel {c.oud_nummer})" for c in gone], ""]
    moved = comparison.hernummerd
    if moved:
        out += ["### Artikelen met een ander nummer", "",
                *[f"- {_link(c)} (was artikel {c.oud_nummer})" for c in moved], ""]
    changed = comparison.by_status("gewijzigd")
    if changed:
        out += ["### Gewijzigde artikelen", "", LEGEND, ""]
        for c in changed:
            out += [f"#### {md_text(numbered_title(c.nieuw_nummer, c.titel))}", "", f"{md_text(_summary(c))} Lees {_link(c)}.", ""]
            if c.regel:
                out += [render_diff(c.regel), ""]
    if comparison.instellingen:
        out += ["### Andere wijzigingen die je ziet", "", *[f"- {md_text(s)}" for s in comparison.instellingen], ""]
    return out


def render_pdf_appendix(changes) -> str:
    """The appendix 'Wijzigingen ten opzichte van versie X' of the PDF with explanation; '' without a comparison."""
    comparison = changes.vergelijking
    if comparison is None:
        return ""
    out = ['<section class="print-page pr-wijzigingen-bijlage" id="bijlage-wijzigingen">',
           f"<h1>Bijlage – Wijzigingen ten opzichte van versie {h(comparison.oud)}</h1>"]

    def items(title: str, rows: list[str]) -> None:
        if rows:
            out.append(f"<h2>{h(title)}</h2><ul>" + "".join(f"<li>{r}</li>" for r in rows) + "</ul>")

    items("Nieuwe artikelen", [h(numbered_title(c.nieuw_nummer, c.titel)) for c in comparison.by_status("nieuw")])
    items("Artikelen die weg zijn", [f"{h(c.titel)} (was artikel {c.oud_nummer})" for c in comparison.by_status("weg")])
    items("Artikelen met een ander nummer",
          [f"{h(numbered_title(c.nieuw_nummer, c.titel))} (was artikel {c.oud_nummer})" for c in comparison.hernummerd])
    changed = comparison.by_status("gewijzigd")
    if changed:
        out.append(f"<h2>Gewijzigde artikelen</h2><p>{h(LEGEND)}</p>")
        for c in changed:
            out.append(f"<h3>{h(numbered_title(c.nieuw_nummer, c.titel))}</h3><p>{h(_summary(c))}</p>")
            if c.regel:
                out.append(render_diff(c.regel))
    items("Andere wijzigingen", [h(s) for s in comparison.instellingen])
    out.append("</section>")
    return "\n".join(out)


def badge_html(status: str | None, version: str, changes_url: str) -> str:
    """The badge at the top of a new or changed article, with a link to the changes page."""
    if status not in BADGES:
        return ""
    return (f'<p class="pr-versiebadge"><span class="pr-badge pr-badge--{status}">{BADGES[status]} in versie {h(version)}</span> '
            f'<a href="{h(changes_url)}">Bekijk wat er veranderd is</a></p>')
