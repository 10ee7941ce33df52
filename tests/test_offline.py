"""The offline package: unpacked from the zip, it works over file:// with navigation, search and PDFs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from protocol.tools import browser as _browser
from conftest import PROJECT


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline")
    result = subprocess.run([sys.executable, str(PROJECT / "scripts" / "offline-package"), "--uitvoer", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    archive = next(out.glob("*.zip"))
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert not [n for n in names if Path(n).name.startswith(".")]
        zipped.extractall(out / "uit")
    return next((out / "uit").glob("*/index.html")).parent


@pytest.fixture(scope="module")
def page(unpacked):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, _browser.launch(playwright) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.requests = []
        page.on("request", lambda r: page.requests.append(r.url))
        yield page


def test_navigation_works_from_the_file_system(page, unpacked, register):
    page.goto((unpacked / "index.html").as_uri())
    article = register.get("vertrouwelijke-informatie")
    with page.expect_navigation():
        page.locator("nav.md-nav--primary a", has_text=article.kop).first.click()
    assert page.url.startswith("file://") and page.url.endswith("vertrouwelijke-informatie.html")
    assert article.kop in page.locator("h1").first.inner_text()


def test_search_works_without_a_server(page, unpacked, register):
    page.goto((unpacked / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("wachtwoord")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    first = page.locator(".md-search-result__item h1").first.inner_text()
    assert first.startswith(register.get("beveiliging").kop)


def test_pdf_links_open(page, unpacked):
    page.goto((unpacked / "over-dit-protocol.html").as_uri())
    links = page.eval_on_selector_all("article a[href$='.pdf']", "els => els.map(a => a.href)")
    assert len(links) == 2
    for href in links:
        path = Path(href.replace("file://", ""))
        assert path.is_file() and path.read_bytes()[:5] == b"%PDF-"


def test_nothing_is_loaded_from_outside(page):
    assert page.requests, "no requests recorded"
    outside = [url for url in page.requests if not url.startswith(("file:", "data:", "blob:", "about:"))]
    assert outside == []


def test_offline_build_without_the_shim_stops_with_a_dutch_message(project_copy, tmp_path):
    from conftest import build

    result = build(project_copy, tmp_path / "site", env={"PROTOCOL_OFFLINE": "true", "PROTOCOL_IFRAME_WORKER_SHIM": ""})
    assert result.returncode != 0
    assert "scripts/offline-package" in result.stdout + result.stderr


def test_every_header_and_footer_link_opens_from_the_file_system(page, unpacked):
    """The header's "Check je bericht" and "Download protocol", and the footer links, on pages at every depth."""
    from urllib.parse import unquote, urlsplit

    checked = 0
    for name in ("index.html", "artikelen/vertrouwelijke-informatie.html", "voor-hr/index.html"):
        page.goto((unpacked / name).as_uri())
        hrefs = page.eval_on_selector_all("header a[href], footer a[href]", "els => els.map(a => a.href)")
        assert any("check-je-bericht" in h for h in hrefs), hrefs
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme != "file":
                continue
            path = Path(unquote(parts.path))
            assert path.is_file() or (path / "index.html").is_file(), f"{name}: {href}"
            checked += 1
    assert checked >= 9
