"""The protocol plugin's options, set in mkdocs.yml (switches with !ENV, so no hook reads os.environ)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ProtocolConfig(Config):
    # PDFs: true or false; empty means "yes for a build, no for mkdocs serve" (the preview stays fast).
    pdf = c.Optional(c.Type((bool, int)))
    # Where rendered PDFs are cached, relative to the project; outside site/ on purpose. Entry names are an
    # HMAC with a key outside the project (protocol/render/pdf.py), so a planted file is never used.
    pdf_cache = c.Type(str, default=".cache/pdf")
    # The offline package: a local copy of the iframe-worker shim (scripts/offline-package passes it).
    offline_shim = c.Type(str, default="")
