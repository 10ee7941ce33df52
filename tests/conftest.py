"""Shared fixtures: the real site built once, and throw-away copies of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

_SKIP = shutil.ignore_patterns(".venv", ".git", "site", "__pycache__", ".pytest_cache", "tests", "build", "dist", ".cache",
                               "*.egg-info")


def build(project: Path, site: Path, pdf: bool = False, env: dict | None = None) -> subprocess.CompletedProcess:
    """A strict build, exactly as CI and scripts/check run it (never with -q)."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PROTOCOL_PDF="1" if pdf else "0", **(env or {}))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, env=full_env, capture_output=True, text=True)


def copy_project(target: Path) -> Path:
    shutil.copytree(PROJECT, target, ignore=_SKIP)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per test module (each module opens its own pages)."""
    from playwright.sync_api import sync_playwright

    from protocol.tools import browser

    with sync_playwright() as playwright, browser.launch(playwright) as launched:
        yield launched


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with PDFs, from the real project."""
    target = tmp_path_factory.mktemp("site") / "site"
    result = build(PROJECT, target, pdf=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


@pytest.fixture(scope="session")
def register():
    """The ordered articles as the build sees them (the single source of order and numbers)."""
    from protocol.model import load_register

    return load_register(PROJECT)


def soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file of a project copy; fail loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
