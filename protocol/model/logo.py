"""The office logo: a file inside docs/, of a known image type, and an SVG without anything active in it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .errors import ContentError
from .limits import MAX_LOGO_BYTES

LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
_SVG_ELEMENTS_REFUSED = {"script", "foreignObject", "iframe", "embed", "object", "use", "image", "animate", "set", "handler"}


def check_logo(docs_dir: Path, value: str, shown: str, line: int | None) -> str:
    """The logo's path relative to docs/, after checking it is safe to publish."""
    hint = "Zet het logo in docs/assets/images/ en schrijf het pad vanaf docs/, bijvoorbeeld: assets/images/logo.svg."
    relative = PurePosixPath(value.strip())
    if "://" in value or value.startswith("//") or relative.is_absolute() or ".." in relative.parts or "\\" in value:
        raise ContentError(shown, line, f"Het logo '{value[:80]}' staat niet in de map docs/.", hint)
    if relative.suffix.lower() not in LOGO_TYPES:
        raise ContentError(shown, line, f"Het logo '{value[:80]}' is geen afbeelding die de site kan tonen.",
                           "Gebruik een .svg, .png, .jpg of .webp.")
    path = docs_dir / relative
    if not path.is_file() or path.is_symlink():
        raise ContentError(shown, line, f"Het logo '{value[:80]}' bestaat niet.", hint)
    if path.stat().st_size > MAX_LOGO_BYTES:
        raise ContentError(shown, line, f"Het logo is groter dan {MAX_LOGO_BYTES // 1024} kB.", "Gebruik een kleiner bestand.")
    if relative.suffix.lower() == ".svg":
        _check_svg(path, value, shown, line)
    return relative.as_posix()


def _check_svg(path: Path, value: str, shown: str, line: int | None) -> None:
    problem = svg_problem(path)
    if problem is not None:
        raise ContentError(shown, line, f"Het logo '{value}': {problem}", "Gebruik een SVG met alleen vormen en tekst, of een PNG.")


def svg_problem(path: Path) -> str | None:
    """Why this SVG is not a plain drawing, in Dutch; None when it is. An SVG opened on its own runs its
    scripts in the site's origin, so the logo and every SVG in docs/ may only hold shapes and text."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.parse(str(path)).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        return f"dit is geen geldig SVG-bestand ({type(error).__name__})."
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in _SVG_ELEMENTS_REFUSED:
            return f"het bestand bevat <{name}>; dat is niet toegestaan in een SVG."
        for attribute, attr_value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            lowered = attr_value.strip().lower()
            if attribute.startswith("on") or (attribute == "href" and not lowered.startswith("#")) \
                    or "javascript:" in lowered or "url(http" in lowered.replace(" ", ""):
                return f"het bestand bevat een actief onderdeel ({attribute})."
    return None
