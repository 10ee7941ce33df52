"""instellingen.yml: the office's own facts, read as text and validated with the line of each value."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ContentError
from .logo import check_logo
from .text import parse_date, plain_text
from .yamlio import as_int, load_yaml, read_text

SETTINGS_FILE = "instellingen.yml"
CONTACT_ROLES = ("woordvoerder", "privacy", "vertrouwenspersoon", "it", "hr")
COUNCIL_KINDS = ("ondernemingsraad", "personeelsvertegenwoordiging", "geen")
DEFAULT_COLOURS = {"kleur": "#1b4f72", "accentkleur": "#c0561a"}

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
# What a URL may contain once it is inside a Markdown link and an href: no spaces, quotes, brackets or markup.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+$")


@dataclasses.dataclass
class Settings:
    """The validated settings, as plain data, and the line of every key for messages."""

    data: dict
    lines: dict[tuple, int]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def line(self, *keys) -> int | None:
        return self.lines.get(tuple(keys))


def check_https_url(value: Any, path: str, line: int | None, field: str) -> str:
    url = str(value).strip()
    parts = urlsplit(url) if _URL_CHARS.match(url) else None
    if parts is None or parts.scheme != "https" or not parts.hostname or "(" in url or ")" in url:
        raise ContentError(path, line, f"'{field}' is geen geldig webadres: {url[:80]}",
                           "Schrijf een volledig adres dat begint met https://, zonder spaties, haakjes of aanhalingstekens.")
    return url


def load_settings(project_dir: Path) -> Settings:
    """Read and validate instellingen.yml."""
    shown = SETTINGS_FILE
    data, lines = load_yaml(shown, read_text(project_dir / SETTINGS_FILE, shown))
    if not isinstance(data, dict):
        raise ContentError(shown, 1, "Het instellingenbestand is leeg of heeft niet de goede vorm.")

    def need(*keys: str) -> Any:
        node: Any = data
        for depth, key in enumerate(keys):
            if not isinstance(node, dict) or node.get(key) in (None, ""):
                raise ContentError(
                    shown, lines.get(keys[: depth + 1]) or lines.get(keys[:depth]),
                    f"De instelling '{'.'.join(keys)}' ontbreekt of is leeg.",
                    "Vul een waarde in. Kijk in het voorbeeld in de HR-handleiding hoe dat eruitziet.",
                )
            node = node[key]
        if isinstance(node, (dict, list)):
            raise ContentError(shown, lines.get(keys), f"De instelling '{'.'.join(keys)}' moet één waarde zijn.")
        return node

    def text(*keys: str, required: bool = True) -> str:
        value = need(*keys) if required else _get(data, keys)
        return plain_text(value, shown, lines.get(keys), ".".join(keys)) if value not in (None, "") else ""

    settings: dict[str, Any] = {
        "kantoor": {"naam": text("kantoor", "naam"), "korte_naam": text("kantoor", "korte_naam"),
                    "plaats": text("kantoor", "plaats", required=False)},
        "protocol": {"versie": _version(need("protocol", "versie"), shown, lines.get(("protocol", "versie")))},
        "contacten": {},
    }
    protocol = data["protocol"]
    settings["protocol"]["ingangsdatum"] = parse_date(
        need("protocol", "ingangsdatum"), shown, lines.get(("protocol", "ingangsdatum")), "protocol.ingangsdatum")
    settings["protocol"]["instemming_datum"] = parse_date(
        protocol.get("instemming_datum"), shown, lines.get(("protocol", "instemming_datum")), "protocol.instemming_datum")
    council = str(protocol.get("medezeggenschap") or "geen")
    if council not in COUNCIL_KINDS:
        raise ContentError(
            shown, lines.get(("protocol", "medezeggenschap")), f"Onbekende waarde voor medezeggenschap: {council}.",
            "Kies uit: " + ", ".join(COUNCIL_KINDS) + ".")
    settings["protocol"]["medezeggenschap"] = council
    settings["protocol"]["beoordelen_na_maanden"] = as_int(
        protocol.get("beoordelen_na_maanden") or "12", shown, lines.get(("protocol", "beoordelen_na_maanden")),
        "protocol.beoordelen_na_maanden")

    for role in CONTACT_ROLES:
        contact = {"functie": text("contacten", role, "functie"), "naam": text("contacten", role, "naam"),
                   "email": text("contacten", role, "email", required=False),
                   "telefoon": text("contacten", role, "telefoon", required=False)}
        if contact["email"] and not _EMAIL.match(contact["email"]):
            raise ContentError(shown, lines.get(("contacten", role, "email")), f"'{contact['email']}' is geen e-mailadres.",
                               "Schrijf het adres als naam@kantoor.nl.")
        if contact["telefoon"] and not _PHONE.match(contact["telefoon"]):
            raise ContentError(shown, lines.get(("contacten", role, "telefoon")),
                               f"'{contact['telefoon']}' is geen telefoonnummer.",
                               "Gebruik alleen cijfers, spaties, streepjes en eventueel een + vooraan, bijvoorbeeld: 033 123 45 10.")
        settings["contacten"][role] = contact

    style = _section(data, "huisstijl", shown, lines)
    settings["huisstijl"] = {}
    for key, default in DEFAULT_COLOURS.items():
        colour = str(style.get(key) or default).strip()
        if not _COLOUR.match(colour):
            raise ContentError(shown, lines.get(("huisstijl", key)), f"'huisstijl.{key}' is geen kleur: {colour[:40]}",
                               'Schrijf een kleur als # met zes tekens, tussen aanhalingstekens, bijvoorbeeld: "#1b4f72".')
        settings["huisstijl"][key] = colour
    logo = style.get("logo")
    settings["huisstijl"]["logo"] = check_logo(project_dir / "docs", str(logo), shown, lines.get(("huisstijl", "logo"))) if logo else ""

    webinars = _section(data, "webinars", shown, lines)
    settings["webinars"] = {}
    for key, url in webinars.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(key)):
            raise ContentError(shown, lines.get(("webinars", key)), f"De naam '{key}' onder 'webinars' is ongeldig.",
                               "Gebruik alleen kleine letters, cijfers en _.")
        settings["webinars"][key] = check_https_url(url, shown, lines.get(("webinars", key)), f"webinars.{key}")

    switched_off = data.get("uitgeschakeld") or []
    if not isinstance(switched_off, list):
        raise ContentError(shown, lines.get(("uitgeschakeld",)), "'uitgeschakeld' moet een lijst zijn.",
                           "Schrijf elke id op een eigen regel met '- ' ervoor.")
    settings["uitgeschakeld"] = [str(x) for x in switched_off]
    settings["repository"] = _repository(data, shown, lines)
    return Settings(settings, lines)


def _get(data: dict, keys: tuple) -> Any:
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _section(data: dict, name: str, shown: str, lines: dict) -> dict:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise ContentError(shown, lines.get((name,)), f"'{name}' moet een blok met 'naam: waarde'-regels zijn.")
    return value


def _version(value: Any, shown: str, line: int | None) -> str:
    version = str(value).strip()
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+){0,3}", version):
        raise ContentError(shown, line, f"De versie '{version[:40]}' is ongeldig.",
                           'Schrijf een versie als cijfers met punten, tussen aanhalingstekens, bijvoorbeeld: "1.1".')
    return version


def _repository(data: dict, shown: str, lines: dict) -> str:
    """The office's git repository (for "Bewerk deze pagina"), or ""."""
    value = data.get("repository")
    return check_https_url(value, shown, lines.get(("repository",)), "repository") if value else ""
