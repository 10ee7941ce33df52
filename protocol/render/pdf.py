"""The two PDFs from the print page's content, with WeasyPrint: rules only, and rules with explanation.

- WeasyPrint reads only the site's own static files from docs/ (looked up by their place in the
  site, not read from site/) and data: URLs; a link such as <a rel="attachment" href="../../etc/…">
  cannot pull a file in.
- Rendering starts as soon as every page's content is known (MkDocs' env event), in worker processes
  that imported WeasyPrint while the pages were read, so it runs beside the writing of the site.
- A PDF whose input is unchanged comes from a cache outside site/. An entry's name is an HMAC of
  everything that goes into the PDF, keyed with a secret outside the project: a file planted in the
  cache folder (say, committed to git) never matches a name, so it is never published.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import multiprocessing
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .cache import cache_secret
from .content import PDF_VARIANTS
from .escape import html_text as h

# Sections of an article that only the "met toelichting" variant keeps.
EXPLANATION_SECTIONS = ".artikel-toelichting, .artikel-voorbeelden, .artikel-vragen, .artikel-zie-ook"
# Parts of the print page that are no part of the paper (the online register, links to headings, ...).
LEFT_OUT = ("#print-page-toc, .headerlink, script, .md-source-file, section.md-section > h1, "
            ".pr-kennisname, .pr-kennisname-knop")
CACHE_VERSION = "2"  # bump when this module changes what it renders


# ---------------------------------------------------------------- what WeasyPrint may read

def site_only_fetcher(site: Path, static: dict[str, str] | None = None):
    """A WeasyPrint URL fetcher for file:// URLs inside `site` and data: URLs, nothing else.

    With `static` ({path in the site: source file}), a site URL is read from its source file, so the
    PDF does not depend on what has been written to site/ yet; a path not in it is refused."""
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
            if static is not None:
                source = static.get(path.relative_to(root).as_posix())
                if source is None:
                    raise ValueError(f"not a file of the site: {url[:80]}")
                return super().fetch(Path(source).as_uri(), headers)
            return super().fetch(url, headers)

    return SiteOnly(allowed_protocols={"file", "data"})


# ---------------------------------------------------------------- the HTML of each variant

def _parse(html: str):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html)


def _insert_before(node, html: str) -> None:
    for child in list(_parse(html).body.iter()):
        node.insert_before(child)


def _insert_after(node, html: str) -> None:
    for child in reversed(list(_parse(html).body.iter())):
        node.insert_after(child)


def checklist_appendix(checklist_html: str) -> str:
    """The paper checklist of Check je bericht as the appendix of "met toelichting"."""
    checklist = _parse(checklist_html).css_first("section.pr-checklist")
    if checklist is None:
        return ""
    heading = checklist.css_first("h2")
    if heading is not None:
        _insert_before(heading, "<h1>Bijlage – Check je bericht</h1>")
        heading.decompose()
    checklist.attrs["class"] = "print-page pr-checklist"
    checklist.attrs["id"] = "bijlage-check-je-bericht"
    return checklist.html


def pdf_html(print_html: str, variant: str, facts: dict, appendix: str = "") -> str:
    """The HTML that WeasyPrint renders: the print page's content without site chrome, plus a real TOC.
    `print_html` is the print page, or only its content (<div id="print-site-page">)."""
    tree = _parse(print_html)
    content = tree.css_first("#print-site-page")
    if content is None:
        raise ValueError("de afdrukpagina heeft geen inhoud (#print-site-page)")
    ids = {node.attributes.get("id") for node in content.css("[id]")}
    for link in content.css('a[href^="#"]'):  # links to pages that are not printed become plain text
        if link.attributes.get("href", "")[1:] not in ids:
            link.unwrap()
    for node in content.css(LEFT_OUT):
        node.decompose()
    for section in content.css("section.md-section"):  # a nav section whose pages are all left out
        if not [n for n in section.css("section.print-page") if n.mem_id != section.mem_id]:  # css() matches itself too
            section.decompose()
    if variant == "protocol":
        for node in content.css(EXPLANATION_SECTIONS):
            node.decompose()
        for heading in content.css(".artikel-regel > h2"):
            heading.decompose()
    pages = content.css("section.print-page:not(.md-section)")
    if appendix and pages:  # before the acknowledgement, which stays the last page
        _insert_before(pages[-1], appendix)
    marker = content.css_first("[data-pdf-variant]")
    if marker is not None:
        marker.insert_child(PDF_VARIANTS[variant]["titel"])

    toc = ['<nav class="pdf-toc" id="inhoudsopgave"><h1>Inhoudsopgave</h1><ul>']
    for page in content.css("section.print-page:not(.md-section)"):
        heading = page.css_first("h1")
        if heading is not None and page.attributes.get("id"):
            toc.append(f'<li><a href="#{h(page.attributes["id"])}">{h(heading.text(separator=" ", strip=True))}</a></li>')
    toc.append("</ul></nav>")
    cover = content.css_first("#print-site-cover-page")
    if cover is not None:
        _insert_after(cover, "".join(toc))

    title = f"{PDF_VARIANTS[variant]['titel']} gebruik internet en sociale media – {facts['kantoor']}"
    header = f"Protocol internet en sociale media – versie {facts['versie']}"
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>{h(title)}</title>
<meta name="author" content="{h(facts['kantoor'])}">
<meta name="description" content="{h(PDF_VARIANTS[variant]['omschrijving'])}, versie {h(facts['versie'])}">
<meta name="generator" content="MkDocs, mkdocs-print-site-plugin en WeasyPrint">
<style>@page {{ @top-left {{ content: "{_css_string(header)}"; }} }} @page :first {{ @top-left {{ content: none; }} }}</style>
</head><body class="pdf-{variant}">{content.html}</body></html>"""


def _css_string(text: str) -> str:
    """Text inside a CSS string: quotes and backslashes escaped, no newline or markup can end the rule."""
    return "".join(c if c.isalnum() or c in " .,–-" else f"\\{ord(c):x} " for c in str(text))


# ---------------------------------------------------------------- the cache

def cache_name(secret: bytes, html: str, css: str, static: dict[str, str]) -> str:
    """The cache entry of one PDF: an HMAC of its HTML, its style and every image or stylesheet it may load."""
    digest = hmac.new(secret, CACHE_VERSION.encode(), hashlib.sha256)
    for text in (html, css):
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    for site_path, source in sorted(static.items()):
        if site_path.startswith(("assets/images/", "assets/stylesheets/")):
            digest.update(site_path.encode())
            digest.update(hashlib.sha256(Path(source).read_bytes()).digest())
    return digest.hexdigest() + ".pdf"


# ---------------------------------------------------------------- rendering in worker processes

def _warm_up() -> None:
    """Import WeasyPrint and lay out a line, so fonts are loaded before the real work arrives.
    Never raises: a worker whose start fails would be restarted forever; the job itself reports it."""
    try:
        from weasyprint import HTML

        HTML(string="<p>Protocol</p>").render()
    except Exception:
        pass


def _render(html: str, css: str, site: str, static: dict[str, str], target: str) -> str:
    from weasyprint import CSS, HTML

    base = Path(site) / "print_page"
    fetcher = site_only_fetcher(Path(site), static)
    # WeasyPrint makes millions of small objects; the worker exits after this one PDF, so the cycle
    # collector only costs time here (about a sixth of the render, measured with scripts/bench).
    gc.disable()
    try:
        document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
        document.write_pdf(target, stylesheets=[CSS(string=css, base_url=base.as_uri() + "/", url_fetcher=fetcher)],
                           pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    finally:
        gc.enable()
    return target


class PdfRenderer:
    """Renders the variants in worker processes: made in on_config, `submit` when the content is known,
    `finish` at the end of the build, `stop` when the build fails.

    The workers start at once and import WeasyPrint while the pages are read. A worker that dies (killed,
    out of memory) breaks the pool, and `finish` raises instead of waiting forever."""

    def __init__(self, workers: int = 2):
        from concurrent.futures import ProcessPoolExecutor

        # fork is quick, but only safe while this process has one thread (mkdocs serve has more: then spawn).
        single = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
        self.executor = ProcessPoolExecutor(max_workers=max(1, min(workers, os.cpu_count() or 1)),
                                            mp_context=multiprocessing.get_context("fork" if single else "spawn"),
                                            initializer=_warm_up)
        self.executor.submit(int)  # starts the workers now (with fork: all of them, before any thread exists)
        self.folder = Path(tempfile.mkdtemp(prefix="protocol-pdf-"))
        self.jobs: dict[str, object] = {}
        self.cached: dict[str, Path] = {}
        self.entries: dict[str, Path | None] = {}

    def submit(self, htmls: dict[str, str], css: str, site: Path, static: dict[str, str], cache: Path | None) -> None:
        """Start every variant that is not in the cache; the cache is checked before anything is rendered.
        The biggest goes first, so it gets a worker at once."""
        secret = cache_secret() if cache is not None else None
        for variant, html in sorted(htmls.items(), key=lambda item: -len(item[1])):
            entry = cache / cache_name(secret, html, css, static) if secret is not None else None
            self.entries[variant] = entry
            if entry is not None and entry.is_file() and entry.stat().st_size > 0:
                self.cached[variant] = entry
                continue
            target = str(self.folder / f"{variant}.pdf")
            self.jobs[variant] = self.executor.submit(_render, html, css, str(site), static, target)
        if not self.jobs:
            self.stop()  # all from the cache: the warmed-up workers are not needed

    def finish(self, targets: dict[str, Path]) -> dict[str, str]:
        """Wait, and put each PDF in place; {variant: 'cache' | 'gemaakt'}. Raises the renderer's error."""
        results = {}
        try:
            for variant, target in targets.items():
                target.parent.mkdir(parents=True, exist_ok=True)
                if variant in self.cached:
                    shutil.copyfile(self.cached[variant], target)
                    results[variant] = "cache"
                    continue
                rendered = Path(self.jobs[variant].result())
                shutil.copyfile(rendered, target)
                entry = self.entries.get(variant)
                if entry is not None:
                    entry.parent.mkdir(parents=True, exist_ok=True)
                    temporary = entry.with_suffix(f".{os.getpid()}.tmp")
                    shutil.copyfile(rendered, temporary)
                    os.replace(temporary, entry)  # a cache entry is whole or absent
                results[variant] = "gemaakt"
        finally:
            self.stop()
        return results

    def stop(self) -> None:
        """End the workers now, also one that is still rendering (a failed build does not wait for its PDFs)."""
        terminate = getattr(self.executor, "terminate_workers", None)  # Python 3.14
        if terminate is not None:
            terminate()
        else:
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.terminate()
        self.executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)
