"""mkdocs.yml is edited by HR too (the article order), so it may not turn on code that runs during a build,
nor put unescaped text or outside requests into every page.

Everything is allow-listed: the top-level keys, the theme's keys, the plugins and their options, the
Markdown extensions. Found by trying: `extra_templates` renders a docs/ file with Jinja outside the
sandbox, print-site's `cover_page_template` does the same, `INHERIT` pulls in a file this check never
read, `site_dir` decides which folder the build empties, and Material prints nav titles and the palette's
toggle names without escaping them.
"""

from __future__ import annotations

import re
from pathlib import Path

from protocol.model import ContentError, read_mkdocs_yml, read_text

ALLOWED_PLUGINS = {"search", "protocol", "offline", "material/offline", "print-site"}
ALLOWED_EXTENSIONS = {"abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
                      "pymdownx.details", "pymdownx.superfences"}
TOP_LEVEL = {"site_name", "site_description", "site_url", "use_directory_urls", "strict", "theme", "watch", "extra",
             "extra_css", "nav", "exclude_docs", "validation", "markdown_extensions", "plugins"}
THEME_KEYS = {"name", "language", "custom_dir", "font", "icon", "palette", "features"}
EXTRA_KEYS = {"generator", "status"}
# Options per plugin. None: any value. A set: one of these values. The protocol plugin's paths come
# from the environment only (!ENV reads as None here), never from a literal in this file.
PLUGIN_OPTIONS = {
    "search": {"lang": None, "pipeline": None, "separator": None, "fields": None},
    "protocol": {"pdf": None, "offline_shim": {None}, "pdf_cache": {None}},
    "offline": {"enabled": None},
    "material/offline": {"enabled": None},
    "print-site": {"print_page_title": None, "add_to_navigation": None, "add_cover_page": None,
                   "cover_page_template": {"overrides/print/cover.html"}, "add_table_of_contents": None,
                   "toc_title": None, "toc_depth": None, "add_full_urls": None, "enumerate_headings": None,
                   "enumerate_figures": None},
}
PRINTED_PLUGIN_TEXT = {("print-site", "print_page_title"), ("print-site", "toc_title")}
_PYTHON_TAG = re.compile(r"!!python/")
_MARKUP = re.compile(r"[<>\"`]")
_ICON = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
_LOCAL_CSS = re.compile(r"^assets/stylesheets/[A-Za-z0-9_./-]+\.css$")
HINT = "Deze regel laat tijdens het bouwen eigen code draaien. Dat mag niet: de logica staat in protocol/."


def check_mkdocs_yml(project: Path) -> list[ContentError]:
    shown = "mkdocs.yml"
    text = read_text(project / "mkdocs.yml", shown)
    errors: list[ContentError] = []

    def refuse(needle: str | None, message: str, hint: str = HINT) -> None:
        errors.append(ContentError(shown, _line(text, needle) if needle else None, message, hint))

    for number, line in enumerate(text.splitlines(), 1):
        if _PYTHON_TAG.search(line):
            errors.append(ContentError(shown, number, "Deze instelling is niet toegestaan in mkdocs.yml.", HINT))
    data = read_mkdocs_yml(project)
    if not isinstance(data, dict):
        return errors + [ContentError(shown, 1, "mkdocs.yml heeft niet de vorm 'naam: waarde'.")]
    for key in data:
        if key not in TOP_LEVEL:
            refuse(f"{key}:", f"De instelling '{key}' is niet toegestaan in mkdocs.yml.",
                   "Toegestaan zijn: " + ", ".join(sorted(TOP_LEVEL)) + ". Scripts, sjablonen en mappen regelt de plugin protocol.")
    for key in ("site_name", "site_description"):
        _plain(data.get(key), key, refuse)
    site_url = data.get("site_url")
    if site_url not in (None, "") and not (isinstance(site_url, str) and site_url.startswith("https://")):
        refuse("site_url:", "'site_url' moet leeg zijn of beginnen met https://.", "Laat site_url leeg als je het niet zeker weet.")
    _check_theme(data.get("theme"), refuse)
    _check_extra(data.get("extra"), refuse)
    for entry in data.get("extra_css") or []:
        if not (isinstance(entry, str) and _LOCAL_CSS.match(entry) and ".." not in entry):
            refuse(str(entry), f"Het stijlbestand '{entry}' is niet toegestaan.",
                   "Een stijlbestand staat in docs/assets/stylesheets/ en wordt niet van een andere site gehaald.")
    _check_nav(data.get("nav") or [], refuse)
    _check_plugins(data.get("plugins") or [], refuse)
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in data.get("markdown_extensions") or []]
    for name in extensions:
        if name not in ALLOWED_EXTENSIONS:
            refuse(str(name), f"De Markdown-uitbreiding '{name}' is niet toegestaan.",
                   "Nieuwe uitbreidingen komen er alleen bij na een controle door de beheerder.")
    return errors


def _plain(value, field: str, refuse) -> None:
    if isinstance(value, str) and _MARKUP.search(value):
        refuse(value[:40], f"'{field}' bevat < > \" of `; dat mag niet in gewone tekst.",
               "Schrijf gewone tekst. De site toont deze tekst op elke pagina.")
    elif value is not None and not isinstance(value, (str, int, float, bool)):
        refuse(f"{field}:", f"'{field}' moet een tekst zijn.")


def _check_theme(theme, refuse) -> None:
    if not isinstance(theme, dict):
        refuse("theme:", "Bij 'theme' hoort 'name: material' met de instellingen eronder.")
        return
    for key in theme:
        if key not in THEME_KEYS:
            refuse(f"{key}:", f"De instelling 'theme.{key}' is niet toegestaan.",
                   "Het logo en het icoontje zet je in instellingen.yml (huisstijl).")
    if theme.get("name") != "material":
        refuse("name:", "Het thema moet 'material' blijven.")
    if theme.get("custom_dir", "overrides") != "overrides":
        refuse("custom_dir", "De map met sjablonen moet 'overrides' blijven.")
    if theme.get("font", False) is not False:
        refuse("font:", "'theme.font' moet false blijven: anders haalt de site lettertypes van Google.",
               "De site gebruikt de lettertypes van de computer en haalt niets van buiten.")
    for value in _strings(theme.get("icon")):
        if not _ICON.match(value):
            refuse(value, f"Het icoon '{value}' is geen naam van een icoon van Material (zoals material/shield-account).")
    for option in theme.get("palette") or []:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict):
            _plain(toggle.get("name"), "theme.palette.toggle.name", refuse)
            if isinstance(toggle.get("icon"), str) and not _ICON.match(toggle["icon"]):
                refuse(toggle["icon"], f"Het icoon '{toggle['icon']}' is geen naam van een icoon van Material.")


def _check_extra(extra, refuse) -> None:
    if extra is None:
        return
    if not isinstance(extra, dict):
        refuse("extra:", "Bij 'extra' horen alleen 'generator' en 'status'.")
        return
    for key in extra:
        if key not in EXTRA_KEYS:
            refuse(f"{key}:", f"De instelling 'extra.{key}' is niet toegestaan.",
                   "Bijvoorbeeld 'analytics' of 'social' zouden iets van buiten laden of ongecontroleerd tonen.")
    for value in _strings(extra.get("status")):
        _plain(value, "extra.status", refuse)


def _check_nav(items, refuse) -> None:
    """Material prints nav titles without escaping; a nav entry is a page in docs/ or an https link."""
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            for title, value in item.items():
                _plain(title, "nav", refuse)
                if isinstance(value, list):
                    _check_nav(value, refuse)
                elif isinstance(value, str) and "://" in value and not value.startswith("https://"):
                    refuse(value, f"De link '{value}' in nav is niet toegestaan.", "Een link naar buiten begint met https://.")
        elif isinstance(item, str) and "://" in item and not item.startswith("https://"):
            refuse(item, f"De link '{item}' in nav is niet toegestaan.", "Een link naar buiten begint met https://.")


def _check_plugins(plugins, refuse) -> None:
    for entry in plugins:
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        if name not in ALLOWED_PLUGINS:
            refuse(str(name), f"De plugin '{name}' is niet toegestaan.")
            continue
        allowed = PLUGIN_OPTIONS.get(name, {})
        for option, value in (options or {}).items() if isinstance(options, dict) else []:
            if option not in allowed:
                refuse(f"{option}:", f"De optie '{option}' van de plugin '{name}' is niet toegestaan.",
                       "Sommige opties laten een sjabloon of bestand buiten de controle lezen; de plugin protocol regelt ze.")
            elif allowed[option] is not None and value not in allowed[option]:
                refuse(f"{option}:", f"De optie '{option}' van de plugin '{name}' mag hier niet zo staan.",
                       "Deze waarde staat vast, of wordt alleen via de omgeving gezet (!ENV).")
            elif (name, option) in PRINTED_PLUGIN_TEXT:
                _plain(value, f"{name}.{option}", refuse)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _line(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None
