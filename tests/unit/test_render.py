"""Renderers (protocol/render): sections from Markdown's tree, the CSP step, the PDF fetcher, URLs."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from protocol.render import csp
from protocol.render.escape import md_text
from protocol.render.sections import ArticleSections
from protocol.render.urls import relative_url


def render_article(text: str) -> str:
    sections = ArticleSections()
    sections.active = True
    return markdown.markdown(text, extensions=["admonition", "toc", sections])


def test_each_h2_section_is_wrapped_with_its_class():
    html = render_article("## Wat we afspreken\n\nRegel.\n\n## Toelichting\n\nUitleg.\n\n## Voorbeelden\n\nx\n")
    assert html.count("<section") == 3
    assert '<section class="artikel-deel artikel-regel">' in html
    assert html.index("Uitleg.") > html.index('class="artikel-deel artikel-toelichting"')


def test_a_heading_inside_an_admonition_cannot_close_a_section():
    html = render_article('## Wat we afspreken\n\nRegel.\n\n!!! note "x"\n    ## Toelichting\n    binnen\n\nNa het blok.\n')
    assert html.count("<section") == 1
    assert html.index("Na het blok.") < html.index("</section>")


def test_pages_that_are_not_articles_are_left_alone():
    assert "<section" not in markdown.markdown("## Kop\n\nx\n", extensions=[ArticleSections()])


def test_inline_scripts_move_into_files_and_the_policy_allows_only_self():
    store: dict[str, str] = {}
    page = '<html><head><script>var a=1</script><script src="x.js"></script><script type="application/json">{}</script></head></html>'
    out = csp.externalize(page, "../..", store)
    (name, body), = store.items()
    assert body == "var a=1" and f'<script src="../../{csp.INLINE_DIR}/{name}"></script>' in out
    assert '<script type="application/json">{}</script>' in out
    assert "script-src 'self';" in csp.policy() and "unsafe-inline" not in csp.policy().split("style-src")[0]
    assert csp.add_meta(out).index('http-equiv="Content-Security-Policy"') < csp.add_meta(out).index("<script")


def test_the_pdf_fetcher_reads_only_site_files(tmp_path: Path):
    pytest.importorskip("weasyprint")
    from protocol.render.pdf import site_only_fetcher

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets/x.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("geheim", encoding="utf-8")
    fetcher = site_only_fetcher(site)
    assert fetcher.fetch((site / "assets/x.css").as_uri())
    for url in ((tmp_path / "geheim.txt").as_uri(), (site / "../geheim.txt").as_uri(), "file:///etc/passwd",
                "https://example.com/x.css", "http://127.0.0.1/"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_pdf_fetcher_with_a_file_list_reads_only_listed_source_files(tmp_path: Path):
    """While site/ is still being written, the PDFs read the site's static files from docs/ by their place in the site."""
    pytest.importorskip("weasyprint")
    from protocol.render.pdf import site_only_fetcher

    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets/logo.svg").write_text("<svg/>", encoding="utf-8")
    (site / "assets").mkdir(parents=True)
    (site / "assets/stray.css").write_text("p{}", encoding="utf-8")  # in site/, but not in the list
    fetcher = site_only_fetcher(site, {"assets/logo.svg": str(docs / "assets/logo.svg")})
    assert fetcher.fetch((site / "assets/logo.svg").as_uri())
    for url in ((site / "assets/stray.css").as_uri(), (docs / "assets/logo.svg").as_uri(), "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_markdown_specials_in_values_are_escaped():
    assert md_text("A [b](javascript:x) | *c* <d>") == "A \\[b\\](javascript:x) \\| \\*c\\* &lt;d&gt;"


@pytest.mark.parametrize("target, page, expected", [
    ("downloads/x.pdf", "", "downloads/x.pdf"),
    ("downloads/x.pdf", "artikelen/x/", "../../downloads/x.pdf"),
    ("check-je-bericht.html", "artikelen/x.html", "../check-je-bericht.html"),
])
def test_relative_urls(target, page, expected):
    assert relative_url(target, page) == expected
