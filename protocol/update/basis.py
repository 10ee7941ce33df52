"""modelbasis.yml in the office's repository: the model version the office last took in, and its commit.

It is the recorded three-way basis of an update: never guessed from history.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from protocol.model import ContentError
from protocol.model.yamlio import load_yaml

from .errors import UpdateError

BASIS_FILE = "modelbasis.yml"
COMMIT = re.compile(r"[0-9a-f]{40}")
VERSION = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4}){0,3}")


@dataclasses.dataclass(frozen=True)
class Basis:
    versie: str
    commit: str


def parse_basis(text: str) -> Basis:
    try:
        data, _ = load_yaml(BASIS_FILE, text)
    except ContentError as error:
        raise UpdateError(str(error)) from None
    if (not isinstance(data, dict) or not VERSION.fullmatch(str(data.get("versie", "")))
            or not COMMIT.fullmatch(str(data.get("commit", "")))):
        raise UpdateError(f"{BASIS_FILE} heeft niet de goede vorm: er moeten een 'versie' en een 'commit' (40 tekens) in staan.",
                          f"Kijk in modelversies.yml van het model welke versie en commit je kantoor overnam, en zet die in {BASIS_FILE}.")
    return Basis(data["versie"], data["commit"])


def read_basis(project: Path) -> Basis | None:
    """The recorded basis, or None when the office has no basis file."""
    path = project / BASIS_FILE
    if not path.is_file():
        return None
    return parse_basis(path.read_text(encoding="utf-8"))


def basis_text(basis: Basis) -> str:
    return ("# Op welke versie van het model dit protocol gebaseerd is. scripts/model-bijwerken schrijft dit bestand;\n"
            "# pas het niet met de hand aan.\n"
            f'versie: "{basis.versie}"\n'
            f"commit: {basis.commit}\n")


def model_version(project: Path) -> str:
    """For the site: the model version this protocol is based on, or '' when unknown (the model itself)."""
    try:
        basis = read_basis(project)
    except UpdateError:
        return ""
    return basis.versie if basis else ""
