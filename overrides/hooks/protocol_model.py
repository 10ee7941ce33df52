"""The protocol model: organisation settings, articles, their order and numbers.

The MkDocs hooks and scripts/check both import this module, so the build and
the check read every fact the same way. Messages are Dutch because HR reads them.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path
from typing import Any

import yaml

SETTINGS_FILE = "instellingen.yml"
ARTICLE_DIR = "artikelen/"
CHECK_HINT = "Controleer je wijziging met: scripts/check"

# The body sections of an article, in their fixed order.
REQUIRED_SECTIONS = ("Wat we afspreken", "Toelichting", "Voorbeelden")
OPTIONAL_SECTIONS = ("Veelgestelde vragen", "Zie ook")
SECTION_CLASSES = {
    "Wat we afspreken": "regel",
    "Toelichting": "toelichting",
    "Voorbeelden": "voorbeelden",
    "Veelgestelde vragen": "vragen",
    "Zie ook": "zie-ook",
}

# Verdict of an example: admonition type -> label a reader sees.
VERDICTS = {"mag": "Mag", "mag-niet": "Mag niet", "eerst-vragen": "Eerst vragen"}

CONTACT_ROLES = ("woordvoerder", "privacy", "vertrouwenspersoon", "it", "hr")
COUNCIL_KINDS = ("ondernemingsraad", "personeelsvertegenwoordiging", "geen")


class ContentError(Exception):
    """A problem in the content, with the file and line a person must open."""

    def __init__(self, path: str, line: int | None, message: str, hint: str | None = None):
        super().__init__(message)
        self.path, self.line, self.message, self.hint = str(path), line, message, hint

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text}\n    Tip: {self.hint}" if self.hint else text


def numbered_title(number: int, title: str) -> str:
    """The one way an article's number and title are shown everywhere."""
    return f"Artikel {number} – {title}"


def dutch_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    from babel.dates import format_date

    return format_date(value, format="long", locale="nl")


# --------------------------------------------------------------------------
# YAML with line numbers and without implicit dates
# --------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so we can report bad dates ourselves."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_error(path: str, error: yaml.YAMLError, line_offset: int) -> ContentError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 + line_offset if mark else None
    problem = getattr(error, "problem", "") or str(error)
    if "\t" in problem or "'\\t'" in problem:
        return ContentError(path, line, "Er staat een tab in de YAML.", "Gebruik spaties om in te springen, geen tabs.")
    if "mapping values are not allowed" in problem:
        return ContentError(
            path, line, "Een regel heeft een dubbele punt op een plek waar dat niet mag.",
            'Zet tekst met een dubbele punt tussen aanhalingstekens, bijvoorbeeld: titel: "Let op: dit"',
        )
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return ContentError(
            path, line, "De inspringing of een dubbele punt klopt niet.",
            "Elke regel is 'naam: waarde'. Regels op hetzelfde niveau springen even ver in.",
        )
    return ContentError(path, line, f"De YAML klopt niet ({problem}).", "Vergelijk je regel met de regels eromheen.")


def _line_map(node: yaml.Node, prefix: tuple = ()) -> dict[tuple, int]:
    """Map each key path in a composed YAML document to its 1-based line."""
    lines: dict[tuple, int] = {prefix: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = prefix + (key_node.value,)
            lines.update(_line_map(value_node, path))
            lines[path] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_map(item, prefix + (index,)))
    return lines


def load_yaml(path: str, text: str, line_offset: int = 0) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML text; return the data and a map from key path to line."""
    loader = _Loader(text)
    try:  # one parse: the node tree gives the lines, the same tree gives the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise _yaml_error(path, error, line_offset) from None
    finally:
        loader.dispose()
    lines = {k: v + line_offset for k, v in _line_map(node).items()} if node is not None else {}
    return data, lines


def read_text(path: Path, shown_as: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise ContentError(
            shown_as, line, "Dit bestand is niet opgeslagen als UTF-8.",
            "Sla het bestand op met de tekenset UTF-8 (in de meeste editors: 'Opslaan als' > 'UTF-8').",
        ) from None
    except FileNotFoundError:
        raise ContentError(shown_as, None, "Dit bestand bestaat niet.") from None


# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------


def _parse_date(value: Any, path: str, line: int | None, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ContentError(
            path, line, f"'{field}' is geen geldige datum: {value}.",
            "Schrijf een datum als jaar-maand-dag, bijvoorbeeld 2027-01-01.",
        ) from None


def load_settings(project_dir: Path) -> dict:
    """Read and validate instellingen.yml. Returns the settings as plain data."""
    shown = SETTINGS_FILE
    data, lines = load_yaml(shown, read_text(project_dir / SETTINGS_FILE, shown))
    if not isinstance(data, dict):
        raise ContentError(shown, 1, "Het instellingenbestand is leeg of heeft niet de goede vorm.")

    def need(*keys: str) -> Any:
        node: Any = data
        for depth, key in enumerate(keys):
            if not isinstance(node, dict) or node.get(key) in (None, ""):
                parent = keys[:depth]
                raise ContentError(
                    shown, lines.get(keys[: depth + 1]) or lines.get(parent),
                    f"De instelling '{'.'.join(keys)}' ontbreekt of is leeg.",
                    "Vul een waarde in. Kijk in het voorbeeld in de HR-handleiding hoe dat eruitziet.",
                )
            node = node[key]
        return node

    settings = {
        "kantoor": {k: str(need("kantoor", k)) for k in ("naam", "korte_naam")},
        "protocol": {"versie": str(need("protocol", "versie"))},
        "contacten": {},
        "huisstijl": dict(data.get("huisstijl") or {}),
        "webinars": dict(data.get("webinars") or {}),
    }
    settings["kantoor"]["plaats"] = str((data.get("kantoor") or {}).get("plaats") or "")

    protocol = data["protocol"]
    settings["protocol"]["ingangsdatum"] = _parse_date(
        need("protocol", "ingangsdatum"), shown, lines.get(("protocol", "ingangsdatum")), "protocol.ingangsdatum")
    settings["protocol"]["instemming_datum"] = _parse_date(
        protocol.get("instemming_datum"), shown, lines.get(("protocol", "instemming_datum")), "protocol.instemming_datum")
    council = str(protocol.get("medezeggenschap") or "geen")
    if council not in COUNCIL_KINDS:
        raise ContentError(
            shown, lines.get(("protocol", "medezeggenschap")), f"Onbekende waarde voor medezeggenschap: {council}.",
            "Kies uit: " + ", ".join(COUNCIL_KINDS) + ".")
    settings["protocol"]["medezeggenschap"] = council
    months = protocol.get("beoordelen_na_maanden", 12)
    if not isinstance(months, int) or months < 1:
        raise ContentError(shown, lines.get(("protocol", "beoordelen_na_maanden")),
                           "'protocol.beoordelen_na_maanden' moet een heel getal zijn, bijvoorbeeld 12.")
    settings["protocol"]["beoordelen_na_maanden"] = months

    for role in CONTACT_ROLES:
        contact = {k: str(need("contacten", role, k)) for k in ("functie", "naam")}
        extra = data["contacten"][role]
        contact["email"] = str(extra.get("email") or "")
        contact["telefoon"] = str(extra.get("telefoon") or "")
        settings["contacten"][role] = contact

    for key, url in settings["webinars"].items():
        if not str(url).startswith("https://"):
            raise ContentError(shown, lines.get(("webinars", key)), f"Het webinaradres '{key}' begint niet met https://.",
                               "Gebruik altijd een beveiligd adres (https://).")

    switched_off = data.get("uitgeschakeld") or []
    if not isinstance(switched_off, list):
        raise ContentError(shown, lines.get(("uitgeschakeld",)), "'uitgeschakeld' moet een lijst zijn.",
                           "Schrijf elke id op een eigen regel met '- ' ervoor.")
    settings["uitgeschakeld"] = [str(x) for x in switched_off]
    settings["_lines"] = lines
    return settings


# --------------------------------------------------------------------------
# Pages and articles
# --------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclasses.dataclass
class Page:
    """A Markdown page split into front matter and body, with line bookkeeping."""

    path: str  # as shown to the reader, e.g. docs/artikelen/x.md
    meta: dict
    meta_lines: dict
    body: str
    body_first_line: int  # 1-based line of the first body line in the file


def read_page(docs_dir: Path, src_path: str) -> Page:
    shown = f"docs/{src_path}"
    text = read_text(docs_dir / src_path, shown)
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise ContentError(shown, 1, "De kop met gegevens (front matter) is niet afgesloten.",
                               "Zet na de laatste gegevensregel een regel met alleen: ---")
        return Page(shown, {}, {}, text, 1)
    meta, lines = load_yaml(shown, match.group(1) or "", line_offset=1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(shown, 2, "De kop met gegevens (front matter) heeft niet de vorm 'naam: waarde'.")
    rest = text[match.end():]
    body = rest.lstrip("\n")
    first_line = text[: match.end()].count("\n") + (len(rest) - len(body)) + 1
    return Page(shown, meta, lines, body, first_line)


@dataclasses.dataclass
class Article:
    id: str
    titel: str
    src_path: str  # relative to docs/
    optioneel: bool
    samenvatting: str
    zoekwoorden: list[str]
    beoordeeld: datetime.date | None
    page: Page
    nummer: int | None = None  # None when switched off
    site_url: str | None = None  # set by the build from MkDocs' own File; see `url`

    @property
    def kop(self) -> str:
        return numbered_title(self.nummer, self.titel) if self.nummer else self.titel

    @property
    def url(self) -> str:
        """The page URL in the site: MkDocs' own once the build knows it, else the default directory URL."""
        return self.site_url or self.src_path[: -len(".md")] + "/"

    def line_of(self, field: str) -> int | None:
        return self.page.meta_lines.get((field,))


ARTICLE_FIELDS = {"id": str, "titel": str, "optioneel": bool, "samenvatting": str, "zoekwoorden": list}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_article(docs_dir: Path, src_path: str) -> Article:
    page = read_page(docs_dir, src_path)
    meta = page.meta
    if not meta:
        raise ContentError(page.path, 1, "Dit artikel heeft geen kop met gegevens (front matter).",
                           "Begin het bestand met ---, dan id, titel, optioneel, samenvatting en zoekwoorden, en sluit af met ---.")
    for field, kind in ARTICLE_FIELDS.items():
        value = meta.get(field)
        if value in (None, "", []):
            raise ContentError(page.path, page.meta_lines.get((field,), 2), f"Het gegeven '{field}' ontbreekt in de kop van het artikel.",
                               "Kijk in een ander artikel hoe de kop eruitziet.")
        if kind is bool and not isinstance(value, bool):
            raise ContentError(page.path, page.meta_lines.get((field,)), f"'{field}' moet true of false zijn, niet '{value}'.")
        if kind is list and not (isinstance(value, list) and all(isinstance(x, (str, int)) for x in value)):
            raise ContentError(page.path, page.meta_lines.get((field,)), f"'{field}' moet een lijst van woorden zijn.",
                               "Schrijf de woorden tussen blokhaken, bijvoorbeeld: [wachtwoord, laptop].")
        if kind is str and not isinstance(value, (str, int)):
            raise ContentError(page.path, page.meta_lines.get((field,)), f"'{field}' moet een tekst zijn.")
    article_id = str(meta["id"])
    if not ID_PATTERN.match(article_id):
        raise ContentError(page.path, page.meta_lines.get(("id",)), f"De id '{article_id}' is ongeldig.",
                           "Gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld: vertrouwelijke-informatie.")
    reviewed = _parse_date(meta.get("beoordeeld"), page.path, page.meta_lines.get(("beoordeeld",)), "beoordeeld")
    return Article(
        id=article_id, titel=str(meta["titel"]), src_path=src_path, optioneel=meta["optioneel"],
        samenvatting=str(meta["samenvatting"]), zoekwoorden=[str(x) for x in meta["zoekwoorden"]],
        beoordeeld=reviewed, page=page,
    )


def is_article_path(value: object) -> bool:
    """artikelen/x.md is an article; artikelen/index.md is the overview page of the section."""
    return (isinstance(value, str) and value.startswith(ARTICLE_DIR) and value.endswith(".md")
            and value != f"{ARTICLE_DIR}index.md")


def nav_article_paths(nav: list | None) -> list[str]:
    """The article files in the order of the nav in mkdocs.yml: the single source of the order."""
    found: list[str] = []

    def walk(items: Any) -> None:
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif is_article_path(value):
                found.append(value)

    walk(nav)
    return found


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
        # every page asks "am I an article?": answer from a dict, not a scan (50× content stays linear)
        self._by_id = {a.id: a for a in self.articles}
        self._by_path = {a.src_path: a for a in self.articles}

    @property
    def enabled(self) -> list[Article]:
        return [a for a in self.articles if a.nummer]

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def by_path(self, src_path: str) -> Article | None:
        return self._by_path.get(src_path)


def line_of(path: Path, needle: str) -> int | None:
    """The first 1-based line of a file that contains the text, for messages that point at a line."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None


def build_register(project_dir: Path, docs_dir: Path, nav: list | None, settings: dict) -> Register:
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
            raise ContentError("mkdocs.yml", line_of(project_dir / "mkdocs.yml", src), f"Het artikel '{src}' staat in de volgorde, maar het bestand bestaat niet.",
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

    lines = settings.get("_lines", {})
    for index, article_id in enumerate(settings["uitgeschakeld"]):
        article = seen.get(article_id)
        line = lines.get(("uitgeschakeld", index))
        if article is None:
            raise ContentError(SETTINGS_FILE, line, f"Onder 'uitgeschakeld' staat '{article_id}', maar zo'n artikel bestaat niet.",
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


# --------------------------------------------------------------------------
# Changelog
# --------------------------------------------------------------------------

CHANGELOG_FILE = "docs/_data/wijzigingen.yml"


def load_changelog(project_dir: Path, version: str) -> list[dict]:
    """Read the changelog; the current version from the settings must have an entry."""
    shown = CHANGELOG_FILE
    data, lines = load_yaml(shown, read_text(project_dir / CHANGELOG_FILE, shown))
    if not isinstance(data, list) or not data:
        raise ContentError(shown, 1, "Het wijzigingenlogboek is leeg of heeft niet de goede vorm.",
                           "Elke versie begint met '- versie:', gevolgd door 'datum:' en 'wijzigingen:'.")
    entries = []
    for index, item in enumerate(data):
        line = lines.get((index,))
        if not isinstance(item, dict) or not item.get("versie") or not item.get("wijzigingen"):
            raise ContentError(shown, line, "Deze versie mist 'versie' of 'wijzigingen'.",
                               "Kijk naar de eerste versie in het bestand voor een voorbeeld.")
        changes = item["wijzigingen"]
        if not isinstance(changes, list):
            raise ContentError(shown, lines.get((index, "wijzigingen")), "'wijzigingen' moet een lijst zijn.",
                               "Zet elke wijziging op een eigen regel met '- ' ervoor.")
        entries.append({"versie": str(item["versie"]),
                        "datum": _parse_date(item.get("datum"), shown, lines.get((index, "datum")), "datum"),
                        "wijzigingen": [str(c) for c in changes]})
    if version not in {e["versie"] for e in entries}:
        raise ContentError(shown, 1, f"Versie {version} uit instellingen.yml staat niet in het wijzigingenlogboek.",
                           f"Zet bovenaan een nieuw blok: '- versie: \"{version}\"' met de datum en wat er veranderd is.")
    return entries


# --------------------------------------------------------------------------
# Review dates
# --------------------------------------------------------------------------


def review_due(article: Article, months: int) -> datetime.date | None:
    """The date by which an article must be reviewed again, or None without a 'beoordeeld' date."""
    if article.beoordeeld is None:
        return None
    import calendar

    day = article.beoordeeld
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _NavLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !!python or !ENV tags: only the nav is needed."""


_NavLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_nav(project_dir: Path) -> list:
    """The nav of mkdocs.yml, for tools that run outside a build (scripts, tests)."""
    text = read_text(project_dir / "mkdocs.yml", "mkdocs.yml")
    try:
        return (yaml.load(text, Loader=_NavLoader) or {}).get("nav") or []
    except yaml.YAMLError as error:
        raise _yaml_error("mkdocs.yml", error, 0) from None


def load_register(project_dir: Path) -> Register:
    """Settings and articles as the build reads them, for tools outside a build."""
    return build_register(project_dir, project_dir / "docs", read_nav(project_dir), load_settings(project_dir))
