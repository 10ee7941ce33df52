"""What content templates see: the variables (escaped on output by the sandbox) and our macros.

One `ContentContext` per build. The plugin sets `page_url` before each page is
rendered, so macros that link (downloads) can be relative to that page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from protocol.model import Register, dutch_date, review_due, review_status
from protocol.model.check_je_bericht import OUTCOMES  # noqa: F401  (re-exported for templates' tests)

from .changes import render_changes_page, version_is_new
from .check_je_bericht import render_checklist, render_examples, render_form
from .escape import html_text as h
from .escape import as_markdown_text, md_text, safe
from .quiz import render_quiz
from .urls import relative_url

PDF_VARIANTS = {
    "protocol": {"titel": "Protocol", "bestand": "{naam}-protocol-v{versie}.pdf",
                 "omschrijving": "Alleen de afspraken, om te ondertekenen"},
    "toelichting": {"titel": "Protocol met toelichting", "bestand": "{naam}-protocol-met-toelichting-v{versie}.pdf",
                    "omschrijving": "De afspraken met uitleg en voorbeelden"},
}
REVIEW_LABELS = {"uit": "Staat uit", "geen-datum": "**Geen datum**", "te-laat": "**Te laat**", "op-tijd": "Op tijd"}


def contact_text(contact: dict) -> str:
    """'de privacyfunctionaris (Joost Hendriks, privacy@...)' for running text."""
    details = ", ".join(x for x in (contact["naam"], contact["email"]) if x)
    return f"de {contact['functie']} ({details})" if details else f"de {contact['functie']}"


def downloads_for(settings, pdf: bool, print_page_url: str) -> dict:
    """The two downloads: their file names (from office and version) and URLs (the print page without PDFs)."""
    from protocol.model import slug

    naam, versie = slug(settings["kantoor"]["korte_naam"]), slug(settings["protocol"]["versie"])
    downloads: dict = {"pdf": pdf}
    for key, variant in PDF_VARIANTS.items():
        filename = variant["bestand"].format(naam=naam, versie=versie)
        downloads[key] = dict(variant, bestand=filename, url=f"downloads/{filename}" if pdf else print_page_url)
    return downloads


@dataclass
class ContentContext:
    register: Register
    settings: object
    changelog: list[dict]
    check_data: dict
    downloads: dict
    page_url: str = ""
    today: datetime.date = field(default_factory=datetime.date.today)
    kennisname: bool = False  # the online acknowledgement register is switched on
    model_versie: str = ""  # the model version the office's protocol is based on (modelbasis.yml), or ""
    versions: object = None  # model.versions.VersionChanges, set by load_versions_and_quiz
    quiz: list = field(default_factory=list)  # model.quiz.Question
    changes_url: str = ""  # the changes page in the site, for the home page notice
    archive: list = field(default_factory=list)  # (version, effective date) of each published version

    def load_versions_and_quiz(self, project_dir) -> None:
        """The comparison with the previous published version (from git) and the quiz questions.
        Raises ContentError for a wrong 'niet_in_test' list."""
        from protocol.model.quiz import quiz_questions
        from protocol.model.versions import archive_list, changes_since_previous, read_history

        def facts_for(register, settings):
            return ContentContext(register, settings, [], {}, {}).variables()

        history = read_history(project_dir)
        self.versions = changes_since_previous(project_dir, self.register, self.settings, facts_for, history)
        self.archive = archive_list(project_dir, history)
        self.quiz = quiz_questions(self.register, self.variables())

    # ---- variables -------------------------------------------------------------

    def variables(self) -> dict:
        s = self.settings
        protocol = dict(s["protocol"], ingangsdatum_tekst=dutch_date(s["protocol"]["ingangsdatum"]),
                        instemming_tekst=dutch_date(s["protocol"]["instemming_datum"]),
                        model_versie=self.model_versie)
        contacts = {role: dict(c, tekst=contact_text(c)) for role, c in s["contacten"].items()}
        articles = [{"id": a.id, "nummer": a.nummer, "titel": a.titel, "kop": a.kop, "samenvatting": a.samenvatting}
                    for a in self.register.enabled]
        return {"kantoor": as_markdown_text(s["kantoor"]), "protocol": as_markdown_text(protocol),
                "contact": as_markdown_text(contacts), "artikelen": as_markdown_text(articles),
                "webinars": dict(s["webinars"]),  # validated https URLs, used inside (…) of links
                "downloads": {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.downloads.items()}}

    def macros(self) -> dict:
        return {"artikel": self.artikel, "aan": self.aan, "artikellijst": self.artikellijst,
                "wijzigingen": self.wijzigingen, "te_beoordelen": self.te_beoordelen,
                "downloadknoppen": self.downloadknoppen, "check_je_bericht": self.check_je_bericht,
                "check_je_bericht_voorbeelden": self.check_je_bericht_voorbeelden,
                "kennisname_melding": self.kennisname_melding, "kennisname_knop": self.kennisname_knop,
                "wat_is_er_veranderd": self.wat_is_er_veranderd, "archief": self.archief, "nieuwe_versie": self.nieuwe_versie,
                "test_jezelf": self.test_jezelf}

    # ---- macros ----------------------------------------------------------------

    def artikel(self, article_id: str, titel: bool = False):
        """Link to an article by id: '[artikel 6](/artikelen/x.md)'; checked before rendering."""
        article = self.register.get(str(article_id))
        if article is None or article.nummer is None:
            raise ValueError(f"Onbekend of uitgeschakeld artikel: {article_id}")
        label = f"artikel {article.nummer}" + (f" ({md_text(article.titel)})" if titel else "")
        return safe(f"[{label}](/{article.src_path})")

    def aan(self, article_id: str) -> bool:
        """True when the article is switched on; for optional passages."""
        article = self.register.get(str(article_id))
        return article is not None and article.nummer is not None

    def artikellijst(self):
        """The table of all enabled articles, for the home page and the overview."""
        rows = [f"| {a.nummer} | [{md_text(a.titel)}](/{a.src_path}) | {md_text(a.samenvatting)} |" for a in self.register.enabled]
        return safe("\n".join(["| Nr. | Artikel | Waar gaat het over? |", "|---:|---|---|", *rows]))

    def wijzigingen(self):
        """The changelog, newest first."""
        blocks = []
        for entry in self.changelog:
            date = f" – {dutch_date(entry['datum'])}" if entry["datum"] else ""
            blocks.append(f"### Versie {md_text(entry['versie'])}{date}\n\n" + "\n".join(f"- {md_text(c)}" for c in entry["wijzigingen"]))
        return safe("\n\n".join(blocks))

    def te_beoordelen(self):
        """Review dates of all articles for the HR guide; overdue ones first and marked."""
        months = self.settings["protocol"]["beoordelen_na_maanden"]
        rows = []
        for a in self.register.articles:
            status = review_status(a, months, self.today)
            rows.append((status in ("geen-datum", "te-laat"), a, review_due(a, months), REVIEW_LABELS[status]))
        rows.sort(key=lambda r: (not r[0], r[1].nummer or len(rows) + 1))  # overdue first, then in order
        lines = ["| Artikel | Laatst beoordeeld | Uiterlijk opnieuw | Status |", "|---|---|---|---|"]
        lines += [f"| {md_text(a.kop)} | {dutch_date(a.beoordeeld) or '–'} | {dutch_date(due) or '–'} | {label} |"
                  for _, a, due, label in rows]
        return safe("\n".join(lines))

    def downloadknoppen(self):
        """Buttons to both PDFs (or the print page in a preview), relative to the current page."""
        pdf = self.downloads["pdf"]
        buttons = []
        for key in PDF_VARIANTS:
            item = self.downloads[key]
            href = relative_url(item["url"], self.page_url)
            label = f"{item['titel']} (pdf)" if pdf else f"{item['titel']} (afdrukversie)"
            buttons.append(f'<a class="md-button md-button--primary pr-download" href="{h(href)}"'
                           f'{" download" if pdf else ""}>{h(label)}</a> '
                           f'<span class="pr-download__note">{h(item["omschrijving"])}.</span>')
        return safe('<p class="pr-downloads">' + "<br>\n".join(buttons) + "</p>")

    def check_je_bericht(self):
        contacts = self.variables()["contact"]
        return safe(render_form(self.check_data, contacts, self.page_url) + "\n" + render_checklist(self.check_data))

    def check_je_bericht_voorbeelden(self):
        return safe(render_examples(self.check_data, self.variables()["contact"]))

    # ---- the online acknowledgement register (protocol/kennisname), only when it is switched on ----------

    def kennisname_melding(self):
        """The home-page banner; assets/javascripts/kennisname.js shows it to whoever has not confirmed yet."""
        if not self.kennisname:
            return safe("")
        return safe('<div class="pr-kennisname" data-kennisname-banner data-kennisname-status="/kennisname/status.json" hidden>'
                    '<p>Er is een nieuwe versie van het protocol: versie <span data-kennisname-versie></span>. '
                    '<a href="/kennisname/">Lees het en bevestig dat je het hebt gelezen</a>.</p></div>')

    def kennisname_knop(self):
        if not self.kennisname:
            return safe("")
        version = h(self.settings["protocol"]["versie"])
        return safe(f'<p class="pr-kennisname-knop"><a class="md-button md-button--primary" href="/kennisname/">'
                    f"Bevestig online dat je versie {version} hebt gelezen</a></p>")
    # ---- versions and quiz (protocol/render/changes.py, protocol/render/quiz.py) ------

    def wat_is_er_veranderd(self):
        """The changes page: changelog entry, changes per article since the previous version, older entries."""
        return safe(render_changes_page(self.versions, self.changelog, self.settings["protocol"]["ingangsdatum"]))

    def nieuwe_versie(self):
        """A notice on the home page while the current version is new; empty afterwards."""
        if not self.changes_url or not version_is_new(self.settings["protocol"]["ingangsdatum"], self.today):
            return safe("")
        version = md_text(self.settings["protocol"]["versie"])
        return safe(f'!!! tip "Nieuw: versie {version}"\n    Het protocol is veranderd. '
                    f"[Bekijk wat er veranderd is in versie {version}](/{self.changes_url}).")

    def test_jezelf(self):
        return safe(render_quiz(self.quiz, self.register, self.page_url))

    def archief(self):
        """Every published version with its effective date and its two PDFs under downloads/archief/ (scripts/publish)."""
        from protocol.model import slug

        current = self.settings["protocol"]["versie"]
        rows = dict(self.archive)
        rows.setdefault(current, self.settings["protocol"]["ingangsdatum"])
        name = slug(self.settings["kantoor"]["korte_naam"])
        out = ['<table class="pr-archief"><thead><tr><th scope="col">Versie</th><th scope="col">Geldig vanaf</th>'
               '<th scope="col">Protocol</th><th scope="col">Met toelichting</th></tr></thead><tbody>']
        for version in sorted(rows, key=lambda v: [int(p) for p in v.split(".") if p.isdigit()], reverse=True):
            links = [relative_url(f"downloads/archief/{PDF_VARIANTS[key]['bestand'].format(naam=name, versie=slug(version))}",
                                  self.page_url) for key in PDF_VARIANTS]
            label = " (geldt nu)" if version == current else ""
            out.append(f"<tr><td>{h(version)}{label}</td><td>{h(dutch_date(rows[version]) or '–')}</td>"
                       f'<td><a href="{h(links[0])}">pdf</a></td><td><a href="{h(links[1])}">pdf</a></td></tr>')
        out.append("</tbody></table>")
        return safe("\n".join(out))
