"""The foundation: strict build, numbering from one ordered list, settings, switch-off, Dutch errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import PROJECT, build, edit, soup

OPTIONAL_TO_SWITCH_OFF = "ai-tools"


def _nav_titles(page: Path) -> list[str]:
    nav = soup(page).select_one("nav.md-nav--primary")
    return [" ".join(a.get_text(" ").split()) for a in nav.select("a.md-nav__link")]


def test_every_article_has_its_number_in_title_nav_and_home(site, register):
    home_rows = [" ".join(tr.get_text(" ").split()) for tr in soup(site / "index.html").select("article table tr")]
    nav = _nav_titles(site / "index.html")
    assert register.enabled, "no articles"
    for expected_number, article in enumerate(register.enabled, start=1):
        heading = f"Artikel {expected_number} – {article.titel}"
        page = soup(site / article.url / "index.html")
        assert page.find("h1").get_text(" ", strip=True).startswith(heading)
        assert page.title.get_text().startswith(heading)
        assert heading in nav
        assert any(row.startswith(f"{expected_number} {article.titel}") for row in home_rows), article.id
    # nav order is the register order
    positions = [nav.index(a.kop) for a in register.enabled]
    assert positions == sorted(positions)


def test_cross_reference_renders_current_number(site, register):
    """Every rendered link to an article says 'artikel N' with that article's current number."""
    numbers = {a.url: a.nummer for a in register.enabled}
    checked = 0
    for html in site.rglob("*.html"):
        if "print_page" in html.parts:
            continue
        for link in soup(html).select("article a[href]"):
            match = re.fullmatch(r"artikel (\d+)(?: \(.*\))?", link.get_text(" ", strip=True))
            if not match:
                continue
            target = (html.parent / link["href"].split("#")[0]).resolve().relative_to(site.resolve()).as_posix() + "/"
            assert numbers.get(target) == int(match.group(1)), f"{html}: {link}"
            checked += 1
    assert checked > 20


def test_no_template_code_reaches_a_reader(site):
    # Not content: Material's inline scripts, and code samples, such as the HR guide's
    # examples of how to write {{ artikel("id") }}. Template code anywhere else is a rendering failure.
    not_content = re.compile(r"<script.*?</script>|<pre.*?</pre>|<code.*?</code>", re.S)
    texts = {str(p.relative_to(site)): not_content.sub("", p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts["search_index.json"] = not_content.sub("", " ".join(d["title"] + " " + d["text"] for d in index["docs"]))
    leftovers = [f"{name}: {marker}" for name, text in texts.items()
                 for marker in ("{{", "{%", "%}", "}}") if marker in text]
    assert not leftovers


_EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def test_no_asset_from_another_origin(site):
    """Scripts, styles, fonts, images and frames all come from the site itself. Links may point outward."""
    offenders = []
    for html in site.rglob("*.html"):
        page = soup(html)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")):
            for node in page.find_all(tag):
                value = node.get(attr)
                if tag == "link" and "stylesheet" not in (node.get("rel") or []) and "icon" not in " ".join(node.get("rel") or []) \
                        and "preload" not in (node.get("rel") or []) and "preconnect" not in (node.get("rel") or []):
                    continue
                if value and _EXTERNAL.match(value):
                    offenders.append(f"{html.relative_to(site)}: <{tag} {attr}={value}>")
        for style in page.find_all("style"):
            offenders += [f"{html.relative_to(site)}: style url {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style.text)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^)'\"\s]+)", text):
            offenders.append(f"{css.relative_to(site)}: {url}")
    assert not offenders, "\n".join(offenders)
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_office_settings_reach_the_pages(project_copy, tmp_path):
    settings = project_copy / "instellingen.yml"
    old = "Voorbeeldkantoor Adviesgroep B.V."
    edit(settings, f"naam: {old}", "naam: Testbureau Zonnebloem B.V.")
    edit(settings, "naam: Fatima El Amrani", "naam: Ruud Testpersoon")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    assert "Testbureau Zonnebloem B.V." in pages[tmp_path / "site" / "index.html"]
    assert any("Ruud Testpersoon" in text for text in pages.values())
    assert not [p for p, text in pages.items() if old in text]
    footer = soup(tmp_path / "site" / "index.html").select_one(".md-copyright").get_text()
    assert "Testbureau Zonnebloem B.V." in footer


def test_version_dates_and_review_date_on_every_page(site, project_copy, tmp_path, register):
    """Footer version on every page; "Laatst bijgewerkt" from git, and from the build date without git."""
    import yaml

    settings = yaml.safe_load((PROJECT / "instellingen.yml").read_text(encoding="utf-8"))
    for html in site.rglob("index.html"):
        if "print_page" in html.parts:
            continue
        page = soup(html)
        assert f"Versie {settings['protocol']['versie']}" in page.select_one(".md-copyright").get_text(), html
        assert "Laatst bijgewerkt:" in page.select_one("article").get_text(), html
    article = soup(site / register.enabled[0].url / "index.html").select_one("article").get_text()
    assert "Laatst beoordeeld:" in article
    assert not (project_copy / ".git").exists()
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 0
    assert "Laatst bijgewerkt:" in soup(tmp_path / "site" / "index.html").select_one("article").get_text()


def test_switching_off_an_optional_article_removes_it_everywhere_and_renumbers(project_copy, tmp_path, register):
    article = register.get(OPTIONAL_TO_SWITCH_OFF)
    assert article.optioneel
    following = register.enabled[article.nummer]  # the next article moves up one place
    edit(project_copy / "instellingen.yml", "uitgeschakeld: []", f"uitgeschakeld:\n  - {OPTIONAL_TO_SWITCH_OFF}")
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode == 0, result.stderr

    assert not (site / article.url).exists()
    nav = _nav_titles(site / "index.html")
    assert not [t for t in nav if article.titel in t]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if article.url in d["location"]]
    assert not [d for d in index["docs"] if d["title"].startswith(article.kop)]
    print_page = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert article.titel not in print_page
    assert f"Artikel {following.nummer - 1} – {following.titel}" in nav
    assert f"Artikel {following.nummer - 1} – {following.titel}" in print_page
    home = " ".join(soup(site / "index.html").get_text(" ").split())
    assert article.titel not in home


@pytest.mark.parametrize("case", ["unknown_reference", "undefined_variable", "duplicate_id", "settings_yaml"])
def test_bad_input_fails_with_a_dutch_message_naming_the_file(case, project_copy, tmp_path):
    docs = project_copy / "docs"
    if case == "unknown_reference":
        target = docs / "artikelen" / "gevolgen.md"
        edit(target, "## Toelichting\n", '## Toelichting\n\nZie {{ artikel("bestaat-niet") }}.\n')
        expected = ("docs/artikelen/gevolgen.md:", "onbekend artikel", "bestaat-niet")
    elif case == "undefined_variable":
        target = docs / "artikelen" / "gevolgen.md"
        edit(target, "## Toelichting\n", "## Toelichting\n\nVraag het {{ kantoor.directeur }}.\n")
        expected = ("docs/artikelen/gevolgen.md:", "Onbekende variabele", "kantoor.directeur")
    elif case == "duplicate_id":
        target = docs / "artikelen" / "melden.md"
        edit(target, "id: melden", "id: gevolgen")
        expected = ("docs/artikelen/", "gevolgen", "al gebruikt")
    else:
        target = project_copy / "instellingen.yml"
        edit(target, "  korte_naam:", "\tkorte_naam:")
        expected = ("instellingen.yml:", "tab")
    before = {p: p.read_bytes() for p in project_copy.rglob("*") if p.is_file()}
    result = build(project_copy, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for fragment in expected:
        assert fragment.lower() in output.lower(), output
    assert re.search(r"(docs/[\w/-]+\.md|instellingen\.yml):\d+: ", output), output
    assert "Traceback" not in output
    assert before == {p: p.read_bytes() for p in project_copy.rglob("*") if p.is_file()}, "the build changed a source file"
