"""MkDocs hook: turns the model (settings, ordered articles) into the site.

- on_config: read instellingen.yml and the articles in nav order, number them,
  drop switched-off articles from the nav, and hand the data to mkdocs-macros.
- on_files / on_nav: remove switched-off pages, give articles their numbered title.
- on_page_markdown: check each page before macros render it; collect all errors.
- on_page_content: wrap article sections so print and PDF can pick parts.
- on_env: stop the build, before anything is written, if a page had an error.
"""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import page_checks
from protocol_model import (
    SECTION_CLASSES,
    ContentError,
    Register,
    build_register,
    dutch_date,
    filter_nav,
    load_changelog,
    load_settings,
    read_page,
    review_due,
)

log = logging.getLogger("mkdocs.hooks.protocol")

_state: dict = {}


def _fail(error: ContentError) -> PluginError:
    return PluginError(str(error))


# --------------------------------------------------------------------------
# Configuration: settings, register, variables
# --------------------------------------------------------------------------


def _contact_text(contact: dict) -> str:
    """'de privacyfunctionaris (Joost Hendriks, privacy@...)' for running text."""
    details = ", ".join(x for x in (contact["naam"], contact["email"]) if x)
    return f"de {contact['functie']} ({details})" if details else f"de {contact['functie']}"


def _variables(settings: dict, register: Register) -> dict:
    protocol = dict(settings["protocol"])
    protocol["ingangsdatum_tekst"] = dutch_date(protocol["ingangsdatum"])
    protocol["instemming_tekst"] = dutch_date(protocol["instemming_datum"])
    contacts = {role: dict(c, tekst=_contact_text(c)) for role, c in settings["contacten"].items()}
    return {
        "kantoor": settings["kantoor"],
        "protocol": protocol,
        "contact": contacts,
        "webinars": settings["webinars"],
        "artikelen": register.enabled,
    }


@event_priority(60)  # before mkdocs-macros reads config.extra
def on_config(config):
    project_dir = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    try:
        settings = load_settings(project_dir)
        register = build_register(project_dir, docs_dir, config.nav, settings)
        changelog = load_changelog(project_dir, settings["protocol"]["versie"])
    except ContentError as error:
        raise _fail(error) from None

    switched_off = {a.src_path for a in register.articles if a.nummer is None}
    config.nav = filter_nav(config.nav, switched_off)
    variables = _variables(settings, register)
    config.extra.update(variables)
    config.extra["_register"] = register  # for the other hooks (post_check.py)
    _state.update(register=register, settings=settings, errors=[], switched_off=switched_off)

    style = settings["huisstijl"]
    if style.get("logo"):
        config.theme["logo"] = style["logo"]
        config.theme["favicon"] = style["logo"]
    config.extra_css.append("assets/stylesheets/huisstijl.css")

    macros = config.plugins.get("macros")
    if macros is None:
        raise PluginError("mkdocs.yml: de plugin 'macros' ontbreekt onder 'plugins'.")

    def artikel(article_id: str, titel: bool = False) -> str:
        """Link to an article by id: '[artikel 6](/artikelen/x.md)'. Checked before rendering."""
        article = register.get(article_id)
        if article is None or article.nummer is None:
            raise PluginError(f"Onbekend of uitgeschakeld artikel: {article_id}")
        label = f"artikel {article.nummer}" + (f" ({article.titel})" if titel else "")
        return f"[{label}](/{article.src_path})"

    def aan(article_id: str) -> bool:
        """True when the article is switched on; for optional passages."""
        article = register.get(article_id)
        return article is not None and article.nummer is not None

    def artikellijst() -> str:
        """The table of all enabled articles, for the home page and the overview."""
        rows = [f"| {a.nummer} | [{a.titel}](/{a.src_path}) | {a.samenvatting} |" for a in register.enabled]
        return "\n".join(["| Nr. | Artikel | Waar gaat het over? |", "|---:|---|---|", *rows])

    def wijzigingen() -> str:
        """The changelog from docs/_data/wijzigingen.yml, newest first."""
        blocks = []
        for entry in changelog:
            date = f" – {dutch_date(entry['datum'])}" if entry["datum"] else ""
            blocks.append(f"### Versie {entry['versie']}{date}\n\n" + "\n".join(f"- {c}" for c in entry["wijzigingen"]))
        return "\n\n".join(blocks)

    def te_beoordelen() -> str:
        """Review dates of all articles for the HR guide; overdue ones first and marked."""
        today, months = datetime.date.today(), settings["protocol"]["beoordelen_na_maanden"]
        rows = []
        for a in register.articles:
            due = review_due(a, months)
            if a.nummer is None:
                status = "Staat uit"
            elif due is None or due < today:
                status = "**Geen datum**" if due is None else "**Te laat**"
            else:
                status = "Op tijd"
            rows.append((status.startswith("**"), a, due, status))
        rows.sort(key=lambda r: (not r[0], r[1].nummer or len(rows) + 1))  # overdue first, then in order
        lines = ["| Artikel | Laatst beoordeeld | Uiterlijk opnieuw | Status |", "|---|---|---|---|"]
        lines += [f"| {a.kop} | {dutch_date(a.beoordeeld) or '–'} | {dutch_date(due) or '–'} | {status} |"
                  for _, a, due, status in rows]
        return "\n".join(lines)

    macros.register_macros({"artikel": artikel, "aan": aan, "artikellijst": artikellijst, "wijzigingen": wijzigingen,
                            "te_beoordelen": te_beoordelen})
    return config


def on_files(files: Files, config):
    for src in _state["switched_off"]:
        file = files.get_file_from_path(src)
        if file is not None:
            files.remove(file)
    for article in _state["register"].enabled:  # the offline build has other URLs than the intranet
        file = files.get_file_from_path(article.src_path)
        article.site_url = file.url if file is not None else None
    files.append(File.generated(config, "assets/stylesheets/huisstijl.css", content=_brand_css(_state["settings"])))
    return files


def _brand_css(settings: dict) -> str:
    """Office colours as Material's CSS variables; one place to change them."""
    style = settings["huisstijl"]
    primary, accent = style.get("kleur", "#1b4f72"), style.get("accentkleur", "#c0561a")
    return (
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--dark: {primary};\n"
        f"  --md-accent-fg-color: {accent};\n  --md-typeset-a-color: {primary};\n}}\n"
        "[data-md-color-scheme=slate] {\n"
        f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--dark: {primary};\n}}\n"
    )


def on_nav(nav, config, files):
    for page in nav.pages:
        article = _state["register"].by_path(page.file.src_uri)
        if article is not None:
            page.title = article.kop
    return nav


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


@event_priority(60)  # before mkdocs-macros renders the page
def on_page_markdown(markdown: str, page, config, files):
    register: Register = _state["register"]
    article = register.by_path(page.file.src_uri)
    try:
        source = article.page if article else read_page(Path(config.docs_dir), page.file.src_uri)
    except ContentError as error:
        return _reject(page, markdown, [error])
    macros = config.plugins["macros"]
    errors = page_checks.check_template(macros.env, markdown, source.path, source.body_first_line,
                                        macros.variables, register)
    errors += page_checks.check_page_rules(markdown, source.path, source.body_first_line)
    if article:
        errors += page_checks.check_sections(markdown, source.path, source.body_first_line)
    if errors:
        return _reject(page, markdown, errors)

    if article:
        page.meta.setdefault("description", article.samenvatting)
        page.meta["beoordeeld_tekst"] = dutch_date(article.beoordeeld)
        markdown = f"# {article.kop} {{ #{article.id} }}\n\n" + page_checks.label_verdicts(markdown)
    return markdown


def _reject(page, markdown: str, errors: list[ContentError]) -> str:
    """Log the errors now, keep macros off this page, and fail the build in on_env."""
    for error in errors:
        log.error(str(error))
    _state["errors"].extend(errors)
    page.meta["render_macros"] = False
    return markdown


_H2_SPLIT = re.compile(r"(?=<h2[\s>])")
_H2_TEXT = re.compile(r"<h2[^>]*>(.*?)(?:<a class=\"headerlink\".*?)?</h2>", re.S)


@event_priority(50)  # before print-site stores the page HTML for the print page
def on_page_content(html: str, page, config, files):
    """Wrap each h2 section of an article in <section class="artikel-…">."""
    if _state["register"].by_path(page.file.src_uri) is None:
        return html
    parts = _H2_SPLIT.split(html)
    out = [parts[0]]
    for part in parts[1:]:
        heading = _H2_TEXT.match(part)
        name = re.sub(r"<[^>]+>", "", heading.group(1)).strip() if heading else ""
        css = SECTION_CLASSES.get(name, "overig")
        out.append(f'<section class="artikel-deel artikel-{css}">\n{part}</section>')  # newline: print-site renames ids per line
    return "".join(out)


@event_priority(100)  # first, so nothing is written when a page had an error
def on_env(env, config, files):
    errors = _state.get("errors") or []
    if errors:
        raise PluginError(f"De site is niet gebouwd: {len(errors)} fout(en) in de inhoud. Zie de meldingen hierboven.")
    return env
