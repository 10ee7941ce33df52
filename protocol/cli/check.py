"""scripts/check: build the site and check everything; Dutch `file:line` messages; exit 1 on an error.

Contract used by scripts/publish (run as a child process):
    python -m protocol.cli.check [--pdf] [--project DIR] [--site-dir DIR]
With --site-dir the checked site stays in DIR; exit code 0 means DIR is a complete, checked site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check", description="Controleer het protocol voordat je publiceert.")
    parser.add_argument("--pdf", action="store_true", help="bouw ook de pdf's (langzamer)")
    parser.add_argument("--project", type=Path, default=PROJECT, help="map van het project (standaard: deze)")
    parser.add_argument("--site-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # Transitional: the checks still live in scripts/ until the plugin refactor lands.
    sys.path[:0] = [str(PROJECT / "scripts"), str(PROJECT / "overrides" / "hooks")]
    import _checks

    return _checks.run(args.project.resolve(), args.pdf, args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
