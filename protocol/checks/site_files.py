"""Files in docs/ that a site must not publish, and file names that break links."""

from __future__ import annotations

import fnmatch
from pathlib import Path

from protocol.model import ContentError
from protocol.model.limits import MAX_ASSET_BYTES, MAX_PAGES
from protocol.model.logo import svg_problem

# Secrets and server files: refused, because publishing them leaks them.
REFUSED = ("*.htpasswd", ".htpasswd", "*.env", ".env", "*.pem", "*.key", "*.p12", "*.sqlite", "*.sqlite3", "*.db",
           ".git*", "*.conf")
# What docs/ may publish: pages, images, PDFs, stylesheets, fonts. A .js or .html file would run in the
# site's origin (the policy allows scripts from 'self'), so scripts live in the package (protocol/assets).
ALLOWED_TYPES = (".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".pdf", ".css", ".woff", ".woff2", ".txt")
# Editor and backup leftovers: left out of the site, with a note.
LEFT_OUT = ("*~", "*.bak", "*.swp", "*.swo", "*.orig", "*.rej", "*.tmp", "#*#", ".DS_Store", "*.yml", "*.yaml")


def check_site_files(paths: dict[str, int], docs_dir: Path | None = None) -> tuple[list[ContentError], list[str], list[str]]:
    """For {src path: size} of docs/: (errors, paths to leave out, notes for the paths left out).
    With `docs_dir`, every SVG is also read: it may hold shapes and text only."""
    errors: list[ContentError] = []
    left_out: list[str] = []
    notes: list[str] = []
    pages = 0
    for src, size in sorted(paths.items()):
        name = src.rsplit("/", 1)[-1]
        shown = f"docs/{src}"
        if any(fnmatch.fnmatch(name, pattern) for pattern in REFUSED):
            errors.append(ContentError(shown, None, "Dit bestand hoort niet in docs/: alles in docs/ komt op de site.",
                                       "Haal het weg uit docs/. Wachtwoorden, sleutels en serverinstellingen staan nooit bij de inhoud."))
            continue
        if any(fnmatch.fnmatch(name, pattern) for pattern in LEFT_OUT) or any(part.startswith(".") for part in src.split("/")):
            left_out.append(src)
            notes.append(f"{shown}: Dit bestand is een reservekopie of hulpbestand en komt niet op de site.\n"
                         "    Tip: Haal het weg als je het niet meer nodig hebt.")
            continue
        if not name.lower().endswith(ALLOWED_TYPES):
            errors.append(ContentError(shown, None, f"Dit soort bestand ('{name.rsplit('.', 1)[-1] if '.' in name else name}') hoort niet in docs/.",
                                       "In docs/ staan alleen pagina's (.md), afbeeldingen, pdf's en stijlbestanden. "
                                       "Scripts en HTML-bestanden horen bij de code van de site (protocol/)."))
            continue
        if docs_dir is not None and name.lower().endswith(".svg") and size <= MAX_ASSET_BYTES:
            problem = svg_problem(docs_dir / src)
            if problem is not None:
                errors.append(ContentError(shown, None, f"Deze afbeelding: {problem}",
                                           "Gebruik een SVG met alleen vormen en tekst, of een PNG."))
        if " " in src or any(ord(c) < 32 for c in src):
            errors.append(ContentError(shown, None, "Deze bestandsnaam bevat een spatie.",
                                       "Gebruik een streepje in plaats van een spatie, bijvoorbeeld: mijn-artikel.md."))
        if size > MAX_ASSET_BYTES:
            errors.append(ContentError(shown, None, f"Dit bestand is groter dan {MAX_ASSET_BYTES // (1024 * 1024)} MB.",
                                       "Maak het bestand kleiner (bijvoorbeeld een afbeelding met minder pixels)."))
        if src.endswith(".md"):
            pages += 1
    if pages > MAX_PAGES:
        errors.append(ContentError("docs/", None, f"Er zijn {pages} pagina's; de grens is {MAX_PAGES}.",
                                   "Zo groot wordt een protocol nooit. Controleer of er per ongeluk bestanden zijn bijgekomen."))
    return errors, left_out, notes
