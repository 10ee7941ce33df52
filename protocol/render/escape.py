"""Escaping for the two places our values land: HTML, and Markdown that becomes HTML."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!<>])")


def escape_text(value: object) -> str:
    """Plain text for HTML text and attributes, keeping apostrophes readable (they end no attribute of ours)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def html_text(value: object) -> str:
    return str(escape(str(value)))


def md_text(value: object) -> str:
    """Plain text inside generated Markdown: HTML-escaped, and Markdown's own specials backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", str(escape(str(value))).replace("&#34;", '"').replace("&#39;", "'"))


def safe(text: str) -> Markup:
    """Mark our own generated Markdown or HTML as safe, after every value in it was escaped."""
    return Markup(text)


class MarkdownText(str):
    """A setting's text inside content Markdown: the sandbox's autoescape calls __html__, which escapes both
    HTML and Markdown, so a value such as "[x](javascript:…)" stays text instead of becoming a link."""

    def __html__(self) -> str:
        return md_text(str(self))


def as_markdown_text(value):
    """The same data with every string wrapped; dicts and lists are copied."""
    if isinstance(value, str):
        return MarkdownText(value)
    if isinstance(value, dict):
        return {k: as_markdown_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_markdown_text(v) for v in value]
    return value
