"""modelversies.yml, read from the model's default branch: which model version is which commit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from protocol.model import ContentError
from protocol.model.yamlio import load_yaml

from . import gitio
from .basis import COMMIT, Basis
from .errors import UpdateError

RELEASES_FILE = "modelversies.yml"


def version_key(versie: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in versie.split("."))


@dataclasses.dataclass(frozen=True)
class Release(Basis):
    datum: str = ""


def read_releases(repo: Path, source: str) -> list[Release]:
    text = gitio.show(repo, "HEAD", RELEASES_FILE)
    not_a_model = UpdateError(f"'{source}' is geen model van het protocol: er staat geen geldige {RELEASES_FILE} in.",
                              "Controleer het adres. Gebruik het adres van het model, niet dat van een ander kantoor of project.")
    if text is None:
        raise not_a_model
    try:
        data, _ = load_yaml(RELEASES_FILE, text.decode("utf-8"))
    except (ContentError, UnicodeDecodeError):
        raise not_a_model from None
    if not isinstance(data, list) or not data:
        raise not_a_model
    releases = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("versie"), str) or not COMMIT.fullmatch(str(item.get("commit", ""))):
            raise not_a_model
        releases.append(Release(item["versie"], item["commit"], str(item.get("datum", ""))))
    return sorted(releases, key=lambda r: version_key(r.versie))


def choose(releases: list[Release], wanted: str | None) -> Release:
    if wanted is None:
        return releases[-1]
    for release in releases:
        if release.versie == wanted:
            return release
    raise UpdateError(f"Het model heeft geen versie {wanted}.",
                      "Kies een van deze versies: " + ", ".join(r.versie for r in releases) + ".")
