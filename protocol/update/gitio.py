"""Plain git: the only way the update reads a model or an office, and the merge machinery (`git merge-file`)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
from pathlib import Path

from .errors import UpdateError

ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def git(cwd: Path, *args: str, check: bool = True, data: bytes | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, env=ENV)
    if check and result.returncode != 0:
        raise UpdateError(f"git {args[0]} lukte niet: {result.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return result


def clone_model(source: str, target: Path) -> Path:
    """A bare clone of the model (URL or path) in target; a Dutch message when it is no git repository."""
    # ext:: runs commands and is off by default in git; say so here too, since the address comes from the user.
    result = git(target.parent, "-c", "protocol.ext.allow=never", "clone", "--quiet", "--bare", "--", source, str(target),
                 check=False)
    if result.returncode != 0:
        raise UpdateError(f"Het model kon niet worden opgehaald van '{source}'.",
                          "Controleer het adres of de map. Het moet een git-repository van het model zijn.")
    return target


def has_commit(repo: Path, commit: str) -> bool:
    return git(repo, "cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode == 0


@dataclasses.dataclass
class Tree:
    """The files of one commit: path -> content, and path -> git mode (100644, 100755, 120000)."""

    files: dict[str, bytes]
    modes: dict[str, str]


def read_tree(repo: Path, rev: str) -> Tree:
    """Every file of a commit (a symlink as its target text, like git stores it)."""
    listing = git(repo, "ls-tree", "-r", "-z", rev).stdout.split(b"\0")
    entries, modes = [], {}
    for line in filter(None, listing):
        meta, path = line.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((path.decode("utf-8"), sha.decode()))
            modes[path.decode("utf-8")] = mode.decode()
    if not entries:
        return Tree({}, {})
    out = git(repo, "cat-file", "--batch", data="".join(f"{sha}\n" for _, sha in entries).encode()).stdout
    files, pos = {}, 0
    for path, _ in entries:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        start = header_end + 1
        files[path] = out[start:start + size]
        pos = start + size + 1
    return Tree(files, modes)


def show(repo: Path, rev: str, path: str) -> bytes | None:
    result = git(repo, "show", f"{rev}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def merge_text(office: str, base: str, model: str, union: bool = False) -> tuple[str, bool]:
    """Three-way merge of one text with `git merge-file`: (merged text, clean). Not clean: use the office's text."""
    with tempfile.TemporaryDirectory(prefix="model-merge-") as tmp:
        paths = []
        for name, text in (("kantoor", office), ("basis", base), ("model", model)):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        args = ["merge-file", "-p", "-L", "kantoor", "-L", "basis", "-L", "model"]
        if union:
            args.append("--union")
        result = subprocess.run(["git", *args, *paths], capture_output=True, env=ENV)
    if result.returncode < 0 or result.returncode > 127:
        raise UpdateError(f"git merge-file lukte niet: {result.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return result.stdout.decode("utf-8"), result.returncode == 0
