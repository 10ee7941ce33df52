"""Raw HTML in content is limited to an allow-list, checked on the HTML that Markdown produced.

Checked after Markdown, with an HTML5 parser that reads markup the way a browser
does (Lexbor, through selectolax), so no trick in the Markdown source (a fake code
fence, an attribute list, Jinja string building, an SVG that a lax parser reads
differently) gets past it.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from protocol.model import ContentError

from .lines import find_line

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "input", "ins", "kbd", "label", "legend", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex"}
TAG_ATTRIBUTES = {
    "a": {"href", "download", "rel", "target"}, "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "type"}, "li": {"value"}, "details": {"open"}, "abbr": {"title"},
    "form": {"novalidate"}, "button": {"type"}, "label": {"for"},
    "input": {"type", "name", "value", "checked", "disabled"}, "col": {"span"}, "colgroup": {"span"},
}
INPUT_TYPES = {"radio", "checkbox"}
BUTTON_TYPES = {"submit", "reset", "button"}
URL_SCHEMES = {"https", "mailto", "tel"}
# rel="attachment" would make WeasyPrint embed the linked file in the PDF
LINK_RELS = {"noopener", "noreferrer", "nofollow", "external"}
_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")
_STRIP = re.compile(r"[\x00-\x20\x7f]+")


def _refusal(tag: str, attribute: str | None, value: str = "") -> tuple[str, str] | None:
    """(message, hint) when the element or attribute is not allowed, else None."""
    hint_html = "Gebruik gewone Markdown. Alleen eenvoudige opmaak (tabellen, links, afbeeldingen, blokken) mag als HTML."
    if attribute is None:
        if tag not in ALLOWED_TAGS:
            return f"Het HTML-element <{tag}> is niet toegestaan.", hint_html
        return None
    name = attribute.lower()
    if name.startswith("on"):
        return f"Het attribuut '{name}' (een script) is niet toegestaan.", hint_html
    allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
    if not (name in allowed or name.startswith("data-") or name.startswith("aria-")):
        return f"Het attribuut '{name}' op <{tag}> is niet toegestaan.", hint_html
    if name == "style" and not _ALIGN.match(value):
        return "Opmaak met 'style' is niet toegestaan.", "Gebruik de opmaak van de site; alleen tekstuitlijning in tabellen mag."
    if tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
        return f"Een invoerveld van het type '{value[:20]}' is niet toegestaan.", "Alleen keuzerondjes en vinkjes mogen."
    if name == "rel" and not set(value.lower().split()) <= LINK_RELS:
        return f"De waarde rel=\"{value[:30]}\" is niet toegestaan.", "Toegestaan: " + ", ".join(sorted(LINK_RELS)) + "."
    if name == "target" and value != "_blank":
        return "Alleen target=\"_blank\" is toegestaan.", hint_html
    if tag == "button" and name == "type" and value.lower() not in BUTTON_TYPES:
        return "Dit type knop is niet toegestaan.", hint_html
    return None


def _url_refusal(tag: str, value: str, page_url: str, exists: Callable[[str], bool] | None) -> tuple[str, str] | None:
    cleaned = _STRIP.sub("", value)
    parts = urlsplit(cleaned)
    scheme = parts.scheme.lower()
    if tag == "img":
        if scheme or cleaned.startswith("//"):
            return ("Een afbeelding van een andere website of uit een 'data:'-adres is niet toegestaan.",
                    "Zet de afbeelding in docs/assets/images/ en verwijs daarnaar.")
        if exists is not None and parts.path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), unquote(parts.path)))
            if not exists(target.lstrip("/")):
                return f"De afbeelding '{value[:80]}' bestaat niet.", "Controleer de naam en de map, ook hoofdletters."
        return None
    if scheme and scheme not in URL_SCHEMES:
        if scheme == "http":
            return "Een link begint met http:// in plaats van https://.", "Gebruik het beveiligde adres dat met https:// begint."
        return (f"Een link met '{scheme}:' is niet toegestaan.",
                "Een link wijst naar een pagina (https://… of een .md-bestand), een e-mailadres (mailto:) of een telefoonnummer (tel:).")
    return None


def check_html(html: str, path: str, body: str, first_line: int, page_url: str = "",
               exists: Callable[[str], bool] | None = None) -> list[ContentError]:
    """Every element and attribute of a page's content HTML against the allow-list."""
    errors: list[ContentError] = []
    seen: set[str] = set()
    tree = LexborHTMLParser(f"<!doctype html><html><head></head><body>{html}</body></html>")
    for element in tree.body.traverse(include_text=False):
        tag = element.tag
        if tag in ("-comment", "body"):
            continue
        attributes = {k: (v or "") for k, v in element.attributes.items()}
        problems = [p for p in [_refusal(tag, None)] if p]
        needles = [f"<{tag}"]
        if tag == "img" and not attributes.get("alt", "").strip():
            problems.append(("Deze afbeelding heeft geen beschrijving (alt-tekst).",
                             "Schrijf tussen de blokhaken wat er op de afbeelding staat: ![Logo van het kantoor](...)."))
            needles = ["![](", "<img"]
        for attribute, value in attributes.items():
            problem = _refusal(tag, attribute, value)
            if problem is None and attribute in ("href", "src"):
                problem = _url_refusal(tag, value, page_url, exists)
            if problem:
                problems.append(problem)
                needles = [value[:40], attribute, f"<{tag}"] if value else [attribute, f"<{tag}"]
        for message, hint in problems:
            if message in seen:
                continue
            seen.add(message)
            errors.append(ContentError(path, find_line(body, first_line, *needles), message, hint))
    return errors
