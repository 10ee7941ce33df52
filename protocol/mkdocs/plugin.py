"""The protocol plugin: turns the model (settings, ordered articles) into the site, safely.

All custom build logic lives here, with its state on the plugin instance. The
model (protocol/model), the page rules (protocol/checks) and the renderers
(protocol/render) know nothing of MkDocs; this module only wires them in.

Event order. MkDocs runs plugins by priority (higher first, default 0), so each
handler that must run before or after another plugin says so here, and only here:

| event            | priority | why                                                                      |
|------------------|---------:|--------------------------------------------------------------------------|
| on_config        |      100 | the settings decide the nav, logo, print-site's exclude list and search |
| on_files         |        0 | refuse stray files; read every page's front matter before MkDocs does    |
| on_page_markdown |        0 | check and render the page (sandboxed Jinja) before Markdown              |
| on_page_content  |       50 | allow-list the HTML before print-site (0) stores it for the print page   |
| on_env           |      100 | stop the build before any page is written when content had errors; then  |
|                  |          | every page's content is known, so the PDF workers start rendering        |
| on_post_page     |      -90 | after every other plugin changed a page: check scripts, move them to files|
| on_post_template |      -90 | the same for the 404 page                                                |
| on_post_build    |      -50 | after search (0) and print-site (0) wrote their files, before           |
|                  |          | material/offline (-100) copies the search index; waits for the PDFs     |
| on_build_error   |        0 | stop the PDF workers of a build that failed                              |
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from protocol.checks import (check_html, check_inline_scripts, check_page_rules, check_sections, check_site_files,
                             label_verdicts)
from protocol.checks.front_matter import check_front_matter
from protocol.checks.mkdocs_yml import check_mkdocs_yml
from protocol.checks.template import check_template, parse
from protocol.model import (VERDICTS, ContentError, build_register, dutch_date, filter_nav, load_changelog, load_settings,
                            nav_files, plain_text, read_page)
from protocol.kennisname.settings import switched_on as kennisname_switched_on
from protocol.model import check_je_bericht as check_data
from protocol.model.revisions import last_changed
from protocol.render import csp
from protocol.render.brand import brand_css
from protocol.render.cache import user_cache
from protocol.render.changes import badge_html, render_pdf_appendix
from protocol.render.check_je_bericht import render_checklist
from protocol.render.escape import escape_text
from protocol.render.content import PDF_VARIANTS, ContentContext, contact_text, downloads_for
from protocol.render.jinja import ContentEnvironment, has_template_code, render_tree
from protocol.render.pdf import PdfRenderer, checklist_appendix, pdf_html
from protocol.render.search_index import enrich as enrich_search_index
from protocol.render.sections import ArticleSections
from protocol.render.urls import relative_url, root_prefix
from protocol.update.basis import model_version

from .config import ProtocolConfig
from .dutch_messages import DutchMessages

log = logging.getLogger("mkdocs.plugins.protocol")

BRAND_CSS = "assets/stylesheets/huisstijl.css"
SHIM = "assets/javascripts/iframe-worker-shim.js"
PDF_STYLESHEET = "print/pdf.css"  # in overrides/ (the theme folder), but not part of the site
# Pages that are the protocol itself; every other page in the nav stays out of the print page and PDFs.
PRINTED_PAGES = ("verklaring-van-kennisname.md",)
CHECK_PAGE = "check-je-bericht.md"
KENNISNAME_SCRIPT = "assets/javascripts/kennisname.js"
# Our scripts ship in the package, not in docs/ (content may hold no scripts): {path in the site: loaded on every page}.
SCRIPTS = {"assets/javascripts/check-je-bericht.js": True, "assets/javascripts/test-jezelf.js": True,
           "assets/javascripts/workers/zoekwerker.js": False, KENNISNAME_SCRIPT: True}
PACKAGE = Path(__file__).resolve().parents[1]  # protocol/: SCRIPTS paths are under protocol/assets/
CHANGES_PAGE = "wat-is-er-veranderd.md"  # versions and quiz: protocol/model/versions.py, quiz.py


class ProtocolPlugin(BasePlugin[ProtocolConfig]):
    supports_multiple_instances = False

    def __init__(self):
        super().__init__()
        self.dutch = DutchMessages()
        self.command = "build"

    # ------------------------------------------------------------------ set-up

    def on_startup(self, *, command, dirty):
        self.command = command

    @event_priority(100)
    def on_config(self, config):
        self.errors: list[ContentError] = []
        self.notes: list[str] = []
        self.scripts: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.project_dir = Path(config.config_file_path).parent
        self.docs_dir = Path(config.docs_dir)
        self.dutch.install(self.docs_dir, self.project_dir)
        # mkdocs.yml's own rules, also in a plain `mkdocs build`: extra_templates and print-site's cover
        # template would otherwise be rendered outside the sandbox later in this build. (hooks and INHERIT act
        # before any plugin loads; scripts/check and scripts/publish refuse those before they build.)
        problems = check_mkdocs_yml(self.project_dir)
        if problems:
            self._collect(problems)
            raise PluginError(f"De site is niet gebouwd: {len(problems)} fout(en) in mkdocs.yml. Zie de meldingen hierboven.")
        try:
            self.settings = load_settings(self.project_dir)
            self.kennisname = kennisname_switched_on(self.project_dir)
            self.register = build_register(self.project_dir, self.docs_dir, config.nav, self.settings)
            self.changelog = load_changelog(self.project_dir, self.settings["protocol"]["versie"])
            self.check_data = check_data.load(self.project_dir, self.register)
        except ContentError as error:
            raise PluginError(str(error)) from None

        switched_off = {a.src_path for a in self.register.switched_off}
        config.nav = filter_nav(config.nav, switched_off)
        self.pdf_enabled = bool(self.config.pdf) if self.config.pdf is not None else self.command != "serve"
        print_site = config.plugins.get("print-site")
        if print_site is None:
            raise PluginError("mkdocs.yml: de plugin 'print-site' ontbreekt onder 'plugins'.")
        # The print page holds the protocol only: the register decides what that is.
        articles = {a.src_path for a in self.register.articles}
        print_site.config["exclude"] = [p for p in nav_files(config.nav) if p not in articles and p not in PRINTED_PAGES]
        self.print_site = print_site

        style = self.settings["huisstijl"]
        if style["logo"]:
            config.theme["logo"] = style["logo"]
            config.theme["favicon"] = style["logo"]
        config.extra_css.append(BRAND_CSS)
        if self.settings["repository"]:
            config.repo_url = self.settings["repository"]
            config.edit_uri = "-/edit/main/docs/"
        self.scripts_in_site = [path for path in SCRIPTS if path != KENNISNAME_SCRIPT or self.kennisname]
        config.extra_javascript.extend(path for path in self.scripts_in_site if SCRIPTS[path])
        self.sections = ArticleSections()
        config.markdown_extensions.append(self.sections)
        # Compiled page templates, signed, in the user's cache: a check writes nothing into the project.
        self.jinja = ContentEnvironment(code_cache=user_cache() / "jinja")
        self._configure_offline(config)
        # WeasyPrint is imported in the PDF workers while the pages are read; rendering starts in on_env.
        self.pdf_renderer = PdfRenderer() if self.pdf_enabled else None
        return config

    def _configure_offline(self, config) -> None:
        """Material's offline plugin would load the iframe-worker shim from unpkg.com; serve a local copy."""
        offline = config.plugins.get("material/offline")
        self.shim = None
        if offline is None or not offline.config.enabled:
            return
        shim = Path(self.config.offline_shim) if self.config.offline_shim else None
        if shim is None or not shim.is_file():
            raise PluginError("Het offline pakket mist de iframe-worker (nodig om te zoeken zonder server). "
                              "Maak het pakket met: scripts/offline-package")
        config.extra["polyfills"] = [SHIM]  # Material's own option; the name holds "iframe-worker", so it adds nothing
        self.shim = shim

    # ------------------------------------------------------------------ files and nav

    def on_files(self, files: Files, config):
        sizes = {f.src_uri: Path(f.abs_src_path).stat().st_size for f in files
                 if f.abs_src_path and not f.inclusion.is_excluded() and Path(f.abs_src_path).is_relative_to(self.docs_dir)}
        errors, left_out, notes = check_site_files(sizes, self.docs_dir)
        self._collect(errors)
        self.notes += notes
        for note in notes:
            log.info(note)
        for src in left_out + [a.src_path for a in self.register.switched_off]:
            file = files.get_file_from_path(src)
            if file is not None:
                files.remove(file)
        stylesheet = files.get_file_from_path(PDF_STYLESHEET)
        if stylesheet is not None:
            files.remove(stylesheet)
        # Our YAML rules (no aliases, text only) see every front matter before MkDocs' own loader does.
        self.pages = {}
        for file in files.documentation_pages():
            try:
                page = self.register.by_path(file.src_uri)
                self.pages[file.src_uri] = page.page if page else read_page(self.docs_dir, file.src_uri)
            except ContentError as error:
                self._collect([error])
        if self.errors:
            self._fail()
        for article in self.register.enabled:  # the offline build has other URLs than the intranet
            file = files.get_file_from_path(article.src_path)
            article.site_url = file.url if file is not None else None

        files.append(File.generated(config, BRAND_CSS, content=brand_css(self.settings["huisstijl"])))
        for path in self.scripts_in_site:  # the site without the register is unchanged: no kennisname.js
            files.append(File.generated(config, path, abs_src_path=str(PACKAGE / path)))
        print_url = self.print_site.print_file.url
        self.downloads = downloads_for(self.settings, self.pdf_enabled, print_url)
        if self.pdf_enabled:
            for key in PDF_VARIANTS:  # announced now, so MkDocs checks links to them; written in on_post_build
                files.append(File.generated(config, self.downloads[key]["url"], content=b""))
        if self.shim is not None:
            files.append(File.generated(config, SHIM, abs_src_path=str(self.shim)))
        self.files = files
        self.context = ContentContext(self.register, self.settings, self.changelog, self.check_data, self.downloads,
                                      kennisname=self.kennisname, model_versie=model_version(self.project_dir))
        self.variables = self.context.variables()
        self.macros = self.context.macros()
        # --- versions and quiz: the comparison with the previous version, badges, quiz questions
        changes_page = files.get_file_from_path(CHANGES_PAGE)
        self.context.changes_url = CHANGES_PAGE if changes_page is not None else ""
        self.changes_page_url = changes_page.url if changes_page is not None else ""
        try:
            self.context.load_versions_and_quiz(self.project_dir)
        except ContentError as error:
            self._collect([error])
        # --- end versions and quiz
        self.facts = self._facts(files)
        self.today = datetime.date.today()
        self.revisions = last_changed(self.project_dir, self.docs_dir)  # "Laatst bijgewerkt", one git call
        return files

    def _facts(self, files: Files) -> dict:
        """What our own templates show (header, footer, cover), escaped once here."""
        s = self.settings
        check = files.get_file_from_path(CHECK_PAGE)
        raw = {
            "kantoor": s["kantoor"]["naam"], "versie": s["protocol"]["versie"],
            "ingangsdatum": dutch_date(s["protocol"]["ingangsdatum"]),
            "instemming": dutch_date(s["protocol"]["instemming_datum"]),
            "medezeggenschap": s["protocol"]["medezeggenschap"],
            "hr": contact_text(s["contacten"]["hr"]),
            "download_omschrijving": PDF_VARIANTS["protocol"]["omschrijving"],
            "model_versie": self.context.model_versie,
        }
        facts = {k: escape_text(v) for k, v in raw.items()}
        facts.update(pdf=self.pdf_enabled, download_url=self.downloads["protocol"]["url"],
                     check_url=check.url if check else "")
        return facts

    def on_nav(self, nav, config, files):
        for page in nav.pages:
            article = self.register.by_path(page.file.src_uri)
            if article is not None:
                page.title = escape_text(article.kop)
        return nav

    # ------------------------------------------------------------------ pages

    def on_page_markdown(self, markdown: str, page, config, files):
        article = self.register.by_path(page.file.src_uri)
        source = self.pages[page.file.src_uri]
        errors = self._check_meta(page, source)
        errors += check_page_rules(source.body, source.path, source.body_first_line)
        if article:
            errors += check_sections(source.body, source.path, source.body_first_line)
        if has_template_code(markdown):
            tree, syntax = parse(self.jinja, markdown, source.path, source.body_first_line)
            errors += syntax or check_template(tree, source.path, source.body_first_line, self.variables,
                                               set(self.macros), self.register)
            if not errors:
                self.context.page_url = page.url
                try:
                    markdown = render_tree(self.jinja, tree, {**self.variables, **self.macros}, source.path, markdown)
                except Exception as error:  # the sandbox's last word, e.g. a SecurityError
                    errors.append(ContentError(source.path, None, f"De code in deze pagina kon niet worden uitgevoerd ({type(error).__name__}).",
                                               "Gebruik alleen de variabelen en functies uit de HR-handleiding."))
        if errors:
            self._collect(errors)
            return ""
        if article:
            page.meta["description"] = escape_text(article.samenvatting)
            page.meta["beoordeeld_tekst"] = dutch_date(article.beoordeeld)
            markdown = f"# {escape_text(article.kop)} {{ #{article.id} }}\n\n" + self._badge(page, article) + label_verdicts(markdown)
        page.meta["bijgewerkt_tekst"] = dutch_date(self.revisions.get(page.file.src_uri, self.today))
        self.sections.active = article is not None
        return markdown

    def _badge(self, page, article) -> str:
        """'Nieuw' or 'Gewijzigd' in this version: on the page, and as Material's page status in the nav."""
        comparison = self.context.versions.vergelijking if self.context.versions else None
        status = comparison.status_of(article.id) if comparison else None
        if status is None:
            return ""
        page.meta["status"] = status  # the nav shows <span class="md-status md-status--nieuw">; its text is CSS
        html = badge_html(status, self.settings["protocol"]["versie"], relative_url(self.changes_page_url, page.url))
        return html + "\n\n" if self.changes_page_url else ""

    def _check_meta(self, page, source) -> list[ContentError]:
        errors = check_front_matter(source.meta, source.path, source.line_of)
        for key in ("title", "description"):
            if key in page.meta:
                try:
                    page.meta[key] = escape_text(plain_text(page.meta[key], source.path, source.line_of(key), key))
                except ContentError as error:
                    errors.append(error)
        return errors

    @event_priority(50)
    def on_page_content(self, html: str, page, config, files):
        self.sections.active = False
        source = self.pages[page.file.src_uri]
        known = {f.url for f in files} | {f.dest_uri for f in files}
        errors = check_html(html, source.path, source.body, source.body_first_line, page.url,
                            exists=lambda url: url in known or url + "/" in known)
        self._collect(errors)
        return html

    @event_priority(100)
    def on_env(self, env, config, files):
        if self.errors:
            self._fail()
        # print-site renders the print page with theme.get_env(), a fresh environment that compiles every
        # theme template a second time; it gets this build's environment, already compiled, instead.
        config.theme.get_env = lambda: env
        if self.pdf_renderer is not None:
            self._start_pdfs(config, files)
        return env

    def on_page_context(self, context, page, config, nav):
        context["protocol_facts"] = self.facts
        return context

    def on_template_context(self, context, template_name, config):
        context["protocol_facts"] = self.facts  # 404.html, whose context print-site reuses for the print page
        return context

    @event_priority(-90)
    def on_post_page(self, output: str, page, config):
        return self._secure_html(output, page.file.src_uri, root_prefix(page.url))

    @event_priority(-90)
    def on_post_template(self, output: str, template_name: str, config):
        if not template_name.endswith(".html"):
            return output
        return self._secure_html(output, template_name, (config.site_url or "/").rstrip("/") or "")

    def _secure_html(self, output: str, shown: str, prefix: str) -> str:
        """Refuse scripts our templates did not write; move the rest into files; add the policy."""
        errors = check_inline_scripts(output, f"site/{shown}")
        if errors:
            self._collect(errors)
            return output
        return csp.add_meta(csp.externalize(output, prefix, self.scripts), preview=self.command == "serve",
                            offline=self.shim is not None)

    # ------------------------------------------------------------------ after the pages

    @event_priority(-50)
    def on_post_build(self, config):
        site = Path(config.site_dir)
        self._add_keywords(site)
        print_page = Path(self.print_site.print_file.abs_dest_path)
        if print_page.is_file():
            text = print_page.read_text(encoding="utf-8")
            prefix = root_prefix(self.print_site.print_file.url)
            print_page.write_text(self._secure_html(text, "print_page", prefix), encoding="utf-8")
        if self.errors:
            self._fail()
        for name, body in self.scripts.items():
            target = site / csp.INLINE_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        if self.pdf_renderer is not None:
            self._finish_pdfs(site)

    def _add_keywords(self, site: Path) -> None:
        """Employees search with their own words: each article's zoekwoorden go into the field 'trefwoorden'.
        The index also carries, unsearched, what a result shows at once: the summary, the question of an FAQ
        section and the verdicts of judged examples (protocol/render/search_index.py)."""
        path = site / "search" / "search_index.json"
        if not path.exists():
            return
        keywords = {a.url: " ".join(a.zoekwoorden) for a in self.register.enabled}
        index = json.loads(path.read_text(encoding="utf-8"))
        for doc in index["docs"]:
            if doc["location"] in keywords:
                doc["trefwoorden"] = keywords[doc["location"]]
        index = enrich_search_index(index, [{"url": a.url, "samenvatting": a.samenvatting} for a in self.register.enabled],
                                    VERDICTS)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def _start_pdfs(self, config, files: Files) -> None:
        """Every page's content is known now: hand the PDFs to the workers, so they render while the
        site is written. print-site's on_post_build gets the same combined HTML, made once."""
        renderer = self.print_site.renderer
        combined = renderer.write_combined()
        renderer.write_combined = lambda: combined
        facts = {"kantoor": self.settings["kantoor"]["naam"], "versie": self.settings["protocol"]["versie"]}
        appendix = checklist_appendix(render_checklist(self.check_data))
        if self.context.versions is not None:  # "Wijzigingen ten opzichte van versie X"
            appendix += render_pdf_appendix(self.context.versions)
        # The files the PDFs may load, read from docs/: site/ is still being written.
        static = {f.dest_uri: f.abs_src_path for f in files
                  if not f.is_documentation_page() and f.abs_src_path and Path(f.abs_src_path).is_relative_to(self.docs_dir)}
        cache = (self.project_dir / self.config.pdf_cache) if self.config.pdf_cache else None
        self.pdf_started = time.monotonic()
        try:
            css = (Path(config.theme.custom_dir) / PDF_STYLESHEET).read_text(encoding="utf-8")
            htmls = {key: pdf_html(combined[0], key, facts, appendix if key == "toelichting" else "") for key in PDF_VARIANTS}
            self.pdf_renderer.submit(htmls, css, Path(config.site_dir), static, cache)
        except Exception as error:
            self.pdf_renderer.stop()
            raise PluginError(f"Een pdf kon niet gemaakt worden: {type(error).__name__}: {error}") from None

    def _finish_pdfs(self, site: Path) -> None:
        targets = {key: site / self.downloads[key]["url"] for key in PDF_VARIANTS}
        try:
            results = self.pdf_renderer.finish(targets)
        except (ImportError, OSError) as error:
            if isinstance(error, OSError) and error.errno in (28, 122):  # ENOSPC, EDQUOT: not the content's fault
                raise
            self._remove(targets)
            raise PluginError(f"Een pdf kon niet gemaakt worden: {type(error).__name__}: {error}. Installeer de pakketten "
                              "uit requirements.txt (WeasyPrint en Pango), of bouw zonder pdf's (PROTOCOL_PDF=0).") from None
        except Exception as error:
            self._remove(targets)
            raise PluginError(f"Een pdf kon niet gemaakt worden: {type(error).__name__}: {error}") from None
        self.timings["pdf"] = time.monotonic() - self.pdf_started
        for key, how in results.items():
            log.info(f"Pdf {'uit de cache' if how == 'cache' else 'gemaakt'}: {targets[key].name} ({targets[key].stat().st_size // 1024} kB)")

    def on_build_error(self, error):
        if getattr(self, "pdf_renderer", None) is not None:
            self.pdf_renderer.stop()  # no worker goes on rendering for a build that failed

    @staticmethod
    def _remove(targets: dict[str, Path]) -> None:
        for target in targets.values():
            target.unlink(missing_ok=True)

    def _collect(self, errors: list[ContentError]) -> None:
        """Log each content error once, as it is found, and keep it for scripts/check."""
        for error in errors:
            log.error(str(error))
        self.errors += errors

    def _fail(self):
        count = len(self.errors)
        raise PluginError(f"De site is niet gebouwd: {count} fout(en) in de inhoud. Zie de meldingen hierboven.")
