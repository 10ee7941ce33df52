"""scripts/kennisname: run the register, back it up, put a backup back, export, and delete a person (AVG)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import report, settings
from ._model import ContentError
from .document import published_document
from .storage import Register

PROJECT = Path(__file__).resolve().parents[2]


def _config(args):
    config = settings.load(args.project.resolve())
    if not config.aan and args.command == "draai":
        raise SystemExit("De verklaring van kennisname staat uit. Zet 'kennisname: aan: true' in instellingen.yml.")
    _check_owner(config.database)
    return config


def _check_owner(database: Path) -> None:
    """Work on the database only as the user that owns it: SQLite's -wal and -shm files that another
    user (root) creates would leave the service unable to write."""
    if database.exists() and database.stat().st_uid != os.geteuid():
        import pwd

        owner = pwd.getpwuid(database.stat().st_uid).pw_name
        raise SystemExit(f"Gebruik de gebruiker van de dienst: sudo -u {owner} scripts/kennisname ...")


def _draai(config, args) -> int:
    from .app import create_app
    from .server import run

    print(f"Register van kennisname luistert op {config.listen}; database: {config.database}", flush=True)
    if published_document(config.site_dir, config.short_name) is None:
        print(f"Let op: in {config.site_dir}/downloads staat geen (of meer dan één) pdf 'Protocol' van "
              f"{config.short_name}. Tot je publiceert, kan niemand bevestigen.", flush=True)
    run(create_app(config), config)
    return 0


def _backup(config, args) -> int:
    Register(config.database, web=False).backup(args.doel)
    print(f"Backup gemaakt: {args.doel}")
    return 0


def _herstel(config, args) -> int:
    if config.database.exists() and not args.ja:
        print(f"Dit vervangt de database {config.database} door {args.bron}. Stop eerst de dienst "
              "(systemctl stop protocol-kennisname) en herhaal het commando met --ja.")
        return 1
    count = Register(config.database, web=False).restore(args.bron)
    print(f"Teruggezet: {count} bevestigingen uit {args.bron}")
    return 0


def _export(config, args) -> int:
    doc = published_document(config.site_dir, config.short_name)
    rows = Register(config.database, web=False).all()
    text = report.to_csv(report.overview(rows, config.staff, doc.version if doc else None))
    if args.uit:
        Path(args.uit).write_text(text, encoding="utf-8")
        print(f"Export geschreven: {args.uit}")
    else:
        sys.stdout.write(text)
    return 0


def _verwijder(config, args) -> int:
    register = Register(config.database, web=False)
    count = len(register.all(args.gebruiker))
    if not args.ja:
        print(f"Van '{args.gebruiker}' staan {count} bevestigingen in het register. "
              "Herhaal het commando met --ja om ze te verwijderen.")
        return 1
    removed = register.delete_person(args.gebruiker)
    print(f"Verwijderd: {removed} bevestigingen van '{args.gebruiker}'. Denk ook aan je backups.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/kennisname", description="Het register van de verklaring van kennisname.")
    parser.add_argument("--project", type=Path, default=PROJECT, help="map met instellingen.yml (standaard: dit project)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    commands.add_parser("draai", help="start de dienst (dat doet systemd voor je)")
    backup = commands.add_parser("backup", help="maak een backup, ook terwijl de dienst draait")
    backup.add_argument("doel", type=Path, help="bestand voor de backup, bijvoorbeeld /var/backups/kennisname-2027-02-03.sqlite3")
    herstel = commands.add_parser("herstel", help="zet een backup terug (stop eerst de dienst)")
    herstel.add_argument("bron", type=Path)
    herstel.add_argument("--ja", action="store_true", help="ja, vervang de database")
    export = commands.add_parser("export", help="alle bevestigingen als CSV (wie wel en wie niet)")
    export.add_argument("--uit", type=Path, help="schrijf naar dit bestand in plaats van naar het scherm")
    verwijder = commands.add_parser("verwijder", help="verwijder alle bevestigingen van één persoon (AVG)")
    verwijder.add_argument("gebruiker")
    verwijder.add_argument("--ja", action="store_true", help="ja, verwijder ze echt")
    args = parser.parse_args(argv)
    handlers = {"draai": _draai, "backup": _backup, "herstel": _herstel, "export": _export, "verwijder": _verwijder}
    try:
        return handlers[args.command](_config(args), args)
    except ContentError as error:
        print(f"Fout in de instellingen:\n{error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"Fout: dit bestand bestaat niet: {error.filename or error}", file=sys.stderr)
        return 1
    except PermissionError as error:
        print(f"Fout: geen toegang tot {error.filename or error}. Gebruik de gebruiker van de dienst (sudo -u protocol ...).",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
