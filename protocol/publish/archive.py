"""Old versions stay readable: every release carries the PDFs of all published versions, and the commit is tagged.

- downloads/archief/<naam>-protocol-v<versie>.pdf (and ...-met-toelichting-...) is a stable URL per version.
  Each new release copies the archive of the release that was live, and adds its own PDFs, before the
  completeness marker is written, so a release is complete only with its archive.
- The published commit gets the tag protocol-v<versie>, which the site build reads for "Wat is er veranderd"
  (protocol/model/versions.py). Tagging never fails a publish: it says what to do instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ARCHIVE = Path("downloads") / "archief"
TAG_PREFIX = "protocol-v"


def carry_archive(previous: Path | None, building: Path, version: str) -> list[str]:
    """Copy the previous release's archive and this release's own PDFs into building/downloads/archief."""
    target = building / ARCHIVE
    target.mkdir(parents=True, exist_ok=True)
    if previous is not None and (previous / ARCHIVE).is_dir():
        for pdf in sorted((previous / ARCHIVE).glob("*.pdf")):
            if not (target / pdf.name).exists():
                shutil.copy2(pdf, target / pdf.name)
    for pdf in sorted((building / "downloads").glob(f"*-v{version}.pdf")):
        shutil.copy2(pdf, target / pdf.name)  # this version's own text replaces an earlier build of the same number
    return sorted(p.name for p in target.glob("*.pdf"))


def tag_version(project: Path, version: str) -> str:
    """Tag HEAD as protocol-v<versie>; returns a Dutch line for the publish report."""
    tag = f"{TAG_PREFIX}{version}"

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True)

    try:
        if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
            return f"Let op: geen git-map, dus geen tag {tag}. 'Wat is er veranderd' gebruikt dan de geschiedenis van de instellingen."
        head = git("rev-parse", "HEAD").stdout.strip()
        existing = git("rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}").stdout.strip()
    except FileNotFoundError:
        return f"Let op: git ontbreekt, dus geen tag {tag}."
    if existing == head:
        return f"Tag {tag} stond al op deze versie."
    if existing:
        return (f"Let op: tag {tag} hoort bij een andere commit. Verhoog de versie in instellingen.yml "
                f"als de tekst veranderd is, of verplaats de tag met: git tag -f {tag}")
    result = git("tag", tag, head)
    if result.returncode != 0:
        return f"Let op: tag {tag} kon niet gemaakt worden ({result.stderr.strip()[:120]})."
    return f"Tag {tag} gemaakt. Zet hem ook in de gedeelde repository: git push origin {tag}"
