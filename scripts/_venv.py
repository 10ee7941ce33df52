"""Run scripts with the project's virtual environment and find the project's modules.

`import _venv` as the first import of a script: it re-executes the script with
.venv/bin/python when that exists, and puts overrides/hooks on sys.path so the
scripts use the same model code as the build.
"""

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
_VENV_PYTHON = PROJECT / ".venv" / "bin" / "python"

if _VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (PROJECT / ".venv").resolve() and not os.environ.get("PROTOCOL_NO_VENV"):
    os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), sys.argv[0], *sys.argv[1:]])

sys.path.insert(0, str(PROJECT / "overrides" / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
