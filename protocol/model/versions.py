"""Published versions of the protocol, read from git, and the files of one of them.

A published version is the commit tagged `protocol-v<versie>` (scripts/publish sets the tag).
Without any such tag, a version is the last commit before `protocol.versie` in instellingen.yml
changed to the next one. Without git, or in a shallow clone, there is no history: the site then
shows the changelog alone. Nothing here raises; a doubt means "no history", never a guess.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import subprocess
from pathlib import Path

import yaml

TAG_PREFIX = "protocol-v"
_VERSION = re.compile(r"^[0-9]+(?:\.[0-9]+){0,3}$")
# What a snapshot needs to read its register: the order, the settings, the articles and the logo.
SNAPSHOT_PATHS = ("mkdocs.yml", "instellingen.yml", "docs/artikelen", "docs/assets/images")
GIT_TIMEOUT = 20


@dataclasses.dataclass(frozen=True)
class PublishedVersion:
    versie: str
    commit: str
    bron: str  # "tag" or "instellingen"


@dataclasses.dataclass
class History:
    """The published versions, oldest first; `reason` says in Dutch why there are none."""

    versions: list[PublishedVersion]
    reason: str = ""
    git_dir: Path | None = None
    prefix: str = ""  # the project's folder inside the repository, "" or "sub/"

    @property
    def available(self) -> bool:
        return self.git_dir is not None

    def previous(self, current: str) -> PublishedVersion | None:
        """The newest published version older than `current`."""
        older = [v for v in self.versions if version_key(v.versie) < version_key(current)]
        return max(older, key=lambda v: version_key(v.versie)) if older else None


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _git(cwd: Path, *args: str, binary: bool = False):
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=GIT_TIMEOUT,
                            env={"GIT_TERMINAL_PROMPT": "0", "PATH": "/usr/bin:/bin:/usr/local/bin", "LC_ALL": "C"})
    if result.returncode != 0:
        raise OSError(result.stderr.decode("utf-8", "replace").strip()[:200])
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


NO_GIT = "Deze site is gemaakt zonder de geschiedenis van het protocol (geen git)."
SHALLOW = "Deze site is gemaakt uit een onvolledige kopie van de geschiedenis van het protocol."
NO_VERSIONS = "Er is nog geen eerdere versie van het protocol gepubliceerd."


def read_history(project_dir: Path) -> History:
    """The published versions of the project in `project_dir`; never raises."""
    try:
        top = Path(_git(project_dir, "rev-parse", "--show-toplevel").strip())
        if _git(project_dir, "rev-parse", "--is-shallow-repository").strip() == "true":
            return History([], SHALLOW)
        prefix = project_dir.resolve().relative_to(top.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        versions = _tagged(top) or _from_settings(top, prefix)
    except (OSError, ValueError, subprocess.SubprocessError):
        return History([], NO_GIT)
    return History(versions, "" if versions else NO_VERSIONS, git_dir=top, prefix=prefix)


def _tagged(cwd: Path) -> list[PublishedVersion]:
    out = _git(cwd, "for-each-ref", "--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)", f"refs/tags/{TAG_PREFIX}*")
    found = {}
    for line in out.splitlines():
        name, obj, peeled = (line.split("\t") + ["", ""])[:3]
        version = name[len(TAG_PREFIX):]
        if _VERSION.match(version):
            found[version] = PublishedVersion(version, peeled or obj, "tag")
    return sorted(found.values(), key=lambda v: version_key(v.versie))


def _settings_version(text: str) -> str | None:
    try:
        data = yaml.safe_load(text)
        version = str(data["protocol"]["versie"]).strip()
    except Exception:  # an old, broken or odd file is simply not a version
        return None
    return version if _VERSION.match(version) else None


def _from_settings(cwd: Path, prefix: str) -> list[PublishedVersion]:
    """Each version's last commit: the parent of the commit that set the next version."""
    path = prefix + "instellingen.yml"
    commits = _git(cwd, "log", "--first-parent", "--format=%H %P", "--", path).splitlines()
    seen: list[tuple[str, str, str]] = []  # newest first: (commit, first parent, version)
    for line in commits:
        commit, *parents = line.split()
        version = _settings_version(_git(cwd, "show", f"{commit}:{path}"))
        if version:
            seen.append((commit, parents[0] if parents else "", version))
    versions = []
    for newer, older in zip(seen, seen[1:]):
        if newer[2] != older[2] and newer[1]:  # the version changed in `newer`: its parent is the last of the old one
            parent_version = _settings_version(_git(cwd, "show", f"{newer[1]}:{path}"))
            if parent_version == older[2]:
                versions.append(PublishedVersion(older[2], newer[1], "instellingen"))
    unique = {v.versie: v for v in reversed(versions)}  # the newest commit of a version wins
    return sorted(unique.values(), key=lambda v: version_key(v.versie))


def export_version(history: History, version: PublishedVersion, target: Path) -> Path | None:
    """Write the files of `version` that a register needs into `target`; None when git cannot give them."""
    if not history.available:
        return None
    try:
        listing = _git(history.git_dir, "ls-tree", "-r", "-z", "--name-only", version.commit, "--",
                       *(history.prefix + p for p in SNAPSHOT_PATHS), binary=True)
        for raw in listing.split(b"\0"):
            if not raw:
                continue
            name = raw.decode("utf-8")
            relative = name[len(history.prefix):] if name.startswith(history.prefix) else None
            if relative is None or posixpath.normpath(relative) != relative or relative.startswith(("/", "..")):
                return None  # a path we would not write safely: no snapshot rather than a wrong one
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(_git(history.git_dir, "show", f"{version.commit}:{name}", binary=True))
    except (OSError, UnicodeDecodeError, subprocess.SubprocessError):
        return None
    return target if (target / "instellingen.yml").is_file() and (target / "mkdocs.yml").is_file() else None


@dataclasses.dataclass
class VersionChanges:
    """What the site shows for the current version: a comparison, or why there is none."""

    huidig: str
    vorige: PublishedVersion | None
    vergelijking: object | None  # compare.Comparison
    reden: str  # Dutch, set when there is no comparison


NO_SNAPSHOT = "De vorige versie kon niet uit de geschiedenis worden gelezen."
WRONG_TAG = "Het label van versie {versie} in git staat bij een andere versie van het protocol."


def changes_since_previous(project_dir: Path, register, settings, facts_for, history: History | None = None) -> VersionChanges:
    """Compare the working tree with the newest published version before it. `facts_for(register, settings)`
    gives a version's plain template values. Never raises: any doubt gives no comparison and a reason."""
    import tempfile

    from .compare import compare
    from .errors import ContentError
    from .register import build_register, read_nav
    from .settings import load_settings

    current = settings["protocol"]["versie"]
    history = history if history is not None else read_history(project_dir)
    if not history.available:
        return VersionChanges(current, None, None, history.reason)
    previous = history.previous(current)
    if previous is None:
        return VersionChanges(current, None, None, NO_VERSIONS)
    with tempfile.TemporaryDirectory(prefix="protocol-versie-") as folder:
        snapshot = export_version(history, previous, Path(folder))
        if snapshot is None:
            return VersionChanges(current, previous, None, NO_SNAPSHOT)
        try:
            old_settings = load_settings(snapshot)
            if old_settings["protocol"]["versie"] != previous.versie:  # a tag on the wrong commit: no comparison
                return VersionChanges(current, previous, None, WRONG_TAG.format(versie=previous.versie))
            old_register = build_register(snapshot, snapshot / "docs", read_nav(snapshot), old_settings)
            old_facts = facts_for(old_register, old_settings)
        except (ContentError, OSError, KeyError, TypeError, ValueError):
            return VersionChanges(current, previous, None, NO_SNAPSHOT)
        comparison = compare(old_register, register, old_settings, settings, previous.versie, current,
                             old_facts, facts_for(register, settings))
    return VersionChanges(current, previous, comparison, "")


def archive_list(project_dir: Path) -> list[tuple[str, "datetime.date | None"]]:
    """(version, effective date) of each published version, oldest first, read from the tagged commits."""
    import datetime  # noqa: F401  (for the annotation)

    from .text import parse_date
    from .yamlio import load_yaml

    history = read_history(project_dir)
    result = []
    for version in history.versions:
        try:
            text = _git(history.git_dir, "show", f"{version.commit}:{history.prefix}instellingen.yml")
            data, _ = load_yaml("instellingen.yml", text)
            date = parse_date((data.get("protocol") or {}).get("ingangsdatum"), "instellingen.yml", None, "ingangsdatum")
        except Exception:  # an old file we cannot read: list the version without a date
            date = None
        result.append((version.versie, date))
    return result
