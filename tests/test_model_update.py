"""scripts/model-bijwerken end to end, with the real model 1.0 and 1.1 as the main case.

Fixture repositories are built here: a model with release 1.0 (the tree of commit 9f27ae0, the
marked 1.0 release) and 1.1 (the current tree of this project), and three offices forked at 1.0:
one changed nothing, one changed a rule 1.1 leaves alone, switched an optional article off and
added its own article, and one changed the rule 1.1 corrects. For each: the overview's category
per article, the strict build after applying, the office's changes, the model's changes, the
conflict report and the warning of scripts/check.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from protocol.cli import model_update
from protocol.update import plan as p
from protocol.update.basis import BASIS_FILE
from protocol.update.overview import HEADINGS
from protocol.update.prepare import Prepared
from protocol.update.report import REPORT_FILE, open_item_warnings

ROOT = Path(__file__).resolve().parent.parent
MODEL_10 = "9f27ae006712a7cbe48cc1d4b5aa12c48511bb95"
GIT_ID = ["-c", "user.name=Testkantoor", "-c", "user.email=test@kantoor.example"]

OFFICE2_OLD_RULE = "4. Krijg je een vraag van een journalist? Dan geef je zelf geen antwoord. Je geeft de vraag door aan de woordvoerder."
OFFICE2_NEW_RULE = "4. Belt of mailt een journalist je? Dan zeg je vriendelijk dat de woordvoerder terugbelt. Je geeft de vraag meteen door."
OFFICE3_OLD_RULE = "4. Op je eigen sociale media kijkt het kantoor alleen naar wat voor iedereen te zien is."
OFFICE3_NEW_RULE = "4. Op je eigen sociale media kijkt het kantoor alleen naar wat openbaar is, en alleen als daar een reden voor is."
# 1.1 changes the explanation and FAQ of privegebruik, not this rule: merged per section without a proposal.
OFFICE3_PRIVATE_OLD = "6. Heb je meer tijd nodig voor iets privé? Doe het dan in je pauze."
OFFICE3_PRIVATE_NEW = "6. Heb je meer tijd nodig voor iets privé? Doe het dan in je pauze of na je werk."
OWN_ARTICLE = '''---
id: kantoorfeest
titel: "Het kantoorfeest online"
optioneel: false
samenvatting: Wat je van het kantoorfeest online zet, en wat niet.
zoekwoorden: [feest, kantoorfeest, borrel, foto]
beoordeeld: 2026-12-01
---

## Wat we afspreken

1. Je zet alleen foto's van het feest online als iedereen op de foto het goed vindt.
2. Je zet geen klanten online.

## Toelichting

Een feest is leuk. Een foto online blijft lang staan. Vraag het daarom eerst.

## Voorbeelden

!!! mag "Een foto van de taart"
    Sanne zet een foto van de taart op haar eigen account.

    **Waarom:** er staat niemand op de foto.

!!! mag-niet "Een foto van een klant op het feest"
    Bram zet een foto online waarop een klant staat.

    **Waarom:** de klant heeft dat niet gevraagd.

    **Zo kan het wel:** laat de klant weg.

!!! eerst-vragen "Een groepsfoto"
    Priya wil een groepsfoto delen.

    **Waarom:** vraag iedereen op de foto eerst of het goed is.
'''


def git(cwd: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"git {args}: {result.stderr}")
    return result.stdout.strip()


def current_tree_files() -> dict[str, bytes]:
    """This project's files as they would be committed: tracked and new, not ignored."""
    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    return {n: (ROOT / n).read_bytes() for n in names if n and (ROOT / n).is_file()}


def write_tree(target: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if name.startswith("scripts/") and not name.endswith(".py"):
            path.chmod(0o755)


def tree_of(repo: Path, rev: str = "HEAD") -> dict[str, bytes]:
    data = subprocess.run(["git", "archive", rev], cwd=repo, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> dict:
    """A model repository: release 1.0 (the real 1.0 tree), release 1.1 (this tree), and the release list."""
    repo = tmp_path_factory.mktemp("model") / "model"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    archive = subprocess.run(["git", "archive", MODEL_10], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(repo, filter="data")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Model 1.0")
    commit_10 = git(repo, "rev-parse", "HEAD")
    git(repo, "rm", "-rq", ".")
    files = current_tree_files()
    files["modelversies.yml"] = f'- versie: "1.0"\n  commit: {commit_10}\n  datum: 2026-12-01\n'.encode()
    write_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Model 1.1")
    commit_11 = git(repo, "rev-parse", "HEAD")
    with (repo / "modelversies.yml").open("a") as f:
        f.write(f'- versie: "1.1"\n  commit: {commit_11}\n  datum: 2026-12-01\n')
    git(repo, "commit", "-qam", "Release 1.1")
    return {"repo": repo, "1.0": commit_10, "1.1": commit_11,
            "tree10": tree_of(repo, commit_10), "tree11": tree_of(repo, commit_11)}


def make_office(model: dict, path: Path, change=None) -> Path:
    """An office forked at model 1.0 with its basis recorded, then its own changes in a commit."""
    git(path.parent, "clone", "-q", str(model["repo"]), path.name)
    git(path, "checkout", "-q", "-B", "main", model["1.0"])
    (path / BASIS_FILE).write_text(f'versie: "1.0"\ncommit: {model["1.0"]}\n', encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "Basis: model 1.0")
    if change:
        change(path)
        git(path, "add", "-A")
        git(path, "commit", "-qm", "Our own changes")
    git(path, "config", "user.name", "Testkantoor")
    git(path, "config", "user.email", "test@kantoor.example")
    return path


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def office2_changes(path: Path) -> None:
    replace(path / "docs/artikelen/namens-het-kantoor.md", OFFICE2_OLD_RULE, OFFICE2_NEW_RULE)
    replace(path / "instellingen.yml", "uitgeschakeld: []", "uitgeschakeld:\n  - linkedin")
    (path / "docs/artikelen/kantoorfeest.md").write_text(OWN_ARTICLE, encoding="utf-8")
    replace(path / "mkdocs.yml", "      - artikelen/omgangsvormen.md\n",
            "      - artikelen/omgangsvormen.md\n      - artikelen/kantoorfeest.md\n")


def office3_changes(path: Path) -> None:
    replace(path / "docs/artikelen/controle.md", OFFICE3_OLD_RULE, OFFICE3_NEW_RULE)
    replace(path / "docs/artikelen/privegebruik.md", OFFICE3_PRIVATE_OLD, OFFICE3_PRIVATE_NEW)
    replace(path / "instellingen.yml", "naam: Voorbeeldkantoor Adviesgroep B.V.", "naam: Testkantoor De Linde B.V.")


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = model_update.main(list(args))
    return code, out.getvalue(), err.getvalue()


def overview_categories(text: str) -> dict[str, str]:
    """article id -> category, read back from the printed overview."""
    by_heading = {heading: category for category, heading in HEADINGS}
    found, current = {}, None
    for line in text.splitlines():
        if line.endswith(":") and line[:-1] in by_heading:
            current = by_heading[line[:-1]]
        elif line.startswith("Niet veranderd") or not line.startswith("  - "):
            current = None if not line.startswith("  - ") else current
        elif current and (match := re.match(r"  - .+ \(([a-z0-9-]+), (?:artikel \d+|uit)\)", line)):
            found[match.group(1)] = current
    return found


def expected_categories(model: dict, changed_by_office: set[str] = frozenset()) -> dict[str, str]:
    """From the real trees: which articles 1.1 changed, added or left alone."""
    old, new = model["tree10"], model["tree11"]
    result = {}
    for path in sorted(set(old) | set(new)):
        if not path.startswith("docs/artikelen/") or path.endswith("index.md"):
            continue
        article_id = path.rsplit("/", 1)[-1][:-3]
        if path not in old:
            result[article_id] = p.NEW
        elif path not in new:
            result[article_id] = p.REMOVED
        elif article_id in changed_by_office:
            result[article_id] = p.BOTH if old[path] != new[path] else p.OFFICE
        else:
            result[article_id] = p.MODEL if old[path] != new[path] else p.SAME
    return result


def strict_build(office: Path, tmp_path: Path) -> Path:
    site = tmp_path / f"site-{office.name}"
    env = {**os.environ, "PROTOCOL_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=office, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def no_conflict_markers(office: Path) -> None:
    for path in (office / "docs").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yml", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"^(<{7}|>{7}|={7})( |$)", text, re.M), path


def test_office_that_changed_nothing_gets_the_model_byte_for_byte(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor1")
    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office))
    assert code == 0
    assert overview_categories(out) == {k: v for k, v in expected_categories(model).items() if v != p.SAME}
    assert "Er is nog niets veranderd" in out
    assert git(office, "status", "--porcelain") == "" and git(office, "rev-parse", "--abbrev-ref", "HEAD") == "main"

    started = time.monotonic()
    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office), "--toepassen")
    seconds = time.monotonic() - started
    assert code == 0, out
    assert seconds < 30  # measured about 0.5 s; a minute-long update would mean something is wrong
    print(f"\nreal 1.0 -> 1.1 update, office 1, overview and apply: {seconds:.2f} s")
    assert git(office, "rev-parse", "--abbrev-ref", "HEAD") == "model-1.1"
    assert git(office, "rev-list", "--count", "main..model-1.1") == "1"
    assert "model version 1.1" in git(office, "log", "-1", "--format=%s")
    result, new = tree_of(office), model["tree11"]
    differing = {n for n in set(result) | set(new) if result.get(n) != new.get(n)}
    assert differing == {"instellingen.yml", BASIS_FILE}
    settings = result["instellingen.yml"].decode()
    kept = model["tree10"]["instellingen.yml"].decode().replace(
        "uitgeschakeld: []", "uitgeschakeld: [eigen-apparaten, hybride-werken, nepbellers]")
    assert settings.startswith(kept.rstrip("\n"))  # every value and comment of the office stays as it was
    import yaml

    office_data, data10, data11 = (yaml.safe_load(t) for t in (settings, kept, model["tree11"]["instellingen.yml"].decode()))
    new_keys = set(data11) - set(data10)
    assert {k: office_data[k] for k in new_keys} == {k: data11[k] for k in new_keys}  # new keys come with their defaults
    assert {k: office_data[k] for k in data10} == data10
    assert f'versie: "1.1"\ncommit: {model["1.1"]}' in result[BASIS_FILE].decode()
    assert REPORT_FILE not in result
    site = strict_build(office, tmp_path)
    about = (site / "over-dit-protocol/index.html").read_text(encoding="utf-8")
    assert re.search(r"Gebaseerd op</td>\s*<td>model 1\.1<", about)
    cover = (site / "print_page/index.html").read_text(encoding="utf-8")
    assert '<th scope="row">Gebaseerd op</th><td>model 1.1</td>' in cover


def test_office_with_own_rule_switched_off_article_and_own_article(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor2", office2_changes)
    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office))
    assert code == 0
    expected = {k: v for k, v in expected_categories(model, {"namens-het-kantoor"}).items() if v != p.SAME}
    expected["kantoorfeest"] = p.OWN
    assert overview_categories(out) == expected
    assert expected["namens-het-kantoor"] == p.OFFICE and expected["linkedin"] == p.MODEL
    assert re.search(r"Zakelijk netwerken op LinkedIn \(linkedin, uit\) \(staat bij jullie uit\)", out)

    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office), "--toepassen")
    assert code == 0, out
    result, new = tree_of(office), model["tree11"]
    assert OFFICE2_NEW_RULE in result["docs/artikelen/namens-het-kantoor.md"].decode()
    assert result["docs/artikelen/kantoorfeest.md"].decode() == OWN_ARTICLE
    nav = result["mkdocs.yml"].decode()
    assert "      - artikelen/omgangsvormen.md\n      - artikelen/kantoorfeest.md\n" in nav
    assert "voor-hr/model-bijwerken.md" in nav and "hooks:" not in nav and "macros" not in nav
    settings = result["instellingen.yml"].decode()
    assert "uitgeschakeld:\n  - linkedin\n  - eigen-apparaten\n  - hybride-werken\n  - nepbellers\n" in settings
    for name in ("docs/artikelen/privegebruik.md", "docs/artikelen/controle.md", "docs/artikelen/linkedin.md",
                 "docs/artikelen/klachten.md", "docs/index.md", "docs/veelgestelde-vragen.md", "docs/begrippen.md",
                 "docs/_data/check-je-bericht.yml"):
        assert result[name] == new[name], name
    assert not any(n.startswith("overrides/hooks/") for n in result)
    assert REPORT_FILE not in result
    site = strict_build(office, tmp_path)
    assert (site / "artikelen/kantoorfeest/index.html").is_file()
    assert "Het kantoorfeest online" in (site / "artikelen/index.html").read_text(encoding="utf-8")


def test_office_that_changed_the_corrected_rule_keeps_its_text_and_gets_a_report(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor3", office3_changes)
    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office))
    assert code == 0
    expected = {k: v for k, v in expected_categories(model, {"controle", "privegebruik"}).items() if v != p.SAME}
    assert expected["controle"] == expected["privegebruik"] == p.BOTH
    assert overview_categories(out) == expected
    assert "(controle, artikel 17): jullie tekst blijft in 'Wat we afspreken'; voorstel in model-update-rapport.md" in out
    assert "(privegebruik, artikel 3): samengevoegd, jullie wijziging en die van het model staan er allebei in" in out

    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office), "--toepassen")
    assert code == 0, out
    result, new = tree_of(office), model["tree11"]
    controle = result["docs/artikelen/controle.md"].decode()
    assert OFFICE3_NEW_RULE in controle  # the office's rule stays ...
    assert "3. Het kantoor controleert niet stiekem.\n" in controle  # ... with its whole section
    assert "### De uitzondering: een ernstig vermoeden" in controle  # the model's other sections arrive
    assert "beoordeeld: 2026-12-01" in controle
    assert "naam: Testkantoor De Linde B.V." in result["instellingen.yml"].decode()
    private = result["docs/artikelen/privegebruik.md"].decode()
    assert private == new["docs/artikelen/privegebruik.md"].decode().replace(OFFICE3_PRIVATE_OLD, OFFICE3_PRIVATE_NEW)
    no_conflict_markers(office)
    report = result[REPORT_FILE].decode()
    assert "## 1. Artikel 17 Controle door de werkgever (docs/artikelen/controle.md): Wat we afspreken" in report
    assert "+4. Op je eigen sociale media kijkt het kantoor alleen met een goede reden, en nooit stelselmatig." in report
    assert len(re.findall(r"^- Afgehandeld: nee$", report, re.M)) == 1
    strict_build(office, tmp_path)

    check = subprocess.run([sys.executable, "-m", "protocol.cli.check"], cwd=office, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert "Dit voorstel van het model is nog niet afgehandeld: 1. Artikel 17 Controle door de werkgever" in check.stdout, check.stdout
    assert f"{REPORT_FILE}:" in check.stdout
    assert check.returncode == 0, check.stdout  # a warning, not an error
    report_path = office / REPORT_FILE
    report_path.write_text(re.sub(r"^- Afgehandeld: nee$", "- Afgehandeld: ja", report, flags=re.M), encoding="utf-8")
    assert open_item_warnings(office) == []
    check = subprocess.run([sys.executable, "-m", "protocol.cli.check"], cwd=office, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert check.returncode == 0 and "nog niet afgehandeld" not in check.stdout, check.stdout


def snapshot(office: Path) -> tuple:
    return (git(office, "rev-parse", "HEAD"), git(office, "branch", "--list"), git(office, "status", "--porcelain"),
            tree_of(office))


@pytest.mark.parametrize("case", ["not-a-model", "no-repository", "older-model", "dirty", "no-basis", "basis-not-in-model",
                                  "branch-exists"])
def test_bad_input_gives_a_dutch_message_and_changes_nothing(model, tmp_path, case):
    office = make_office(model, tmp_path / "kantoor")
    source, extra = str(model["repo"]), []
    if case == "not-a-model":
        other = tmp_path / "ander-project"
        other.mkdir()
        git(other, "init", "-q")
        (other / "README.md").write_text("Iets anders\n")
        git(other, "add", "-A")
        git(other, "commit", "-qm", "x")
        source, expected = str(other), "is geen model van het protocol"
    elif case == "no-repository":
        source, expected = str(tmp_path / "bestaat-niet"), "Het model kon niet worden opgehaald"
    elif case == "older-model":
        (office / BASIS_FILE).write_text(f'versie: "1.1"\ncommit: {model["1.1"]}\n')
        git(office, "commit", "-qam", "basis 1.1")
        extra, expected = ["--versie", "1.0"], "Model 1.0 is ouder dan model 1.1"
    elif case == "dirty":
        replace(office / "docs/artikelen/controle.md", OFFICE3_OLD_RULE, OFFICE3_NEW_RULE)
        expected = "nog niet zijn vastgelegd: docs/artikelen/controle.md"
    elif case == "basis-not-in-model":
        (office / BASIS_FILE).write_text(f'versie: "1.0"\ncommit: {"f" * 40}\n')
        git(office, "commit", "-qam", "wrong basis")
        expected = "staat niet in"
    elif case == "branch-exists":
        git(office, "branch", "model-1.1")
        extra, expected = [], "De branch 'model-1.1' bestaat al"
    else:
        git(office, "rm", "-q", BASIS_FILE)
        git(office, "commit", "-qm", "no basis")
        expected = "Er staat geen modelbasis.yml"
    before = snapshot(office)
    for apply in ([], ["--toepassen"]) if case != "branch-exists" else (["--toepassen"],):
        code, out, err = run_cli("--model", source, "--project", str(office), *extra, *apply)
        assert code == 1
        assert expected in err and "Tip:" in err and "Traceback" not in err
        assert out == "" or case == "branch-exists"  # that one is found only after the overview
        assert snapshot(office) == before


def test_missing_basis_can_be_given_explicitly(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor")
    git(office, "rm", "-q", BASIS_FILE)
    git(office, "commit", "-qm", "no basis")
    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office), "--basis", "1.0", "--toepassen")
    assert code == 0, out
    assert f"commit: {model['1.1']}" in (office / BASIS_FILE).read_text()


def test_same_version_is_nothing_to_do(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor")
    code, out, _ = run_cli("--model", str(model["repo"]), "--project", str(office), "--versie", "1.0")
    assert code == 0 and "Er is niets te doen" in out


def test_the_script_runs_the_command(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor")
    url = model["repo"].as_uri()  # a git URL (file://), fetched the same way as https://
    result = subprocess.run([str(ROOT / "scripts/model-bijwerken"), "--model", url, "--project", str(office)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Model bijwerken: van model 1.0 naar model 1.1" in result.stdout
    assert git(office, "status", "--porcelain") == "" and git(office, "rev-parse", "--abbrev-ref", "HEAD") == "main"


def test_a_failing_commit_is_undone(model, tmp_path):
    office = make_office(model, tmp_path / "kantoor", office3_changes)
    hook = office / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'geweigerd door de test' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = snapshot(office)
    code, _, err = run_cli("--model", str(model["repo"]), "--project", str(office), "--toepassen")
    assert code == 1 and "git commit lukte niet: geweigerd door de test" in err and "Er is niets veranderd" in err
    assert snapshot(office) == before and git(office, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert not (office / REPORT_FILE).exists() and not (office / "docs/artikelen/klachten.md").exists()
