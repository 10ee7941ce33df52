"""Run employee questions through the site's real search in Chromium and score the answers.

A result group counts as an answer for an article when it is that article's
page, or when the section shown first in the group (a FAQ question, a
glossary term) links to that article: the reader sees the link right there.
"""

from __future__ import annotations

import dataclasses
import statistics
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

EVAL_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "zoekvragen.yml"

@dataclasses.dataclass
class Outcome:
    query: str
    expected: list[str]
    groups: list[set[str]]
    labels: list[str]
    latency_ms: float | None

    @property
    def rank(self) -> int | None:
        for position, found in enumerate(self.groups, start=1):
            if found & set(self.expected):
                return position
        return None


def load_eval_set(path: Path = EVAL_SET) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def section_links(site: Path, article_ids_by_url: dict[str, str]) -> dict[str, set[str]]:
    """For every heading id on every page: the articles linked from that section."""
    result: dict[str, set[str]] = {}
    for html in site.rglob("index.html"):
        if "print_page" in html.parts:
            continue
        page_url = html.parent.relative_to(site).as_posix()
        page_url = "" if page_url == "." else page_url + "/"
        article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article.md-content__inner")
        if article is None:
            continue
        current: str | None = None
        for node in article.find_all(["h1", "h2", "h3", "h4", "a"]):
            if node.name != "a":
                current = node.get("id")
                continue
            if current is None or not node.get("href"):
                continue
            target = (html.parent / node["href"].split("#")[0]).resolve()
            try:
                relative = target.relative_to(site.resolve()).as_posix() + "/"
            except ValueError:
                continue
            if relative in article_ids_by_url:
                result.setdefault(f"{page_url}#{current}", set()).add(article_ids_by_url[relative])
    return result


def _resolve(href: str, base: str, ids_by_url: dict[str, str], sections: dict[str, set[str]]) -> set[str]:
    path = urlsplit(href).path[len(urlsplit(base).path):]
    fragment = urlsplit(href).fragment
    if path in ids_by_url:
        return {ids_by_url[path]}
    return set(sections.get(f"{path}#{fragment}", set()))


def open_search(page, base_url: str) -> None:
    """Load the home page, open the search box with Material's '/' shortcut and watch the result list."""
    page.goto(base_url)
    page.keyboard.press("/")
    page.wait_for_selector(".md-search__input:focus")
    page.evaluate("""() => {
      window.__search = {lastKey: 0, lastChange: 0};
      const list = document.querySelector('.md-search-result__list');
      new MutationObserver(() => { window.__search.lastChange = performance.now(); })
        .observe(list, {childList: true, subtree: true});
      document.querySelector('.md-search__input')
        .addEventListener('keydown', () => { window.__search.lastKey = performance.now(); });
    }""")


def type_query(page, query: str, settle_ms: int = 300, letter_by_letter: bool = True) -> float | None:
    """Type into the open search box and wait until the results settle. Returns ms from last key to results.

    letter_by_letter=False pastes the query and presses End: one search instead of one per letter
    (Material reads the box on each key release).
    """
    page.fill(".md-search__input", "")
    page.wait_for_timeout(50)
    page.evaluate("() => { window.__search.lastKey = 0; window.__search.lastChange = 0; }")
    if letter_by_letter:
        page.keyboard.type(query, delay=10)
    else:
        page.fill(".md-search__input", query)
        page.keyboard.press("End")
    # Settled: no change for settle_ms. When the last key did not change the list
    # (same results as one letter earlier), there is no timing to report.
    page.wait_for_function(
        f"""() => {{
          const s = window.__search, now = performance.now();
          return now - Math.max(s.lastKey, s.lastChange) > {settle_ms} && (s.lastChange > s.lastKey || now - s.lastKey > 1000);
        }}""",
        timeout=30_000,
    )
    return page.evaluate("() => window.__search.lastChange > window.__search.lastKey ? window.__search.lastChange - window.__search.lastKey : null")


def search(page, base_url: str, query: str, ids_by_url, sections, settle_ms: int = 300,
           letter_by_letter: bool = True) -> Outcome:
    """Type the query into the (open) search box like a person, then read the result groups."""
    timing = type_query(page, query, settle_ms, letter_by_letter)
    data = page.evaluate("""() => ({
      groups: [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        links: [...item.querySelectorAll('a.md-search-result__link')].map(a => a.href),
        title: (item.querySelector('h1, h2') || {}).textContent || ''
      }))
    })""")
    groups, labels = [], []
    for group in data["groups"]:
        links = group["links"]
        found = _resolve(links[0], base_url, ids_by_url, sections) if links else set()
        if not found and len(links) > 1:  # a non-article page: the section shown first
            found = _resolve(links[1], base_url, ids_by_url, sections)
        groups.append(found)
        labels.append(" ".join(group["title"].split()))
    return Outcome(query, [], groups, labels, timing)


def evaluate(page, base_url: str, site: Path, register, eval_set: list[dict],
             letter_by_letter: bool = True) -> list[Outcome]:
    """Every question through the search box. letter_by_letter=False pastes each question:
    the same final results, much faster, but no typing latency."""
    ids_by_url = {article.url: article.id for article in register.enabled}
    sections = section_links(site, ids_by_url)
    outcomes = []
    open_search(page, base_url)
    for item in eval_set:
        expected = [i for i in item["goed"] if i in ids_by_url.values()]
        if not expected:  # every right answer is switched off in this build
            continue
        if letter_by_letter:
            outcome = search(page, base_url, item["vraag"], ids_by_url, sections)
        else:
            outcome = search(page, base_url, item["vraag"], ids_by_url, sections, settle_ms=150, letter_by_letter=False)
        outcome.expected = expected
        outcomes.append(outcome)
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    total = len(outcomes)
    hit1 = sum(1 for o in outcomes if o.rank == 1)
    hit3 = sum(1 for o in outcomes if o.rank and o.rank <= 3)
    timings = [o.latency_ms for o in outcomes if o.latency_ms is not None]
    lines = [f"Zoekvragen: {total}",
             f"hit@1: {hit1}/{total} = {hit1 / total:.1%}",
             f"hit@3: {hit3}/{total} = {hit3 / total:.1%}"]
    if timings:
        lines.append(f"Tijd van laatste toetsaanslag tot resultaat: mediaan {statistics.median(timings):.0f} ms, "
                     f"p95 {percentile(timings, 95):.0f} ms, max {max(timings):.0f} ms ({len(timings)} metingen)")
    misses = [o for o in outcomes if o.rank != 1]
    if misses:
        lines.append("Niet op plaats 1:")
        for o in misses:
            lines.append(f"  - {o.query!r}: plaats {o.rank or '-'}; verwacht {', '.join(o.expected)}; "
                         f"kreeg {' | '.join(o.labels[:3])}")
    return "\n".join(lines)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


def hit_rates(outcomes: list[Outcome]) -> tuple[float, float]:
    total = len(outcomes)
    return (sum(1 for o in outcomes if o.rank == 1) / total,
            sum(1 for o in outcomes if o.rank and o.rank <= 3) / total)
