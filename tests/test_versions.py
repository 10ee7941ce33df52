"""'Wat is er veranderd' end to end: a real git repository with two tagged versions, real builds, real PDFs.

Version 1.0 is the project as it is (versie set to 1.0). Version 1.1 changes one rule (privégebruik),
adds one article (videobellen), removes an optional one (hybride-werken), moves one (nepbellers to
right after beveiliging) and gives HR a new name. Builds without a .git folder, from a shallow clone
and from a clone without tags show the changelog alone, or the same comparison from the settings.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build, copy_project, edit, soup
from protocol.model.versions import NO_GIT, SHALLOW, WRONG_TAG

GIT_ENV = {"GIT_AUTHOR_NAME": "HR", "GIT_AUTHOR_EMAIL": "hr@voorbeeldkantoor.example", "GIT_COMMITTER_NAME": "HR",
           "GIT_COMMITTER_EMAIL": "hr@voorbeeldkantoor.example", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1"}
NEW_ID, REMOVED_ID, MOVED_ID, CHANGED_ID = "videobellen", "hybride-werken", "nepbellers", "privegebruik"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                            env=dict(os.environ, **GIT_ENV))
    assert result.returncode == 0, result.stderr
    return result.stdout


def nav_ids(project: Path) -> list[str]:
    found = re.findall(r"^\s+- artikelen/([a-z0-9-]+)\.md$", (project / "mkdocs.yml").read_text(), re.M)
    return [i for i in found if i != "index"]  # the overview page of the section is no article


def titles(project: Path) -> dict[str, str]:
    found = {}
    for path in (project / "docs/artikelen").glob("*.md"):
        match = re.search(r'^titel: "?(.*?)"?$', path.read_text(encoding="utf-8"), re.M)
        if match:
            found[path.stem] = match.group(1)
    return found


def make_version_11(repo: Path) -> None:
    edit(repo / "docs/artikelen/privegebruik.md", "Houd het redelijk.", "Houd het kort.")
    source = (repo / "docs/artikelen/privegebruik.md").read_text(encoding="utf-8")
    source = source.replace("id: privegebruik", f"id: {NEW_ID}").replace('titel: "Privégebruik tijdens werktijd"',
                                                                        'titel: "Videobellen met klanten"')
    (repo / f"docs/artikelen/{NEW_ID}.md").write_text(source, encoding="utf-8")
    edit(repo / "mkdocs.yml", "      - artikelen/omgangsvormen.md\n",
         f"      - artikelen/omgangsvormen.md\n      - artikelen/{NEW_ID}.md\n")
    (repo / f"docs/artikelen/{REMOVED_ID}.md").unlink()
    faq = repo / "docs/veelgestelde-vragen.md"  # HR removes the one passage that links to it
    faq.write_text(re.sub(r'\{% if aan\("hybride-werken"\) %\}.*?\{% endif %\}\n', "", faq.read_text(encoding="utf-8"),
                          count=1, flags=re.S), encoding="utf-8")
    edit(repo / "mkdocs.yml", f"      - artikelen/{REMOVED_ID}.md\n", "")
    edit(repo / "mkdocs.yml", f"      - artikelen/{MOVED_ID}.md\n", "")
    edit(repo / "mkdocs.yml", "      - artikelen/beveiliging.md\n", f"      - artikelen/beveiliging.md\n      - artikelen/{MOVED_ID}.md\n")
    edit(repo / "instellingen.yml", "naam: Fatima El Amrani", "naam: Sven de Wit")
    edit(repo / "instellingen.yml", 'versie: "1.0"', 'versie: "1.1"')


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict:
    """The repository with tags protocol-v1.0 and protocol-v1.1, and the navs of both versions."""
    repo = copy_project(tmp_path_factory.mktemp("versions") / "repo")
    edit(repo / "instellingen.yml", 'versie: "1.1"', 'versie: "1.0"')
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Protocol 1.0")
    git(repo, "tag", "protocol-v1.0")
    old_nav, old_titles = nav_ids(repo), titles(repo)
    make_version_11(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Protocol 1.1")
    git(repo, "tag", "-a", "-m", "Versie 1.1", "protocol-v1.1")
    return {"path": repo, "old_nav": old_nav, "new_nav": nav_ids(repo), "titles": old_titles | titles(repo)}


@pytest.fixture(scope="module")
def tagged_site(repo, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tagged") / "site"
    result = build(repo["path"], site, pdf=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def section_items(page, heading: str) -> list[str]:
    """The list items under an h3 of the changes page."""
    h3 = next((h for h in page.select("article h3") if h.get_text(strip=True).rstrip("¶") == heading), None)
    assert h3 is not None, f"no heading {heading!r}"
    return [" ".join(li.get_text(" ", strip=True).split()) for li in h3.find_next_sibling("ul").select("li")]


def expected_renumbered(repo: dict) -> list[str]:
    old, new, t = repo["old_nav"], repo["new_nav"], repo["titles"]
    return [f"Artikel {new.index(i) + 1} – {t[i]} (was artikel {old.index(i) + 1})"
            for i in new if i in old and old.index(i) != new.index(i)]


def test_changes_page_lists_each_change_exactly(tagged_site, repo):
    page = soup(tagged_site / "wat-is-er-veranderd/index.html")
    new, t = repo["new_nav"], repo["titles"]
    assert page.select_one("article h2").get_text(strip=True).rstrip("¶") == "Wat is er veranderd in versie 1.1?"
    assert "Hieronder zie je per artikel wat er anders is dan in versie 1.0." in page.get_text()
    assert section_items(page, "Nieuwe artikelen") == [f"Artikel {new.index(NEW_ID) + 1} – Videobellen met klanten"]
    assert section_items(page, "Artikelen die weg zijn") == [
        f"{t[REMOVED_ID]} (was artikel {repo['old_nav'].index(REMOVED_ID) + 1})"]
    renumbered = section_items(page, "Artikelen met een ander nummer")
    assert renumbered == expected_renumbered(repo)
    assert any(item.startswith(f"Artikel {new.index(MOVED_ID) + 1} – {t[MOVED_ID]} ") for item in renumbered)
    changed = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h4")]
    assert changed == [f"Artikel {new.index(CHANGED_ID) + 1} – {t[CHANGED_ID]}"]
    diff = page.select_one(".pr-diff")
    assert [d.get_text() for d in diff.select("del")] == ["tekst die weg is: redelijk."]
    assert [i.get_text() for i in diff.select("ins")] == ["nieuwe tekst: kort."]
    assert "Afspraak aangepast." in diff.find_previous("p").get_text()
    assert section_items(page, "Andere wijzigingen die je ziet") == [
        "De HR-adviseur is nu Sven de Wit (was Fatima El Amrani)."]
    # the hand-written changelog entry stands above the comparison
    text = page.select_one("article").get_text(" ")
    assert text.index("In het kort") < text.index("Nieuwe artikelen")
    # the links on the page go to the article pages in the site
    for link in page.select("article a[href^='../artikelen/']"):
        assert (tagged_site / "wat-is-er-veranderd" / link["href"] / "index.html").resolve().is_file(), link["href"]


def test_badges_only_on_the_new_and_the_changed_article(tagged_site, repo):
    home = soup(tagged_site / "index.html")
    badges = {}
    for link in home.select("nav.md-nav--primary a.md-nav__link"):
        status = link.select_one(".md-status")
        if status is not None:
            badges[link["href"].strip("./").split("/")[-1]] = (status["class"][-1], status["title"])
    assert badges == {NEW_ID: ("md-status--nieuw", "Nieuw in deze versie"),
                      CHANGED_ID: ("md-status--gewijzigd", "Gewijzigd in deze versie")}
    new_page = soup(tagged_site / f"artikelen/{NEW_ID}/index.html").select_one(".pr-versiebadge")
    assert new_page.get_text(" ", strip=True) == "Nieuw in versie 1.1 Bekijk wat er veranderd is"
    assert new_page.a["href"] == "../../wat-is-er-veranderd/"
    changed = soup(tagged_site / f"artikelen/{CHANGED_ID}/index.html").select_one(".pr-versiebadge .pr-badge")
    assert changed.get_text() == "Gewijzigd in versie 1.1"
    assert soup(tagged_site / f"artikelen/{MOVED_ID}/index.html").select_one(".pr-versiebadge") is None
    # the page title stays plain text
    assert soup(tagged_site / f"artikelen/{NEW_ID}/index.html").title.get_text().startswith("Artikel ")
    notice = home.select_one(".admonition.tip")
    assert notice.select_one("a")["href"] == "wat-is-er-veranderd/"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_pdf_with_explanation_has_the_changes_appendix_and_the_plain_one_not(tagged_site, repo):
    downloads = tagged_site / "downloads"
    explained = _pdf_text(next(downloads.glob("*-protocol-met-toelichting-v1.1.pdf")))
    plain = _pdf_text(next(downloads.glob("*-protocol-v1.1.pdf")))
    title = "Bijlage – Wijzigingen ten opzichte van versie 1.0"
    assert explained.count(title) == 2  # the table of contents and the appendix itself
    appendix = explained[explained.rindex(title):]
    assert f"Artikel {repo['new_nav'].index(NEW_ID) + 1} – Videobellen met klanten" in appendix
    assert "tekst die weg is: redelijk. nieuwe tekst: kort." in appendix
    assert "De HR-adviseur is nu Sven de Wit (was Fatima El Amrani)." in appendix
    # the acknowledgement is still the last page, and names version and date
    assert appendix.index("Verklaring van kennisname") > appendix.index("Sven de Wit")
    assert "Ik heb versie 1.1 van het protocol" in appendix and "Deze versie geldt vanaf 1 januari 2027." in appendix
    assert "Wijzigingen ten opzichte van" not in plain


def test_without_tags_the_settings_history_gives_the_same_comparison(repo, tmp_path, tagged_site):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo["path"]), str(clone))
    for tag in git(clone, "tag").split():
        git(clone, "tag", "-d", tag)
    site = tmp_path / "site"
    result = build(clone, site)
    assert result.returncode == 0, result.stdout + result.stderr
    page, tagged = soup(site / "wat-is-er-veranderd/index.html"), soup(tagged_site / "wat-is-er-veranderd/index.html")
    for heading in ("Nieuwe artikelen", "Artikelen die weg zijn", "Artikelen met een ander nummer"):
        assert section_items(page, heading) == section_items(tagged, heading)
    assert str(page.select_one(".pr-diff")) == str(tagged.select_one(".pr-diff"))


@pytest.mark.parametrize("kind", ["geen git", "ondiepe kopie"])
def test_without_history_only_the_changelog_and_no_badges(kind, repo, tmp_path):
    if kind == "geen git":
        project = tmp_path / "zip"
        shutil.copytree(repo["path"], project, ignore=shutil.ignore_patterns(".git"))
        reason = NO_GIT
    else:
        project = tmp_path / "shallow"
        git(tmp_path, "clone", "-q", "--depth", "1", "file://" + str(repo["path"]), str(project))
        reason = SHALLOW
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(site / "wat-is-er-veranderd/index.html")
    notice = page.select_one(".admonition.info")
    assert notice.select_one(".admonition-title").get_text(strip=True) == "Alleen het logboek"
    assert reason in notice.get_text()
    assert page.select(".pr-diff") == [] and "Nieuwe artikelen" not in page.get_text()
    assert "Nieuw artikel: Reclame en advies online." in page.get_text()  # the changelog itself is there
    assert soup(site / "index.html").select("nav.md-nav--primary .md-status") == []
    assert soup(site / f"artikelen/{NEW_ID}/index.html").select_one(".pr-versiebadge") is None


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "scripts" / "check"), "--project", str(project)],
                          capture_output=True, text=True)


def test_hr_path_from_an_edit_to_the_employee(repo, tmp_path):
    """Edit, scripts/check, changelog entry, publish (the tag scripts/publish sets), the changes page, a new acknowledgement."""
    project = tmp_path / "hr"
    git(tmp_path, "clone", "-q", str(repo["path"]), str(project))
    git(project, "fetch", "-q", "--tags")
    edit(project / "docs/artikelen/beveiliging.md", "Ook als het maar even is.", "Ook als het maar een minuut is.")
    edit(project / "instellingen.yml", 'versie: "1.1"', 'versie: "1.2"')
    refused = _check(project)
    assert refused.returncode == 1 and "docs/_data/wijzigingen.yml" in refused.stdout + refused.stderr
    edit(project / "docs/_data/wijzigingen.yml", '- versie: "1.1"',
         '- versie: "1.2"\n  datum: 2027-02-01\n  wijzigingen:\n    - "Beveiliging: je vergrendelt je scherm ook voor een minuut."\n'
         '- versie: "1.1"')
    checked = _check(project)
    assert checked.returncode == 0 and "geen fouten" in checked.stdout, checked.stdout + checked.stderr
    git(project, "commit", "-qam", "Protocol 1.2")
    git(project, "tag", "protocol-v1.2")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(site / "wat-is-er-veranderd/index.html")
    assert page.select_one("article h2").get_text(strip=True).rstrip("¶") == "Wat is er veranderd in versie 1.2?"
    assert section_items(page, "In het kort") == ["Beveiliging: je vergrendelt je scherm ook voor een minuut."]
    assert [i.get_text() for i in page.select(".pr-diff ins")] == ["nieuwe tekst: een minuut"]
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("article h4")] == ["Artikel 2 – Beveiliging van apparatuur en accounts"]
    assert soup(site / "artikelen/beveiliging/index.html").select_one(".pr-badge").get_text() == "Gewijzigd in versie 1.2"
    assert soup(site / "index.html").select_one(".admonition.tip a").get_text() == "Bekijk wat er veranderd is in versie 1.2"
    acknowledgement = soup(site / "verklaring-van-kennisname/index.html").select_one("article").get_text(" ")
    assert "Ik heb versie 1.2 van het protocol" in acknowledgement and "Deze versie geldt vanaf 1 januari 2027." in acknowledgement


@pytest.mark.parametrize("repository", [None, "https://git.voorbeeldkantoor.example/kantoor/protocol"])
def test_edit_button_only_with_a_repository(repository, project_copy, tmp_path):
    if repository:
        edit(project_copy / "instellingen.yml", "uitgeschakeld: []", f"uitgeschakeld: []\nrepository: {repository}")
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr
    buttons = soup(site / "artikelen/privegebruik/index.html").select("a.md-content__button[rel=edit]")
    if repository is None:
        assert buttons == []
    else:
        assert [b["href"] for b in buttons] == [f"{repository}/-/edit/main/docs/artikelen/privegebruik.md"]
        assert buttons[0]["title"]  # Material's Dutch label, read by screen readers


def test_nav_badges_read_as_words_in_chromium(tagged_site):
    from playwright.sync_api import sync_playwright

    from protocol.tools import browser as _browser

    with _browser.serve(tagged_site) as url, sync_playwright() as playwright, _browser.launch(playwright) as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + f"artikelen/{NEW_ID}/")
        page.wait_for_load_state("networkidle")
        words = page.eval_on_selector_all("nav.md-nav--primary .md-status",
                                          "els => els.map(e => getComputedStyle(e, '::after').content)")
        assert set(words) == {'"Gewijzigd"', '"Nieuw"'}  # the open page shows its entry twice (label and link)
        shots = PROJECT / "tests" / "screenshots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / "versions-badges.png"))


def test_a_tag_on_the_wrong_commit_gives_no_comparison(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo["path"]), str(clone))
    git(clone, "tag", "-f", "protocol-v1.0", "protocol-v1.1^{}")  # 1.0's label on the 1.1 commit
    site = tmp_path / "site"
    result = build(clone, site)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(site / "wat-is-er-veranderd/index.html")
    assert WRONG_TAG.format(versie="1.0") in page.select_one(".admonition.info").get_text()
    assert page.select(".pr-diff") == [] and soup(site / "index.html").select("nav .md-status") == []
