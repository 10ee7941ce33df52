"""Carry out a plan: a new branch with one commit that names the model version; on failure, undo."""

from __future__ import annotations

import os
from pathlib import Path

from . import gitio
from .errors import UpdateError
from .plan import Plan


def branch_name(plan: Plan) -> str:
    return f"model-{plan.target.versie}"


def commit_message(plan: Plan) -> str:
    return (f"Take in model version {plan.target.versie} (model commit {plan.target.commit[:12]})\n\n"
            f"Basis was model version {plan.basis.versie} ({plan.basis.commit[:12]}). "
            f"{len(plan.conflicts)} proposal(s) in model-update-rapport.md.\n")


def _inside(project: Path, path: str) -> Path:
    """The target of a tree path; refuses anything outside the project or inside .git (untrusted model input)."""
    parts = Path(path).parts
    if Path(path).is_absolute() or ".." in parts or not parts or parts[0] == ".git":
        raise UpdateError(f"Het model bevat een bestand met een ongeldige naam: '{path[:80]}'. Er is niets veranderd.",
                          "Dit is geen gewoon model. Vraag de maker van het model om uitleg.")
    return project / path


def _write(project: Path, path: str, data: bytes, mode: str) -> None:
    target = _inside(project, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    if mode == "120000":
        os.symlink(data.decode("utf-8"), target)
        return
    target.write_bytes(data)
    target.chmod(0o755 if mode == "100755" else 0o644)


def _remove(project: Path, path: str) -> None:
    target = _inside(project, path)
    if target.is_symlink() or target.exists():
        target.unlink()
    parent = target.parent
    while parent != project and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def apply_plan(project: Path, plan: Plan) -> str:
    """Write the plan on a new branch and commit it; returns the branch. The old branch stays untouched."""
    branch = branch_name(plan)
    if gitio.git(project, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False).returncode == 0:
        raise UpdateError(f"De branch '{branch}' bestaat al. Er is niets veranderd.",
                          f"Heb je deze versie al eens overgenomen? Kijk op die branch, of verwijder hem eerst: git branch -D {branch}")
    original = gitio.git(project, "rev-parse", "--abbrev-ref", "HEAD").stdout.decode().strip()
    written, deleted = plan.changed_paths()
    for path in written + deleted:
        _inside(project, path)
    gitio.git(project, "checkout", "--quiet", "-b", branch)
    try:
        for path in deleted:
            _remove(project, path)
        for path in written:
            _write(project, path, plan.files[path], plan.modes.get(path, "100644"))
        gitio.git(project, "add", "--all")
        result = gitio.git(project, "commit", "--quiet", "-m", commit_message(plan), check=False)
        if result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip()[:300]
            raise UpdateError(f"De wijzigingen konden niet worden vastgelegd (git commit lukte niet: {reason}). Er is niets veranderd.",
                              "Weet git wie je bent? Stel het in met: git config user.name \"Je naam\" en "
                              "git config user.email \"jij@kantoor.example\"")
    except BaseException:
        # The tree was clean before, so everything untracked now is ours: stage it, then reset it away.
        gitio.git(project, "add", "--all", check=False)
        gitio.git(project, "reset", "--quiet", "--hard", check=False)
        gitio.git(project, "checkout", "--quiet", original, check=False)
        gitio.git(project, "branch", "--quiet", "-D", branch, check=False)
        raise
    return branch
