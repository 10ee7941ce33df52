"""The two PDFs from the print page, with WeasyPrint: rules only, and rules with explanation.

- WeasyPrint reads only files inside the built site (and data: URLs for Material's icons);
  a link such as <a rel="attachment" href="../../etc/…"> cannot pull a file in.
- Both PDFs render at the same time in two processes; a PDF whose input is unchanged
  comes from a cache outside site/, keyed by a hash of everything that goes into it.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .content import PDF_VARIANTS
from .escape import html_text as h

# Sections of an article that only the "met toelichting" variant keeps.
EXPLANATION_SECTIONS = ".artikel-toelichting, .artikel-voorbeelden, .artikel-vragen, .artikel-zie-ook"
CACHE_VERSION = "1"  # bump when this module changes what it renders


def site_only_fetcher(site: Path):
    """A WeasyPrint URL fetcher that serves files from the site folder and data: URLs, nothing else."""
    from weasyprint.urls import URLFetcher

    root = site.resolve()

    class SiteOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise ValueError(f"not a site file: {url[:80]}")
            path = Path(unquote(parts.path)).resolve()
            if path != root and root not in path.parents:
                raise ValueError(f"outside the site: {url[:80]}")
            return super().fetch(url, headers)

    return SiteOnly(allowed_protocols={"file", "data"})


def unlink_missing_anchors(soup) -> None:
    """Links to pages that are not printed (glossary, webinars) become plain text."""
    content = soup.select_one("#print-site-page")
    if content is None:
        return
    ids = {node["id"] for node in content.select("[id]")}
    for link in content.select('a[href^="#"]'):
        if link["href"][1:] not in ids:
            link.unwrap()


def checklist_appendix(checklist_html: str) -> str:
    """The paper checklist of Check je bericht as the appendix of "met toelichting"."""
    from bs4 import BeautifulSoup

    checklist = BeautifulSoup(checklist_html, "html.parser").select_one("section.pr-checklist")
    if checklist is None:
        return ""
    heading = checklist.find("h2")
    if heading is not None:
        heading.name = "h1"
        heading.string = "Bijlage – Check je bericht"
    checklist["class"] = ["print-page", "pr-checklist"]
    checklist["id"] = "bijlage-check-je-bericht"
    return str(checklist)


def pdf_html(print_page_html: str, variant: str, facts: dict, appendix: str = "") -> str:
    """The HTML that WeasyPrint renders: the print page's content without site chrome, plus a real TOC."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(print_page_html, "html.parser")
    unlink_missing_anchors(soup)
    content = soup.select_one("#print-site-page")
    if content is None:
        raise ValueError("de afdrukpagina heeft geen inhoud (#print-site-page)")
    content = copy.copy(content)
    for node in content.select("#print-page-toc, .headerlink, script, .md-source-file, section.md-section > h1, "
                               ".pr-kennisname, .pr-kennisname-knop"):  # the online register is no part of the paper
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
        marker.string = PDF_VARIANTS[variant]["titel"]

    pages = content.select("section.print-page:not(.md-section)")
    toc = ['<nav class="pdf-toc" id="inhoudsopgave"><h1>Inhoudsopgave</h1><ul>']
    for page in pages:
        heading = page.find("h1")
        if heading is not None and page.get("id"):
            toc.append(f'<li><a href="#{h(page["id"])}">{h(heading.get_text(" ", strip=True))}</a></li>')
    toc.append("</ul></nav>")
    cover = content.select_one("#print-site-cover-page")
    if cover is not None:
        cover.insert_after(BeautifulSoup("".join(toc), "html.parser"))

    title = f"{PDF_VARIANTS[variant]['titel']} gebruik internet en sociale media – {facts['kantoor']}"
    header = f"Protocol internet en sociale media – versie {facts['versie']}"
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>{h(title)}</title>
<meta name="author" content="{h(facts['kantoor'])}">
<meta name="description" content="{h(PDF_VARIANTS[variant]['omschrijving'])}, versie {h(facts['versie'])}">
<meta name="generator" content="MkDocs, mkdocs-print-site-plugin en WeasyPrint">
<style>@page {{ @top-left {{ content: "{_css_string(header)}"; }} }} @page :first {{ @top-left {{ content: none; }} }}</style>
</head><body class="pdf-{variant}">{content}</body></html>"""


def _css_string(text: str) -> str:
    """Text inside a CSS string: quotes and backslashes escaped, no newline or markup can end the rule."""
    return "".join(c if c.isalnum() or c in " .,–-" else f"\\{ord(c):x} " for c in str(text))


def _render_one(html: str, base: str, target: str, site: str, css: str) -> None:
    from weasyprint import CSS, HTML

    fetcher = site_only_fetcher(Path(site))
    document = HTML(string=html, base_url=base, url_fetcher=fetcher)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, stylesheets=[CSS(string=css, base_url=base, url_fetcher=fetcher)],
                       pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def _cache_key(inputs: tuple[str, ...], site: Path) -> str:
    """Everything that decides a PDF's bytes: the texts it is made from, and the files the HTML may load."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for text in inputs:
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    for folder in ("assets/images", "assets/stylesheets"):
        for path in sorted((site / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(site).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def render_pdfs(print_page_html: str, facts: dict, appendix: str, css: str, targets: dict[str, Path], site: Path,
                base: Path, cache: Path | None) -> dict[str, str]:
    """Render each variant in `targets`; returns {variant: 'cache' | 'gemaakt'}. Raises on any failure.

    The cache is checked before any HTML is assembled and before WeasyPrint is imported, so an unchanged
    protocol costs a hash and a copy."""
    results, pending = {}, {}
    for variant, target in targets.items():
        extra = appendix if variant == "toelichting" else ""
        key = _cache_key((print_page_html, variant, extra, css, facts["kantoor"], facts["versie"]), site)
        cached = cache / f"{key}.pdf" if cache else None
        if cached is not None and cached.is_file() and cached.stat().st_size > 0:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
            results[variant] = "cache"
        else:
            pending[variant] = (pdf_html(print_page_html, variant, facts, extra), target, cached)
    if pending:
        workers = min(len(pending), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {v: pool.submit(_render_one, html, str(base) + "/", str(target), str(site), css)
                       for v, (html, target, _) in pending.items()}
            for variant, future in futures.items():
                future.result()
        for variant, (_, target, cached) in pending.items():
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                temporary = cached.with_suffix(f".{os.getpid()}.tmp")
                shutil.copyfile(target, temporary)
                os.replace(temporary, cached)  # a cache entry is whole or absent
            results[variant] = "gemaakt"
    return results
