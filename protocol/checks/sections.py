"""The fixed shape of an article: its sections in order, and enough judged examples."""

from __future__ import annotations

import re

from protocol.model import MIN_EXAMPLES, OPTIONAL_SECTIONS, REQUIRED_SECTIONS, VERDICTS, ContentError

from .lines import prose_lines

_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_ADMONITION = re.compile(r'^(\s*)(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
_INDENTED_HEADING = re.compile(r"^\s+#{1,2}\s")


def check_sections(body: str, path: str, first_line: int) -> list[ContentError]:
    """Required sections in order, known headings only, at the top level, and enough examples with a verdict."""
    errors: list[ContentError] = []
    allowed = REQUIRED_SECTIONS + OPTIONAL_SECTIONS
    found: list[tuple[str, int]] = []
    examples = 0
    current = None
    for index, text in prose_lines(body):
        line = first_line + index
        if text.startswith("# "):
            errors.append(ContentError(path, line, "Een artikel heeft geen eigen kop met één #.",
                                       "De titel komt uit 'titel:' in de kop met gegevens. Gebruik ## alleen voor de vaste onderdelen."))
        if _INDENTED_HEADING.match(text):
            errors.append(ContentError(path, line, "Een kop met # of ## staat ingesprongen, bijvoorbeeld in een voorbeeldblok.",
                                       "Een onderdeel (##) staat altijd helemaal links. Gebruik in een blok ### of vette tekst."))
            continue
        heading = _H2.match(text)
        if heading:
            current = heading.group(1)
            if current not in allowed:
                errors.append(ContentError(path, line, f"Onbekend onderdeel: '## {current[:60]}'.",
                                           "Een artikel heeft deze onderdelen: " + ", ".join(allowed) + ". Gebruik ### voor een tussenkop."))
            found.append((current, line))
            continue
        admonition = _ADMONITION.match(text)
        if admonition and current == "Voorbeelden":
            if admonition.group(3) in VERDICTS:
                examples += 1
                if not admonition.group(4):
                    errors.append(ContentError(path, line, "Dit voorbeeld heeft geen korte titel.",
                                               f'Schrijf bijvoorbeeld: !!! {admonition.group(3)} "Een foto van je bureau delen"'))
            else:
                errors.append(ContentError(path, line, f"Onbekend oordeel in een voorbeeld: '{admonition.group(3)}'.",
                                           "Kies uit: " + ", ".join(VERDICTS) + "."))
    names = [name for name, _ in found]
    for required in REQUIRED_SECTIONS:
        if required not in names:
            errors.append(ContentError(path, None, f"Het onderdeel '## {required}' ontbreekt.",
                                       "Elk artikel heeft deze koppen, in deze volgorde: " + ", ".join(f"## {s}" for s in REQUIRED_SECTIONS) + "."))
    order = [name for name in names if name in allowed]
    if order != sorted(order, key=allowed.index) or len(order) != len(set(order)):
        errors.append(ContentError(path, found[0][1] if found else None, "De onderdelen staan niet in de goede volgorde.",
                                   "De volgorde is: " + ", ".join(allowed) + ". Elk onderdeel komt één keer voor."))
    if "Voorbeelden" in names and examples < MIN_EXAMPLES:
        line = dict(found)["Voorbeelden"]
        errors.append(ContentError(path, line, f"Dit artikel heeft {examples} voorbeeld(en); er moeten er minstens {MIN_EXAMPLES} zijn.",
                                   '!!! mag "…", !!! mag-niet "…" of !!! eerst-vragen "…".'))
    return errors


def label_verdicts(body: str) -> str:
    """Put the verdict label before each example title, so the label always matches the type."""
    def relabel(match: re.Match) -> str:
        indent, marker, kind, title = match.groups()
        if kind not in VERDICTS:
            return match.group(0)
        title = (title or "").replace('"', "&quot;")
        return f'{indent}{marker} {kind} "{VERDICTS[kind]}: {title}"' if title else f'{indent}{marker} {kind} "{VERDICTS[kind]}"'
    return "\n".join(_ADMONITION.sub(relabel, line) for line in body.split("\n"))
