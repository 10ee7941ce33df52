"""The route off MkDocs: ProperDocs (a drop-in continuation of MkDocs 1.x) builds the same site, strict.

Same pages, same article numbers, same print page, same search index keys. A difference fails,
so the day an office switches generator, nothing in its protocol changes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build, soup


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    properdocs = Path(sys.executable).with_name("properdocs")
    if not properdocs.exists():
        pytest.fail("properdocs is not installed (requirements-test.txt)")
    root = tmp_path_factory.mktemp("generators")
    mkdocs_site, properdocs_site = root / "mkdocs", root / "properdocs"
    result = build(PROJECT, mkdocs_site)
    assert result.returncode == 0, result.stderr
    env = dict(os.environ, PROTOCOL_PDF="0", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run([str(properdocs), "build", "--strict", "--site-dir", str(properdocs_site)],
                            cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return mkdocs_site, properdocs_site


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _headings(site: Path, page: str) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup(site / page).select("article h1, section.print-page h1")]


def test_same_pages(both):
    mkdocs_site, properdocs_site = both
    assert _pages(mkdocs_site) == _pages(properdocs_site)
    assert len(_pages(mkdocs_site)) > 20


def test_same_numbers_titles_and_navigation(both, register):
    mkdocs_site, properdocs_site = both
    for article in register.enabled:
        page = f"{article.url}index.html"
        assert _headings(mkdocs_site, page) == _headings(properdocs_site, page)
        assert _headings(properdocs_site, page)[0].startswith(article.kop)
    nav = lambda site: [a.get_text(" ", strip=True) for a in soup(site / "index.html").select("nav.md-nav--primary a")]  # noqa: E731
    assert nav(mkdocs_site) == nav(properdocs_site)


def test_same_print_page(both):
    mkdocs_site, properdocs_site = both
    assert _headings(mkdocs_site, "print_page/index.html") == _headings(properdocs_site, "print_page/index.html")


def test_same_search_index_keys(both):
    mkdocs_site, properdocs_site = both
    keys = lambda site: [(d["location"], d["title"], sorted(d)) for d in  # noqa: E731
                         json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]]
    assert keys(mkdocs_site) == keys(properdocs_site)
    assert any("trefwoorden" in k[2] for k in keys(properdocs_site))
