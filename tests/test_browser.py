"""The user's view in headless Chromium: every page, privacy, accessibility, search, phone, print, downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from protocol.tools import browser as _browser
from protocol.tools import search_eval as _search_eval
from conftest import PROJECT, soup

SCREENSHOTS = PROJECT / "tests" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url(site):
    SCREENSHOTS.mkdir(exist_ok=True)
    with _browser.serve(site) as url:
        yield url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def _site_pages(site: Path) -> list[str]:
    """Every page of the site as a URL path, the print page included."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return paths


class Watch:
    """Console errors, failed requests and every request host of a page."""

    def __init__(self, page, base_url: str):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.requests = 0
        host = urlsplit(base_url).netloc
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_request(request):
            self.requests += 1
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob", "about"):
                return
            if parts.netloc != host:
                self.foreign.append(request.url)

        page.on("request", on_request)
        # a request the browser aborts because we navigate on is not an error
        page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else self.errors.append(f"failed: {r.url}"))


def test_home_page_loads_in_dutch(page, base_url):
    watch = Watch(page, base_url)
    page.goto(base_url)
    assert page.locator("h1").first.evaluate("h => h.firstChild.textContent.trim()") == "De gouden regels"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert watch.errors == []
    page.screenshot(path=str(SCREENSHOTS / "home-desktop.png"), full_page=False)


def test_every_page_loads_without_errors_or_foreign_requests_and_passes_axe(chromium, base_url, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems, violations = [], []
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch = Watch(page, base_url)
    pages = _site_pages(site)
    for path in pages:
        watch.errors.clear()
        response = page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        problems += [f"{path}: {e}" for e in watch.errors]
        if path == "print_page/":
            continue  # a print layout; axe runs on every page readers browse
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        for violation in result.response["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            violations.append(f"{path}: {violation['id']} ({violation['impact']}): {targets}")
    context.close()
    assert len(pages) > 25
    assert watch.foreign == [], "requests to another host: " + ", ".join(sorted(set(watch.foreign)))
    assert problems == []
    assert violations == [], "\n".join(violations)


def test_every_navigation_entry_opens_its_page(page, base_url):
    watch = Watch(page, base_url)
    page.goto(base_url)
    links = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]",
                                      "els => [...new Set(els.map(a => a.href))]")
    assert len(links) > 25
    for href in links:
        page.goto(href)
        assert page.locator("article h1").count() >= 1, href
    assert watch.errors == []


def test_dark_and_light_palette_toggle(page, base_url):
    page.goto(base_url)
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    first = scheme()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() != first
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() == first


def test_phone_menu_opens_and_article_fits_the_screen(chromium, base_url, register):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    article = register.get("vertrouwelijke-informatie")
    page.goto(base_url + article.url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENSHOTS / "article-phone.png"))
    page.locator(".md-header label[for=__drawer]").click()
    page.wait_for_timeout(400)
    assert page.locator("#__drawer").is_checked()
    nav_link = page.locator("nav.md-nav--primary a.md-nav__link", has_text=register.enabled[0].kop).first
    assert nav_link.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "menu-phone.png"))
    page.goto(base_url)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENSHOTS / "home-phone.png"))
    context.close()


def test_keyboard_skip_link_focus_and_search(page, base_url, register):
    page.goto(base_url + register.enabled[0].url)
    page.keyboard.press("Tab")
    focused = page.evaluate("({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})")
    assert focused["text"] == "Ga naar inhoud" and focused["href"].startswith("#")
    style = page.evaluate("(s => s.outlineStyle + '|' + s.outlineWidth)(getComputedStyle(document.activeElement))")
    assert not style.startswith("none") and not style.endswith("|0px"), style  # focus is visible
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == focused["href"]
    target = page.locator(f"[id='{focused['href'][1:]}']")
    assert target.count() == 1 and target.is_visible()

    # search with the keyboard alone, on a fresh page
    page.goto(base_url + register.enabled[0].url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("wachtwoord")
    page.wait_for_selector(".md-search-result__item", state="visible")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    chosen = page.evaluate("document.activeElement.href")
    assert chosen != page.url
    # wait for the navigation itself: closing the context while it is still in flight hangs Chromium
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == chosen


def test_print_page_shows_every_enabled_article(page, base_url, register, tmp_path):
    from pypdf import PdfReader

    page.goto(base_url + "print_page/")
    page.wait_for_load_state("networkidle")
    text = page.locator("#print-site-page").inner_text()
    for article in register.enabled:
        assert article.kop in text
    page.screenshot(path=str(SCREENSHOTS / "print-page-desktop.png"))
    # printed from the browser: cover first, the acknowledgement on the last page, no site chrome
    page.pdf(path=str(tmp_path / "print.pdf"), format="A4")
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "print.pdf").pages]
    assert "Protocol gebruik internet en sociale media" in pages[0]
    assert "Verklaring van kennisname" in pages[-1] and "Handtekening" in pages[-1]
    assert not any("Check je bericht Download protocol" in p for p in pages)


def test_pdf_download_links_return_valid_pdfs(page, base_url):
    page.goto(base_url + "over-dit-protocol/")
    links = page.eval_on_selector_all("article a[href$='.pdf']", "els => els.map(a => a.href)")
    links += page.eval_on_selector_all("header a[href$='.pdf']", "els => els.map(a => a.href)")
    assert len(set(links)) == 2
    for href in set(links):
        response = page.request.get(href)
        assert response.status == 200
        assert response.body()[:5] == b"%PDF-"


# --------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------


def test_dutch_pipeline_is_active_in_the_built_index(site):
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["nl"]
    assert "stemmer" in config["pipeline"] and "stopWordFilter" in config["pipeline"]
    assert "trefwoorden" in config["fields"]


def _results(page, query):
    """Result pages for a query, after the results have settled (one search, not one per letter)."""
    _search_eval.type_query(page, query, letter_by_letter=False)
    return page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(a => new URL(a.href).pathname)")


def test_stemming_finds_other_word_forms(page, base_url):
    _search_eval.open_search(page, base_url)
    for inflected, plain in [("beledigende", "beledigen"), ("foto's", "foto"), ("wachtwoorden", "wachtwoord")]:
        found, expected = _results(page, inflected), _results(page, plain)
        assert expected, plain
        assert found[:5] == expected[:5], f"{inflected} vs {plain}"


@pytest.mark.parametrize("query, article_id", [
    ("X", "prive-uitingen"), ("Twitter", "prive-uitingen"), ("app-groep", "vertrouwelijke-informatie"),
    ("WhatsApp", "klantcontact-online"), ("ChatGPT", "ai-tools"), ("AI-tool", "ai-tools"),
    ("ontslag", "gevolgen"), ("wachtwoord", "beveiliging"), ("laptop", "beveiliging"),
])
def test_employee_words_find_the_article(query, article_id, page, base_url, register):
    _search_eval.open_search(page, base_url)
    top = _results(page, query)[:3]
    assert "/" + register.get(article_id).url in top, (query, top)


def test_results_show_number_and_title_and_land_on_the_section(page, base_url, register):
    _search_eval.open_search(page, base_url)
    _results(page, "tweestapsverificatie")
    first = page.locator(".md-search-result__item").first
    title = first.locator("h1").first.inner_text()
    assert re.match(r"Artikel \d+ – ", title), title
    section = page.locator(".md-search-result__list a.md-search-result__link[href*='#']:visible").first
    href = section.get_attribute("href")
    page.screenshot(path=str(SCREENSHOTS / "search-desktop.png"))
    with page.expect_navigation():
        section.click()
    anchor = href.split("#")[1]
    assert page.evaluate("location.hash") == "#" + anchor
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_faq_answers_and_golden_rules_are_findable(page, base_url, site, register):
    """Each FAQ question, typed as it stands, finds the FAQ or the article it links in the top 3."""
    ids_by_url = {a.url: a.id for a in register.enabled}
    sections = _search_eval.section_links(site, ids_by_url)
    questions = [(key, linked) for key, linked in sections.items() if key.startswith("veelgestelde-vragen/#")]
    heading = {h["id"]: h.find(string=True).strip()  # the question, without the permalink sign
               for h in soup(site / "veelgestelde-vragen" / "index.html").select("article h3[id]")}
    _search_eval.open_search(page, base_url)
    found = 0
    for key, linked in questions:
        top = _results(page, heading[key.split("#")[1]])[:3]
        found += "/veelgestelde-vragen/" in top or any("/" + url in top for url, i in ids_by_url.items() if i in linked)
    assert len(questions) >= 20 and found / len(questions) >= 0.9, (found, len(questions))

    # the golden rules are found by their name; each rule's own words lead to its article
    assert _results(page, "gouden regels")[0] == "/"
    rule = soup(site / "index.html").select_one("article ol li")
    headline = rule.find("strong").get_text(" ", strip=True)
    target = "/" + rule.select_one("a[href*='artikelen/']")["href"].replace("../", "").lstrip("./")
    assert target in _results(page, headline)[:3], headline


def test_search_quality_on_the_evaluation_set(page, base_url, site, register):
    outcomes = _search_eval.evaluate(page, base_url, site, register, _search_eval.load_eval_set())
    report = _search_eval.report(outcomes)
    (SCREENSHOTS / "search-eval.txt").write_text(report, encoding="utf-8")
    hit1, hit3 = _search_eval.hit_rates(outcomes)
    assert len(outcomes) >= 60
    assert hit3 >= 0.90, report
    assert hit1 >= 0.70, report
