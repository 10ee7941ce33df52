"""Front-matter fields a page may carry, and "Laatst bijgewerkt" read from git in one call."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest

from protocol.checks.front_matter import ALLOWED_FIELDS, check_front_matter
from protocol.model.revisions import last_changed
from protocol.model.versions import read_blobs

LINES = {"id": 2, "icon": 3, "subtitle": 4, "status": 5, "beoordeeld_tekst": 6, "template": 7}


@pytest.mark.parametrize("field", ["icon", "subtitle", "status", "beoordeeld_tekst", "bijgewerkt_tekst", "template"])
def test_a_field_the_theme_would_print_or_use_as_a_path_is_refused_with_its_line(field):
    errors = check_front_matter({"id": "x", field: "<img src=x onerror=alert(1)>"}, "docs/x.md", LINES.get)
    assert len(errors) == 1
    assert f"'{field}'" in errors[0].message and errors[0].path == "docs/x.md"
    assert errors[0].line == LINES.get(field)
    assert "Toegestaan zijn" in errors[0].hint


def test_the_fields_of_articles_and_pages_are_allowed():
    meta = {field: "x" for field in ALLOWED_FIELDS}
    assert check_front_matter(meta, "docs/x.md", LINES.get) == []


def _git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="t@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def test_each_page_gets_the_date_of_its_own_last_commit(tmp_path):
    repo = tmp_path / "repo"
    (repo / "project" / "docs" / "artikelen").mkdir(parents=True)
    _git(repo, "init", "-q")
    docs = repo / "project" / "docs"
    (docs / "index.md").write_text("een\n", encoding="utf-8")
    (docs / "artikelen" / "één.md").write_text("een\n", encoding="utf-8")  # a non-ASCII name
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first", date="2026-03-02T10:00:00+01:00")
    (docs / "index.md").write_text("twee\n", encoding="utf-8")
    (repo / "elders.md").write_text("buiten docs\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "second", date="2026-05-20T23:30:00+02:00")
    (docs / "nieuw.md").write_text("nog niet vastgelegd\n", encoding="utf-8")

    dates = last_changed(repo / "project", docs)
    assert dates == {"index.md": datetime.date(2026, 5, 20), "artikelen/één.md": datetime.date(2026, 3, 2)}


def test_without_git_there_are_no_dates_and_no_error(tmp_path):
    (tmp_path / "docs").mkdir()
    assert last_changed(tmp_path, tmp_path / "docs") == {}


def test_blobs_are_read_in_one_batch_and_a_missing_one_is_none(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_bytes(b"regel 1\nregel 2\n")
    (tmp_path / "b.txt").write_bytes(b"")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "one")
    assert read_blobs(tmp_path, ["HEAD:a.txt", "HEAD:weg.txt", "HEAD:b.txt"]) == [b"regel 1\nregel 2\n", None, b""]
