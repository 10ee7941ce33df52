"""The key that makes our caches safe to read: files in a cache folder are only used when their name
or checksum was made with it, and it lives outside every project, so nothing committed to git can
pass for a cache entry (a PDF that would be published, or compiled template code that would run).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def user_cache() -> Path:
    """This user's cache folder for the protocol tools, outside every project (e.g. ~/.cache/protocol-kennisbank)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("protocol-kennisbank"))


def cache_secret() -> bytes | None:
    """This machine's key for cache names, outside every project; None when it cannot be kept."""
    path = Path(os.environ.get("PROTOCOL_CACHE_KEY") or user_cache() / "cache-sleutel")
    try:
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(os.urandom(32))
            os.replace(temporary, path)
        secret = path.read_bytes()
    except OSError:
        return None
    return secret if len(secret) == 32 else None


class SignedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's own file cache of compiled templates, with an HMAC as each entry's file name and as the
    source checksum inside it. Jinja unpickles an entry's header before it compares the checksum, so the
    name must be unguessable too: a file planted by anyone without the key is never even opened."""

    def __init__(self, directory: Path, secret: bytes, salt: str):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory), "%s.jinja")
        self.secret, self.salt = secret, salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hmac.new(self.secret, f"{self.salt}\0{name}\0{filename}".encode("utf-8"), hashlib.sha256).hexdigest()

    def get_source_checksum(self, source: str) -> str:
        return hmac.new(self.secret, (self.salt + "\0" + source).encode("utf-8"), hashlib.sha256).hexdigest()
