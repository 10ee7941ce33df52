"""Publishing: a new release goes live at once, a failing or interrupted one never does, rollback works.

The fault tests kill the publisher (kill -9) at each stage and fill a real
(tmpfs) disk, then prove: the live site is byte-identical, nginx -t passes,
rollback picks only complete releases, nothing half-made stays behind and no
build process outlives the publisher.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from base64 import b64encode
from pathlib import Path

import pytest

from protocol.tools import nginx as _nginx
from conftest import PROJECT, copy_project, edit

from protocol.model import load_settings
from protocol.publish import releases

PUBLISH, ROLLBACK = PROJECT / "scripts" / "publish", PROJECT / "scripts" / "rollback"
USER, PASSWORD = "medewerker", "geheim-wachtwoord-123"
DEADLINE = 120  # seconds for any state we wait for; a build takes about 6


def run(command: Path, target: Path, *extra: str, project: Path | None = None) -> subprocess.CompletedProcess:
    args = [str(command), "--doel", str(target), *extra] + (["--project", str(project)] if project else [])
    return subprocess.run(args, capture_output=True, text=True, timeout=DEADLINE)


def served(target: Path) -> dict[str, str]:
    """What the web server would serve: every file under `current`, by content (dotfiles too)."""
    root = (target / "current").resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


def wait_for(condition, what: str, timeout: float = DEADLINE):
    """Poll until condition() is truthy; fail with `what` after timeout. Returns the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


# ---------------------------------------------------------------------------
# Processes: find the build the publisher started, prove it is gone
# ---------------------------------------------------------------------------

def _processes() -> list[dict]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":  # a zombie has ended; it only waits to be reaped
            continue
        found.append({"pid": int(entry.name), "pgrp": int(fields[2]),
                      "args": [a.decode(errors="replace") for a in cmdline if a]})
    return found


def build_group(building_root: Path) -> int | None:
    """The process group of the check child that builds into releases/.tmp-*.

    The check builds in its own process (protocol/build.py); the PDF renderers are its children, in its group."""
    processes = _processes()
    check = next((p for p in processes if "protocol.cli.check" in p["args"]
                  and any(a.startswith(str(building_root)) for a in p["args"])), None)
    return check["pgrp"] if check is not None else None


def leftover_processes(target: Path, group: int | None) -> list[dict]:
    """Build processes still alive: in the build's group, a watchdog for it, or anything naming the target."""
    return [p for p in _processes()
            if (group is not None and (p["pgrp"] == group or ("protocol.publish.watchdog" in p["args"] and str(group) in p["args"])))
            or any(str(target) in a for a in p["args"])]


def temporary_folders(target: Path) -> list[Path]:
    return sorted((target / "releases").glob(releases.TEMPORARY_PREFIX + "*"))


# ---------------------------------------------------------------------------
# Unit tests of the release rules
# ---------------------------------------------------------------------------

def make_release(target: Path, name: str, complete: bool = True, files: dict | None = None) -> Path:
    release = target / "releases" / name
    release.mkdir(parents=True)
    for relative, data in (files or {"index.html": b"<p>" + name.encode() + b"</p>", "downloads/protocol.pdf": b"%PDF-1.7 " * 100}).items():
        (release / relative).parent.mkdir(parents=True, exist_ok=True)
        (release / relative).write_bytes(data)
    if complete:
        releases.write_marker(release, "1.0")
    return release


def test_only_a_matching_marker_makes_a_release(tmp_path):
    target = tmp_path / "srv"
    good = make_release(target, "20270101-000000-v1.0")
    make_release(target, "20270102-000000-v1.1", complete=False)  # what kill -9 used to leave
    cut = make_release(target, "20270103-000000-v1.2")
    (cut / "downloads/protocol.pdf").write_bytes(b"")  # a 0-byte PDF after the marker was written
    grown = make_release(target, "20270104-000000-v1.3")
    (grown / "half-written.html").write_bytes(b"<p>")
    garbled = make_release(target, "20270105-000000-v1.4")
    (garbled / releases.MARKER).write_text("{not json", encoding="utf-8")
    temporary = make_release(target, releases.TEMPORARY_PREFIX + "20270106-000000-1")  # marked, but never renamed
    assert releases.releases(target) == [good]
    marker = json.loads((good / releases.MARKER).read_text(encoding="utf-8"))
    assert marker["version"] == "1.0" and marker["files"] == 2 and len(marker["sha256"]) == 64
    assert releases.is_complete(temporary)


def test_prune_counts_only_complete_releases_and_clears_debris(tmp_path):
    target = tmp_path / "srv"
    names = [f"2027010{day}-000000-v1.{day}" for day in range(1, 5)]
    for name in names:
        make_release(target, name)
    broken = [make_release(target, f"2027010{day}-000000-v9.{day}", complete=False) for day in range(5, 9)]
    temporary = make_release(target, releases.TEMPORARY_PREFIX + "x", complete=False)
    releases.switch(target, target / "releases" / names[0])  # an old one is live (after a rollback)
    removed = releases.prune(target, keep=2)
    assert sorted(p.name for p in removed) == sorted([names[1], temporary.name] + [b.name for b in broken])
    assert [p.name for p in releases.releases(target)] == [names[0], names[2], names[3]]
    assert sorted(p.name for p in (target / "releases").iterdir()) == [names[0], names[2], names[3]]


def test_prune_never_removes_the_live_folder_even_when_incomplete(tmp_path):
    """A site published by the old publisher has no marker; it stays until something replaces it."""
    target = tmp_path / "srv"
    legacy = make_release(target, "20260101-000000-v0.9", complete=False)
    releases.switch(target, legacy)
    assert releases.prune(target, keep=1) == []
    assert legacy.is_dir() and releases.live(target) == legacy.resolve()


def test_switch_replaces_the_link_in_one_step(tmp_path):
    target = tmp_path / "srv"
    a, b = make_release(target, "a"), make_release(target, "b")
    releases.switch(target, a)
    releases.switch(target, b)
    assert (target / "current").resolve() == b.resolve()
    assert [p.name for p in target.iterdir() if p.name.startswith(".current")] == []


def test_rollback_skips_incomplete_releases(tmp_path):
    target = tmp_path / "srv"
    older = make_release(target, "20270101-000000-v1.0")
    make_release(target, "20270102-000000-v1.1", complete=False)
    newest = make_release(target, "20270103-000000-v1.2")
    releases.switch(target, newest)
    refused = run(ROLLBACK, target, "--naar", "20270102-000000-v1.1")
    assert refused.returncode == 1 and "geen complete versie" in refused.stdout
    assert releases.live(target) == newest.resolve()
    done = run(ROLLBACK, target)
    assert done.returncode == 0, done.stdout + done.stderr
    assert releases.live(target) == older.resolve()
    assert not (target / "releases" / "20270102-000000-v1.1").exists()  # the debris is cleared too
    assert run(ROLLBACK, target).returncode == 1  # nothing older: refuses instead of picking anything


def test_the_shims_explain_a_missing_virtual_environment(tmp_path):
    scripts = tmp_path / "project" / "scripts"
    scripts.mkdir(parents=True)
    for name in ("publish", "rollback"):
        (scripts / name).write_bytes((PROJECT / "scripts" / name).read_bytes())
        (scripts / name).chmod(0o755)
        result = subprocess.run([str(scripts / name), "--doel", str(tmp_path / "srv")], capture_output=True, text=True)
        assert result.returncode == 1
        assert "virtuele omgeving ontbreekt" in result.stderr and "scripts/setup" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr


# ---------------------------------------------------------------------------
# Real publishes on a small real disk (tmpfs), with nginx in front
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project copy and a target on its own 48 MB tmpfs with two complete releases, the newer one live."""
    work = tmp_path_factory.mktemp("publish")
    project = copy_project(work / "project")
    target = work / "srv"
    target.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(target)], capture_output=True, text=True)
    try:
        for _ in range(2):
            result = run(PUBLISH, target, project=project)
            assert result.returncode == 0, result.stdout + result.stderr
        nginx = _nginx.prepare(target, work / "nginx", USER, PASSWORD)
        yield {"project": project, "target": target, "nginx": nginx, "tmpfs": mounted.returncode == 0,
               "releases": releases.releases(target)}
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(target)], check=False)


def test_publish_switch_fail_safely_and_roll_back(published):
    target, project = published["target"], published["project"]
    first, second = published["releases"]
    assert releases.live(target) == second.resolve()
    live_before = served(target)
    assert "index.html" in live_before and releases.MARKER in live_before
    pdfs = [k for k in live_before if k.endswith(".pdf") and k.count("/") == 1]  # the downloads; the archive has copies
    assert len(pdfs) == 2 and all((target / "current" / k).stat().st_size > 10_000 for k in pdfs)
    assert any(k.endswith(".html.gz") for k in live_before)  # precompressed before the marker

    # An HR edit that breaks the build: nothing changes on the live site, nothing is left behind.
    article = project / "docs/artikelen/melden.md"
    good = article.read_text(encoding="utf-8")
    edit(article, "## Toelichting\n", "## Toelichting\n\n{{ kantoor.adres }}\n")
    try:
        failed = run(PUBLISH, target, project=project)
    finally:
        article.write_text(good, encoding="utf-8")
    assert failed.returncode == 1
    assert "Niet gepubliceerd" in failed.stdout and "docs/artikelen/melden.md:" in failed.stdout
    assert "schijf is vol" not in failed.stdout  # a content error is not blamed on the disk
    assert served(target) == live_before
    assert releases.releases(target) == [first, second] and temporary_folders(target) == []

    rollback = run(ROLLBACK, target)
    assert rollback.returncode == 0, rollback.stdout
    assert releases.live(target) == first.resolve()
    back = run(ROLLBACK, target, "--naar", second.name)
    assert back.returncode == 0 and served(target) == live_before


def _start(published, pause_at: str | None = None, render_pdfs: bool = False) -> tuple[subprocess.Popen, Path]:
    pause_dir = published["target"].parent / "pause"
    pause_dir.mkdir(exist_ok=True)
    for name in ("reached", "continue"):
        (pause_dir / name).unlink(missing_ok=True)
    env = dict(os.environ, PROTOCOL_PUBLISH_PAUSE_DIR=str(pause_dir))
    if render_pdfs:  # a new cache key: the unchanged PDFs are rendered again instead of coming from the cache
        env["PROTOCOL_CACHE_KEY"] = str(pause_dir / f"sleutel-{time.monotonic_ns()}")
    if pause_at:
        env["PROTOCOL_PUBLISH_PAUSE_AT"] = pause_at
    log = open(pause_dir / "publish.log", "w")
    process = subprocess.Popen([str(PUBLISH), "--doel", str(published["target"]), "--project", str(published["project"])],
                               env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    log.close()
    return process, pause_dir


def _output(pause_dir: Path) -> str:
    return (pause_dir / "publish.log").read_text(encoding="utf-8", errors="replace")


def _live_layout(published) -> tuple[int, list[str]]:
    """Number of HTML pages and the PDF paths of the live release: what a finished build has."""
    files = served(published["target"])
    return sum(1 for k in files if k.endswith(".html")), [k for k in files if k.endswith(".pdf")]


def _in_build(building: Path, pages: int, pdfs: list[str]) -> bool:
    """MkDocs runs and has not written every page yet."""
    return sum(1 for _ in building.rglob("*.html")) < pages


def _in_pdf(building: Path, pages: int, pdfs: list[str]) -> bool:
    """Every page is written, no PDF is (MkDocs writes empty placeholders, WeasyPrint fills them)."""
    return sum(1 for _ in building.rglob("*.html")) == pages and all(
        not (building / pdf).is_file() or (building / pdf).stat().st_size == 0 for pdf in pdfs)


def _freeze_build_when(published, process, state) -> tuple[Path, int]:
    """Wait until the build child is in `state`; returns with its whole group stopped (SIGSTOP) in that state."""
    target = published["target"]

    def reached():
        assert process.poll() is None, _output(target.parent / "pause")
        for building in temporary_folders(target):
            group = build_group(target / "releases")
            try:
                if not (group and state(building)):
                    continue
                os.killpg(group, signal.SIGSTOP)
                if state(building):
                    return building, group
                os.killpg(group, signal.SIGCONT)  # moved on while we stopped it: try again
            except FileNotFoundError:  # MkDocs replaced a folder while we counted
                continue
        return None

    return wait_for(reached, "the build to reach its state")


def _fill_disk(target: Path, leave: int = 0) -> Path:
    """Fill the tmpfs of the target to the last byte, then give `leave` bytes back."""
    filler = target / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (1 << 20, 4096, 1):
            try:
                while handle.write(b"\0" * chunk):
                    pass
            except OSError as error:
                assert error.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


FAULTS = {  # name: (how the publisher ends, where)
    "kill-during-build": ("kill", "build"),
    "kill-during-pdf": ("kill", "pdf"),
    "kill-during-precompress": ("kill", "precompress"),
    "kill-before-marker": ("kill", "marker"),
    "kill-before-switch": ("kill", "switch"),
    "sigterm-during-build": ("sigterm", "build"),
    "sigterm-during-precompress": ("sigterm", "precompress"),
    "disk-full-during-build": ("disk-full", "build"),
    "disk-full-during-precompress": ("disk-full", "precompress"),
}
HOOK_POINTS = ("precompress", "marker", "switch")  # where protocol/publish/pause.py can stop the publisher


@pytest.mark.parametrize("fault", list(FAULTS))
def test_an_interrupted_publish_changes_nothing(published, fault):
    action, point = FAULTS[fault]
    target = published["target"]
    if action == "disk-full" and not published["tmpfs"]:
        pytest.skip("needs root to mount a small tmpfs; ENOSPC is then not tested")
    first, second = published["releases"]
    live_before = served(target)
    layout = _live_layout(published)
    group, filler = None, None
    if action == "disk-full" and point == "build":
        filler = _fill_disk(target, leave=1 << 20)  # a release (6 MB) does not fit in the last MB
    process, pause_dir = _start(published, point if point in HOOK_POINTS else None, render_pdfs=point == "pdf")
    try:
        if point in HOOK_POINTS:
            wait_for(lambda: process.poll() is not None or (pause_dir / "reached").exists(), "the pause point")
            assert process.poll() is None, _output(pause_dir)
            assert (pause_dir / "reached").read_text().split()[0] == point
            assert temporary_folders(target), "the release is built in releases/.tmp-*"
            if action == "disk-full":
                filler = _fill_disk(target)
        elif action != "disk-full":
            state = _in_build if point == "build" else _in_pdf
            _, group = _freeze_build_when(published, process, lambda building: state(building, *layout))
        if group is not None:
            # Let it run again first: a stopped group whose parent dies gets SIGHUP from the kernel
            # (orphaned process group), which would hide a missing watchdog.
            os.killpg(group, signal.SIGCONT)
        if action == "kill":
            process.kill()
            process.wait(timeout=10)
        elif action == "sigterm":
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 1
            assert "Publicatie afgebroken" in _output(pause_dir)
        else:
            (pause_dir / "continue").touch()
            assert process.wait(timeout=DEADLINE) == 1
            output = _output(pause_dir)
            assert "de schijf is vol" in output and "Het ligt niet aan de inhoud" in output, output
            assert "Publicatie afgebroken" not in output
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if filler is not None:
            filler.unlink()

    # No build process outlives the publisher (PDEATHSIG and the watchdog, or the clean-up). Killed in the
    # build or before the first PDF, an orphaned MkDocs would still need seconds: 2 s tells them apart.
    wait_for(lambda: leftover_processes(target, group) == [], "the build processes to end", timeout=2)
    # The live site is untouched, and nginx accepts its configuration.
    assert served(target) == live_before
    check = _nginx.config_test(published["nginx"].work)
    assert check.returncode == 0, check.stderr
    assert releases.releases(target) == [first, second]  # the half-made folder never counts
    if action in ("sigterm", "disk-full"):
        assert temporary_folders(target) == []  # cleaned up on the way out
    else:
        assert temporary_folders(target)  # kill -9 runs no clean-up: the next rollback or publish does it
    print(f"{fault}: output tail:\n" + "\n".join(_output(pause_dir).splitlines()[-6:]))
    # Rollback chooses the previous complete release and clears any debris; then back.
    rolled = run(ROLLBACK, target)
    assert rolled.returncode == 0 and releases.live(target) == first.resolve(), rolled.stdout
    assert temporary_folders(target) == [] and sorted((target / "releases").iterdir()) == [first, second]
    assert run(ROLLBACK, target, "--naar", second.name).returncode == 0
    assert served(target) == live_before


def test_publish_clears_debris_and_nginx_serves_it_without_reload(published, tmp_path):
    """Leave debris (kill -9 before the switch), then publish for real behind a running nginx."""
    target, project = published["target"], published["project"]
    process, pause_dir = _start(published, "switch")
    wait_for(lambda: (pause_dir / "reached").exists() or process.poll() is not None, "the switch point")
    process.kill()
    process.wait()
    assert temporary_folders(target)
    article = project / "docs/artikelen/melden.md"
    edit(article, "## Toelichting\n", "## Toelichting\n\nNieuwe zin in versie drie.\n")
    auth = {"Authorization": "Basic " + b64encode(f"{USER}:{PASSWORD}".encode()).decode()}

    def get(server, path):
        connection = http.client.HTTPSConnection("127.0.0.1", server.port, context=server.ssl_context(), timeout=10)
        connection.request("GET", path, headers=auth)
        response = connection.getresponse()
        return response, response.read()

    with _nginx.running(target, tmp_path / "nginx", USER, PASSWORD) as server:
        nginx_pid = int((tmp_path / "nginx" / "nginx.pid").read_text())
        before, body = get(server, "/artikelen/melden/")
        assert before.status == 200 and b"Nieuwe zin in versie drie." not in body
        started = time.monotonic()
        result = run(PUBLISH, target, "--bewaar", "2", project=project)
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stdout
        assert "Resten van een onderbroken publicatie opgeruimd" in result.stdout
        assert "herladen hoeft niet" in result.stdout
        after, body = get(server, "/artikelen/melden/")
        assert after.status == 200 and "Nieuwe zin in versie drie." in body.decode("utf-8")
        assert after.getheader("Content-Security-Policy") == before.getheader("Content-Security-Policy")
        version = load_settings(project)["protocol"]["versie"]
        pdf = next(k for k in served(target) if k.endswith(f"-met-toelichting-v{version}.pdf"))
        response, data = get(server, "/" + pdf)
        assert response.status == 200 and data.startswith(b"%PDF") and len(data) > 10_000
        assert int((tmp_path / "nginx" / "nginx.pid").read_text()) == nginx_pid  # the same nginx, never reloaded
    print(f"publish time: {seconds:.1f} s")
    kept = releases.releases(target)
    assert len(kept) == 2 and releases.live(target) == kept[-1].resolve()
    assert temporary_folders(target) == [] and sorted((target / "releases").iterdir()) == kept


def test_publish_tags_the_version_and_keeps_every_published_pdf_under_a_stable_url(tmp_path):
    """Publish 1.x, then a new version: the tag is made, and the archive holds both versions' PDFs."""
    import re as _re

    project = copy_project(tmp_path / "project")
    git = lambda *args: subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout  # noqa: E731
    git("init", "-q", "-b", "main")
    git("-c", "user.name=HR", "-c", "user.email=hr@voorbeeld.example", "add", "-A")
    git("-c", "user.name=HR", "-c", "user.email=hr@voorbeeld.example", "commit", "-q", "-m", "versie")
    first_version = load_settings(project)["protocol"]["versie"]
    target = tmp_path / "srv"
    result = run(PUBLISH, target, project=project)
    assert result.returncode == 0, result.stdout
    assert f"Tag protocol-v{first_version} gemaakt" in result.stdout
    assert git("tag", "--list").split() == [f"protocol-v{first_version}"]

    settings = project / "instellingen.yml"
    settings.write_text(_re.sub(r'versie: "[^"]+"', 'versie: "9.1"', settings.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    edit(project / "docs/_data/wijzigingen.yml", "- versie:", '- versie: "9.1"\n  datum: 2027-06-01\n  wijzigingen:\n    - Test.\n- versie:')
    git("-c", "user.name=HR", "-c", "user.email=hr@voorbeeld.example", "commit", "-q", "-am", "9.1")
    result = run(PUBLISH, target, project=project)
    assert result.returncode == 0, result.stdout
    archive = releases.live(target) / "downloads" / "archief"
    names = sorted(p.name for p in archive.glob("*.pdf"))
    assert len(names) == 4 and {f"-v{first_version}.pdf" in n for n in names} == {True, False}, names
    assert all((archive / n).read_bytes()[:5] == b"%PDF-" for n in names)
    assert sorted(git("tag", "--list").split()) == sorted([f"protocol-v{first_version}", "protocol-v9.1"])
    assert releases.is_complete(releases.live(target))  # the archive is part of what the marker vouches for
