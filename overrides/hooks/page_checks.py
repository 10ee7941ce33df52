"""Checks on one page's Markdown, before it is rendered.

Each check returns ContentErrors with the file and line in the source, so the
build (overrides/hooks/protocol.py) and scripts/check report the same problem
in the same words.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from jinja2 import Environment, TemplateSyntaxError, nodes

from protocol_model import (
    OPTIONAL_SECTIONS,
    REQUIRED_SECTIONS,
    VERDICTS,
    ContentError,
    Register,
)

MIN_EXAMPLES = 3

# Macros that take an article id as first argument.
ARTICLE_REF_MACROS = {"artikel"}
CONDITION_MACRO = "aan"


def _body_lines(body: str) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code blocks, with their index in the body (0-based)."""
    fenced = False
    for index, line in enumerate(body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            yield index, line


# --------------------------------------------------------------------------
# Template references: variables and article ids
# --------------------------------------------------------------------------


def _dotted(node: nodes.Node) -> list[str] | None:
    """kantoor.naam -> ["kantoor", "naam"]; None for anything that is not a plain path."""
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return base + [node.attr] if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return base + [str(node.arg.value)] if base else None
    return None


def _has(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        return key in value
    return hasattr(value, key)


def _get(value: Any, key: str) -> Any:
    return value[key] if isinstance(value, dict) else getattr(value, key)


def _switched_off_condition(test: nodes.Node, register: Register) -> bool:
    """True for `{% if aan("x") %}` where x is switched off: its body never renders."""
    if isinstance(test, nodes.Call) and isinstance(test.node, nodes.Name) and test.node.name == CONDITION_MACRO:
        if test.args and isinstance(test.args[0], nodes.Const):
            article = register.get(str(test.args[0].value))
            return article is not None and article.nummer is None
    return False


def check_template(env: Environment, body: str, path: str, first_line: int,
                   variables: dict, register: Register) -> list[ContentError]:
    """Find unknown variables, unknown or switched-off article ids and template typos, with lines."""
    try:
        tree = env.parse(body)
    except TemplateSyntaxError as error:
        return [ContentError(path, first_line + (error.lineno or 1) - 1,
                             f"Een code tussen {{{{ }}}} of {{% %}} klopt niet: {error.message}.",
                             "Controleer of elke {{ een }} heeft, en elke {% if %} een {% endif %}.")]
    errors: list[ContentError] = []
    known = set(variables) | set(env.globals)
    local: set[str] = set()
    for node in tree.find_all((nodes.For, nodes.Assign, nodes.Macro)):
        for target in node.find_all(nodes.Name):
            if target.ctx in ("store", "param"):
                local.add(target.name)

    def line(node: nodes.Node) -> int:
        return first_line + node.lineno - 1

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.If) and _switched_off_condition(node.test, register):
            for child in node.elif_ + node.else_:
                visit(child)
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            name = node.node.name
            if name in ARTICLE_REF_MACROS | {CONDITION_MACRO} and node.args and isinstance(node.args[0], nodes.Const):
                check_article_ref(name, str(node.args[0].value), node)
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)) and getattr(node, "ctx", "load") == "load":
            parts = _dotted(node)
            if parts:
                check_path(parts, node)
                return  # the path was checked as a whole
        for child in node.iter_child_nodes():
            visit(child)

    def check_article_ref(macro: str, article_id: str, node: nodes.Node) -> None:
        article = register.get(article_id)
        if article is None:
            errors.append(ContentError(path, line(node), f"Verwijzing naar een onbekend artikel: '{article_id}'.",
                                       "Kies een bestaande id: " + ", ".join(a.id for a in register.articles) + "."))
        elif article.nummer is None and macro in ARTICLE_REF_MACROS:
            errors.append(ContentError(path, line(node), f"Verwijzing naar artikel '{article_id}', maar dat staat uit in instellingen.yml.",
                                       f'Haal de verwijzing weg, of zet hem tussen {{% if aan("{article_id}") %}} en {{% endif %}}.'))

    def check_path(parts: list[str], node: nodes.Node) -> None:
        head = parts[0]
        if head in local:
            return
        if head not in known:
            errors.append(ContentError(path, line(node), f"Onbekende variabele: '{'.'.join(parts)}'.",
                                       "Controleer de spelling. Bekende namen zijn onder meer: "
                                       + ", ".join(sorted(k for k in variables if k in _CONTENT_VARIABLES)) + "."))
            return
        value = variables.get(head, env.globals.get(head))
        for depth, key in enumerate(parts[1:], 1):
            if not _has(value, key):
                choices = sorted(value) if isinstance(value, dict) else []
                errors.append(ContentError(path, line(node), f"Onbekende variabele: '{'.'.join(parts[: depth + 1])}'.",
                                           ("Kies uit: " + ", ".join(f"{'.'.join(parts[:depth])}.{c}" for c in choices) + ".")
                                           if choices else "Controleer de spelling."))
                return
            value = _get(value, key)

    visit(tree)
    return errors


# The variables content authors use; listed in hints.
_CONTENT_VARIABLES = {"kantoor", "contact", "protocol", "webinars", "downloads"}


# --------------------------------------------------------------------------
# Article structure
# --------------------------------------------------------------------------

_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_ADMONITION = re.compile(r'^(\s*)(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')


def check_sections(body: str, path: str, first_line: int) -> list[ContentError]:
    """Required sections in order, known headings only, and enough examples with a verdict."""
    errors: list[ContentError] = []
    allowed = REQUIRED_SECTIONS + OPTIONAL_SECTIONS
    found: list[tuple[str, int]] = []
    examples = 0
    current = None
    for index, text in _body_lines(body):
        line = first_line + index
        if text.startswith("# "):
            errors.append(ContentError(path, line, "Een artikel heeft geen eigen kop met één #.",
                                       "De titel komt uit 'titel:' in de kop met gegevens. Gebruik ## alleen voor de vaste onderdelen."))
        heading = _H2.match(text)
        if heading:
            current = heading.group(1)
            if current not in allowed:
                errors.append(ContentError(path, line, f"Onbekend onderdeel: '## {current}'.",
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
    if order != sorted(order, key=allowed.index):
        errors.append(ContentError(path, found[0][1] if found else None, "De onderdelen staan niet in de goede volgorde.",
                                   "De volgorde is: " + ", ".join(allowed) + "."))
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


# --------------------------------------------------------------------------
# Safety and numbering rules for any page
# --------------------------------------------------------------------------

_HAND_NUMBER = re.compile(r"\b[Aa]rtikel(?:en)?\s+(\d+)\b(?![:.,]\d)")
_LAW_AFTER = re.compile(
    r"^(?:\s*(?:,\s*)?(?:lid|sub|onder|aanhef)\s+\w+)*\s*(?:van\s+de\s+|van\s+het\s+|uit\s+de\s+)?"
    r"(?:BW|AVG|UAVG|WOR|Wft|Grondwet|Gw|EVRM|Wbp|AI-verordening|Arbowet|Wet\b|Burgerlijk)")
_EMBED = re.compile(r"<\s*(script|iframe|object|embed|frame|video|audio)\b", re.I)
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(?:https?:)?//|<img[^>]+src=[\"']?(?:https?:)?//", re.I)
_NO_ALT = re.compile(r"!\[\s*\]\(|<img(?![^>]*\balt=[\"']?[^\"'\s>])[^>]*>", re.I)
_PLAIN_HTTP = re.compile(r"\]\(\s*http://|href=[\"']?http://", re.I)


def check_page_rules(body: str, path: str, first_line: int) -> list[ContentError]:
    errors: list[ContentError] = []
    for index, text in _body_lines(body):
        line = first_line + index
        for match in _HAND_NUMBER.finditer(text):
            if not _LAW_AFTER.match(text[match.end():]):
                errors.append(ContentError(path, line, f"Typ geen artikelnummer met de hand ('{match.group(0)}').",
                                           'Nummers veranderen als artikelen verschuiven. Schrijf {{ artikel("id-van-het-artikel") }}.'))
        embed = _EMBED.search(text)
        if embed:
            errors.append(ContentError(path, line, f"Ingebedde inhoud (<{embed.group(1)}>) is niet toegestaan.",
                                       "De site laadt niets van buiten het intranet. Zet een gewone link naar de video of pagina."))
        if _REMOTE_IMAGE.search(text):
            errors.append(ContentError(path, line, "Een afbeelding van een andere website is niet toegestaan.",
                                       "Zet de afbeelding in docs/assets/images/ en verwijs daarnaar."))
        if _NO_ALT.search(text):
            errors.append(ContentError(path, line, "Deze afbeelding heeft geen beschrijving (alt-tekst).",
                                       "Schrijf tussen de blokhaken wat er op de afbeelding staat: ![Logo van het kantoor](...)."))
        if _PLAIN_HTTP.search(text):
            errors.append(ContentError(path, line, "Een link begint met http:// in plaats van https://.",
                                       "Gebruik het beveiligde adres dat met https:// begint."))
    if not body.strip():
        errors.append(ContentError(path, first_line, "Deze pagina is leeg.",
                                   "Schrijf de tekst, of haal de pagina weg uit mkdocs.yml en uit de map docs/."))
    return errors
