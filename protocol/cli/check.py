"""scripts/check: build the site and check everything; Dutch `file:line` messages; exit 1 on an error.

    python -m protocol.cli.check [--pdf] [--project DIR] [--site-dir DIR]

With --site-dir the checked site stays in DIR (scripts/publish runs it so, as a
child process); exit code 0 means DIR holds a complete, checked site.
"""

from __future__ import annotations

import argparse
import errno
import datetime
import sys
import tempfile
import time
from pathlib import Path

from protocol.model import ContentError, review_due
from protocol.update.report import open_item_warnings

PROJECT = Path.cwd()


def _block(title: str) -> None:
    print(f"\n== {title}", flush=True)


def overdue_reviews(register, months: int, today: datetime.date) -> list[str]:
    """Articles whose 'beoordeeld' date is older than the review interval (a warning only)."""
    warnings = []
    for article in register.enabled:
        line = article.line_of("beoordeeld") or article.line_of("id")
        due = review_due(article, months)
        if due is None:
            warnings.append(f"{article.page.path}:{line}: Dit artikel heeft geen datum 'beoordeeld'.\n"
                            f"    Tip: Zet in de kop: beoordeeld: {today.isoformat()} (de dag waarop je het artikel nakeek).")
        elif due < today:
            warnings.append(f"{article.page.path}:{line}: Dit artikel is voor het laatst beoordeeld op "
                            f"{article.beoordeeld.isoformat()}; het moest uiterlijk {due.isoformat()} opnieuw bekeken worden.\n"
                            f"    Tip: Lees het artikel na en zet daarna de datum bij 'beoordeeld' op vandaag.")
    return warnings


def run(project: Path, pdf: bool, site_dir: Path | None = None) -> int:
    """Build the site (into site_dir when given, else a temporary folder) and check it. Returns the exit code."""
    from protocol.build import build_site
    from protocol.checks import language
    from protocol.checks.mkdocs_yml import check_mkdocs_yml

    errors: list[str] = []
    warnings: list[str] = []
    started = time.monotonic()

    _block("1. De site bouwen (strict)")
    errors += [str(e) for e in check_mkdocs_yml(project)]
    if errors:
        print("\n".join(errors))
        return _summary(errors, warnings, started)
    with tempfile.TemporaryDirectory(prefix="protocol-check-") as tmp:
        site = site_dir or Path(tmp) / "site"
        result = build_site(project, site, pdf=pdf)
        for message in result.errors:
            print(message)
        warnings += result.notes
        for note in result.notes:
            print(note)
        if not result.ok:
            errors += result.errors
            print("De bouw is mislukt. Herstel eerst deze fouten; daarna volgen spelling en leesbaarheid.")
            return _summary(errors, warnings, started)
        print("In orde.")
        plugin = result.plugin
        register, settings = plugin.register, plugin.settings

        _block(f"2. Leesbaarheid (Flesch-Douma van regel en toelichting, minimaal {language.READABILITY_MINIMUM:g})")
        for item in language.readability(site, register.enabled):
            ok = item.score >= language.READABILITY_MINIMUM
            print(f"  {item.score:5.1f}  {'in orde' if ok else 'TE MOEILIJK'}  {item.title}  ({item.words} woorden)")
            if not ok:
                errors.append(str(ContentError(item.path, None, f"De tekst is te moeilijk: Flesch-Douma {item.score:g}, "
                                               f"minimaal {language.READABILITY_MINIMUM:g}.",
                                               "Maak zinnen korter en kies kortere woorden. Eén gedachte per zin.")))

        _block("3. Spelling (hunspell, Nederlands, plus docs/_data/woordenlijst.txt)")
        if not language.hunspell_available():
            errors.append("hunspell is niet geïnstalleerd. Installeer het met: sudo apt-get install hunspell hunspell-nl")
            print(errors[-1])
        else:
            errors += _report([str(e) for e in language.spelling(site, project, settings)])

    _block("4. Datum van de laatste beoordeling (alleen een waarschuwing)")
    warnings += _report(overdue_reviews(register, settings["protocol"]["beoordelen_na_maanden"], datetime.date.today()))

    _block("5. Voorstellen van het model (alleen een waarschuwing)")
    warnings += _report(open_item_warnings(project))
    return _summary(errors, warnings, started)


def _report(messages: list[str]) -> list[str]:
    """Print a step's messages, or "In orde." when there are none; returns them for the summary."""
    for message in messages:
        print(message)
    if not messages:
        print("In orde.")
    return messages


def _summary(errors: list[str], warnings: list[str], started: float) -> int:
    seconds = time.monotonic() - started
    print()
    if errors:
        print(f"Resultaat: {len(errors)} fout(en), {len(warnings)} waarschuwing(en). ({seconds:.1f} s)")
        print("Herstel de fouten en voer scripts/check opnieuw uit.")
        return 1
    print(f"Resultaat: geen fouten, {len(warnings)} waarschuwing(en). ({seconds:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check", description="Controleer het protocol voordat je publiceert.")
    parser.add_argument("--pdf", action="store_true", help="bouw ook de pdf's (langzamer)")
    parser.add_argument("--project", type=Path, default=PROJECT, help="map van het project (standaard: deze)")
    parser.add_argument("--site-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return run(args.project.resolve(), args.pdf, args.site_dir.resolve() if args.site_dir else None)
    except ContentError as error:
        print(error)
        return 1
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            print(f"Fout: de schijf is vol ({error.filename or 'de bouwmap'}). Het ligt niet aan de inhoud.\n"
                  "    Tip: Maak ruimte vrij en controleer opnieuw.")
            return 1
        raise
    except Exception as error:  # a message, never a traceback, for HR
        print(f"Er ging iets onverwachts mis ({type(error).__name__}: {error}).\n"
              "    Tip: Dit ligt waarschijnlijk niet aan jouw tekst. Vraag de beheerder van de site om hulp.")
        return 2


if __name__ == "__main__":
    sys.exit(main())
