"""scripts/publish: build and check a new release next to the live site, then switch to it at once.

Usage: scripts/publish [--doel /srv/protocol] [--bewaar 5]

The new release is built with the PDFs and checked completely by
`python -m protocol.cli.check` in a temporary folder (releases/.tmp-...),
precompressed there, and marked complete last. Only then is it renamed into
releases/ and does `current` switch, with one atomic rename. Whatever goes wrong
(a failing check, an exception, SIGTERM/SIGINT, a full disk) the temporary folder
is removed and the live site stays exactly as it was; after a kill -9 the next
publish or rollback removes the debris. See releases.py for the layout.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import os
import re
import shutil
import signal
import sys
from pathlib import Path

from protocol.publish import archive, children, releases
from protocol.publish.pause import pause

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_TARGET = Path("/srv/protocol")
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Interrupted(BaseException):
    """SIGTERM, SIGINT or SIGHUP arrived; raised so every `finally` runs its clean-up."""


def _interrupt(signum, frame):
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_blocked():
    """Let a clean-up finish; a signal that arrives meanwhile is handled right after."""
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def disk_full_message(target: Path) -> str:
    return (f"Fout: de schijf is vol ({target}). Het ligt niet aan de inhoud: aan de teksten hoef je niets te doen.\n"
            "    Tip: Maak ruimte vrij op de server (bijvoorbeeld minder oude versies bewaren met --bewaar) "
            "en publiceer daarna opnieuw.\n"
            "De site die live staat, is niet veranderd.")


def _looks_like_disk_full(output: str, target: Path) -> bool:
    if "No space left on device" in output or "[Errno 28]" in output or "Disk quota exceeded" in output:
        return True
    return shutil.disk_usage(target).free < 256 * 1024


def version_of(project: Path) -> str:
    """The protocol version for the release name, as the model reads it (1.10 stays 1.10), safe for a folder name."""
    from protocol.model import load_settings

    return re.sub(r"[^A-Za-z0-9.]+", "-", load_settings(project)["protocol"]["versie"]).strip("-.") or "onbekend"


def _free_name(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 2
    while candidate.exists():
        candidate, number = folder / f"{name}-{number}", number + 1
    return candidate


def check_command(project: Path, site_dir: Path) -> list[str]:
    """The build contract: exit 0 means site_dir is a complete, checked site."""
    return [sys.executable, "-m", "protocol.cli.check", "--pdf", "--project", str(project), "--site-dir", str(site_dir)]


def publish(project: Path, target: Path, keep: int) -> int:
    with releases.Lock(target):
        folder = target / "releases"
        folder.mkdir(parents=True, exist_ok=True)
        for old in releases.remove_debris(target):
            print(f"Resten van een onderbroken publicatie opgeruimd: {old.name}")
        stamp = f"{datetime.datetime.now():%Y%m%d-%H%M%S}"
        building = folder / f"{releases.TEMPORARY_PREFIX}{stamp}-{os.getpid()}"
        try:
            print(f"Nieuwe versie bouwen en controleren in {building}")
            code, output = children.run(check_command(project, building), cwd=project)
            if code != 0 or not (building / "index.html").is_file():
                if _looks_like_disk_full(output, target):
                    print("\n" + disk_full_message(target))
                else:
                    print("\nNiet gepubliceerd. De site die live staat, is niet veranderd.")
                return 1
            version = version_of(project)
            archived = archive.carry_archive(releases.live(target), building, version)
            releases.precompress(building, after_each=_pause_after_first)
            pause("marker")
            releases.write_marker(building, version)
            pause("switch")
            release = _free_name(folder, f"{stamp}-v{version}")
            os.rename(building, release)
        finally:
            with _signals_blocked():
                shutil.rmtree(building, ignore_errors=True)  # gone already when the rename happened
        with _signals_blocked():  # from the switch on, the new release is live: finish the report
            previous = releases.live(target)
            releases.switch(target, release)
            print(f"\nGepubliceerd: {release.name} staat nu live. nginx toont de nieuwe versie meteen; herladen hoeft niet.")
            print(f"Archief: {len(archived)} pdf's van gepubliceerde versies in {archive.ARCHIVE}/.")
            print(archive.tag_version(project, version))
            if previous:
                print(f"De vorige versie ({previous.name}) kun je terugzetten met: scripts/rollback --doel {target}")
            try:
                for old in releases.prune(target, keep):
                    print(f"Oude versie opgeruimd: {old.name}")
            except OSError as error:
                print(f"Let op: oude versies opruimen lukte niet ({error}). De nieuwe versie staat wel live.")
    return 0


def _pause_after_first(count: int) -> None:
    if count == 1:
        pause("precompress")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/publish", description="Publiceer een gecontroleerde nieuwe versie van de site.")
    parser.add_argument("--doel", type=Path, default=Path(os.environ.get("PROTOCOL_TARGET", DEFAULT_TARGET)),
                        help="map waar de site live staat (standaard /srv/protocol)")
    parser.add_argument("--bewaar", type=int, default=5, help="hoeveel versies je bewaart (standaard 5)")
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bewaar < 1:
        parser.error("--bewaar moet minstens 1 zijn: de versie die live staat, blijft altijd bewaard.")
    for number in _STOP_SIGNALS:
        signal.signal(number, _interrupt)
    target = args.doel.resolve()
    try:
        return publish(args.project.resolve(), target, args.bewaar)
    except Interrupted:
        print("\nPublicatie afgebroken. De halfgebouwde versie is opgeruimd; de site die live staat, is niet veranderd.")
        return 1
    except OSError as error:
        if error.errno in DISK_FULL:
            print("\n" + disk_full_message(target))
        elif isinstance(error, PermissionError):
            print(f"Fout: geen toegang tot {error.filename}. Publiceer als een gebruiker die in {target} mag schrijven.")
        else:
            print(f"Fout bij het publiceren: {error}. De site die live staat, is niet veranderd.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
