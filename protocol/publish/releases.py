"""Release folders of a publish target: what counts as a release, the live one, the switch, pruning, the lock.

Layout of a target:
    releases/20270101-093000-v1.0/   a release: a built, checked, precompressed site with a marker
    releases/.tmp-...                 a release being made (or the debris of an interrupted one)
    current -> releases/...          the live site; nginx serves this path
    .lock                            one publish or rollback at a time

A folder counts as a release only when its completeness marker is valid. The
publisher writes the marker last, after every check and after precompression,
so a folder that a kill -9 or a full disk left behind never counts.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

MARKER = ".protocol-release-complete"
TEMPORARY_PREFIX = ".tmp-"


def file_list_digest(site: Path) -> tuple[int, str]:
    """Number of files and a SHA-256 over their paths and sizes (the marker itself left out).

    Sizes are part of it, so a file cut short (a 0-byte PDF) makes the marker invalid.
    """
    entries = []
    for path in site.rglob("*"):
        if path.is_file() and path.relative_to(site).as_posix() != MARKER:
            entries.append(f"{path.relative_to(site).as_posix()}\0{path.stat().st_size}\n")
    entries.sort()
    return len(entries), hashlib.sha256("".join(entries).encode("utf-8")).hexdigest()


def write_marker(site: Path, version: str) -> None:
    """Declare `site` complete. Call this last: nothing may change in the folder afterwards."""
    count, digest = file_list_digest(site)
    data = json.dumps({"format": 1, "version": version, "files": count, "sha256": digest}, indent=2) + "\n"
    partial = site / (MARKER + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, site / MARKER)  # the marker appears whole or not at all


def is_complete(site: Path) -> bool:
    """True when `site` has a marker that matches the files that are there now."""
    try:
        marker = json.loads((site / MARKER).read_text(encoding="utf-8"))
        count, digest = file_list_digest(site)
        return marker["files"] == count and marker["sha256"] == digest
    except (OSError, ValueError, KeyError, TypeError):
        return False


def releases(target: Path) -> list[Path]:
    """The complete releases, oldest first (names start with the date and time)."""
    folder = target / "releases"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and is_complete(p))


def live(target: Path) -> Path | None:
    current = target / "current"
    return current.resolve() if current.is_symlink() else None


def switch(target: Path, release: Path) -> None:
    """Point `current` at the release with one rename, which POSIX makes atomic."""
    temporary = target / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(release.relative_to(target))
    os.replace(temporary, target / "current")


def remove_debris(target: Path) -> list[Path]:
    """Remove what interrupted runs left in releases/: temporary and incomplete folders, never the live one.

    Call it only while holding the Lock: then no other publisher is writing there.
    """
    folder = target / "releases"
    current = live(target)
    removed = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_dir() and path.resolve() != current and (path.name.startswith(TEMPORARY_PREFIX) or not is_complete(path)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    for link in target.glob(".current-*"):  # a switch interrupted between symlink and rename
        link.unlink(missing_ok=True)
    return removed


def prune(target: Path, keep: int) -> list[Path]:
    """Remove the debris, then the oldest complete releases beyond `keep`; never the live one.

    Only complete releases count towards `keep`, so a pile of broken folders can
    never push a good release out.
    """
    removed = remove_debris(target)
    current = live(target)
    for old in releases(target)[:-keep] if keep > 0 else []:
        if old.resolve() != current:
            shutil.rmtree(old)
            removed.append(old)
    return removed


class Lock:
    """One publish or rollback at a time per target."""

    def __init__(self, target: Path):
        target.mkdir(parents=True, exist_ok=True)
        self.handle = open(target / ".lock", "w")

    def __enter__(self):
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise SystemExit("Fout: er loopt al een publicatie voor deze map. Probeer het zo opnieuw.") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def precompress(site: Path, after_each: Callable[[int], None] | None = None) -> int:
    """Write a .gz next to every text file, so nginx (gzip_static) does not compress on every request."""
    count = 0
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size > 512:
            data = path.read_bytes()
            with gzip.GzipFile(path.with_name(path.name + ".gz"), "wb", compresslevel=9, mtime=int(path.stat().st_mtime)) as out:
                out.write(data)
            count += 1
            if after_each is not None:
                after_each(count)
    return count
