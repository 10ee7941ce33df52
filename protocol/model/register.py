"""The register: every article in the order of mkdocs.yml's nav, numbered, with switched-off ones marked.

The nav is the single source of the order; numbers are derived here and nowhere else.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from .articles import ARTICLE_DIR, Article, is_article_path, read_article
from .errors import ContentError
from .settings import SETTINGS_FILE, Settings, load_settings
from .yamlio import _yaml_error, line_of, read_text


def nav_files(nav: list | None) -> list[str]:
    """Every Markdown file named in the nav, in order."""
    found: list[str] = []

    def walk(items: Any) -> None:
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append(value)

    walk(nav)
    return found


def nav_article_paths(nav: list | None) -> list[str]:
    """The article files in the order of the nav."""
    return [path for path in nav_files(nav) if is_article_path(path)]


def filter_nav(nav: list, drop: set[str]) -> list:
    """A copy of the nav without the given files (switched-off articles)."""
    result = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            result.append({next(iter(item)): filter_nav(value, drop)})
        elif value not in drop:
            result.append(item)
    return result


@dataclasses.dataclass
class Register:
    """All articles in nav order; the enabled ones carry their number."""

    articles: list[Article]

    def __post_init__(self):
        self._by_id = {a.id: a for a in self.articles}
        self._by_path = {a.src_path: a for a in self.articles}

    @property
    def enabled(self) -> list[Article]:
        return [a for a in self.articles if a.nummer]

    @property
    def switched_off(self) -> list[Article]:
        return [a for a in self.articles if not a.nummer]

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def by_path(self, src_path: str) -> Article | None:
        return self._by_path.get(src_path)


def build_register(project_dir: Path, docs_dir: Path, nav: list | None, settings: Settings) -> Register:
    """Read the articles named in the nav, check ids, apply switched-off settings and number them."""
    paths = nav_article_paths(nav)
    on_disk = sorted(src for p in (docs_dir / ARTICLE_DIR).glob("*.md")
                     if is_article_path(src := p.relative_to(docs_dir).as_posix()))
    for src in on_disk:
        if src not in paths:
            raise ContentError(f"docs/{src}", None, "Dit artikel staat niet in de volgorde van het protocol.",
                               f"Zet de regel '- {src}' onder 'Protocol' in mkdocs.yml, op de plek waar het artikel hoort.")
    articles = []
    for src in paths:
        if not (docs_dir / src).is_file():
            raise ContentError("mkdocs.yml", line_of(project_dir / "mkdocs.yml", src),
                               f"Het artikel '{src}' staat in de volgorde, maar het bestand bestaat niet.",
                               "Haal de regel weg of herstel de bestandsnaam.")
        articles.append(read_article(docs_dir, src))

    seen: dict[str, Article] = {}
    for article in articles:
        if article.id in seen:
            other = seen[article.id]
            raise ContentError(article.page.path, article.line_of("id"),
                               f"De id '{article.id}' wordt al gebruikt in {other.page.path}.",
                               "Elke id komt maar één keer voor. Kies een andere id voor een van de twee artikelen.")
        seen[article.id] = article

    for index, article_id in enumerate(settings["uitgeschakeld"]):
        article = seen.get(article_id)
        line = settings.line("uitgeschakeld", index)
        if article is None:
            raise ContentError(SETTINGS_FILE, line, f"Onder 'uitgeschakeld' staat '{article_id[:60]}', maar zo'n artikel bestaat niet.",
                               "Kies een id uit: " + ", ".join(a.id for a in articles if a.optioneel) + ".")
        if not article.optioneel:
            raise ContentError(SETTINGS_FILE, line, f"Het artikel '{article_id}' is verplicht en kan niet uit.",
                               "Alleen artikelen met 'optioneel: true' kun je uitzetten.")

    number = 0
    for article in articles:
        if article.id not in settings["uitgeschakeld"]:
            number += 1
            article.nummer = number
    return Register(articles)


class _NavLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !!python or !ENV tags: only the nav is needed."""


_NavLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(project_dir: Path) -> dict:
    """mkdocs.yml as data, for tools that run outside a build; tags such as !ENV read as None."""
    text = read_text(project_dir / "mkdocs.yml", "mkdocs.yml")
    try:
        return yaml.load(text, Loader=_NavLoader) or {}
    except yaml.YAMLError as error:
        raise _yaml_error("mkdocs.yml", error, 0) from None


def read_nav(project_dir: Path) -> list:
    return read_mkdocs_yml(project_dir).get("nav") or []


def load_register(project_dir: Path) -> Register:
    """Settings and articles as the build reads them, for tools outside a build."""
    return build_register(project_dir, project_dir / "docs", read_nav(project_dir), load_settings(project_dir))
