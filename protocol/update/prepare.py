"""From the command's arguments to a plan: the checks that refuse bad input before anything changes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from . import gitio, releases
from .basis import BASIS_FILE, Basis, read_basis
from .errors import UpdateError
from .plan import Plan, make_plan
from .releases import version_key


def office_state(project: Path) -> None:
    """The office's folder must be a git repository with nothing uncommitted."""
    if gitio.git(project, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise UpdateError(f"De map '{project}' is geen git-repository. Er is niets veranderd.",
                          "Voer de opdracht uit in de map van het protocol van je kantoor.")
    status = gitio.git(project, "status", "--porcelain", "--untracked-files=normal").stdout.decode("utf-8", "replace")
    if status.strip():
        names = [line[3:] for line in status.splitlines()][:5]
        raise UpdateError("Er zijn wijzigingen die nog niet zijn vastgelegd: " + ", ".join(names) + ". Er is niets veranderd.",
                          "Leg ze eerst vast (git add en git commit) of zet ze opzij (git stash). Voer de opdracht daarna opnieuw uit.")


class Prepared:
    """The fetched model and the plan; use as a context manager so the fetched copy is cleaned up."""

    def __init__(self, project: Path, source: str, versie: str | None, basis_versie: str | None = None):
        self.project, self.source = project, source
        self._tmp = tempfile.TemporaryDirectory(prefix="model-bijwerken-")
        try:
            self.plan: Plan | None = self._prepare(versie, basis_versie)
        except BaseException:
            self._tmp.cleanup()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._tmp.cleanup()

    def _prepare(self, versie: str | None, basis_versie: str | None) -> Plan | None:
        office_state(self.project)
        basis = read_basis(self.project)
        if basis is None and basis_versie is None:
            raise UpdateError(f"Er staat geen {BASIS_FILE} in de map van je kantoor. Daarin staat op welke versie van het model "
                              "jullie protocol gebaseerd is. Zonder dat bestand kan het model niet veilig worden bijgewerkt. "
                              "Er is niets veranderd.",
                              "Kijk in modelversies.yml van het model welke versie jullie ooit overnamen. Geef die op met "
                              "--basis, bijvoorbeeld: scripts/model-bijwerken --model ... --basis 1.0")
        repo = gitio.clone_model(self.source, Path(self._tmp.name) / "model.git")
        known = releases.read_releases(repo, self.source)
        if basis is None:
            basis = releases.choose(known, basis_versie)
        target = releases.choose(known, versie)
        if version_key(target.versie) < version_key(basis.versie):
            raise UpdateError(f"Model {target.versie} is ouder dan model {basis.versie}, waarop jullie protocol al gebaseerd is. "
                              "Er is niets veranderd.", "Kies een nieuwere versie, of laat --versie weg voor de nieuwste.")
        if target.versie == basis.versie:
            return None
        for release in (basis, target):
            if not gitio.has_commit(repo, release.commit):
                raise UpdateError(f"De commit van model {release.versie} ({release.commit[:12]}) staat niet in '{self.source}'. "
                                  "Er is niets veranderd.", "Controleer of dit het model is waarop jullie protocol gebaseerd is.")
        base_tree = gitio.read_tree(repo, basis.commit)
        model_tree = gitio.read_tree(repo, target.commit)
        office_tree = gitio.read_tree(self.project, "HEAD")
        if "mkdocs.yml" not in office_tree.files or "mkdocs.yml" not in model_tree.files:
            raise UpdateError("mkdocs.yml ontbreekt bij je kantoor of in het model. Er is niets veranderd.")
        return make_plan(Basis(basis.versie, basis.commit), Basis(target.versie, target.commit), base_tree, office_tree, model_tree)
