"""Hostile and careless input, tried the way an attacker or an unlucky editor would, end to end.

Each case either fails scripts/check (and the plain build) with a Dutch `file:line` message and no
traceback, or is proven harmless: the built page is loaded in Chromium under the site's own policy,
and no injected script runs and no request leaves the origin. The sources stay byte-identical.
The same rules are unit-tested in tests/unit/; this file proves they hold in the real build.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECT, build, edit

PWNED = "/tmp/protocol-pwned-{}"


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "scripts" / "check"), "--project", str(project), *args],
                          capture_output=True, text=True, timeout=300)


def fingerprint(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in project.rglob("*") if p.is_file()}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


ARTICLE = "docs/artikelen/privegebruik.md"
_RCE = "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch " + PWNED.format("jinja") + "') }}\n"
SETTINGS = "instellingen.yml"


def set_field(path: Path, field: str, value: str) -> None:
    """Replace a whole front-matter or settings line 'field: …'."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^(\s*){field}: .*$", lambda m: f"{m.group(1)}{field}: {value}", text, count=1, flags=re.M)
    assert count == 1, field
    path.write_text(new, encoding="utf-8")


def _after_rule(p: Path, text: str) -> None:
    edit(p / ARTICLE, "## Toelichting\n", "## Toelichting\n\n" + text + "\n")


# (name, breaker, file that must be named, a word of the message)
REFUSED = [
    ("jinja reaches python", lambda p: _after_rule(p, "{{ cycler.__init__.__globals__.os.popen('touch " + PWNED.format("jinja") + "').read() }}"),
     ARTICLE, "eigen functies"),
    ("jinja underscore attribute", lambda p: _after_rule(p, "{{ kantoor.__class__.__init__.__globals__ }}"), ARTICLE, "met _ begint"),
    ("jinja include", lambda p: _after_rule(p, "{% include '../instellingen.yml' %}"), ARTICLE, "niet toegestaan"),
    ("script in office name", lambda p: edit(p / SETTINGS, "naam: Voorbeeldkantoor Adviesgroep B.V.", "naam: X <script>alert(1)</script>"),
     SETTINGS, "<"),
    ("img onerror in contact name", lambda p: edit(p / SETTINGS, "naam: Joost Hendriks", 'naam: "<img src=x onerror=alert(1)>"'), SETTINGS, "<"),
    ("script in article title", lambda p: edit(p / ARTICLE, "titel: ", "titel: <script>alert(1)</script> "), ARTICLE, "<"),
    ("summary breaks out of meta", lambda p: set_field(p / ARTICLE, "samenvatting", "'\"><script>alert(1)</script>'"), ARTICLE, "<"),
    ("script behind a fake code fence", lambda p: _after_rule(p, "```a```\n<script>alert(1)</script>"), ARTICLE, "<script>"),
    ("event handler via attribute list", lambda p: _after_rule(p, 'Tekst.\n{ onclick="alert(1)" }'), ARTICLE, "onclick"),
    ("javascript link", lambda p: _after_rule(p, "[Klik](javascript:alert(1))"), ARTICLE, "javascript:"),
    ("data link", lambda p: _after_rule(p, '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>'), ARTICLE, "data:"),
    ("style element", lambda p: _after_rule(p, "<style>body{display:none}</style>"), ARTICLE, "<style>"),
    ("meta refresh", lambda p: _after_rule(p, '<meta http-equiv="refresh" content="0;url=https://x.example">'), ARTICLE, "<meta>"),
    ("pdf attachment of a server file", lambda p: _after_rule(p, '<a rel="attachment" href="../../../../etc/nginx/nginx.conf">x</a>'),
     ARTICLE, "rel="),
    ("webinar url breaks out of the link", lambda p: edit(p / SETTINGS, "  linkedin: https://", "  linkedin: https://x/)<img src=x onerror=alert(1)>(https://"),
     SETTINGS, "webadres"),
    ("alias bomb in settings", lambda p: append(p / SETTINGS, "\nbom1: &a [x, x, x, x, x, x, x, x]\nbom2: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"),
     SETTINGS, "verwijzing"),
    ("alias bomb in front matter", lambda p: edit(p / ARTICLE, "---\n", "---\nb1: &a [x, x, x, x, x, x, x, x]\nb2: [*a, *a, *a, *a]\n"),
     ARTICLE, "verwijzing"),
    ("page of 20 MB", lambda p: append(p / ARTICLE, "\nwoord " * 3_500_000), ARTICLE, "grens"),
    ("logo outside docs", lambda p: edit(p / SETTINGS, "logo: assets/images/logo.svg", "logo: ../../../etc/passwd"), SETTINGS, "docs/"),
    ("remote logo", lambda p: edit(p / SETTINGS, "logo: assets/images/logo.svg", "logo: https://cdn.example.com/logo.png"), SETTINGS, "docs/"),
    ("colour that is css", lambda p: edit(p / SETTINGS, 'kleur: "#1b4f72"', 'kleur: "red} body{background:url(https://t.example/x)"'),
     SETTINGS, "kleur"),
    ("merge conflict markers", lambda p: _after_rule(p, "<<<<<<< HEAD\nOnze tekst.\n=======\nTekst van het model.\n>>>>>>> model-1.1"),
     ARTICLE, "samenvoeging"),
    ("byte order mark", lambda p: (p / ARTICLE).write_bytes(b"\xef\xbb\xbf" + (p / ARTICLE).read_bytes()), ARTICLE, "BOM"),
    ("password file in docs", lambda p: (p / "docs/assets/toegang.htpasswd").write_text("hr:$2y$05$abc\n", encoding="utf-8"),
     "docs/assets/toegang.htpasswd", "hoort niet"),
    ("broken raw html image", lambda p: _after_rule(p, '<img src="../assets/images/weg.png" alt="Weg">'), ARTICLE, "bestaat niet"),
    ("file name with a space", lambda p: (p / "docs/assets/images/logo kopie.svg").write_bytes((p / "docs/assets/images/logo.svg").read_bytes()),
     "docs/assets/images/logo kopie.svg", "spatie"),
    ("theme icon builds a template path", lambda p: edit(p / ARTICLE, "---\n", "---\nicon: ../../../etc/passwd\n"), ARTICLE, "'icon'"),
    ("subtitle printed unescaped", lambda p: edit(p / "docs/webinars.md", "# Webinars", "---\nsubtitle: <img src=x onerror=alert(1)>\n---\n# Webinars"),
     "docs/webinars.md", "'subtitle'"),
    ("extra_templates renders a docs file outside the sandbox", lambda p: (
        (p / "docs/evil.html").write_text(_RCE, encoding="utf-8"), append(p / "mkdocs.yml", "\nextra_templates:\n  - evil.html\n")),
     "mkdocs.yml", "extra_templates"),
    ("print-site cover template outside the sandbox", lambda p: (
        (p / "docs/_data/omslag.txt").write_text(_RCE, encoding="utf-8"),
        edit(p / "mkdocs.yml", "cover_page_template: overrides/print/cover.html", "cover_page_template: docs/_data/omslag.txt")),
     "mkdocs.yml", "cover_page_template"),
    ("INHERIT pulls in unchecked hooks", lambda p: (
        (p / "elders.yml").write_text("hooks:\n  - evil.py\n", encoding="utf-8"),
        (p / "evil.py").write_text(f"open({PWNED.format('jinja')!r}, 'w')\n", encoding="utf-8"),
        edit(p / "mkdocs.yml", "site_name:", "INHERIT: elders.yml\nsite_name:")), "mkdocs.yml", "INHERIT"),
    ("site_dir empties another folder", lambda p: edit(p / "mkdocs.yml", "site_name:", "site_dir: ../..\nsite_name:"), "mkdocs.yml", "site_dir"),
    ("extra_javascript from docs", lambda p: ((p / "docs/extra.txt").write_text("x", encoding="utf-8"),
                                             edit(p / "mkdocs.yml", "extra_css:", "extra_javascript:\n  - extra.txt\nextra_css:")),
     "mkdocs.yml", "extra_javascript"),
    ("script file in docs", lambda p: (p / "docs/assets/steel.js").write_text("fetch('/kennisname/')", encoding="utf-8"),
     "docs/assets/steel.js", "hoort niet in docs/"),
    ("html page in docs", lambda p: (p / "docs/pagina.html").write_text('<script src="assets/steel.js"></script>', encoding="utf-8"),
     "docs/pagina.html", "hoort niet in docs/"),
    ("svg image with a script", lambda p: (p / "docs/assets/images/kaart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"),
     "docs/assets/images/kaart.svg", "<script>"),
    ("nav title with markup", lambda p: edit(p / "mkdocs.yml", "  - De gouden regels: index.md", '  - "<img src=x onerror=alert(1)>": index.md'),
     "mkdocs.yml", "nav"),
    ("analytics in extra", lambda p: edit(p / "mkdocs.yml", "  generator: false", "  generator: false\n  analytics:\n    provider: google\n    property: G-X"),
     "mkdocs.yml", "analytics"),
    ("theme fonts from google", lambda p: edit(p / "mkdocs.yml", "  font: false", "  font:\n    text: Roboto\n   "), "mkdocs.yml", "font"),
    ("hooks in mkdocs.yml", lambda p: append(p / "mkdocs.yml", "\nhooks:\n  - ../evil.py\n"), "mkdocs.yml", "niet toegestaan"),
]


@pytest.mark.parametrize("name, breaker, named, words", REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_input_fails_the_check_with_a_dutch_message(name, breaker, named, words, project_copy):
    marker = Path(PWNED.format("jinja"))
    marker.unlink(missing_ok=True)
    breaker(project_copy)
    before = fingerprint(project_copy)
    started = time.monotonic()
    result = run_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "Traceback" not in output
    assert "Tip:" in output
    if named:
        assert re.search(re.escape(named) + r":\d+: ", output) or (named.startswith("docs/") and f"{named}: " in output), output[-3000:]
        assert words.lower() in output.lower(), output[-3000:]
    else:  # the page that uses the value is named
        assert re.search(r"docs/[\w/.-]+\.md(:\d+)?: ", output), output[-3000:]
    assert time.monotonic() - started < 120, "a hostile input must not make the check slow"
    assert not marker.exists(), "code from the article ran"
    assert fingerprint(project_copy) == before, "the check changed a source file"


def test_the_plain_build_refuses_code_in_an_article_too(project_copy, tmp_path):
    marker = Path(PWNED.format("build"))
    marker.unlink(missing_ok=True)
    _after_rule(project_copy, "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(rf"{re.escape(ARTICLE)}:\d+: ", result.stdout + result.stderr)
    assert not marker.exists()
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_plain_build_refuses_templates_from_mkdocs_yml_too(project_copy, tmp_path):
    """`mkdocs build` itself, not only scripts/check: extra_templates would render a docs/ file unsandboxed."""
    marker = Path(PWNED.format("jinja"))
    marker.unlink(missing_ok=True)
    (project_copy / "docs/_data/evil.html").write_text(_RCE, encoding="utf-8")
    append(project_copy / "mkdocs.yml", "\nextra_templates:\n  - _data/evil.html\n")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"mkdocs\.yml:\d+: De instelling 'extra_templates'", result.stdout + result.stderr), result.stderr[-2000:]
    assert not marker.exists(), "the template from docs/ ran"


def test_values_that_look_like_numbers_are_published_as_written(project_copy, tmp_path):
    """An unquoted phone number and version reach the pages exactly as typed (YAML would make 56965448 and 1.1)."""
    edit(project_copy / SETTINGS, "telefoon: 033 123 45 10", "telefoon: 0331234510")
    set_field(project_copy / SETTINGS, "versie", "1.10")
    edit(project_copy / "docs/_data/wijzigingen.yml", "- versie:", '- versie: "1.10"\n  datum: 2027-03-01\n  wijzigingen:\n    - Test.\n- versie:')
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "0331234510" in pages and "56965448" not in pages
    assert "Versie 1.10" in pages


# ---- proven harmless: allowed but hostile-looking values, loaded in Chromium -------------------------------

HARMLESS_NAME = 'Bureau "De Brug" & Zn\'s'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    edit(project / SETTINGS, "naam: Voorbeeldkantoor Adviesgroep B.V.", f"naam: '{HARMLESS_NAME.replace(chr(39), chr(39) * 2)}'")
    edit(project / SETTINGS, "naam: Joost Hendriks", 'naam: "Joost \\" onmouseover=\\"window.__pwned=1"')
    edit(project / SETTINGS, "  plaats: Amersfoort", '  plaats: "[klik](javascript:window.__pwned=1)"')
    set_field(project / ARTICLE, "titel", "'Privé & \"werk\"'")
    (project / "docs/.htpasswd").write_text("hr:$2y$05$abc\n", encoding="utf-8")
    _after_rule(project, '{{ "<scr" ~ "ipt>window.__pwned=1</script>" }}\n\n{{ "<img src=x onerror=window.__pwned=1>" }}\n\n'
                         "Zo niet: `<script>window.__pwned=1</script>`\n\nVestiging: {{ kantoor.plaats }}")
    before = fingerprint(project)
    site = tmp_path_factory.mktemp("hostile-site") / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert fingerprint(project) == before
    return site


def test_hostile_values_are_escaped_in_the_html(hostile_site):
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "Bureau &quot;De Brug&quot; &amp; Zn" in home
    article = (hostile_site / "artikelen/privegebruik/index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in article and "<img src=x" not in article
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    from conftest import soup

    handlers = [f"{page.name}: <{tag.name} {name}>" for page in hostile_site.rglob("*.html")
                for tag in soup(page).find_all(True) for name in tag.attrs if name.startswith("on")]
    assert handlers == []
    assert re.search(r'<meta name="description" content="[^"<>]*">', article)
    assert "Privé &amp; &quot;werk&quot;" in article
    assert not list(hostile_site.rglob("*.htpasswd")), "a dot file from docs/ was published"
    assert "[klik](javascript:window.__pwned=1)" in article  # shown as text, not made into a link
    assert not [a for page in hostile_site.rglob("*.html") for a in soup(page).select("a[href]") if "javascript" in a["href"].lower()]


def test_no_inline_script_is_left_and_every_page_has_the_policy(hostile_site):
    for page in hostile_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text, page
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            assert "src=" in attrs or "application/json" in attrs or not body.strip(), f"{page}: {body[:80]}"


def test_no_injected_script_runs_in_chromium(hostile_site):
    from playwright.sync_api import sync_playwright

    from protocol.render import csp
    from protocol.tools import browser

    with browser.serve(hostile_site, headers={"Content-Security-Policy": csp.policy()}) as base_url, \
            sync_playwright() as playwright, browser.launch(playwright) as chromium:
        page = chromium.new_page()
        dialogs, outside, violations = [], [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None)
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        for path in ("", "artikelen/privegebruik/", "check-je-bericht/", "print_page/"):
            page.goto(base_url + path, wait_until="load")
            page.wait_for_function("() => document.readyState === 'complete'")
            page.hover("body")
            for contact in page.locator("text=Joost").all()[:3]:
                contact.hover()
            assert page.evaluate("window.__pwned === undefined"), path
            assert page.locator(".md-header__button.md-logo").count() == 1  # Material's own scripts still ran the header
        assert page.evaluate("typeof __md_get") == "function", "Material's moved scripts did not run"
    assert dialogs == [] and outside == [], (dialogs, outside)
    assert violations == [], violations


def test_no_injected_script_runs_in_the_offline_package(tmp_path_factory):
    """The same hostile values in the offline package, opened from file://, under its <meta> policy."""
    import zipfile

    from playwright.sync_api import sync_playwright

    from conftest import copy_project
    from protocol.tools import browser

    project = copy_project(tmp_path_factory.mktemp("hostile-offline") / "project")
    edit(project / SETTINGS, "naam: Voorbeeldkantoor Adviesgroep B.V.", "naam: 'Bureau \"De Brug\" & Zn'")
    _after_rule(project, '{{ "<scr" ~ "ipt>window.__pwned=1</script>" }} {{ "<img src=x onerror=window.__pwned=1>" }}')
    out = tmp_path_factory.mktemp("hostile-offline-zip")
    result = subprocess.run([sys.executable, str(PROJECT / "scripts" / "offline-package"), "--project", str(project),
                             "--uitvoer", str(out)], capture_output=True, text=True, cwd=PROJECT, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(next(out.glob("*.zip"))) as zipped:
        zipped.extractall(out / "uit")
    root = next((out / "uit").glob("*/index.html")).parent
    with sync_playwright() as playwright, browser.launch(playwright) as chromium:
        page = chromium.new_page()
        dialogs, outside = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
        for name in ("index.html", "artikelen/privegebruik.html"):
            page.goto((root / name).as_uri(), wait_until="load")
            assert "Content-Security-Policy" in (root / name).read_text(encoding="utf-8")
            assert page.evaluate("window.__pwned === undefined"), name
        assert page.evaluate("typeof __md_get") == "function", "Material's moved scripts did not run offline"
    assert dialogs == [] and outside == [], (dialogs, outside)


def test_no_injected_script_runs_behind_the_nginx_recipe(hostile_site, tmp_path):
    """The hostile site published behind the real recipe (TLS, login, fixed CSP): nothing injected runs."""
    import shutil
    from base64 import b64encode

    from playwright.sync_api import sync_playwright

    from protocol.tools import browser, nginx

    target = tmp_path / "srv"
    shutil.copytree(hostile_site, target / "releases" / "hostile")
    (target / "current").symlink_to(target / "releases" / "hostile")
    login = {"Authorization": "Basic " + b64encode(b"medewerker:geheim-wachtwoord-123").decode()}
    with nginx.running(target, tmp_path / "nginx", "medewerker", "geheim-wachtwoord-123") as server, \
            sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.chromium_path(),
                                              args=browser.CHROMIUM_ARGS + server.chromium_args())
        context = chromium.new_context(extra_http_headers=login)
        context.add_init_script("""window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push([e.violatedDirective, e.blockedURI]));""")
        page = context.new_page()
        dialogs, outside, violations = [], [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server.base, "data:", "blob:")) else None)
        for path in ("", "artikelen/privegebruik/", "check-je-bericht/", "print_page/"):
            response = page.goto(server.base + path, wait_until="load")
            assert response.status == 200, path
            assert "script-src 'self';" in response.headers["content-security-policy"]
            assert page.evaluate("window.__pwned === undefined"), path
            violations += page.evaluate("window.__csp")
        assert page.evaluate("typeof __md_get") == "function"
        context.close()
        chromium.close()
    assert dialogs == [] and outside == [] and violations == [], (dialogs, outside, violations)
