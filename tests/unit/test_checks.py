"""The page rules (protocol/checks) as pure functions on text: each bad edit gets its Dutch message and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocol.checks import (check_html, check_inline_scripts, check_page_rules, check_sections, check_site_files,
                             label_verdicts)
from protocol.checks.lines import prose_lines
from protocol.checks.template import check_template, parse
from protocol.model import load_register
from protocol.render.jinja import ContentEnvironment, render_tree

PROJECT = Path(__file__).resolve().parents[2]
PATH = "docs/artikelen/x.md"


@pytest.fixture(scope="module")
def register():
    return load_register(PROJECT)


VARIABLES = {"kantoor": {"naam": "Voorbeeldkantoor"}, "contact": {"privacy": {"telefoon": "033", "tekst": "de x"}},
             "protocol": {"versie": "1.0"}, "webinars": {}, "downloads": {}, "artikelen": []}
MACROS = {"artikel", "aan", "artikellijst"}


def template_errors(body: str, register, first_line: int = 10):
    env = ContentEnvironment()
    tree, errors = parse(env, body, PATH, first_line)
    return errors or check_template(tree, PATH, first_line, VARIABLES, MACROS, register)


def one(errors, words: str, line: int | None = None):
    assert errors, "no error"
    assert any(words.lower() in str(e).lower() for e in errors), "\n".join(map(str, errors))
    if line is not None:
        assert any(e.line == line for e in errors), "\n".join(map(str, errors))
    assert all(e.hint for e in errors)


# ---- template code ----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, words", [
    ("Tekst\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", "eigen functies"),
    ("Tekst\n{{ cycler.__init__.__globals__ }}\n", "met _ begint"),
    ("Tekst\n{{ kantoor.__class__.__mro__ }}\n", "met _ begint"),
    ("Tekst\n{{ kantoor['__class__'] }}\n", "met _ begint"),
    ("Tekst\n{{ 'x'.format(1) }}\n", "eigen functies"),
    ("Tekst\n{% include 'base.html' %}\n", "niet toegestaan"),
    ("Tekst\n{% macro m() %}x{% endmacro %}\n", "niet toegestaan"),
    ("Tekst\n{{ kantoor | attr('__class__') }}\n", "filter 'attr'"),
    ("Tekst\n{{ contact.privcy.telefoon }}\n", "contact.privcy"),
    ("Tekst\n{{ artikel('bestaat-niet') }}\n", "onbekend artikel"),
    ("Tekst\n{% if x %}\n", "klopt niet"),
    ("Tekst\n{{ lipsum() }}\n", "eigen functies"),
])
def test_forbidden_template_code_is_refused_with_its_line(body, words, register):
    one(template_errors(body, register), words, 11)


def test_allowed_template_code_passes(register):
    assert template_errors('Bel {{ contact.privacy.telefoon }}. {% if aan("melden") %}{{ artikel("melden") }}{% endif %}\n'
                           "{% for a in artikelen %}{{ a.titel }}{% endfor %} {{ kantoor.naam | upper }}", register) == []


def test_the_sandbox_escapes_values_and_string_building():
    env = ContentEnvironment()
    tree = env.parse('{{ "<scr" ~ "ipt>alert(1)</script>" }} {{ naam }}')
    out = render_tree(env, tree, {"naam": '<img src=x onerror="alert(1)">'}, "x")
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img" in out


def test_the_sandbox_has_no_python_globals():
    env = ContentEnvironment()
    assert not env.globals
    assert "attr" not in env.filters and "safe" not in env.filters


# ---- article shape ------------------------------------------------------------------------------------

GOOD = """## Wat we afspreken

Regel.

## Toelichting

Uitleg.

## Voorbeelden

!!! mag "Een"
    x

!!! mag-niet "Twee"
    x

!!! eerst-vragen "Drie"
    x
"""


def test_a_good_article_passes():
    assert check_sections(GOOD, PATH, 7) == []


@pytest.mark.parametrize("body, words, line", [
    (GOOD.replace("## Voorbeelden", "## Situaties"), "onbekend onderdeel", 15),
    (GOOD.replace('!!! eerst-vragen "Drie"\n    x\n', ""), "minstens 3", 15),
    (GOOD.replace('!!! mag "Een"\n    x\n', '!!! mag "Een"\n    ## Toelichting\n    x\n'), "ingesprongen", 18),
    (GOOD.replace("## Toelichting", "## Voorbeelden\n\n## Toelichting"), "volgorde", None),
    ("# Eigen titel\n\n" + GOOD, "één #", 7),
    (GOOD.replace('!!! mag "Een"', "!!! mag"), "korte titel", None),
])
def test_article_shape_errors(body, words, line):
    one(check_sections(body, PATH, 7), words, line)


def test_verdict_labels_come_from_the_type():
    assert '!!! mag-niet "Mag niet: Twee"' in label_verdicts(GOOD)


def test_one_line_backticks_do_not_open_a_fence():
    body = "```a```\n<script>alert(1)</script>\n"
    assert [i for i, _ in prose_lines(body)] == [0, 1]
    body = "```\ncode\n```\ntekst\n"
    assert [line for _, line in prose_lines(body)] == ["tekst"]


@pytest.mark.parametrize("body, words", [
    ("Zie artikel 16 hierboven.\n", "artikelnummer"),
    ("Meer op [de site](http://www.example.com).\n", "http://"),
    ("\n", "leeg"),
])
def test_page_rules(body, words):
    one(check_page_rules(body, PATH, 5), words)


def test_law_articles_may_be_typed():
    assert check_page_rules("Zie artikel 33 AVG en artikel 7:660 BW en artikel 4:19 Wft.\n", PATH, 1) == []


# ---- the HTML allow-list -----------------------------------------------------------------------------

@pytest.mark.parametrize("html, words", [
    ("<p>x</p><script>alert(1)</script>", "<script>"),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "<iframe>"),
    ("<style>body{display:none}</style>", "<style>"),
    ('<meta http-equiv="refresh" content="0;url=https://x.example">', "<meta>"),
    ('<p onclick="alert(1)">x</p>', "'onclick'"),
    ('<img src="x.png" alt="x" onerror="alert(1)">', "'onerror'"),
    ('<a href="javascript:alert(1)">x</a>', "'javascript:'"),
    ('<a href="java\tscript:alert(1)">x</a>', "'javascript:'"),
    ('<a href=" JAVASCRIPT:alert(1)">x</a>', "'javascript:'"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "'data:'"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">', "data:"),
    ('<img src="https://tracker.example/p.gif" alt="x">', "andere website"),
    ('<a rel="attachment" href="../../../../etc/nginx/nginx.conf">x</a>', "rel="),
    ('<svg><style><img src=x onerror=alert(1)></style></svg>', "svg"),
    ('<p style="background:url(https://x.example/t.gif)">x</p>', "style"),
    ('<form action="https://x.example/steal"><input type="text" name="wachtwoord"></form>', "niet toegestaan"),
    ('<img src="assets/images/bestaat-niet.png" alt="x">', "bestaat niet"),
    ('<img src="assets/images/logo.svg">', "alt-tekst"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<base href="https://x.example/">', "<base>"),
])
def test_html_outside_the_allow_list_is_refused(html, words):
    body = f"Tekst\n\n{html}\n"
    errors = check_html(html, PATH, body, 3, "artikelen/x/", exists=lambda url: url == "assets/images/logo.svg")
    one(errors, words)
    assert any(e.line == 5 for e in errors), [str(e) for e in errors]


def test_ordinary_markdown_html_passes():
    html = ('<div class="admonition mag"><p class="admonition-title">Mag</p><p>x <a href="../y/">y</a> '
            '<a href="https://example.com" target="_blank" rel="noopener">z</a> <a href="mailto:a@b.nl">m</a></p></div>'
            '<table><tr><th style="text-align: right;">1</th></tr></table><img src="../../assets/images/logo.svg" alt="Logo">')
    assert check_html(html, PATH, "", 1, "artikelen/x/", exists=lambda url: url == "assets/images/logo.svg") == []


# ---- built pages and files -----------------------------------------------------------------------------

def test_unknown_inline_script_in_a_built_page_is_refused():
    page = '<html><head><script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script></head></html>'
    assert check_inline_scripts(page, "site/x.html") == []
    one(check_inline_scripts(page.replace("</head>", "<script>alert(1)</script></head>"), "site/x.html"), "onbekend script")
    one(check_inline_scripts('<script type="application/json">{"a": </script><script>x</script>', "site/x.html"), "JSON")


def test_stray_files_are_refused_or_left_out():
    errors, left_out, notes = check_site_files({"index.md": 10, ".htpasswd": 10, "assets/x.bak": 1, "artikelen/a~": 1,
                                                "mijn artikel.md": 5, "geheim.yml": 3})
    assert {e.path for e in errors} == {"docs/.htpasswd", "docs/mijn artikel.md"}
    assert set(left_out) == {"assets/x.bak", "artikelen/a~", "geheim.yml"}
    assert len(notes) == 3


def test_mkdocs_yml_may_not_run_code(tmp_path):
    from protocol.checks.mkdocs_yml import check_mkdocs_yml

    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert check_mkdocs_yml(tmp_path) == []
    (tmp_path / "mkdocs.yml").write_text(text + "hooks:\n  - evil.py\n", encoding="utf-8")
    one(check_mkdocs_yml(tmp_path), "niet toegestaan", len(text.splitlines()) + 1)
