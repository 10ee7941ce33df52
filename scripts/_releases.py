"""Release folders of a publish target: list them, find the live one, switch atomically, prune."""

import fcntl
import os
import shutil
from pathlib import Path


def releases(target: Path) -> list[Path]:
    folder = target / "releases"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def live(target: Path) -> Path | None:
    current = target / "current"
    return current.resolve() if current.is_symlink() else None


def switch(target: Path, release: Path) -> None:
    """Point `current` at the release with one rename, which POSIX makes atomic."""
    temporary = target / f".current-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(release.relative_to(target))
    os.replace(temporary, target / "current")


def prune(target: Path, keep: int) -> list[Path]:
    """Remove the oldest releases beyond `keep`, never the live one."""
    current = live(target)
    removed = []
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
            raise SystemExit("Fout: er loopt al een publicatie voor deze map. Probeer het zo opnieuw.") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def precompress(site: Path) -> int:
    """Write a .gz next to every text file, so nginx (gzip_static) does not compress on every request."""
    import gzip

    count = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size > 512:
            data = path.read_bytes()
            with gzip.GzipFile(path.with_name(path.name + ".gz"), "wb", compresslevel=9, mtime=int(path.stat().st_mtime)) as out:
                out.write(data)
            count += 1
    return count
