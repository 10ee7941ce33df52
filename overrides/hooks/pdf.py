"""MkDocs hook: the downloadable PDFs of the protocol, rendered with WeasyPrint.

Both PDFs come from the print page that mkdocs-print-site-plugin builds, so
they carry the same articles, order and numbers as the site:

- "Protocol": cover, contents, the rule text of every article, and the
  acknowledgement to sign (compact: articles follow each other).
- "Protocol met toelichting": the same with explanations and examples,
  every article on a new page.

Set PROTOCOL_PDF=0 for a fast preview; `mkdocs serve` skips the PDFs unless
PROTOCOL_PDF=1. Without PDFs, the download links lead to the print page.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.pdf")

CHECK_PAGE = "check-je-bericht.md"  # its paper checklist is an appendix of "met toelichting"
PDF_CSS = Path(__file__).parent.parent / "print" / "pdf.css"
# Sections of an article that only the "met toelichting" variant keeps.
EXPLANATION_SECTIONS = ".artikel-toelichting, .artikel-voorbeelden, .artikel-vragen, .artikel-zie-ook"

VARIANTS = {
    "protocol": {"titel": "Protocol", "bestand": "{naam}-protocol-v{versie}.pdf",
                 "omschrijving": "Alleen de afspraken, om te ondertekenen"},
    "toelichting": {"titel": "Protocol met toelichting", "bestand": "{naam}-protocol-met-toelichting-v{versie}.pdf",
                    "omschrijving": "De afspraken met uitleg en voorbeelden"},
}

_state: dict = {"command": "build"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def pdf_enabled() -> bool:
    setting = os.environ.get("PROTOCOL_PDF")
    if setting is not None:
        return setting not in ("0", "nee", "false", "")
    return _state["command"] != "serve"


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(55)  # after protocol.py filled config.extra, before mkdocs-macros copies it
def on_config(config):
    enabled = pdf_enabled()
    naam, versie = _slug(config.extra["kantoor"]["korte_naam"]), _slug(config.extra["protocol"]["versie"])
    downloads: dict = {"pdf": enabled}
    for key, variant in VARIANTS.items():
        filename = variant["bestand"].format(naam=naam, versie=versie)
        downloads[key] = dict(variant, bestand=filename,
                              url=f"downloads/{filename}" if enabled else "")  # the print page: see on_files
    config.extra["downloads"] = downloads
    _state["downloads"] = downloads

    macros = config.plugins["macros"]

    def downloadknoppen() -> str:
        """Buttons to both PDFs (or the print page in a preview), relative to the current page."""
        page_url = macros.page.url if getattr(macros, "page", None) else ""
        buttons = []
        for key in VARIANTS:
            item = downloads[key]
            href = get_relative_url(item["url"], page_url or ".")
            label = f"{item['titel']} (pdf)" if enabled else f"{item['titel']} (afdrukversie)"
            buttons.append(f'<a class="md-button md-button--primary pr-download" href="{href}"'
                           f'{" download" if enabled else ""}>{label}</a> '
                           f'<span class="pr-download__note">{item["omschrijving"]}.</span>')
        return '<p class="pr-downloads">' + "<br>\n".join(buttons) + "</p>"

    macros.register_macros({"downloadknoppen": downloadknoppen})
    return config


def on_files(files, config):
    """Announce the PDFs as site files, so MkDocs checks links to them; on_post_build writes them."""
    # overrides/ is also the theme folder: keep the PDF stylesheet out of the site
    stylesheet = files.get_file_from_path("print/" + PDF_CSS.name)
    if stylesheet is not None:
        files.remove(stylesheet)
    print_file = config.plugins["print-site"].print_file  # its URL differs in the offline build
    check_page = files.get_file_from_path(CHECK_PAGE)
    _state["print_page"] = Path(print_file.abs_dest_path)
    _state["check_page"] = Path(check_page.abs_dest_path) if check_page else None
    if not _state["downloads"]["pdf"]:
        for key in VARIANTS:  # without PDFs (a preview), the links open the print page
            _state["downloads"][key]["url"] = print_file.url
    else:
        for key in VARIANTS:
            files.append(File.generated(config, _state["downloads"][key]["url"], content=b""))
    return files


def on_post_build(config):
    if not _state["downloads"]["pdf"]:
        return
    try:
        import weasyprint  # noqa: F401
    except ImportError as error:  # also when the system libraries (Pango) are missing
        raise PluginError(f"De pdf's konden niet gemaakt worden: WeasyPrint ontbreekt of werkt niet ({error}). "
                          "Installeer de pakketten uit requirements.txt, of bouw zonder pdf's met PROTOCOL_PDF=0.") from None
    site = Path(config.site_dir)
    source = _state["print_page"]
    if not source.exists():
        raise PluginError(f"De pdf's konden niet gemaakt worden: de afdrukpagina {source.name} ontbreekt. "
                          "Staat de plugin print-site in mkdocs.yml?")
    html = unlink_missing_anchors(source.read_text(encoding="utf-8"))
    source.write_text(html, encoding="utf-8")
    appendix = checklist_appendix(_state["check_page"]) if _state["check_page"] else ""
    for key in VARIANTS:
        target = site / _state["downloads"][key]["url"]
        started = time.monotonic()
        try:
            render(html, key, config.extra, source.parent, target, appendix if key == "toelichting" else "")
        except Exception as error:
            target.unlink(missing_ok=True)
            raise PluginError(f"De pdf '{target.name}' kon niet gemaakt worden: {type(error).__name__}: {error}") from None
        log.info(f"Pdf gemaakt: {target.name} ({target.stat().st_size // 1024} kB, {time.monotonic() - started:.1f} s)")


# --------------------------------------------------------------------------
# From print page to PDF
# --------------------------------------------------------------------------


def unlink_missing_anchors(print_page_html: str) -> str:
    """Turn links to pages that are not printed (glossary, webinars) into plain text.

    mkdocs-print-site-plugin rewrites every internal link into an anchor on the
    print page; for a page it leaves out, that anchor does not exist.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(print_page_html, "html.parser")
    content = soup.select_one("#print-site-page")
    if content is None:
        return print_page_html
    ids = {node["id"] for node in content.select("[id]")}
    for link in content.select('a[href^="#"]'):
        if link["href"][1:] not in ids:
            link.unwrap()
    return str(soup)


def checklist_appendix(check_page: Path) -> str:
    """The paper checklist of "Check je bericht" as an appendix section, or "" without that page."""
    from bs4 import BeautifulSoup

    if not check_page.exists():
        return ""
    checklist = BeautifulSoup(check_page.read_text(encoding="utf-8"), "html.parser").select_one("section.pr-checklist")
    if checklist is None:
        return ""
    heading = checklist.find("h2")
    if heading is not None:
        heading.name = "h1"
        heading.string = "Bijlage – Check je bericht"
    checklist["class"] = ["print-page", "pr-checklist"]
    checklist["id"] = "bijlage-check-je-bericht"
    return str(checklist)


def pdf_html(print_page_html: str, variant: str, extra: dict, appendix: str = "") -> str:
    """The HTML that WeasyPrint renders: the print page's content without site chrome, plus a real TOC."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(print_page_html, "html.parser")
    content = soup.select_one("#print-site-page")
    if content is None:
        raise ValueError("de afdrukpagina heeft geen inhoud (#print-site-page)")
    content = copy.copy(content)
    for node in content.select("#print-page-toc, .headerlink, script, .md-source-file, section.md-section > h1"):
        node.decompose()
    for section in content.select("section.md-section"):  # a nav section whose pages are all left out
        if section.select_one("section.print-page") is None:
            section.decompose()
    if variant == "protocol":
        for node in content.select(EXPLANATION_SECTIONS):
            node.decompose()
        for heading in content.select(".artikel-regel > h2"):
            heading.decompose()
    if appendix:  # before the acknowledgement, which stays the last page
        last = content.select("section.print-page:not(.md-section)")[-1]
        last.insert_before(BeautifulSoup(appendix, "html.parser"))
    marker = content.select_one("[data-pdf-variant]")
    if marker is not None:
        marker.string = VARIANTS[variant]["titel"]

    pages = content.select("section.print-page:not(.md-section)")
    toc = ['<nav class="pdf-toc" id="inhoudsopgave"><h1>Inhoudsopgave</h1><ul>']
    for page in pages:
        heading = page.find("h1")
        if heading is not None and page.get("id"):
            toc.append(f'<li><a href="#{page["id"]}">{heading.get_text(" ", strip=True)}</a></li>')
    toc.append("</ul></nav>")
    cover = content.select_one("#print-site-cover-page")
    if cover is not None:
        cover.insert_after(BeautifulSoup("".join(toc), "html.parser"))

    office, protocol = extra["kantoor"], extra["protocol"]
    title = f"{VARIANTS[variant]['titel']} gebruik internet en sociale media – {office['naam']}"
    header = f"Protocol internet en sociale media – versie {protocol['versie']}"
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>{_escape(title)}</title>
<meta name="author" content="{_escape(office['naam'])}">
<meta name="description" content="{_escape(VARIANTS[variant]['omschrijving'])}, versie {_escape(protocol['versie'])}">
<meta name="generator" content="MkDocs, mkdocs-print-site-plugin en WeasyPrint">
<style>:root {{ --pdf-header: "{_css_string(header)}"; }} @page {{ @top-left {{ content: "{_css_string(header)}"; }} }} @page :first {{ @top-left {{ content: none; }} }}</style>
</head><body class="pdf-{variant}">{content}</body></html>"""


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _css_string(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def render(print_page_html: str, variant: str, extra: dict, base: Path, target: Path, appendix: str = "") -> None:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Files of the built site only: the PDF never fetches anything from the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    document = HTML(string=pdf_html(print_page_html, variant, extra, appendix), base_url=str(base) + "/", url_fetcher=fetcher)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, stylesheets=[CSS(filename=str(PDF_CSS), url_fetcher=fetcher)], pdf_variant="pdf/ua-1", uncompressed_pdf=False)
