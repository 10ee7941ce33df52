"""The checks behind scripts/check and scripts/publish: build, model, links, spelling, readability, review dates.

Each problem is printed as 'file:line: message' in Dutch, with a tip.
"""

import datetime
import tempfile
import time
from pathlib import Path

import _quality
import _site


def _print_block(title: str) -> None:
    print(f"\n== {title}")


def overdue_reviews(register, months: int, today: datetime.date) -> list[str]:
    """Articles whose 'beoordeeld' date is older than the review interval (a warning only)."""
    from protocol_model import review_due

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
    from protocol_model import ContentError, build_register, load_settings, read_nav

    errors: list[str] = []
    warnings: list[str] = []
    started = time.monotonic()

    _print_block("1. De site bouwen (mkdocs build --strict)")
    with tempfile.TemporaryDirectory(prefix="protocol-check-") as tmp:
        site = site_dir or Path(tmp) / "site"
        result = _site.build(site, project, pdf=pdf)
        build_messages = _site.messages(result.stdout + result.stderr)
        for message in build_messages:
            print(message)
        if result.returncode != 0:
            if not build_messages:
                print((result.stdout + result.stderr).strip()[-2000:])
            errors.extend(build_messages or ["De site kon niet gebouwd worden (zie hierboven)."])
            print("De bouw is mislukt. Herstel eerst deze fouten; daarna volgen spelling en leesbaarheid.")
            return _summary(errors, warnings, started)
        print("In orde.")

        settings = load_settings(project)
        register = build_register(project, project / "docs", read_nav(project), settings)

        _print_block(f"2. Leesbaarheid (Flesch-Douma van regel en toelichting, minimaal {_quality.READABILITY_MINIMUM:g})")
        for item in _quality.readability(site, register.enabled):
            ok = item.score >= _quality.READABILITY_MINIMUM
            print(f"  {item.score:5.1f}  {'in orde' if ok else 'TE MOEILIJK'}  {item.title}  ({item.words} woorden)")
            if not ok:
                errors.append(str(ContentError(item.path, None, f"De tekst is te moeilijk: Flesch-Douma {item.score:g}, "
                                               f"minimaal {_quality.READABILITY_MINIMUM:g}.",
                                               "Maak zinnen korter en kies kortere woorden. Eén gedachte per zin.")))

        _print_block("3. Spelling (hunspell, Nederlands, plus docs/_data/woordenlijst.txt)")
        if not _quality.hunspell_available():
            errors.append("hunspell is niet geïnstalleerd. Installeer het met: sudo apt-get install hunspell hunspell-nl")
            print(errors[-1])
        else:
            spelling = [str(e) for e in _quality.spelling(site, project)]
            for message in spelling:
                print(message)
            errors.extend(spelling)
            if not spelling:
                print("In orde.")

    _print_block("4. Datum van de laatste beoordeling (alleen een waarschuwing)")
    overdue = overdue_reviews(register, settings["protocol"]["beoordelen_na_maanden"], datetime.date.today())
    for message in overdue:
        print(message)
    warnings.extend(overdue)
    if not overdue:
        print("In orde.")
    return _summary(errors, warnings, started)


def _summary(errors: list[str], warnings: list[str], started: float) -> int:
    seconds = time.monotonic() - started
    print()
    if errors:
        print(f"Resultaat: {len(errors)} fout(en), {len(warnings)} waarschuwing(en). ({seconds:.1f} s)")
        print("Herstel de fouten en voer scripts/check opnieuw uit.")
        return 1
    print(f"Resultaat: geen fouten, {len(warnings)} waarschuwing(en). ({seconds:.1f} s)")
    return 0


