"""The shipped nginx recipe on a real nginx: access control, headers, 404, gzip, cache, and a clean CSP."""

from __future__ import annotations

import http.client
import shutil
from base64 import b64encode

import pytest

from protocol.tools import browser as _browser
import _nginx
import _releases

USER, PASSWORD = "medewerker", "geheim-wachtwoord-123"


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    """nginx with scripts/deploy/nginx-protocol.conf, only the paths and port replaced, on loopback."""
    work = tmp_path_factory.mktemp("nginx")
    target = work / "srv"
    release = target / "releases" / "20270101-000000-v1.0"
    shutil.copytree(site, release)
    _releases.precompress(release)  # as scripts/publish does
    _releases.switch(target, release)
    with _nginx.running(target, work / "nginx", USER, PASSWORD) as port:
        yield {"port": port, "base": f"http://127.0.0.1:{port}/", "site": site}


def get(nginx, path, auth=True, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=10)
    all_headers = dict(headers or {})
    if auth:
        all_headers["Authorization"] = "Basic " + b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    connection.request("GET", path, headers=all_headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_content_needs_credentials(nginx):
    for path in ("/", "/artikelen/vertrouwelijke-informatie/", "/search/search_index.json"):
        response, body = get(nginx, path, auth=False)
        assert response.status == 401
        assert b"Vertrouwelijke" not in body
    response, _ = get(nginx, "/")
    assert response.status == 200
    wrong = {"Authorization": "Basic " + b64encode(f"{USER}:fout".encode()).decode()}
    assert get(nginx, "/", auth=False, headers=wrong)[0].status == 401


def test_security_headers_on_every_response(nginx):
    for path in ("/", "/artikelen/melden/", "/assets/stylesheets/protocol.css", "/bestaat-niet/"):
        response, _ = get(nginx, path)
        headers = {k.lower(): v for k, v in response.getheaders()}
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "camera=()" in headers["permissions-policy"]
        assert "noindex" in headers["x-robots-tag"]


def test_dutch_404_page_for_an_unknown_path(nginx):
    response, body = get(nginx, "/artikelen/bestaat-niet/")
    assert response.status == 404
    assert "Pagina niet gevonden" in body.decode("utf-8")
    assert get(nginx, "/.nginx-csp.conf")[0].status == 404  # configuration is not served


def test_gzip_and_cache_lifetimes(nginx):
    bundle = next((nginx["site"] / "assets" / "javascripts").glob("bundle.*.min.js")).name
    response, _ = get(nginx, f"/assets/javascripts/{bundle}", headers={"Accept-Encoding": "gzip"})
    headers = {k.lower(): v for k, v in response.getheaders()}
    assert headers["content-encoding"] == "gzip"
    assert "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    response, _ = get(nginx, "/", headers={"Accept-Encoding": "gzip"})
    headers = {k.lower(): v for k, v in response.getheaders()}
    assert headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "no-cache"


def test_every_page_in_chromium_without_csp_violations_or_console_errors(nginx):
    from playwright.sync_api import sync_playwright

    pages = []
    for html in sorted(nginx["site"].rglob("index.html")):
        relative = html.parent.relative_to(nginx["site"]).as_posix()
        pages.append("" if relative == "." else relative + "/")
    pages.append("bestaat-niet/")  # the 404 page too
    violations, errors = [], []
    with sync_playwright() as playwright, _browser.launch(playwright) as browser:
        context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD})
        context.add_init_script("""window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));""")
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" and "404" not in m.text else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        for path in pages:
            page.goto(nginx["base"] + path)
            page.wait_for_load_state("networkidle")
            if path == "":  # search runs in a worker under the same policy
                page.keyboard.press("/")
                page.keyboard.type("wachtwoord")
                page.wait_for_selector(".md-search-result__item")
            violations += [f"{path}: {v}" for v in page.evaluate("window.__csp")]
        context.close()
    assert len(pages) > 25
    assert violations == []
    assert errors == []
