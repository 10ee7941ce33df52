"""SQLite storage: one append-only row per confirmation (user, version, document hash, UTC time).

The web service opens its connections with an authorizer that refuses UPDATE and DELETE,
so nothing reachable from the web can change or remove a confirmation. Only the command
line (scripts/kennisname verwijder) deletes a person's rows, as the AVG requires.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS bevestiging (
    id INTEGER PRIMARY KEY,
    gebruiker TEXT NOT NULL,
    versie TEXT NOT NULL,
    document_sha256 TEXT NOT NULL CHECK (length(document_sha256) = 64),
    bevestigd_utc TEXT NOT NULL,
    UNIQUE (gebruiker, versie)
);
CREATE TRIGGER IF NOT EXISTS bevestiging_nooit_wijzigen BEFORE UPDATE ON bevestiging
BEGIN SELECT RAISE(ABORT, 'een bevestiging wordt nooit gewijzigd'); END;
CREATE TABLE IF NOT EXISTS sleutel (id INTEGER PRIMARY KEY CHECK (id = 1), waarde BLOB NOT NULL);
"""

_WRITE_LOCK = threading.Lock()  # one service process writes: one queue for its writes
_WEB_DENIED = {sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE, sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_DROP_TRIGGER,
               sqlite3.SQLITE_ALTER_TABLE, sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


@dataclasses.dataclass(frozen=True)
class Confirmation:
    user: str
    version: str
    sha256: str
    at_utc: datetime.datetime


def _web_authorizer(action, *_):
    return sqlite3.SQLITE_DENY if action in _WEB_DENIED else sqlite3.SQLITE_OK


def _row(row) -> Confirmation:
    return Confirmation(row[0], row[1], row[2], datetime.datetime.fromisoformat(row[3]))


class Register:
    def __init__(self, path: Path, web: bool = True):
        self.path, self.web = Path(path), web

    def create(self) -> None:
        """Make the database (WAL, schema, the CSRF key) if it is not there yet."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            if fresh:
                os.chmod(self.path, 0o600)  # personal data: only the service's user reads it
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            db.execute("INSERT OR IGNORE INTO sleutel (id, waarde) VALUES (1, ?)", (secrets.token_bytes(32),))

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=FULL")  # a confirmation that was answered survives a crash
            db.execute("PRAGMA busy_timeout=30000")
            if self.web:
                db.set_authorizer(_web_authorizer)
            yield db
        finally:
            db.close()

    def key(self) -> bytes:
        with self.connect() as db:
            return db.execute("SELECT waarde FROM sleutel WHERE id = 1").fetchone()[0]

    def confirm(self, user: str, version: str, sha256: str, now: datetime.datetime | None = None) -> Confirmation:
        """Store a confirmation; a repeat keeps the first one. Returns the stored row."""
        moment = (now or datetime.datetime.now(datetime.timezone.utc)).astimezone(datetime.timezone.utc)
        # Writers queue here in turn; SQLite's own busy handler would make them sleep and retry.
        with _WRITE_LOCK, self.connect() as db:
            db.execute("INSERT INTO bevestiging (gebruiker, versie, document_sha256, bevestigd_utc) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (gebruiker, versie) DO NOTHING",
                       (user, version, sha256, moment.isoformat(timespec="seconds")))
            return self.find(user, version, db)

    def find(self, user: str, version: str, db: sqlite3.Connection | None = None) -> Confirmation | None:
        with contextlib.ExitStack() as stack:
            db = db or stack.enter_context(self.connect())
            row = db.execute("SELECT gebruiker, versie, document_sha256, bevestigd_utc FROM bevestiging "
                             "WHERE gebruiker = ? AND versie = ?", (user, version)).fetchone()
        return _row(row) if row else None

    def all(self, user: str | None = None) -> list[Confirmation]:
        query = "SELECT gebruiker, versie, document_sha256, bevestigd_utc FROM bevestiging"
        with self.connect() as db:
            if user is None:
                rows = db.execute(query + " ORDER BY id").fetchall()
            else:
                rows = db.execute(query + " WHERE gebruiker = ? ORDER BY id", (user,)).fetchall()
        return [_row(r) for r in rows]

    def delete_person(self, user: str) -> int:
        """AVG: remove every row of one person. Command line only (the web connection may not delete)."""
        if self.web:
            raise PermissionError("deleting is for the command line only")
        with self.connect() as db:
            return db.execute("DELETE FROM bevestiging WHERE gebruiker = ?", (user,)).rowcount

    def backup(self, target: Path) -> None:
        """A consistent copy with SQLite's online backup, also while the service is writing."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".deels")
        partial.unlink(missing_ok=True)
        with self.connect() as source, contextlib.closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        os.chmod(partial, 0o600)
        os.replace(partial, target)  # never a half-written backup under the real name

    def restore(self, source: Path) -> int:
        """Put a backup back (with the service stopped). Returns the number of confirmations."""
        if not Path(source).is_file():
            raise FileNotFoundError(source)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup, self.connect() as db:
            backup.backup(db)
            db.execute("PRAGMA journal_mode=WAL")
            return db.execute("SELECT count(*) FROM bevestiging").fetchone()[0]
