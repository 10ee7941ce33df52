"""Build the site into a folder and read what was built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from _venv import PROJECT


def build(site_dir: Path, project: Path = PROJECT, pdf: bool = False, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a strict `mkdocs build` (never with -q: it hides the warnings strict mode counts)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PROTOCOL_PDF="1" if pdf else "0", **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )


def messages(log: str) -> list[str]:
    """The WARNING and ERROR messages of a build log, each with its continuation lines."""
    found: list[str] = []
    for line in log.splitlines():
        if line.startswith(("WARNING", "ERROR")):
            text = line.split("-", 1)[1].strip() if " -  " in line else line
            if text.startswith("De site is niet gebouwd"):
                continue
            found.append(text)
        elif line.startswith("    ") and found:
            found[-1] += "\n" + line
    return found
