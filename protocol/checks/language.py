"""Language checks on the built site: readability (Flesch-Douma) and spelling (hunspell).

Both read the rendered HTML, so they see the text a reader sees, with the
office's settings filled in. Problems point back to the Markdown source line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

from protocol.model import SETTINGS_FILE, ContentError

READABILITY_MINIMUM = 60.0
WORDLIST = "docs/_data/woordenlijst.txt"
HUNSPELL_DICTIONARY = "nl_NL"

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")  # any letters, also ă and ł
_BLOCKS = ["p", "li", "dd", "dt", "td", "th", "h3", "h4"]


def _content(html_path: Path) -> BeautifulSoup | None:
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    if article is None:
        return None
    for node in article.select("a.headerlink, code, pre, script, style, .md-source-file"):
        node.decompose()
    return article


def _sentences(node) -> str:
    """Block texts as sentences: list items and table cells count as a sentence of their own."""
    parts = []
    for block in node.find_all(_BLOCKS):
        if block.find(_BLOCKS):  # nested list: the inner blocks are counted on their own
            continue
        text = " ".join(block.get_text(" ").split())
        if text:
            parts.append(text if text[-1] in ".!?:" else text + ".")
    return " ".join(parts)


@dataclass
class Readability:
    path: str
    title: str
    score: float
    words: int


def readability(site_dir: Path, articles) -> list[Readability]:
    """Flesch-Douma of the rule and explanation text of each enabled article."""
    textstat.set_lang("nl")
    results = []
    for article in articles:
        content = _content(site_dir / article.url / "index.html")
        if content is None:
            continue
        text = " ".join(_sentences(section) for section in content.select("section.artikel-regel, section.artikel-toelichting"))
        results.append(Readability(article.page.path, article.kop, round(textstat.flesch_reading_ease(text), 1),
                                   textstat.lexicon_count(text)))
    return results


# --------------------------------------------------------------------------
# Spelling
# --------------------------------------------------------------------------


def _page_words(site_dir: Path) -> dict[Path, set[str]]:
    words: dict[Path, set[str]] = {}
    for html in sorted(site_dir.rglob("*.html")):
        if html.name != "index.html" or html.parent.name in ("print_page",):
            continue
        content = _content(html)
        if content is None:
            continue
        text = content.get_text(" ")
        text = re.sub(r"\S+@\S+|https?://\S+|\S+\.(?:example|nl|com|pdf)\b", " ", text)
        words[html] = set(_WORD.findall(text))
    return words


def _source_for(site_dir: Path, html: Path, project: Path) -> Path | None:
    relative = html.parent.relative_to(site_dir)
    candidates = [project / "docs" / "index.md"] if str(relative) == "." else [
        project / "docs" / f"{relative}.md", project / "docs" / relative / "index.md"]
    return next((c for c in candidates if c.exists()), None)


def _find_line(path: Path, word: str) -> int | None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.search(line):
            return number
    return None


def hunspell_available() -> bool:
    return shutil.which("hunspell") is not None


def office_words(settings) -> set[str]:
    """The office's own names and addresses from instellingen.yml: facts to publish, not words to spell-check."""
    values = [settings["kantoor"]["naam"], settings["kantoor"]["korte_naam"], settings["kantoor"]["plaats"]]
    for contact in settings["contacten"].values():
        values += [contact["naam"], contact["functie"], contact["email"]]
    return {word for value in values for word in _WORD.findall(value)}


def misspelled(words: set[str], project: Path) -> set[str]:
    """The words hunspell's Dutch dictionary and the project word list do not know."""
    if not words:
        return set()
    result = subprocess.run(
        ["hunspell", "-d", HUNSPELL_DICTIONARY, "-p", str(project / WORDLIST), "-i", "utf-8", "-l"],
        input="\n".join(sorted(words)), capture_output=True, text=True, check=True,
    )
    return set(result.stdout.split())


def spelling(site_dir: Path, project: Path, settings) -> list[ContentError]:
    """A ContentError for each unknown word, at the first source line where it is written."""
    per_page = _page_words(site_dir)
    unknown = misspelled(set().union(*per_page.values()) if per_page else set(), project) - office_words(settings)
    errors: list[ContentError] = []
    reported: set[tuple[str, str]] = set()
    settings = project / SETTINGS_FILE
    for html, words in per_page.items():
        source = _source_for(site_dir, html, project)
        for word in sorted(words & unknown):
            where, line = (source, _find_line(source, word)) if source else (None, None)
            if line is None and _find_line(settings, word):
                where, line = settings, _find_line(settings, word)
            shown = str(where.relative_to(project)) if where else str(html.relative_to(site_dir))
            if (shown, word) in reported:
                continue
            reported.add((shown, word))
            errors.append(ContentError(
                shown, line, f"Onbekend woord: '{word}'.",
                f"Is het een tikfout? Verbeter het dan. Is het goed gespeld (een naam of vakterm)? "
                f"Zet het woord dan op een eigen regel in {WORDLIST}."))
    return errors
