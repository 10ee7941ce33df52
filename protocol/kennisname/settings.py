"""The `kennisname` block of instellingen.yml, read and checked, with Dutch messages that name file and line."""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from pathlib import Path
from typing import Any

from ._model import ContentError, as_bool, load_settings, load_yaml, read_text

SETTINGS_FILE = "instellingen.yml"
BLOCK = "kennisname"
KNOWN_KEYS = ("aan", "gebruikersheader", "hr_gebruikers", "personeel", "personeelslijst", "database", "site_map", "luister")
# nginx and the service must agree on a plain header name; these carry other meaning
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_RESERVED_HEADERS = {"host", "cookie", "authorization", "origin", "referer", "content-type", "content-length",
                     "sec-fetch-site", "x-forwarded-for", "x-forwarded-proto"}


@dataclasses.dataclass(frozen=True)
class Listen:
    """Where the service listens: a loopback address and port, or a unix socket."""

    host: str | None = None
    port: int | None = None
    socket: Path | None = None

    def __str__(self) -> str:
        return f"unix:{self.socket}" if self.socket else f"{self.host}:{self.port}"


@dataclasses.dataclass(frozen=True)
class Config:
    aan: bool
    header: str
    hr_users: frozenset[str]
    staff: tuple[str, ...]
    database: Path
    site_dir: Path
    listen: Listen
    short_name: str  # kantoor.korte_naam: part of the PDF's file name
    office_name: str  # kantoor.naam: on the pages and the evidence


def _where(lines: dict, *keys: Any) -> int | None:
    for depth in range(len(keys), 0, -1):
        if keys[:depth] in lines:
            return lines[keys[:depth]]
    return None


def _names(value: Any, shown: str, lines: dict, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError(shown, _where(lines, BLOCK, key), f"'{BLOCK}.{key}' moet een lijst met gebruikersnamen zijn.",
                           f"Schrijf bijvoorbeeld: {key}: [fatima.elamrani]")
    names = []
    for index, item in enumerate(value):
        name = str(item).strip() if item is not None else ""
        if not name or isinstance(item, (dict, list)):
            raise ContentError(shown, _where(lines, BLOCK, key, index), f"Een naam in '{BLOCK}.{key}' is leeg of geen tekst.",
                               "Zet elke gebruikersnaam los in de lijst, precies zoals iemand inlogt.")
        names.append(name)
    return tuple(names)


def read_staff_file(path: Path, shown: str) -> tuple[str, ...]:
    """A staff list: one login name a line; empty lines and lines starting with # are skipped."""
    names = []
    for number, line in enumerate(read_text(path, shown).splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if any(ch.isspace() for ch in name):
            raise ContentError(shown, number, f"Deze regel bevat meer dan één naam: {name}",
                               "Zet op elke regel één gebruikersnaam, precies zoals iemand inlogt.")
        names.append(name)
    return tuple(names)


def parse_listen(value: Any, shown: str, line: int | None) -> Listen:
    text = str(value or "").strip()
    hint = "Schrijf bijvoorbeeld: luister: 127.0.0.1:8010 (of unix:/run/protocol-kennisname/kennisname.sock)."
    if text.startswith("unix:"):
        socket = Path(text[5:])
        if not socket.is_absolute():
            raise ContentError(shown, line, "Het pad van de unix-socket moet met / beginnen.", hint)
        return Listen(socket=socket)
    match = re.fullmatch(r"\[?([^\]]+?)\]?:(\d{1,5})", text)
    if not match or not 0 < int(match.group(2)) < 65536:
        raise ContentError(shown, line, f"'{BLOCK}.luister' is geen adres met poort: {text}", hint)
    host = match.group(1)
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:  # the service trusts a header: only nginx on this machine may reach it
        raise ContentError(shown, line, f"De dienst mag alleen op deze computer luisteren, niet op {host}.", hint)
    return Listen(host="127.0.0.1" if host == "localhost" else host, port=int(match.group(2)))


def _path(value: Any, project: Path, shown: str, line: int | None, key: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(shown, line, f"'{BLOCK}.{key}' moet een pad zijn.", "Schrijf bijvoorbeeld: /var/lib/protocol/kennisname.sqlite3")
    path = Path(value.strip())
    return path if path.is_absolute() else (project / path)


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def switched_on(project: Path) -> bool:
    """Only whether the register is on: what the site build needs (the rest is the service's business)."""
    shown = SETTINGS_FILE
    data, lines = load_yaml(shown, read_text(project / SETTINGS_FILE, shown))
    block = (data or {}).get(BLOCK)
    if not isinstance(block, dict):
        return False
    return as_bool(block.get("aan") or "false", shown, _where(lines, BLOCK, "aan"), f"{BLOCK}.aan")


def load(project: Path) -> Config:
    """The register's settings from project/instellingen.yml; an absent block means: off."""
    shown = SETTINGS_FILE
    common = load_settings(project)  # the same checks as the build, for kantoor.korte_naam
    data, lines = load_yaml(shown, read_text(project / SETTINGS_FILE, shown))
    block = (data or {}).get(BLOCK)
    if block is None:
        return Config(False, "X-Remote-User", frozenset(), (), Path("/var/lib/protocol/kennisname.sqlite3"),
                      Path("/srv/protocol/current"), Listen("127.0.0.1", 8010), common["kantoor"]["korte_naam"],
                      common["kantoor"]["naam"])
    if not isinstance(block, dict):
        raise ContentError(shown, _where(lines, BLOCK), f"'{BLOCK}' heeft niet de vorm 'naam: waarde'.",
                           "Kijk in de README onder 'Verklaring van kennisname bijhouden' hoe het blok eruitziet.")
    for key in block:
        if key not in KNOWN_KEYS:  # a typo would silently fall back to a default
            raise ContentError(shown, _where(lines, BLOCK, key), f"Onbekende instelling '{BLOCK}.{key}'.",
                               "Kies uit: " + ", ".join(KNOWN_KEYS) + ".")
    aan = as_bool(block.get("aan") or "false", shown, _where(lines, BLOCK, "aan"), f"{BLOCK}.aan")

    header = str(block.get("gebruikersheader") or "X-Remote-User").strip()
    if not _HEADER_NAME.match(header) or header.lower() in _RESERVED_HEADERS:
        raise ContentError(shown, _where(lines, BLOCK, "gebruikersheader"), f"'{header}' kun je niet als gebruikersheader gebruiken.",
                           "Gebruik letters, cijfers en streepjes, bijvoorbeeld X-Remote-User.")

    hr_users = _names(block.get("hr_gebruikers"), shown, lines, "hr_gebruikers")
    if "personeel" in block and "personeelslijst" in block:
        raise ContentError(shown, _where(lines, BLOCK, "personeelslijst"), "Gebruik 'personeel' of 'personeelslijst', niet allebei.")
    if "personeelslijst" in block:
        staff_file = _path(block["personeelslijst"], project, shown, _where(lines, BLOCK, "personeelslijst"), "personeelslijst")
        staff = read_staff_file(staff_file, str(staff_file))
    elif "personeel" in block:
        staff = _names(block["personeel"], shown, lines, "personeel")
    else:
        raise ContentError(shown, _where(lines, BLOCK), f"'{BLOCK}' mist de lijst met personeel.",
                           "Voeg 'personeel: [naam, naam]' toe, of 'personeelslijst: pad/naar/bestand.txt'.")

    site_dir = _path(block.get("site_map", "/srv/protocol/current"), project, shown, _where(lines, BLOCK, "site_map"), "site_map")
    database = _path(block.get("database"), project, shown, _where(lines, BLOCK, "database"), "database")
    for folder in (site_dir, project / "docs", project / "site"):
        if _inside(database, folder):  # never published, never in the sources
            raise ContentError(shown, _where(lines, BLOCK, "database"), "De database staat in een map die op de site komt.",
                               "Zet de database buiten de site, bijvoorbeeld in /var/lib/protocol/kennisname.sqlite3.")
    listen = parse_listen(block.get("luister", "127.0.0.1:8010"), shown, _where(lines, BLOCK, "luister"))
    return Config(aan, header, frozenset(hr_users), staff, database, site_dir, listen, common["kantoor"]["korte_naam"],
                  common["kantoor"]["naam"])
