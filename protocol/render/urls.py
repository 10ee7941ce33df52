"""Relative URLs between site pages, as MkDocs computes them, without importing MkDocs."""

from __future__ import annotations

import posixpath


def relative_url(target: str, from_page: str) -> str:
    """The URL of `target` (site-root relative, e.g. 'downloads/x.pdf') as seen from page URL `from_page`."""
    base = posixpath.dirname("/" + from_page) if not from_page.endswith("/") else "/" + from_page.rstrip("/")
    base = base if from_page else "/"
    relative = posixpath.relpath("/" + target, base or "/")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative


def root_prefix(page_url: str) -> str:
    """'../..' style prefix from a page to the site root ('.' for the home page)."""
    return relative_url("", page_url).rstrip("/") or "."
