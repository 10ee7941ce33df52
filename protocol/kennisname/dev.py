"""Run the register locally for scripts/serve: a fixed test user, a throw-away database.

    python -m protocol.kennisname.dev [--preview http://127.0.0.1:8000] [--poort 8001]
    python -m protocol.kennisname.dev --aan     exit 0 when the register is on; else the note and exit 1

When kennisname.aan is false it prints a Dutch note and exits 0, so scripts/serve can always
call it. When on, it serves http://127.0.0.1:<poort>/: /kennisname/ from the register, every
other path from the MkDocs preview (so the banner and the links work on one origin).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import urllib.error
import urllib.request
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from . import settings
from ._model import ContentError, load_settings
from .document import _slug, published_document

PROJECT = Path(__file__).resolve().parents[2]
TEST_USER = "test.medewerker"
OFF_NOTE = ("De verklaring van kennisname staat uit (instellingen.yml: kennisname, aan: false). "
            "Je ziet alleen de site; de papieren verklaring blijft zoals hij is.")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


def dev_config(project: Path, port: int, user: str = TEST_USER) -> settings.Config:
    """The office's settings with a local database and, without a published PDF, a marked test PDF."""
    config = settings.load(project)
    work = project / ".cache" / "kennisname-dev"
    site_dir = config.site_dir
    if published_document(site_dir, config.short_name) is None:
        version = load_settings(project)["protocol"]["versie"]
        site_dir = work / "site"
        pdf = site_dir / "downloads" / f"{_slug(config.short_name)}-protocol-v{_slug(version)}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        for old in pdf.parent.glob("*.pdf"):
            old.unlink()
        pdf.write_bytes(b"%PDF-1.4\n% Testbestand van scripts/serve, geen echte pdf van het protocol.\n")
    return dataclasses.replace(
        config, database=work / "kennisname.sqlite3", site_dir=site_dir,
        hr_users=config.hr_users | {user}, staff=tuple(dict.fromkeys((*config.staff, user))),
        listen=settings.Listen("127.0.0.1", port))


def with_fixed_user(app, header: str, user: str):
    """What nginx does in production: set the user header, whatever the browser sent."""
    name = header.lower().encode("latin-1")

    async def wrapped(scope, receive, send):
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k != name] + [(name, user.encode("utf-8"))]
            scope = dict(scope, headers=headers)
        await app(scope, receive, send)

    return wrapped


def with_preview(register_app, preview: str):
    """Paths outside /kennisname/ come from the MkDocs preview (GET and HEAD only)."""

    async def app(scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/kennisname/"):
            return await register_app(scope, receive, send)
        query = scope.get("query_string", b"").decode("latin-1")
        url = preview.rstrip("/") + scope["raw_path"].decode("latin-1") + (f"?{query}" if query else "")

        def fetch():
            request = urllib.request.Request(url, method=scope["method"] if scope["method"] == "HEAD" else "GET")
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    return response.status, response.headers.items(), response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.headers.items(), error.read()
            except OSError:
                return 502, [("content-type", "text/plain; charset=utf-8")], "De preview draait (nog) niet.".encode()

        status, headers, body = await run_in_threadpool(fetch)
        kept = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers if k.lower() not in _HOP_BY_HOP]
        await send({"type": "http.response.start", "status": status,
                    "headers": kept + [(b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m protocol.kennisname.dev")
    parser.add_argument("--project", type=Path, default=PROJECT)
    parser.add_argument("--poort", type=int, default=8001)
    parser.add_argument("--gebruiker", default=TEST_USER)
    parser.add_argument("--preview", default="http://127.0.0.1:8000", help="adres van mkdocs serve")
    parser.add_argument("--aan", action="store_true", help="alleen zeggen of het register aan staat (exit 0) of uit (1)")
    args = parser.parse_args(argv)
    try:
        if not settings.load(args.project.resolve()).aan:
            print(OFF_NOTE)
            return 1 if args.aan else 0
        if args.aan:
            return 0
        config = dev_config(args.project.resolve(), args.poort, args.gebruiker)
    except ContentError as error:
        print(f"Fout in de instellingen:\n{error}", file=sys.stderr)
        return 1
    from .app import create_app
    from .server import run

    print(f"Verklaring van kennisname (test): http://127.0.0.1:{args.poort}/kennisname/ "
          f"als '{args.gebruiker}' (ook HR). Database: {config.database}", flush=True)
    run(with_preview(with_fixed_user(create_app(config), config.header, args.gebruiker), args.preview), config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
