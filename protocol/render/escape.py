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
