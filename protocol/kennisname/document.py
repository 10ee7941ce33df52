"""Which version is live, and the SHA-256 of its published rules PDF: read from the live site folder.

The live site is the truth: after `scripts/publish` of a new version the register asks for
that version at once, without a restart. The file name follows VARIANTS["protocol"] in
overrides/hooks/pdf.py: downloads/<korte-naam-slug>-protocol-v<versie-slug>.pdf.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Document:
    version: str
    sha256: str
    url: str  # the PDF's path on the site


def _slug(text: str) -> str:  # the same rule as overrides/hooks/pdf.py
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


_cache: dict[tuple, str] = {}
_lock = threading.Lock()


def _sha256(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _lock:
        if key in _cache:
            return _cache[key]
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    with _lock:
        _cache.clear()  # only the live file matters
        _cache[key] = digest.hexdigest()
    return _cache[key]


def published_document(site_dir: Path, short_name: str) -> Document | None:
    """The version and hash of the rules PDF in the live site, or None when there is none (or several)."""
    downloads = site_dir.resolve() / "downloads"  # resolve once: `current` may switch meanwhile
    prefix = f"{_slug(short_name)}-protocol-v"
    found = [p for p in downloads.glob(f"{prefix}*.pdf") if p.is_file()] if downloads.is_dir() else []
    if len(found) != 1:
        return None
    pdf = found[0]
    return Document(version=pdf.name[len(prefix):-len(".pdf")], sha256=_sha256(pdf), url=f"/downloads/{pdf.name}")
