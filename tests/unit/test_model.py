"""The model (protocol/model) as pure Python: YAML, settings, articles, register, changelog. Milliseconds each."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from protocol.model import ContentError, build_register, load_changelog, load_settings, load_yaml, read_nav, read_page
from protocol.model import check_je_bericht
from protocol.model.yamlio import read_text

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The settings, mkdocs.yml and docs/ of the real project, in a folder a test may break."""
    shutil.copy(PROJECT / "instellingen.yml", tmp_path / "instellingen.yml")
    shutil.copy(PROJECT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", tmp_path / "docs")
    return tmp_path


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def raises(call, path: str, line: int | None = None, words: str = "") -> ContentError:
    with pytest.raises(ContentError) as caught:
        call()
    error = caught.value
    assert error.path == path, str(error)
    if line is not None:
        assert error.line == line, str(error)
    assert words.lower() in str(error).lower(), str(error)
    return error


# ---- YAML -------------------------------------------------------------------------------------------

def test_yaml_keeps_phone_numbers_versions_and_postcodes_as_text():
    data, _ = load_yaml("x.yml", "telefoon: 0331234510\nversie: 1.10\npostcode: 0123\naan: true\nleeg:\n")
    assert data == {"telefoon": "0331234510", "versie": "1.10", "postcode": "0123", "aan": "true", "leeg": None}


def test_yaml_gives_the_line_of_every_key():
    _, lines = load_yaml("x.yml", "a:\n  b: 1\n  c:\n    - x\n")
    assert lines[("a", "b")] == 2 and lines[("a", "c", 0)] == 4


def test_yaml_alias_bomb_is_refused_at_once_with_the_line():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    started = time.monotonic()
    raises(lambda: load_yaml("instellingen.yml", bomb), "instellingen.yml", 2, "verwijzing")
    assert time.monotonic() - started < 0.5


def test_yaml_tab_and_colon_have_dutch_messages_with_lines():
    raises(lambda: load_yaml("x.yml", "a:\n\tb: 1\n"), "x.yml", 2, "tab")
    raises(lambda: load_yaml("x.yml", "titel: Let op: dit\n"), "x.yml", 1, "dubbele punt")


def test_too_large_yaml_is_refused():
    raises(lambda: load_yaml("x.yml", "a: " + "x" * 300_000), "x.yml", None, "groter dan")


@pytest.mark.parametrize("content, line, words", [
    (b"\xef\xbb\xbf---\nid: x\n---\n", 1, "BOM"),
    (b"tekst\n<<<<<<< HEAD\nmijn tekst\n=======\njouw tekst\n>>>>>>> model\n", 2, "samenvoeging"),
    (b"regel\nCaf\xe9\n", 2, "UTF-8"),
])
def test_unreadable_files_are_named_with_the_line(tmp_path, content, line, words):
    path = tmp_path / "page.md"
    path.write_bytes(content)
    raises(lambda: read_text(path, "docs/page.md"), "docs/page.md", line, words)


# ---- settings ---------------------------------------------------------------------------------------

def test_the_shipped_settings_load(project):
    settings = load_settings(project)
    assert settings["protocol"]["versie"] and settings["contacten"]["privacy"]["naam"]


def test_unquoted_phone_number_and_version_stay_exactly_as_written(project):
    replace(project / "instellingen.yml", "telefoon: 033 123 45 10", "telefoon: 0331234510")
    text = (project / "instellingen.yml").read_text(encoding="utf-8")
    (project / "instellingen.yml").write_text(text.replace('versie: "', "versie: ").replace('"\n  ingangsdatum', "\n  ingangsdatum"), encoding="utf-8")
    settings = load_settings(project)
    assert settings["contacten"]["privacy"]["telefoon"] == "0331234510"
    assert settings["protocol"]["versie"] == (PROJECT / "instellingen.yml").read_text().split('versie: "')[1].split('"')[0]


@pytest.mark.parametrize("old, new, words", [
    ("naam: Voorbeeldkantoor Adviesgroep B.V.", "naam: X <script>alert(1)</script>", "<"),
    ("naam: Joost Hendriks", 'naam: "<img src=x onerror=alert(1)>"', "<"),
    ('kleur: "#1b4f72"', 'kleur: "red;} body{background:url(https://x.example/t)"', "geen kleur"),
    ("logo: assets/images/logo.svg", "logo: ../../etc/passwd.svg", "niet in de map docs"),
    ("logo: assets/images/logo.svg", "logo: https://cdn.example.com/logo.svg", "niet in de map docs"),
    ("logo: assets/images/logo.svg", "logo: assets/images/bestaat-niet.png", "bestaat niet"),
    ("  linkedin: https://", "  linkedin: https://x/)<img src=x onerror=alert(1)>(https://", "geen geldig webadres"),
    ("  linkedin: https://", "  linkedin: javascript:alert(1)//https://", "geen geldig webadres"),
    ("ingangsdatum: 2027-01-01", "ingangsdatum: 2027-02-30", "geen geldige datum"),
    ("email: privacy@voorbeeldkantoor.example", "email: privacy@", "geen e-mailadres"),
])
def test_bad_settings_are_refused_with_the_line(project, old, new, words):
    replace(project / "instellingen.yml", old, new)
    line = (project / "instellingen.yml").read_text(encoding="utf-8").splitlines().index(
        next(l for l in (project / "instellingen.yml").read_text(encoding="utf-8").splitlines() if new.strip().split("\n")[0] in l)) + 1
    raises(lambda: load_settings(project), "instellingen.yml", line, words)


def test_an_svg_logo_with_script_is_refused(project):
    (project / "docs/assets/images/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>', encoding="utf-8")
    raises(lambda: load_settings(project), "instellingen.yml", None, "<script>")


def test_an_svg_logo_with_an_event_handler_is_refused(project):
    (project / "docs/assets/images/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>', encoding="utf-8")
    raises(lambda: load_settings(project), "instellingen.yml", None, "actief onderdeel")


# ---- articles and register ------------------------------------------------------------------------

def register_of(project: Path):
    return build_register(project, project / "docs", read_nav(project), load_settings(project))


def test_register_numbers_follow_the_nav(project):
    register = register_of(project)
    assert [a.nummer for a in register.enabled] == list(range(1, len(register.enabled) + 1))
    assert register.enabled[0].kop.startswith("Artikel 1 – ")


def test_switching_off_renumbers(project):
    before = register_of(project)
    optional = next(a for a in before.enabled if a.optioneel)
    replace(project / "instellingen.yml", "uitgeschakeld: []", f"uitgeschakeld:\n  - {optional.id}")
    after = register_of(project)
    assert after.get(optional.id).nummer is None
    assert len(after.enabled) == len(before.enabled) - 1


@pytest.mark.parametrize("breaker, path, words", [
    (lambda p: replace(p / "docs/artikelen/linkedin.md", "id: linkedin", "id: phishing"), "docs/artikelen/linkedin.md", "al gebruikt"),
    (lambda p: replace(p / "instellingen.yml", "uitgeschakeld: []", "uitgeschakeld:\n  - tiktok"), "instellingen.yml", "bestaat niet"),
    (lambda p: replace(p / "instellingen.yml", "uitgeschakeld: []", "uitgeschakeld:\n  - melden"), "instellingen.yml", "verplicht"),
    (lambda p: replace(p / "mkdocs.yml", "      - artikelen/phishing.md\n", ""), "docs/artikelen/phishing.md", "niet in de volgorde"),
    (lambda p: (p / "docs/artikelen/phishing.md").unlink(), "mkdocs.yml", "bestaat niet"),
    (lambda p: replace(p / "docs/artikelen/privegebruik.md", "\n---\n", "\n\n"), "docs/artikelen/privegebruik.md", "niet afgesloten"),
    (lambda p: replace(p / "docs/artikelen/privegebruik.md", "optioneel: ", "optioneel: misschien #"), "docs/artikelen/privegebruik.md", "true of false"),
    (lambda p: replace(p / "docs/artikelen/privegebruik.md", "titel: ", "titel: <b>x</b> "), "docs/artikelen/privegebruik.md", "<"),
])
def test_bad_article_edits_are_named(project, breaker, path, words):
    breaker(project)
    raises(lambda: register_of(project), path, None, words)


def test_front_matter_alias_bomb_is_refused(project):
    page = project / "docs/begrippen.md"
    page.write_text("---\na: &a [x, x]\nb: [*a, *a]\n---\n\n# Begrippen\n", encoding="utf-8")
    raises(lambda: read_page(project / "docs", "begrippen.md"), "docs/begrippen.md", 3, "verwijzing")


def test_a_huge_page_is_refused_before_it_is_parsed(project):
    (project / "docs/begrippen.md").write_text("# x\n" + "woord " * 4_000_000, encoding="utf-8")
    started = time.monotonic()
    raises(lambda: read_page(project / "docs", "begrippen.md"), "docs/begrippen.md", None, "grens")
    assert time.monotonic() - started < 1


def test_new_version_needs_a_changelog_entry(project):
    raises(lambda: load_changelog(project, "9.9"), "docs/_data/wijzigingen.yml", 1, "9.9")


def test_check_je_bericht_rule_with_an_unknown_article_names_the_line(project):
    path = project / "docs/_data/check-je-bericht.yml"
    replace(path, "artikel: omgangsvormen\n", "artikel: omgangsvorm\n")
    line = path.read_text(encoding="utf-8").splitlines().index(
        next(l for l in path.read_text(encoding="utf-8").splitlines() if "artikel: omgangsvorm" in l)) + 1
    raises(lambda: check_je_bericht.load(project, register_of(project)), "docs/_data/check-je-bericht.yml", line, "omgangsvorm")
