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


def run_git(cwd: Path, *args: str, binary: bool = False, stdin: bytes | None = None):
    """git in `cwd`, never asking for a password, in the C locale; OSError with git's message when it fails."""
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=GIT_TIMEOUT, input=stdin,
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
        top, shallow = (run_git(project_dir, "rev-parse", "--show-toplevel", "--is-shallow-repository").splitlines() + ["", ""])[:2]
        top = Path(top.strip())
        if shallow.strip() == "true":
            return History([], SHALLOW)
        prefix = project_dir.resolve().relative_to(top.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        versions = _tagged(top) or _from_settings(top, prefix)
    except (OSError, ValueError, subprocess.SubprocessError):
        return History([], NO_GIT)
    return History(versions, "" if versions else NO_VERSIONS, git_dir=top, prefix=prefix)


def _tagged(cwd: Path) -> list[PublishedVersion]:
    out = run_git(cwd, "for-each-ref", "--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)", f"refs/tags/{TAG_PREFIX}*")
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
    commits = [line.split() for line in run_git(cwd, "log", "--first-parent", "--format=%H %P", "--", path).splitlines()]
    parents = [parts[1] if len(parts) > 1 else "" for parts in commits]
    # Every file version in one read: the commits that touched the settings, and their first parents.
    specs = [f"{parts[0]}:{path}" for parts in commits] + [f"{parent}:{path}" for parent in parents if parent]
    texts = dict(zip(specs, (_settings_version(b.decode("utf-8", "replace")) if b is not None else None
                             for b in read_blobs(cwd, specs))))
    seen: list[tuple[str, str, str]] = []  # newest first: (commit, first parent, version)
    for parts, parent in zip(commits, parents):
        version = texts.get(f"{parts[0]}:{path}")
        if version:
            seen.append((parts[0], parent, version))
    versions = []
    for newer, older in zip(seen, seen[1:]):
        if newer[2] != older[2] and newer[1]:  # the version changed in `newer`: its parent is the last of the old one
            if texts.get(f"{newer[1]}:{path}") == older[2]:
                versions.append(PublishedVersion(older[2], newer[1], "instellingen"))
    unique = {v.versie: v for v in reversed(versions)}  # the newest commit of a version wins
    return sorted(unique.values(), key=lambda v: version_key(v.versie))


def export_version(history: History, version: PublishedVersion, target: Path) -> Path | None:
    """Write the files of `version` that a register needs into `target`; None when git cannot give them."""
    if not history.available:
        return None
    try:
        listing = run_git(history.git_dir, "ls-tree", "-r", "-z", "--name-only", version.commit, "--",
                       *(history.prefix + p for p in SNAPSHOT_PATHS), binary=True)
        names = [raw.decode("utf-8") for raw in listing.split(b"\0") if raw]
        relatives = [name[len(history.prefix):] if name.startswith(history.prefix) else None for name in names]
        for relative in relatives:
            if relative is None or posixpath.normpath(relative) != relative or relative.startswith(("/", "..")):
                return None  # a path we would not write safely: no snapshot rather than a wrong one
        for relative, body in zip(relatives, read_blobs(history.git_dir, [f"{version.commit}:{n}" for n in names])):
            if body is None:
                return None
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(body)
    except (OSError, UnicodeDecodeError, subprocess.SubprocessError, ValueError):
        return None
    return target if (target / "instellingen.yml").is_file() and (target / "mkdocs.yml").is_file() else None


def read_blobs(cwd: Path, specs: list[str]) -> list[bytes | None]:
    """The contents of `commit:path` specs, in one `git cat-file --batch` (one process, not one per file)."""
    if not specs:
        return []
    for spec in specs:
        if "\n" in spec:
            raise ValueError("a path with a newline")
    out = run_git(cwd, "cat-file", "--batch", binary=True, stdin=("\n".join(specs) + "\n").encode("utf-8"))
    bodies, position = [], 0
    for _ in specs:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) != 3 or header[1] != b"blob":  # "<spec> missing", or not a file
            bodies.append(None)
            position = end + 1
            continue
        size = int(header[2])
        bodies.append(out[end + 1:end + 1 + size])
        position = end + 1 + size + 1  # the content is followed by a newline
    return bodies


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


def archive_list(project_dir: Path, history: History | None = None) -> list[tuple[str, "datetime.date | None"]]:
    """(version, effective date) of each published version, oldest first, read from the tagged commits."""
    import datetime  # noqa: F401  (for the annotation)

    from .text import parse_date
    from .yamlio import load_yaml

    history = history if history is not None else read_history(project_dir)
    specs = [f"{version.commit}:{history.prefix}instellingen.yml" for version in history.versions]
    try:
        bodies = read_blobs(history.git_dir, specs) if specs else []
    except (OSError, ValueError, subprocess.SubprocessError):
        bodies = [None] * len(specs)
    result = []
    for version, body in zip(history.versions, bodies):
        try:
            data, _ = load_yaml("instellingen.yml", body.decode("utf-8"))
            date = parse_date((data.get("protocol") or {}).get("ingangsdatum"), "instellingen.yml", None, "ingangsdatum")
        except Exception:  # an old file we cannot read: list the version without a date
            date = None
        result.append((version.versie, date))
    return result
