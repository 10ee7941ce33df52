"""Run one of the project's commands (protocol/cli/...) with the project's virtual environment.

The files in scripts/ are thin shims so HR and README can call `scripts/check`;
the commands themselves live in the protocol package. Without .venv, say how to
get it, in Dutch, instead of a traceback.
"""

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = PROJECT / ".venv" / "bin" / "python"


def run(module: str) -> None:
    if not PYTHON.exists():
        print("De virtuele omgeving (.venv) ontbreekt nog.\n"
              "    Tip: Voer eerst scripts/setup uit; dat installeert alles wat nodig is.", file=sys.stderr)
        sys.exit(2)
    os.chdir(PROJECT)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.execv(str(PYTHON), [str(PYTHON), "-m", module, *sys.argv[1:]])
