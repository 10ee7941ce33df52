"""scripts/model-bijwerken: take in a new version of the model without losing the office's own changes.

    python -m protocol.cli.model_update --model URL-OF-MAP [--versie 1.1] [--toepassen] [--basis 1.0] [--project DIR]

Without --toepassen it only prints the overview per article. With it, the update lands on a
new branch `model-<versie>` in one commit; proposals go to model-update-rapport.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from protocol.update import UpdateError
from protocol.update.apply import apply_plan, branch_name
from protocol.update.overview import render
from protocol.update.prepare import Prepared
from protocol.update.report import REPORT_FILE, render_report, with_earlier_report


def run(project: Path, source: str, versie: str | None, apply: bool, basis: str | None) -> int:
    started = time.monotonic()
    with Prepared(project, source, versie, basis) as prepared:
        plan = prepared.plan
        if plan is None:
            print("Jullie protocol is al gebaseerd op deze versie van het model. Er is niets te doen.")
            return 0
        if plan.conflicts:
            earlier = plan.office_files.get(REPORT_FILE, b"").decode("utf-8", "replace")
            plan.files[REPORT_FILE] = with_earlier_report(render_report(plan), earlier).encode("utf-8")
            plan.modes[REPORT_FILE] = "100644"
        print(render(plan, source, applied=apply))
        if not apply:
            return 0
        branch = apply_plan(project, plan)
    print(f"\nKlaar in {time.monotonic() - started:.1f} s. Alles staat op de nieuwe branch '{branch}', in één commit.")
    print("Volgende stappen:")
    step = 1
    if plan.conflicts:
        print(f"  {step}. Lees {REPORT_FILE} en handel elk voorstel af.")
        step += 1
    print(f"  {step}. Controleer alles met: scripts/check")
    print(f"  {step + 1}. In orde? Voeg de branch samen met je hoofdbranch (git merge {branch_name(plan)}), of maak er een merge request van.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/model-bijwerken",
                                     description="Neem een nieuwe versie van het model over, zonder jullie eigen wijzigingen kwijt te raken.")
    parser.add_argument("--model", required=True, help="git-adres of map van het model")
    parser.add_argument("--versie", default=None, help="welke versie van het model (standaard: de nieuwste)")
    parser.add_argument("--toepassen", action="store_true", help="voer het door op een nieuwe branch (anders alleen het overzicht)")
    parser.add_argument("--basis", default=None, help="alleen zonder modelbasis.yml: de modelversie waarop jullie protocol gebaseerd is")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="map van het protocol van je kantoor (standaard: deze)")
    args = parser.parse_args(argv)
    try:
        return run(args.project.resolve(), args.model, args.versie, args.toepassen, args.basis)
    except UpdateError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
