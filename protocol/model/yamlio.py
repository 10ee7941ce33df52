"""YAML for untrusted files: every scalar stays text, aliases are refused, and each key keeps its line.

PyYAML's SafeLoader turns `telefoon: 0331234510` into the number 56965448 and
`versie: 1.10` into 1.1, and it expands nested aliases exponentially. This
loader resolves no implicit types at all (like BaseLoader) and refuses `*alias`
outright; the model converts the few booleans and numbers it needs itself, with
a Dutch message that names the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .limits import MAX_YAML_BYTES

TRUE_WORDS = {"true", "ja", "yes", "aan"}
FALSE_WORDS = {"false", "nee", "no", "uit"}


# libyaml's parser when PyYAML has it (its wheels do): the same grammar, five times faster on every page.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _refuse_aliases(text: str) -> None:
    """Any *alias is refused before a node is built, so no document can grow by reference."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "alias", event.start_mark)


def _yaml_error(path: str, error: yaml.YAMLError, line_offset: int, text: str = "") -> ContentError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 + line_offset if mark else None
    problem = getattr(error, "problem", "") or str(error)
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        problem = "\t"  # libyaml calls a tab "a character that cannot start any token"
    if problem == "alias":
        return ContentError(path, line, "Een verwijzing in de YAML (*naam) is niet toegestaan.",
                            "Schrijf de waarde gewoon uit. Verwijzingen met & en * kunnen het bouwen laten vastlopen.")
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


def _unquoted_null(node: yaml.Node) -> Any:
    """Empty and ~ values are 'nothing', as a person means them; every other scalar stays text."""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # libyaml says '' for a plain scalar, PyYAML says None
        return None if plain and node.value in ("", "~", "null") else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_unquoted_null(item) for item in node.value]
    result = {}
    for key, value in node.value:
        result[key.value] = _unquoted_null(value)
    return result


def load_yaml(path: str, text: str, line_offset: int = 0) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML text: the data (only str, list, dict, None) and a map from key path to line."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise ContentError(path, None, f"Dit YAML-blok is groter dan {MAX_YAML_BYTES // 1024} kB.",
                           "Zo groot wordt een instellingen- of gegevensbestand nooit. Controleer of er iets per ongeluk in staat.")
    try:
        _refuse_aliases(text)
        node = yaml.compose(text, Loader=_Loader)  # no implicit types: every scalar stays text
    except yaml.YAMLError as error:
        raise _yaml_error(path, error, line_offset, text) from None
    if node is None:
        return None, {}
    lines = {k: v + line_offset for k, v in _line_map(node).items()}
    return _unquoted_null(node), lines


def as_bool(value: Any, path: str, line: int | None, field: str) -> bool:
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ContentError(path, line, f"'{field}' moet true of false zijn, niet '{value}'.")


def as_int(value: Any, path: str, line: int | None, field: str, minimum: int = 1) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) < minimum:
        raise ContentError(path, line, f"'{field}' moet een heel getal zijn van minstens {minimum}, bijvoorbeeld 12.")
    return int(text)


def read_text(path: Path, shown_as: str, limit: int | None = None) -> str:
    """A file's text as UTF-8, with a Dutch message for the usual mistakes (encoding, size, a merge left half-done)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(shown_as, None, "Dit bestand bestaat niet.") from None
    except IsADirectoryError:
        raise ContentError(shown_as, None, "Dit is een map, geen bestand.") from None
    if limit is not None and len(data) > limit:
        raise ContentError(shown_as, None, f"Dit bestand is {len(data) // 1024} kB; de grens is {limit // 1024} kB.",
                           "Splits de tekst op in kleinere pagina's, of haal wat er per ongeluk in staat weg.")
    if data.startswith(b"\xef\xbb\xbf"):
        raise ContentError(shown_as, 1, "Dit bestand begint met een onzichtbaar BOM-teken.",
                           "Sla het bestand op als 'UTF-8' zonder BOM (in veel editors: 'UTF-8' in plaats van 'UTF-8 met BOM').")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            shown_as, line, "Dit bestand is niet opgeslagen als UTF-8.",
            "Sla het bestand op met de tekenset UTF-8 (in de meeste editors: 'Opslaan als' > 'UTF-8').",
        ) from None
    _refuse_conflict_markers(text, shown_as)
    return text


def _refuse_conflict_markers(text: str, shown_as: str) -> None:
    if "<<<<<<< " not in text and ">>>>>>> " not in text:
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line.rstrip() == "<<<<<<<":
            raise ContentError(shown_as, number, "Hier staat een restant van een samenvoeging in git (<<<<<<< of >>>>>>>).",
                               "Kies welke tekst blijft, en haal de regels met <<<<<<<, ======= en >>>>>>> weg.")


def line_of(path: Path, needle: str) -> int | None:
    """The first 1-based line of a file that contains the text, for messages that point at a line."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None
