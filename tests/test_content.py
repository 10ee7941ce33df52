"""The model protocol itself: required articles, sections, examples, FAQ, golden rules, language quality."""

from __future__ import annotations

import re

import pytest

from protocol.checks import language as _quality
from conftest import PROJECT, build, edit, soup
from protocol.model import load_settings

REQUIRED = ["doel-en-reikwijdte", "beveiliging", "privegebruik", "namens-het-kantoor", "prive-uitingen",
            "vertrouwelijke-informatie", "omgangsvormen", "websites-en-downloads", "controle", "melden",
            "gevolgen", "slotbepalingen"]
OPTIONAL = ["ai-tools", "foto-en-video", "na-het-dienstverband", "linkedin"]
VERDICT_CLASSES = ("mag", "mag-niet", "eerst-vragen")


def test_required_and_optional_articles_exist(register):
    for article_id in REQUIRED:
        assert register.get(article_id) is not None, article_id
        assert not register.get(article_id).optioneel, article_id
    for article_id in OPTIONAL:
        assert register.get(article_id) is not None and register.get(article_id).optioneel, article_id


def test_every_article_has_rule_explanation_and_three_judged_examples(site, register):
    for article in register.enabled:
        page = soup(site / article.url / "index.html")
        sections = [s["class"][1] for s in page.select("section.artikel-deel")]
        assert sections[:3] == ["artikel-regel", "artikel-toelichting", "artikel-voorbeelden"], article.id
        examples = page.select("section.artikel-voorbeelden .admonition")
        verdicts = [c for e in examples for c in e["class"] if c in VERDICT_CLASSES]
        assert len(verdicts) == len(examples) >= 3, article.id
        for example in examples:
            title = example.select_one(".admonition-title").get_text()
            assert re.match(r"(Mag|Mag niet|Eerst vragen): \S", title), title
        assert len(page.select_one("section.artikel-regel").get_text(" ", strip=True)) > 40
        assert len(page.select_one("section.artikel-toelichting").get_text(" ", strip=True)) > 200


def test_jansen_transport_is_the_first_confidentiality_example(site, register):
    page = soup(site / register.get("vertrouwelijke-informatie").url / "index.html")
    first = page.select_one("section.artikel-voorbeelden .admonition")
    assert "mag-niet" in first["class"]
    assert "Jansen Transport" in first.get_text()
    assert "Zo kan het wel" in first.get_text()


def _faq_entries(site):
    """(question, [article links]) for each question on the FAQ page."""
    article = soup(site / "veelgestelde-vragen" / "index.html").select_one("article.md-content__inner")
    entries, current = [], None
    for node in article.find_all(["h2", "h3", "a"]):
        if node.name == "h3":
            current = (node.get_text(" ", strip=True), [])
            entries.append(current)
        elif node.name == "h2":
            current = None
        elif current is not None and "artikelen/" in (node.get("href") or ""):
            current[1].append(node["href"])
    return entries


def test_faq_has_twenty_questions_each_linking_an_article(site):
    entries = _faq_entries(site)
    assert len(entries) >= 20
    assert [q for q, links in entries if not links] == []


def test_faq_and_home_stay_complete_with_every_optional_article_off(project_copy, tmp_path, register):
    optional = [a.id for a in register.articles if a.optioneel]
    edit(project_copy / "instellingen.yml", "uitgeschakeld: []",
         "uitgeschakeld:\n" + "".join(f"  - {i}\n" for i in optional))
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(_faq_entries(tmp_path / "site")) >= 20
    rules = soup(tmp_path / "site" / "index.html").select_one("article ol").find_all("li", recursive=False)
    assert len(rules) == 10


def test_ten_golden_rules_each_link_an_existing_article(site):
    home = soup(site / "index.html")
    rules = home.select_one("article ol").find_all("li", recursive=False)
    assert len(rules) == 10
    for rule in rules:
        links = [a["href"] for a in rule.select("a[href*='artikelen/']")]
        assert links, rule.get_text()
        assert (site / links[0].split("#")[0] / "index.html").exists()


def test_webinars_link_out_from_settings_without_embedding(site):
    import yaml

    settings = yaml.safe_load((PROJECT / "instellingen.yml").read_text(encoding="utf-8"))
    page = soup(site / "webinars" / "index.html")
    hrefs = {a["href"] for a in page.select("article a[href]")}
    for url in settings["webinars"].values():
        assert url in hrefs
    assert len(page.select("article h2")) >= 3
    assert not page.select("article iframe, article video, article embed")
    assert "LinkedIn" in page.get_text()


def test_spelling_is_clean(site):
    errors = _quality.spelling(site, PROJECT, load_settings(PROJECT))
    assert not errors, "\n".join(map(str, errors))


def test_every_article_reads_at_b1_level(site, register):
    results = _quality.readability(site, register.enabled)
    assert len(results) == len(register.enabled)
    low = [f"{r.title}: {r.score}" for r in results if r.score < _quality.READABILITY_MINIMUM]
    assert not low


def test_no_office_name_or_contact_is_hard_coded_in_content():
    import yaml

    settings = yaml.safe_load((PROJECT / "instellingen.yml").read_text(encoding="utf-8"))
    fixed = [settings["kantoor"]["naam"], settings["kantoor"]["korte_naam"]]
    fixed += [c["naam"] for c in settings["contacten"].values()] + [c["email"] for c in settings["contacten"].values()]
    for page in (PROJECT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for value in fixed:
            assert value not in text, f"{page}: {value}"


@pytest.mark.parametrize("pattern, why", [
    (r"669 lid 3 (?:sub|onder) g", "the letter g of art. 7:669 lid 3 BW is unverified"),
    (r"§\s*121|paragraaf 121|r\.o\. 121", "the Bărbulescu paragraph number is unverified"),
    (r"\[VERIFY\]", "a marker from the facts file"),
    (r"wettelijk beroepsgeheim geldt|hebben een (?:wettelijk )?beroepsgeheim", "no statutory professional secrecy was found"),
])
def test_unverified_legal_facts_are_not_stated(pattern, why):
    for page in (PROJECT / "docs").rglob("*.md"):
        assert not re.search(pattern, page.read_text(encoding="utf-8"), re.I), f"{page}: {why}"
