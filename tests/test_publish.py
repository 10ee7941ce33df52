"""Atomic publishing: a new release goes live at once, a failing one changes nothing, rollback works."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import urllib.request
from pathlib import Path

from protocol.tools import browser as _browser
import _releases
from conftest import PROJECT, edit


def publish(project: Path, target: Path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "scripts" / "publish"), "--doel", str(target),
                           "--project", str(project), *extra], capture_output=True, text=True)


def served(target: Path) -> dict[str, str]:
    """What the web server would serve: every file under `current`, by content."""
    root = (target / "current").resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


def test_publish_switch_fail_safely_and_roll_back(project_copy, tmp_path):
    target = tmp_path / "srv"
    first = publish(project_copy, target)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (target / "current").is_symlink()
    live_before = served(target)
    assert "index.html" in live_before and any(k.endswith(".pdf") for k in live_before)
    with _browser.serve(target / "current") as url:
        page_before = urllib.request.urlopen(url + "artikelen/melden/").read()

    # An HR edit that breaks the build: nothing changes on the live site.
    article = project_copy / "docs/artikelen/melden.md"
    good = article.read_text(encoding="utf-8")
    edit(article, "## Toelichting\n", "## Toelichting\n\n{{ kantoor.adres }}\n")
    failed = publish(project_copy, target)
    assert failed.returncode == 1
    assert "Niet gepubliceerd" in failed.stdout and "docs/artikelen/melden.md:" in failed.stdout
    assert served(target) == live_before
    assert len(_releases.releases(target)) == 1  # the half-built release is gone
    with _browser.serve(target / "current") as url:
        assert urllib.request.urlopen(url + "artikelen/melden/").read() == page_before

    # Fixed and changed: the new release goes live.
    article.write_text(good.replace("## Toelichting\n", "## Toelichting\n\nNieuwe zin in versie twee.\n", 1), encoding="utf-8")
    second = publish(project_copy, target)
    assert second.returncode == 0, second.stdout
    assert len(_releases.releases(target)) == 2
    assert "Nieuwe zin in versie twee." in (target / "current/artikelen/melden/index.html").read_text(encoding="utf-8")

    rollback = subprocess.run([sys.executable, str(PROJECT / "scripts" / "rollback"), "--doel", str(target)],
                              capture_output=True, text=True)
    assert rollback.returncode == 0, rollback.stdout
    assert served(target) == live_before


def test_prune_keeps_the_newest_and_never_the_live_release(tmp_path):
    target = tmp_path / "srv"
    for name in ("20270101-000000-v1.0", "20270102-000000-v1.1", "20270103-000000-v1.2", "20270104-000000-v1.3"):
        (target / "releases" / name).mkdir(parents=True)
    _releases.switch(target, target / "releases" / "20270101-000000-v1.0")  # an old one is live (after a rollback)
    removed = _releases.prune(target, keep=2)
    left = [p.name for p in _releases.releases(target)]
    assert [p.name for p in removed] == ["20270102-000000-v1.1"]
    assert left == ["20270101-000000-v1.0", "20270103-000000-v1.2", "20270104-000000-v1.3"]


def test_switch_replaces_the_link_in_one_step(tmp_path):
    target = tmp_path / "srv"
    for name in ("a", "b"):
        (target / "releases" / name).mkdir(parents=True)
    _releases.switch(target, target / "releases" / "a")
    _releases.switch(target, target / "releases" / "b")
    assert (target / "current").resolve() == (target / "releases" / "b").resolve()
    assert [p.name for p in target.iterdir() if p.name.startswith(".current")] == []
