"""The nav order merged by article id, the per-file categories, the basis file and the report's handled marker."""

import pytest

from protocol.update import navmerge, plan
from protocol.update.basis import Basis, basis_text, parse_basis
from protocol.update.errors import UpdateError
from protocol.update.report import open_items

NAV = """site_name: X
nav:
  - Start: index.md
  - Protocol:
      - artikelen/index.md
{articles}      - verklaring.md
  - Voor HR:
      - voor-hr/index.md

plugins:
  - search
"""


def nav(*names: str, hr: str = "") -> str:
    text = NAV.format(articles="".join(f"      - artikelen/{n}.md\n" for n in names))
    return text.replace("      - voor-hr/index.md\n", "      - voor-hr/index.md\n" + hr)


def test_office_that_kept_the_order_gets_the_model_order_with_its_own_article():
    ids = {f"artikelen/{n}.md": n for n in "abcdex"}
    merged = navmerge.merge_mkdocs(nav("a", "b", "c"), nav("a", "b", "x", "c"), nav("a", "c", "b", "e"), ids)
    assert merged.order == [f"artikelen/{n}.md" for n in ("a", "c", "b", "x", "e")]
    assert merged.problems == []


def test_office_that_reordered_keeps_its_order_and_other_nav_changes_merge():
    ids = {f"artikelen/{n}.md": n for n in "abce"}
    office = nav("b", "a", "c").replace("site_name: X", "site_name: Ons kantoor")
    model = nav("a", "b", "e", "c", hr="      - voor-hr/nieuw.md\n")
    merged = navmerge.merge_mkdocs(nav("a", "b", "c"), office, model, ids)
    assert merged.text == nav("b", "e", "a", "c", hr="      - voor-hr/nieuw.md\n").replace("site_name: X", "site_name: Ons kantoor")


def test_unchanged_mkdocs_yml_is_the_model_exactly():
    model = nav("a", "b") + "# anders\n"
    assert navmerge.merge_mkdocs(nav("a"), nav("a"), model, {}).text == model


@pytest.mark.parametrize("b,o,m,expected", [
    (b"1", b"1", b"1", plan.SAME), (b"1", b"1", b"2", plan.MODEL), (b"1", b"2", b"1", plan.OFFICE),
    (b"1", b"2", b"3", plan.BOTH), (b"1", b"2", b"2", plan.SAME), (None, None, b"1", plan.NEW),
    (None, b"1", None, plan.OWN), (b"1", b"1", None, plan.REMOVED), (b"1", None, b"2", plan.GONE),
])
def test_categories(b, o, m, expected):
    assert plan.category(b, o, m) == expected


def test_basis_file_round_trip_and_bad_forms():
    basis = Basis("1.1", "a" * 40)
    assert parse_basis(basis_text(basis)) == basis
    for bad in ('versie: "1.1"\n', 'versie: "<b>"\ncommit: ' + "a" * 40, "- lijst\n", "versie: [\n"):
        with pytest.raises(UpdateError):
            parse_basis(bad)


def test_open_items_ignore_fenced_text_and_follow_the_marker(tmp_path):
    report = tmp_path / "model-update-rapport.md"
    report.write_text("# R\n\n## 1. Artikel 3 X: Wat we afspreken\n\n- Afgehandeld: nee\n\n````markdown\n- Afgehandeld: nee\n````\n\n"
                      "## 2. Artikel 4 Y: Toelichting\n\n- Afgehandeld: ja\n", encoding="utf-8")
    assert open_items(tmp_path) == [(5, "1. Artikel 3 X: Wat we afspreken")]
    report.write_text(report.read_text().replace("- Afgehandeld: nee\n\n````", "- Afgehandeld: Ja\n\n````", 1))
    assert open_items(tmp_path) == []
    assert open_items(tmp_path / "geen") == []


def article(article_id: str, optional: bool = False, rule: str = "Regel.") -> bytes:
    return (f'---\nid: {article_id}\ntitel: "Titel {article_id}"\noptioneel: {"true" if optional else "false"}\n---\n\n'
            f"## Wat we afspreken\n\n1. {rule}\n").encode()


def tree(articles: dict[str, bytes], switched_off: str = "[]") -> "Tree":
    from protocol.update.gitio import Tree

    files = {f"docs/artikelen/{k}.md": v for k, v in articles.items()}
    files["mkdocs.yml"] = nav(*articles).encode()
    files["instellingen.yml"] = f"kantoor:\n  naam: X\nuitgeschakeld: {switched_off}\n".encode()
    return Tree(files, {name: "100644" for name in files})


def test_plan_lists_removed_new_own_and_renumbered_articles_and_deletes_nothing_of_the_office():
    base = tree({"a": article("a"), "weg": article("weg"), "c": article("c")})
    office = tree({"a": article("a"), "weg": article("weg", rule="Van ons."), "eigen": article("eigen"), "c": article("c")})
    model = tree({"nieuw": article("nieuw"), "a": article("a"), "c": article("c", rule="Beter."), "keus": article("keus", True)})
    result = plan.make_plan(Basis("1.0", "a" * 40), Basis("1.1", "b" * 40), base, office, model)
    rows = {r.id: r for r in result.articles}
    assert {i: r.category for i, r in rows.items()} == {
        "nieuw": plan.NEW, "a": plan.SAME, "weg": plan.REMOVED, "eigen": plan.OWN, "c": plan.MODEL, "keus": plan.NEW}
    assert result.files["docs/artikelen/weg.md"] == office.files["docs/artikelen/weg.md"]  # never deleted silently
    assert result.files["docs/artikelen/c.md"] == model.files["docs/artikelen/c.md"]
    assert (rows["a"].old_number, rows["a"].new_number) == (1, 2) and rows["a"].renumbered
    assert rows["keus"].switched_off and rows["keus"].new_number is None
    assert result.files["instellingen.yml"].decode().endswith("uitgeschakeld: [keus]\n")
    order = navmerge.article_lines(navmerge.split_nav(result.files["mkdocs.yml"].decode())[1])[2]
    assert order == [f"artikelen/{n}.md" for n in ("nieuw", "a", "weg", "eigen", "c", "keus")]
    assert result.changed_paths()[1] == []


def test_open_proposals_of_an_earlier_update_stay_in_the_new_report():
    from protocol.update.report import open_items_in, with_earlier_report

    earlier = "# Voorstellen van model 1.1\n\n## 1. A\n\n- Afgehandeld: nee\n"
    merged = with_earlier_report("# Voorstellen van model 1.2\n\n## 1. B\n\n- Afgehandeld: nee\n", earlier)
    assert [title for _, title in open_items_in(merged)] == ["1. B", "1. A"]
    assert with_earlier_report("nieuw\n", earlier.replace("nee", "ja")) == "nieuw\n"
