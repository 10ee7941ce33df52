"""When each page last changed ("Laatst bijgewerkt"), read from git in one call.

One `git log` over docs/ gives every page's last commit date at once. A plugin that
asks git once per page cost a fifth of the build. A page git does not know yet (new,
not committed) and a project without git get the build date, as before.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from .versions import run_git


def last_changed(project_dir: Path, docs_dir: Path) -> dict[str, datetime.date]:
    """{path inside docs/ (posix): author date of the newest commit that touched it}. Empty without git."""
    try:
        top = Path(run_git(project_dir, "rev-parse", "--show-toplevel").strip()).resolve()
        docs = docs_dir.resolve().relative_to(top).as_posix()
        out = run_git(top, "-c", "core.quotepath=off", "log", "--format=%x01%as", "--name-only", "-z", "--no-renames", "--", docs)
    except (OSError, ValueError, subprocess.SubprocessError):
        return {}
    dates: dict[str, datetime.date] = {}
    prefix = "" if docs == "." else docs + "/"
    for commit in out.split("\x01")[1:]:  # newest first; each is "<date>\0\n<name>\0<name>\0..."
        head, *names = commit.split("\0")
        try:
            date = datetime.date.fromisoformat(head.strip())
        except ValueError:
            continue
        for name in names:
            name = name.lstrip("\n")
            if name.startswith(prefix):
                dates.setdefault(name[len(prefix):], date)
    return dates
