"""'Test jezelf' end to end: questions from the built articles, switched-off articles, the not-for-quiz list,
and a whole round in Chromium by keyboard alone, with axe and no request leaving the origin."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import PROJECT, build, edit, soup
from protocol.tools import browser as _browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
ORDER = ["mag", "mag-niet", "eerst-vragen"]  # the answer buttons, in tab order
SCREENSHOTS = PROJECT / "tests" / "screenshots"


def examples_in(path: Path) -> int:
    return len(re.findall(r'^!!! (?:mag|mag-niet|eerst-vragen) "', path.read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("quiz") / "site"
    result = build(PROJECT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def bank(site: Path) -> list:
    return soup(site / "test-jezelf/index.html").select(".pr-quiz__bank > li")


def test_every_judged_example_is_a_question_with_its_article(quiz_site, register):
    questions = bank(quiz_site)
    assert len(questions) == sum(examples_in(PROJECT / "docs" / a.src_path) for a in register.enabled)
    first = questions[0]
    article = register.enabled[0]
    assert first["data-artikel"] == article.kop and first["data-artikel-url"] == f"../{article.url}"
    assert {q["data-oordeel"] for q in questions} == set(ORDER)
    assert all(q.get_text(strip=True) and q["data-waarom"] and "{{" not in q["data-waarom"] + q.get_text() for q in questions)
    page = soup(quiz_site / "test-jezelf/index.html")
    assert page.select_one(".pr-quiz")["data-ronde"] == "10"
    paper = page.select("section.pr-quiz-papier")
    assert [len(s.select("li")) for s in paper] == [len(questions), len(questions)]


def test_switched_off_article_and_not_for_quiz_examples_leave_the_quiz(project_copy, tmp_path, quiz_site):
    before = len(bank(quiz_site))
    edit(project_copy / "instellingen.yml", "uitgeschakeld: []", "uitgeschakeld:\n  - linkedin")
    edit(project_copy / "docs/artikelen/privegebruik.md", "beoordeeld:", 'niet_in_test: ["Een handige app op je werklaptop"]\nbeoordeeld:')
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr
    questions = bank(site)
    assert len(questions) == before - examples_in(PROJECT / "docs/artikelen/linkedin.md") - 1
    assert not any("LinkedIn" in q["data-artikel"] for q in questions)
    assert "Een handige app op je werklaptop" not in [q["data-titel"] for q in questions]


def test_a_typo_in_the_not_for_quiz_list_stops_the_build_with_file_and_line(project_copy, tmp_path):
    edit(project_copy / "docs/artikelen/privegebruik.md", "beoordeeld:", 'niet_in_test: ["Een handige ap"]\nbeoordeeld:')
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/artikelen/privegebruik.md:7: Onder 'niet_in_test' staat 'Een handige ap'" in result.stdout + result.stderr


# ---- in Chromium

@pytest.fixture(scope="module")
def served(quiz_site):
    with _browser.serve(quiz_site) as url:
        yield url


def _axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


def _tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus: the way a keyboard user gets there."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


def _status(url: str) -> int:
    with urllib.request.urlopen(url) as response:
        return response.status


def test_a_whole_round_by_keyboard(chromium, served):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    host = urlsplit(served).netloc
    foreign, errors = [], []
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).scheme in ("http", "https")
            and urlsplit(r.url).netloc != host else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(served + "test-jezelf/")
    page.wait_for_load_state("networkidle")
    violations = _axe(page)

    _tab_to(page, '[data-actie="start"]')
    page.keyboard.press("Enter")
    links = []
    for number in range(1, 11):
        heading = page.locator(".pr-quiz__vraag h2")
        heading.filter(has_text=f"Vraag {number} van 10").wait_for()
        assert page.evaluate("document.activeElement.textContent") == f"Vraag {number} van 10"
        right = page.locator(".pr-quiz__vraag").get_attribute("data-oordeel")
        chosen = ORDER[(ORDER.index(right) + 1) % 3] if number == 2 else right  # question 2 is answered wrong
        for _ in range(ORDER.index(chosen) + 1):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.antwoord") == chosen
        page.keyboard.press("Enter")
        result = page.locator(".pr-quiz__uitslag h3")
        result.wait_for()
        expected = "Goed!" if number != 2 else "Niet goed."
        assert result.inner_text().startswith(expected)
        assert page.evaluate("document.activeElement.tagName") == "H3"
        if number in (1, 2):
            page.screenshot(path=str(SCREENSHOTS / f"versions-quiz-phone-{'goed' if number == 1 else 'fout'}.png"))
            violations += _axe(page)
        link = page.locator(".pr-quiz__uitslag a")
        links.append(urljoin(page.url, link.get_attribute("href")))
        assert page.locator(".pr-quiz__uitslag").inner_text().count("Waarom: ") == 1
        page.keyboard.press("Tab")  # the article link
        page.keyboard.press("Tab")  # the next button
        assert page.evaluate("document.activeElement.dataset.actie") == "volgende"
        page.keyboard.press("Enter")

    score = page.locator(".pr-quiz__einde h2")
    score.wait_for()
    assert score.inner_text() == "Je score: 9 van de 10 goed"
    reread = page.locator(".pr-quiz__einde li a")
    assert reread.count() == 1 and urljoin(page.url, reread.get_attribute("href")) == links[1]
    page.screenshot(path=str(SCREENSHOTS / "versions-quiz-phone-score.png"))
    violations += _axe(page)
    context.close()
    assert errors == []
    assert foreign == []
    assert violations == []
    assert {link: _status(link) for link in set(links)} == {link: 200 for link in set(links)}


def test_changes_page_passes_axe_and_loads_nothing_from_elsewhere(chromium, served):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    host = urlsplit(served).netloc
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).scheme in ("http", "https")
            and urlsplit(r.url).netloc != host else None)
    page.goto(served + "wat-is-er-veranderd/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENSHOTS / "versions-changes-page.png"), full_page=False)
    violations = _axe(page)
    context.close()
    assert foreign == [] and violations == []


def test_printing_shows_the_paper_version_and_hides_the_game(chromium, served):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served + "test-jezelf/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#test-jezelf-papier").is_hidden() and page.locator("#test-jezelf-ronde").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#test-jezelf-papier").is_visible() and page.locator("#test-jezelf-ronde").is_hidden()
    key = page.locator("#test-jezelf-antwoorden")
    assert key.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert key.locator("li").first.inner_text().split(".")[0] in ("Mag", "Mag niet", "Eerst vragen")
    context.close()
