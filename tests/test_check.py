"""scripts/check against realistic broken edits, the scaffold, and the changelog and review rules."""

from __future__ import annotations

import datetime
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, build, edit


def run(script: str, *args, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "scripts" / script), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def fingerprint(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in project.rglob("*") if p.is_file()}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _set_line(path: Path, field: str, value: str) -> None:
    """Set 'field: value' on the line where the field is, whatever the current value is."""
    text, count = re.subn(rf"^(\s*){field}: .*$", lambda m: f"{m.group(1)}{field}: {value}", path.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
    assert count == 1, field
    path.write_text(text, encoding="utf-8")


def _insert_after(path: Path, marker: str, text: str) -> None:
    edit(path, marker, marker + text)


# Each bad edit: (name, function that breaks a project copy, file that must be named, line is known?)

def _tab_in_settings(p):
    edit(p / "instellingen.yml", "  plaats:", "\tplaats:")


def _misspelled_variable(p):
    _insert_after(p / "docs/artikelen/melden.md", "## Toelichting\n", "\nBel {{ contact.privcy.telefoon }}.\n")





def _broken_link(p):
    _insert_after(p / "docs/begrippen.md", "\n", "Zie ook de [lijst met regels](gouden-regels.md).\n")


def _missing_image(p):
    _insert_after(p / "docs/webinars.md", "\n", "![Logo van het webinar](assets/images/webinar-logo.png)\n")


def _image_without_alt(p):
    _insert_after(p / "docs/webinars.md", "\n", "![](assets/images/logo.svg)\n")






def _raw_script(p):
    _append(p / "docs/artikelen/privegebruik.md", '\n<script src="https://stats.example.com/t.js"></script>\n')





def _misspelled_word(p):
    _insert_after(p / "docs/artikelen/controle.md", "## Toelichting\n", "\nDit is een vertrouwlijke regel.\n")



def _version_without_changelog(p):
    _set_line(p / "instellingen.yml", "versie", '"9.9"')


def _bad_check_rule(p):
    edit(p / "docs/_data/check-je-bericht.yml", "artikel: omgangsvormen\n", "artikel: omgangsvorm\n")


# End to end, a few of each kind of source (settings, article, links, images, spelling, data file). Every other bad
# edit is a unit test of the pure check that catches it (tests/unit/), which runs in milliseconds.
BAD_EDITS = [
    ("tab in YAML", _tab_in_settings, "instellingen.yml", True),
    ("verkeerd gespelde variabele", _misspelled_variable, "docs/artikelen/melden.md", True),
    ("kapotte link", _broken_link, "docs/begrippen.md", True),
    ("ontbrekende afbeelding", _missing_image, "docs/webinars.md", True),
    ("afbeelding zonder alt-tekst", _image_without_alt, "docs/webinars.md", True),
    ("ruwe <script>", _raw_script, "docs/artikelen/privegebruik.md", True),
    ("spelfout", _misspelled_word, "docs/artikelen/controle.md", True),
    ("nieuwe versie zonder wijzigingen", _version_without_changelog, "docs/_data/wijzigingen.yml", False),
    ("regel van Check je bericht met onbekend artikel", _bad_check_rule, "docs/_data/check-je-bericht.yml", True),
]

@pytest.mark.parametrize("name, breaker, named_file, with_line", BAD_EDITS, ids=[b[0] for b in BAD_EDITS])
def test_bad_edit_fails_the_check_and_names_the_file(name, breaker, named_file, with_line, project_copy):
    breaker(project_copy)
    before = fingerprint(project_copy)
    result = run("check", "--project", project_copy)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    pattern = re.escape(named_file) + (r"[\w/.-]*:\d+: " if with_line else r"[\w/.-]*(?::\d+)?: ")
    match = re.search(pattern, output)
    assert match, f"{name}: no '{named_file}' with line in:\n{output}"
    assert "Tip:" in output
    assert fingerprint(project_copy) == before, "the check changed a source file"


def test_good_edits_of_each_kind_pass(project_copy):
    """The right way to do what the bad edits tried: all at once, and the check passes."""
    p = project_copy
    _insert_after(p / "docs/artikelen/melden.md", "## Toelichting\n", "\nBel {{ contact.privacy.telefoon }}.\n")
    edit(p / "docs/artikelen/gevolgen.md", "## Voorbeelden", "## Voorbeelden")
    _insert_after(p / "docs/begrippen.md", "\n", "Zie ook de [gouden regels](index.md).\n")
    _insert_after(p / "docs/webinars.md", "\n", "![Logo van het kantoor](assets/images/logo.svg)\n")
    edit(p / "instellingen.yml", "uitgeschakeld: []", "uitgeschakeld:\n  - phishing")
    _insert_after(p / "docs/artikelen/beveiliging.md", "## Toelichting\n",
                  '\n{% if aan("phishing") %}Lees ook {{ artikel("phishing") }}.{% endif %}\n')
    edit(p / "instellingen.yml", "ingangsdatum: 2027-01-01", "ingangsdatum: 2027-02-28")
    _append(p / "docs/webinars.md", "\nMeer op [de site](https://www.example.com/webinar).\n")
    _insert_after(p / "docs/artikelen/controle.md", "## Toelichting\n", '\nZie ook {{ artikel("melden") }}.\n')
    _set_line(p / "instellingen.yml", "versie", '"9.9"')
    edit(p / "docs/_data/wijzigingen.yml", "- versie:", '- versie: "9.9"\n  datum: 2027-02-01\n  wijzigingen:\n'
         "    - Artikel over phishing uitgezet.\n- versie:")
    before = fingerprint(p)
    result = run("check", "--project", p)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Resultaat: geen fouten" in result.stdout
    assert fingerprint(p) == before


def test_check_reports_readability_of_every_article(register):
    result = run("check")
    assert result.returncode == 0, result.stdout
    for article in register.enabled:
        assert re.search(rf"\d+\.\d  in orde  {re.escape(article.kop)}", result.stdout)


def test_overdue_review_is_a_warning_not_an_error(project_copy):
    old = (datetime.date.today() - datetime.timedelta(days=800)).isoformat()
    _set_line(project_copy / "docs/artikelen/melden.md", "beoordeeld", old)
    result = run("check", "--project", project_copy)
    assert result.returncode == 0, result.stdout
    assert re.search(r"docs/artikelen/melden\.md:\d+: Dit artikel is voor het laatst beoordeeld op", result.stdout)
    assert "1 waarschuwing" in result.stdout


def test_new_article_is_placed_in_the_order_and_builds(project_copy, tmp_path):
    result = run("new-article", "thuiswerken", "Thuiswerken: zo doe je dat", "--na", "beveiliging", "--project", project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project_copy / "docs/artikelen/thuiswerken.md"
    text = page.read_text(encoding="utf-8")
    for part in ("id: thuiswerken", "## Wat we afspreken", "## Toelichting", "## Voorbeelden"):
        assert part in text
    nav = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.index("artikelen/beveiliging.md") < nav.index("artikelen/thuiswerken.md") < nav.index("artikelen/privegebruik.md")
    site = tmp_path / "site"
    assert build(project_copy, site).returncode == 0
    assert "Artikel 3 – Thuiswerken: zo doe je dat" in (site / "artikelen/thuiswerken/index.html").read_text(encoding="utf-8")
    assert "Artikel 4 – Privégebruik" in (site / "index.html").read_text(encoding="utf-8")


def test_new_article_refuses_an_existing_id(project_copy):
    before = fingerprint(project_copy)
    result = run("new-article", "melden", "Nog een keer melden", "--project", project_copy)
    assert result.returncode == 1
    assert "bestaat al" in result.stdout
    assert fingerprint(project_copy) == before


def test_pre_commit_runs_the_check():
    import yaml

    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert any(hook["entry"].startswith("scripts/check") for hook in hooks)


def test_new_article_after_a_nav_line_with_a_comment_leaves_no_orphan(project_copy):
    edit(project_copy / "mkdocs.yml", "      - artikelen/beveiliging.md\n", "      - artikelen/beveiliging.md   # wachtwoorden\n")
    result = run("new-article", "thuiswerken", "Thuiswerken", "--na", "beveiliging", "--project", project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    nav = (project_copy / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.index("artikelen/beveiliging.md") < nav.index("artikelen/thuiswerken.md") < nav.index("artikelen/privegebruik.md")


def test_new_article_refuses_an_unknown_place_and_writes_nothing(project_copy):
    before = fingerprint(project_copy)
    result = run("new-article", "thuiswerken", "Thuiswerken", "--na", "bestaat-niet", "--project", project_copy)
    assert result.returncode == 1 and "bestaat-niet" in result.stdout
    assert fingerprint(project_copy) == before


def test_the_office_names_are_not_spell_checked(project_copy):
    """A new office with a short name such as "HDV" must not fail on its own name."""
    edit(project_copy / "instellingen.yml", "korte_naam: Voorbeeldkantoor", "korte_naam: HDV")
    edit(project_copy / "instellingen.yml", "naam: Anouk Smit", "naam: Xylander Qwertzuiop")
    result = run("check", "--project", project_copy)
    assert result.returncode == 0, result.stdout
    assert "HDV" not in result.stdout.split("== 3.")[1]


def test_scripts_without_the_virtual_environment_give_a_dutch_message(tmp_path):
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    for name in ("_shim.py", "check"):
        (scripts / name).write_bytes((PROJECT / "scripts" / name).read_bytes())
    result = subprocess.run(["python3", str(scripts / "check")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "scripts/setup" in result.stderr and "Traceback" not in result.stderr
