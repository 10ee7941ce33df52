"""Versions, comparison, quiz questions and their HTML, on small hand-made inputs (no build, no git history)."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest

from protocol.model import ContentError, Page
from protocol.model.articles import Article
from protocol.model.compare import (compare, examples_of, reader_text, settings_changes, split_sections,
                                    summarise_examples, word_diff, words)
from protocol.model.quiz import quiz_questions
from protocol.model.register import Register
from protocol.model.versions import NO_GIT, History, PublishedVersion, read_history, version_key
from protocol.render.changes import badge_html, render_diff, render_pdf_appendix, version_is_new
from protocol.render.quiz import render_quiz

BODY = """## Wat we afspreken

1. Je mag kort privé kijken. Houd het redelijk.
2. Lees {{ artikel("b") }}.

## Toelichting

Uitleg.

## Voorbeelden

!!! mag "Even kijken"
    Sanne kijkt in haar pauze op Instagram.

    **Waarom:** het is haar pauze.

!!! mag-niet "Een serie"
    Priya kijkt een serie op haar werklaptop.

    **Waarom:** de laptop is voor je werk. Vraag {{ contact.it.tekst }}.

    **Zo kan het wel:** kijk thuis.

!!! eerst-vragen "Een app"
    Ingrid wil een app op haar laptop zetten.

    **Waarom:** niet elke app is veilig.
"""


def article(article_id: str, nummer: int | None, body: str = BODY, titel: str | None = None, meta: dict | None = None,
            optioneel: bool = False) -> Article:
    meta = {"id": article_id, **(meta or {})}
    page = Page(f"docs/artikelen/{article_id}.md", meta, {("niet_in_test",): 7}, body, 9)
    return Article(article_id, titel or article_id.upper(), f"artikelen/{article_id}.md", optioneel, "", [], None, page, nummer)


def settings(hr_naam: str = "Fatima", off: tuple = ()) -> dict:
    return {"contacten": {"hr": {"functie": "HR-adviseur", "naam": hr_naam, "email": "hr@x.example", "telefoon": ""}},
            "uitgeschakeld": list(off)}


FACTS = {"contact": {"it": {"tekst": "de IT-helpdesk"}}}


# ---- words and the word comparison

def test_words_keep_template_expressions_and_punctuation_together_and_drop_markup():
    assert words('Lees {{ artikel("x") }}. **Nu** [de site](a.md)\n\n2. Klaar') == \
        ["Lees", '{{ artikel("x") }}.', "Nu", "de", "site", "\n", "2.", "Klaar"]


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("Houd het redelijk. Werk gaat voor.", "Houd het kort. Werk gaat voor.") == [
        ("gelijk", "Houd het"), ("weg", "redelijk."), ("nieuw", "kort."), ("gelijk", "Werk gaat voor.")]


def test_render_diff_escapes_and_marks_for_screen_readers():
    html = render_diff([("gelijk", "a <b>"), ("weg", "x&y"), ("nieuw", "z\n3. w")])
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<del><span class="pr-sr">tekst die weg is: </span>x&amp;y</del>' in html
    assert '<ins><span class="pr-sr">nieuwe tekst: </span>z<br>3. w</ins>' in html


# ---- examples and sections

def test_examples_are_read_with_verdict_title_and_body():
    found = examples_of(split_sections(BODY)["Voorbeelden"])
    assert [(e.oordeel, e.titel) for e in found] == [("mag", "Even kijken"), ("mag-niet", "Een serie"), ("eerst-vragen", "Een app")]
    assert found[1].tekst.startswith("Priya kijkt") and "**Zo kan het wel:**" in found[1].tekst


def test_example_summary_counts_new_changed_and_removed():
    old = examples_of(split_sections(BODY)["Voorbeelden"])
    kind = type(old[0])
    new = [old[0], kind(old[1].oordeel, old[1].titel, "Anders."), kind("mag", "N1", "x"), kind("mag", "N2", "x")]
    assert summarise_examples(old, new) == ["2 voorbeelden nieuw", "1 voorbeeld aangepast", "1 voorbeeld weg"]


def test_reader_text_fills_values_and_article_numbers_and_refuses_unknown_code():
    register = Register([article("a", 1), article("b", 4, titel="Bee")])
    assert reader_text('Vraag {{ contact.it.tekst }}. Zie {{ artikel("b", titel=True) }}.', FACTS, register) == \
        "Vraag de IT-helpdesk. Zie artikel 4 (Bee)."
    assert reader_text("{{ contact.it.geheim }}", FACTS, register) is None
    assert reader_text('{{ artikel("onbekend") }}', FACTS, register) is None
    assert reader_text("{% if x %}a{% endif %}", FACTS, register) is None


# ---- comparing two registers

def test_comparison_finds_new_removed_renumbered_and_changed():
    changed_body = BODY.replace("Houd het redelijk.", "Houd het kort.").replace("Uitleg.", "Andere uitleg.")
    old = Register([article("a", 1), article("b", 2), article("weg", 3, optioneel=True), article("c", 4)])
    new = Register([article("c", 1), article("a", 2, changed_body), article("b", 3), article("nieuw", 4)])
    result = compare(old, new, settings(), settings(), "1.0", "1.1", FACTS, FACTS)
    by_id = {c.id: c for c in result.artikelen}
    assert {i: c.status for i, c in by_id.items()} == {"c": "hernummerd", "a": "gewijzigd", "b": "hernummerd",
                                                     "nieuw": "nieuw", "weg": "weg"}
    assert [(c.id, c.oud_nummer, c.nieuw_nummer) for c in result.hernummerd] == [("c", 4, 1), ("a", 1, 2), ("b", 2, 3)]
    assert by_id["a"].samenvatting == ["afspraak aangepast", "toelichting aangepast"]
    assert ("weg", "redelijk.") in by_id["a"].regel and ("nieuw", "kort.") in by_id["a"].regel
    # the link to article b is shown with b's number in the new version
    assert any("artikel 3" in text for op, text in by_id["a"].regel if op == "gelijk")
    assert result.status_of("a") == "gewijzigd" and result.status_of("nieuw") == "nieuw" and result.status_of("b") is None


def test_an_unchanged_article_in_the_same_place_is_not_listed():
    register = Register([article("a", 1)])
    assert compare(register, Register([article("a", 1)]), settings(), settings(), "1.0", "1.1").artikelen == []


def test_settings_changes_name_contacts_and_switched_off_articles():
    old = Register([article("a", 1), article("li", 2, optioneel=True)])
    new = Register([article("a", 1), article("li", None, optioneel=True)])
    assert settings_changes(old, new, settings(), settings("Joost", off=("li",))) == [
        "De HR-adviseur is nu Joost (was Fatima).",
        "Ons kantoor gebruikt het artikel 'LI' niet meer."]


# ---- history without git

def test_a_folder_without_git_has_no_history_and_no_exception(tmp_path):
    history = read_history(tmp_path)
    assert (history.available, history.versions, history.reason) == (False, [], NO_GIT)


def test_previous_is_the_newest_version_below_the_current_one():
    versions = [PublishedVersion(v, "c" + v, "tag") for v in ("1.0", "1.2", "1.10", "2.0")]
    history = History(versions, git_dir=Path("."))
    assert history.previous("1.11").versie == "1.10"
    assert history.previous("1.0") is None
    assert version_key("1.10") > version_key("1.9")


def test_tags_that_are_no_version_are_ignored(tmp_path):
    run = lambda *a: subprocess.run(["git", "-C", str(tmp_path), *a], check=True, capture_output=True,
                                    env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x.example", "GIT_COMMITTER_NAME": "t",
                                         "GIT_COMMITTER_EMAIL": "t@x.example", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    run("init", "-q")
    (tmp_path / "instellingen.yml").write_text('protocol:\n  versie: "1.0"\n')
    run("add", ".")
    run("commit", "-qm", "one")
    run("tag", "protocol-v1.0")
    run("tag", "protocol-vlatest")
    run("tag", "-a", "-m", "annotated", "protocol-v1.1")
    assert [v.versie for v in read_history(tmp_path).versions] == ["1.0", "1.1"]


# ---- quiz questions

def test_quiz_questions_come_from_examples_with_filled_in_values():
    register = Register([article("a", 1)])
    questions = quiz_questions(register, FACTS)
    assert [(q.oordeel, q.situatie) for q in questions] == [
        ("mag", "Sanne kijkt in haar pauze op Instagram."), ("mag-niet", "Priya kijkt een serie op haar werklaptop."),
        ("eerst-vragen", "Ingrid wil een app op haar laptop zetten.")]
    assert questions[1].waarom == "de laptop is voor je werk. Vraag de IT-helpdesk."


def test_switched_off_articles_and_excluded_examples_give_no_questions():
    register = Register([article("a", 1, meta={"niet_in_test": ["Een app"]}), article("uit", None)])
    assert [q.titel for q in quiz_questions(register, FACTS)] == ["Even kijken", "Een serie"]


def test_an_excluded_title_that_is_no_example_is_a_dutch_error_with_file_and_line():
    register = Register([article("a", 1, meta={"niet_in_test": ["Een ap"]})])
    with pytest.raises(ContentError) as error:
        quiz_questions(register, FACTS)
    assert "docs/artikelen/a.md:7" in str(error.value) and "Een ap" in str(error.value)


def test_quiz_html_escapes_every_value_and_links_relative_to_the_page():
    hostile = BODY.replace("Sanne kijkt", 'Sanne <img src=x onerror=alert(1)> "kijkt')
    register = Register([article("a", 1, hostile)])
    html = render_quiz(quiz_questions(register, FACTS), register, "test-jezelf/")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &#34;kijkt" in html
    assert 'data-artikel-url="../artikelen/a/"' in html and 'data-ronde="3"' in html
    assert html.count('<section class="pr-quiz-papier') == 2  # the situations, and the answer key on its own page
    assert '<section class="pr-quiz-papier pr-quiz-papier--sleutel"' in html


# ---- badges, PDF appendix, "new" window

def test_badge_only_for_new_and_changed():
    assert "Nieuw in versie 1.1" in badge_html("nieuw", "1.1", "../wat/")
    assert badge_html("hernummerd", "1.1", "../wat/") == ""


def test_pdf_appendix_names_the_previous_version_and_is_empty_without_comparison():
    class Changes:
        vergelijking = compare(Register([article("a", 1)]), Register([article("b", 1)]), settings(), settings(), "1.0", "1.1")
    html = render_pdf_appendix(Changes)
    assert "<h1>Bijlage – Wijzigingen ten opzichte van versie 1.0</h1>" in html
    assert "<li>Artikel 1 – B</li>" in html and "<li>A (was artikel 1)</li>" in html
    Changes.vergelijking = None
    assert render_pdf_appendix(Changes) == ""


def test_version_is_new_for_ninety_days_after_the_effective_date():
    start = datetime.date(2027, 1, 1)
    assert version_is_new(start, datetime.date(2026, 12, 1))
    assert version_is_new(start, datetime.date(2027, 4, 1))
    assert not version_is_new(start, datetime.date(2027, 4, 2))
    assert not version_is_new(None, datetime.date(2027, 1, 1))
