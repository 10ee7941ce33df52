"""scripts/rollback: put the previous complete release back live (or a named one).

Usage: scripts/rollback [--doel /srv/protocol] [--naar RELEASE]

Only complete releases (with a valid marker, see releases.py) are candidates;
what an interrupted publish left behind is removed, never put live.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from protocol.publish import releases


def rollback(target: Path, name: str | None) -> int:
    with releases.Lock(target):
        for old in releases.remove_debris(target):
            print(f"Resten van een onderbroken publicatie opgeruimd: {old.name}")
        available = releases.releases(target)
        current = releases.live(target)
        if name:
            chosen = next((r for r in available if r.name == name), None)
            if chosen is None:
                print(f"Fout: er is geen complete versie '{name}'. Er zijn: " + (", ".join(r.name for r in available) or "geen"))
                return 1
        else:
            older = [r for r in available if current is None or r.name < current.name]
            if not older:
                print("Fout: er is geen eerdere complete versie om terug te zetten.")
                return 1
            chosen = older[-1]
        releases.switch(target, chosen)
        print(f"Teruggezet: {chosen.name} staat nu live" + (f" (was {current.name})." if current else ".")
              + " nginx toont die meteen; herladen hoeft niet.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/rollback", description="Zet de vorige gepubliceerde versie terug.")
    parser.add_argument("--doel", type=Path, default=Path(os.environ.get("PROTOCOL_TARGET", "/srv/protocol")),
                        help="map waar de site live staat (standaard /srv/protocol)")
    parser.add_argument("--naar", help="naam van de versie die je terugzet (standaard: de vorige)")
    args = parser.parse_args(argv)
    try:
        return rollback(args.doel.resolve(), args.naar)
    except PermissionError as error:
        print(f"Fout: geen toegang tot {error.filename}. Zet terug als een gebruiker die in {args.doel} mag schrijven.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
