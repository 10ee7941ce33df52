"""Search as an employee uses it, in headless Chromium through the real search box.

One build (without PDFs) and one browser for the whole module. The evaluation set is
pasted rather than typed letter by letter: the results are the same and the run is
short; scripts/search-eval types each question and reports the latency.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from protocol.render import search_index
from protocol.tools import browser as _browser
from protocol.tools import search_eval as _search_eval
from conftest import PROJECT, soup

from protocol.model import VERDICTS


enrich, judged_examples, plain = search_index.enrich, search_index.judged_examples, search_index.plain

STOP_WORDS = ["ik", "op", "dat", "we", "een", "hebben", "de", "in", "mijn"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    target = tmp_path_factory.mktemp("zoeken") / "site"
    result = subprocess.run([str(PROJECT / ".venv" / "bin" / "python"), "-m", "mkdocs", "build", "--strict", "-d", str(target)],
                            cwd=PROJECT, env=dict(os.environ, PROTOCOL_PDF="0", NO_MKDOCS_2_WARNING="1"),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


@pytest.fixture(scope="module")
def base_url(built_site):
    with _browser.serve(built_site) as url:
        yield url


@pytest.fixture
def page(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _search_eval.open_search(page, base_url)
    yield page
    context.close()
    assert not errors, errors


def groups(page, query):
    """The result list after the query settled: per article its heading, and per section title, excerpt, verdict, link."""
    _search_eval.type_query(page, query, settle_ms=150, letter_by_letter=False)
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => ({
      heading: item.querySelector('h1').textContent,
      href: item.querySelector('a').getAttribute('href'),
      marks: [...item.querySelectorAll('mark')].map(m => m.textContent.toLowerCase()),
      missing: [...item.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent),
      sections: [...item.querySelectorAll('a.md-search-result__link')].slice(1).map(a => ({
        href: a.getAttribute('href'),
        title: (a.querySelector('h2') || {}).textContent || '',
        excerpt: (a.querySelector('.zoek-uittreksel') || {}).textContent || '',
        answer: !!a.querySelector('.zoek-antwoord'),
        verdict: (a.querySelector('.zoek-oordeel') || {}).textContent || '',
        visible: a.offsetParent !== null,
      })),
    }))""")


def article_url(base_url, register, article_id):
    return base_url + register.get(article_id).url


# --- quality on the evaluation set -------------------------------------------------

def test_thresholds_on_the_full_evaluation_set(page, base_url, built_site, register):
    eval_set = _search_eval.load_eval_set()
    outcomes = _search_eval.evaluate(page, base_url, built_site, register, eval_set, letter_by_letter=False)
    report = _search_eval.report(outcomes)
    hit1, hit3 = _search_eval.hit_rates(outcomes)
    assert len(outcomes) >= 120, report
    assert hit1 >= 0.90 and hit3 >= 0.98, report


# --- what a result shows -------------------------------------------------------------

def test_no_missing_hint_for_stop_words_or_words_that_matched(page):
    for query in ["mag ik op linkedin zeggen dat we een nieuwe klant hebben", "beledigende opmerking over een klant"]:
        found = groups(page, query)
        assert found, query
        for group in found:
            assert not set(group["missing"]) & set(STOP_WORDS), (query, group["heading"], group["missing"])
            for word in group["missing"]:
                assert word in query.split(), (query, word)
                assert not any(mark.startswith(word[:5]) for mark in group["marks"]), (query, group["heading"], word)
    # the FAQ question typed in full: every word matched there, so no hint at all
    faq = [g for g in groups(page, "mag ik op linkedin zeggen dat we een nieuwe klant hebben") if "Veelgestelde" in g["heading"]]
    assert faq and not faq[0]["missing"]


def test_result_shows_number_title_and_excerpt_and_lands_on_the_section(page, base_url):
    first = groups(page, "tweestapsverificatie")[0]
    assert re.match(r"Artikel \d+ – \S", first["heading"]), first["heading"]
    section = first["sections"][0]
    assert section["visible"] and "#" in section["href"]
    # the excerpt holds the word, or, for a question hit, the start of the answer to the question that holds it
    assert "tweestapsverificatie" in (section["excerpt"] + " " + section.get("title", "")).lower() \
        or section["excerpt"].startswith(("Ja", "Nee", "Alleen als")), section
    assert 20 < len(section["excerpt"]) <= 200, section["excerpt"]
    with page.expect_navigation():
        page.locator(".md-search-result__item").first.locator("a.md-search-result__link").nth(1).click()
    anchor = section["href"].split("#")[1]
    assert page.evaluate("location.hash") == "#" + anchor
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_keyboard_still_moves_through_the_results(page):
    groups(page, "wachtwoord delen")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")


# --- Dutch compounds ------------------------------------------------------------------

def test_a_compound_that_is_not_in_the_index_is_searched_as_its_parts(page, base_url, built_site, register):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = set(re.findall(r"[a-zà-ÿ]+", " ".join(plain(d["title"] + " " + d["text"]) + " " + d.get("trefwoorden", "")
                                                  for d in index["docs"]).lower()))
    assert "koffiepauze" not in words and {"koffie", "pauze"} <= words  # the precondition of this test
    found = groups(page, "koffiepauze")
    assert found[0]["href"].startswith(article_url(base_url, register, "privegebruik")), [g["heading"] for g in found]
    assert "pauze" in found[0]["marks"]
    # a compound that is in the text is found as such, and its article comes first
    assert groups(page, "instagram in de lunchpauze")[0]["href"].startswith(article_url(base_url, register, "privegebruik"))


def test_a_typing_error_finds_the_word_the_index_knows(page, base_url, register):
    found = groups(page, "concurentiebeding")
    assert found and found[0]["href"].startswith(article_url(base_url, register, "na-het-dienstverband"))


# --- answers and verdicts in the result ---------------------------------------------

def test_an_example_hit_shows_its_verdict(page, built_site):
    """The title of a 'Mag niet' example, typed as a question, shows that verdict on the example."""
    for html in sorted((built_site / "artikelen").glob("*/index.html")):
        title = soup(html).select_one(".admonition.mag-niet > .admonition-title")
        if title:
            break
    label, _, example = title.get_text(" ", strip=True).partition(": ")
    assert label == VERDICTS["mag-niet"]
    shown = [s for g in groups(page, example.lower())[:3] for s in g["sections"] if s["title"].strip() == example]
    assert shown, example
    assert shown[0]["verdict"] == VERDICTS["mag-niet"] and shown[0]["visible"]
    assert shown[0]["excerpt"].startswith(VERDICTS["mag-niet"])


def test_a_question_hit_shows_the_start_of_its_answer(page, built_site):
    faq = soup(built_site / "veelgestelde-vragen" / "index.html")
    heading = faq.select_one("article h3[id]")
    question = heading.find(string=True).strip()
    answer = heading.find_next_sibling("p").get_text(" ", strip=True)
    shown = [s for g in groups(page, question.lower())[:3] for s in g["sections"] if s["title"].strip() == question]
    assert shown and shown[0]["answer"], question
    assert shown[0]["excerpt"].startswith(" ".join(answer.split()[:4])), (shown[0]["excerpt"], answer)


# --- the index enrichment (pure function) -------------------------------------------

def _index(*docs):
    return {"config": {}, "docs": [dict(d) for d in docs]}


def test_enrich_adds_summary_questions_and_verdicts():
    index = _index(
        {"location": "artikelen/a/", "title": "Artikel 1 – A", "text": ""},
        {"location": "artikelen/a/#voorbeelden", "title": "Voorbeelden",
         "text": "<p>Mag niet: Een <em>foto</em> &amp; meer</p> <p>Tekst.</p> <p>Waarom: zo.</p> <p>Mag: Iets</p>"},
        {"location": "artikelen/a/#mag-dat", "title": "Mag dat?", "text": "<p>Ja.</p>"},
        {"location": "veelgestelde-vragen/#mag-dit", "title": "Mag dit?", "text": "<p>Nee.</p>"},
        {"location": "veelgestelde-vragen/#leeg", "title": "Leeg?", "text": ""},
        {"location": "begrippen/#x", "title": "X", "text": "<p>Mag niet: zomaar</p>"},
    )
    out = enrich(index, [{"url": "artikelen/a/", "samenvatting": "Kort <en> goed."}], VERDICTS)
    docs = {d["location"]: d for d in out["docs"]}
    assert docs["artikelen/a/"]["samenvatting"] == "Kort <en> goed." and docs["artikelen/a/"]["text"] == ""
    assert docs["artikelen/a/#voorbeelden"]["oordelen"] == [
        {"soort": "mag-niet", "label": "Mag niet", "titel": "Een foto & meer"},
        {"soort": "mag", "label": "Mag", "titel": "Iets"}]
    assert docs["artikelen/a/#mag-dat"]["vraag"] and docs["veelgestelde-vragen/#mag-dit"]["vraag"]
    assert "vraag" not in docs["veelgestelde-vragen/#leeg"] and "vraag" not in docs["artikelen/a/#voorbeelden"]
    assert "oordelen" not in docs["begrippen/#x"]  # verdicts only in articles


def test_judged_examples_need_a_known_label_and_a_title():
    assert judged_examples("<p>Waarom: dit</p><p>Mag niet: </p><p>Misschien: dat</p>", VERDICTS) == []
    assert judged_examples("<p>Eerst vragen: Een app</p>", VERDICTS) == [
        {"soort": "eerst-vragen", "label": "Eerst vragen", "titel": "Een app"}]


def test_enrich_grows_with_the_content_only(built_site):
    """What enrich adds is bounded by what is there: one entry per example, one flag per question."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    added = sum(len(json.dumps({k: v for k, v in d.items() if k in ("oordelen", "vraag", "samenvatting")}, ensure_ascii=False))
                for d in index["docs"])
    assert 0 < added < 0.15 * len(json.dumps(index, ensure_ascii=False))
