"""The print page and the two PDFs: same articles and numbers as the site, cover, TOC, acknowledgement."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import build, edit, soup


def _pdfs(site: Path) -> dict[str, Path]:
    found = {p.name: p for p in (site / "downloads").glob("*.pdf")}
    protocol = next(p for n, p in found.items() if "met-toelichting" not in n)
    explained = next(p for n, p in found.items() if "met-toelichting" in n)
    return {"protocol": protocol, "toelichting": explained}


def _pages(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def pdfs(site):
    return _pdfs(site)


def test_both_pdfs_open_with_a_sane_page_count(pdfs, site):
    import yaml
    from conftest import PROJECT

    settings = yaml.safe_load((PROJECT / "instellingen.yml").read_text(encoding="utf-8"))
    short, version = settings["kantoor"]["korte_naam"].lower(), str(settings["protocol"]["versie"])
    compact, explained = (len(PdfReader(pdfs[k]).pages) for k in ("protocol", "toelichting"))
    assert 4 <= compact <= 30
    assert 20 <= explained <= 150
    assert compact * 2 < explained  # "Protocol" is clearly shorter
    for pdf in pdfs.values():
        assert short in pdf.name and f"v{version}" in pdf.name


@pytest.mark.parametrize("variant", ["protocol", "toelichting"])
def test_every_article_with_the_site_number_in_site_order(variant, pdfs, register):
    text = " ".join(_pages(pdfs[variant])[2:])  # after cover and contents
    positions = []
    for article in register.enabled:
        heading = f"Artikel {article.nummer} – {article.titel}"
        assert heading in text, heading
        positions.append(text.index(heading))
    assert positions == sorted(positions)


@pytest.mark.parametrize("variant", ["protocol", "toelichting"])
def test_cover_first_acknowledgement_last(variant, pdfs):
    import yaml
    from conftest import PROJECT

    settings = yaml.safe_load((PROJECT / "instellingen.yml").read_text(encoding="utf-8"))
    pages = _pages(pdfs[variant])
    assert settings["kantoor"]["naam"] in pages[0]
    assert f"Versie {settings['protocol']['versie']}" in pages[0]
    assert "Protocol gebruik internet en sociale media" in pages[0]
    assert "Verklaring van kennisname" in pages[-1]
    assert "Handtekening" in pages[-1]
    assert f"versie {settings['protocol']['versie']}" in pages[-1]


def test_rule_only_variant_holds_no_explanation(pdfs, site, register):
    compact = " ".join(_pages(pdfs["protocol"]))
    explained = " ".join(_pages(pdfs["toelichting"]))
    for article in register.enabled[:5]:
        section = soup(site / article.url / "index.html").select_one("section.artikel-toelichting p")
        sentence = " ".join(section.get_text(" ").split())[:60]
        assert sentence not in compact
        assert sentence[:40] in explained
    assert "Toelichting" not in compact
    assert "Mag niet:" not in compact and "Mag niet:" in explained


def test_contents_page_numbers_match_where_articles_start(pdfs, register):
    for variant, pdf in pdfs.items():
        pages = _pages(pdf)
        toc = pages[1]
        assert toc.startswith("Protocol internet") or "Inhoudsopgave" in toc
        for article in register.enabled:
            heading = f"Artikel {article.nummer} – {article.titel}"
            match = re.search(re.escape(heading) + r"[ .]*?(\d+)(?= |$)", toc)
            assert match, f"{variant}: {heading} not in contents"
            page_number = int(match.group(1))
            assert heading in pages[page_number - 1], f"{variant}: {heading} not on page {page_number}"


def test_running_header_footer_and_page_count(pdfs):
    for pdf in pdfs.values():
        pages = _pages(pdf)
        assert f"pagina 2 van {len(pages)}" in pages[1]
        assert f"pagina {len(pages)} van {len(pages)}" in pages[-1]
        assert "versie" in pages[1]


def test_bookmarks_metadata_fonts_and_a4(pdfs, register):
    import yaml
    from conftest import PROJECT

    office = yaml.safe_load((PROJECT / "instellingen.yml").read_text(encoding="utf-8"))["kantoor"]["naam"]
    for pdf in pdfs.values():
        reader = PdfReader(pdf)
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
        for article in register.enabled:
            assert f"Artikel {article.nummer} – {article.titel}" in outline
        assert reader.metadata.author == office
        assert "Protocol" in reader.metadata.title
        assert str(reader.trailer["/Root"].get("/Lang")).lower().startswith("nl")
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1
            fonts = (page.get("/Resources") or {}).get("/Font") or {}
            for font in fonts.values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
                assert descriptor is not None
                descriptor = descriptor.get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


def test_explained_pdf_has_the_checklist_appendix_before_the_acknowledgement(pdfs):
    pages = _pages(pdfs["toelichting"])
    appendix = next(i for i, p in enumerate(pages) if "Bijlage – Check je bericht" in p and i > 1)
    assert appendix < len(pages) - 1
    assert "Bijlage – Check je bericht" not in " ".join(_pages(pdfs["protocol"]))


def test_print_page_is_dutch_complete_and_without_helper_pages(site, register):
    page = soup(site / "print_page" / "index.html")
    text = page.get_text(" ")
    assert "Table of Contents" not in text and "Inhoudsopgave" in text
    assert page.select_one("#print-site-cover-page")
    for article in register.enabled:
        assert f"Artikel {article.nummer} – {article.titel}" in text
    ids = [s.get("id") for s in page.select("#print-site-page section.print-page")]
    for helper in ("veelgestelde-vragen", "webinars", "voor-hr", "begrippen", "check-je-bericht"):
        assert not [i for i in ids if i and i.startswith(helper)], helper
    last = [s for s in page.select("#print-site-page section.print-page") if "md-section" not in s["class"]][-1]
    assert "Verklaring van kennisname" in last.get_text()


def test_every_download_link_on_every_page_resolves(site):
    checked = 0
    for html in site.rglob("*.html"):
        for link in soup(html).select("a[href$='.pdf'], a[download]"):
            if "downloads/archief/" in link["href"]:
                continue  # the archive of published versions is made by scripts/publish (tests/test_publish.py)
            # MkDocs writes site-absolute links in 404.html: it can be served at any path
            base = site if link["href"].startswith("/") else html.parent
            target = (base / link["href"].lstrip("/")).resolve()
            assert target.is_file() and target.stat().st_size > 10_000, f"{html}: {link['href']}"
            checked += 1
    pages = [p for p in site.rglob("index.html") if "print_page" not in p.parts]
    assert checked >= len(pages)  # at least the header link on every page
    home = soup(site / "index.html")
    about = soup(site / "over-dit-protocol" / "index.html")
    for page in (home, about):
        assert len(page.select("article a[href$='.pdf']")) == 2


def test_switched_off_article_and_new_name_reach_both_pdfs(project_copy, tmp_path, register):
    article = register.get("ai-tools")
    following = register.enabled[article.nummer]
    edit(project_copy / "instellingen.yml", "uitgeschakeld: []", "uitgeschakeld:\n  - ai-tools")
    edit(project_copy / "instellingen.yml", "naam: Voorbeeldkantoor Adviesgroep B.V.", "naam: Testbureau Zonnebloem B.V.")
    result = build(project_copy, tmp_path / "site", pdf=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for pdf in _pdfs(tmp_path / "site").values():
        pages = _pages(pdf)
        text = " ".join(pages)
        assert article.titel not in text
        assert f"Artikel {following.nummer - 1} – {following.titel}" in text
        assert "Testbureau Zonnebloem B.V." in pages[0]
        assert "Voorbeeldkantoor Adviesgroep" not in text
        assert PdfReader(pdf).metadata.author == "Testbureau Zonnebloem B.V."


def test_a_failing_renderer_stops_the_build_with_a_dutch_message(project_copy, tmp_path):
    """A broken PDF stylesheet makes WeasyPrint fail: no site with a dead download link."""
    (project_copy / "overrides" / "print" / "pdf.css").unlink()
    result = build(project_copy, tmp_path / "site", pdf=True)
    assert result.returncode != 0
    assert "pdf" in (result.stdout + result.stderr).lower()
    assert "kon niet gemaakt worden" in result.stdout + result.stderr


def test_an_unchanged_protocol_takes_its_pdfs_from_the_cache_and_a_change_renders_them_again(project_copy, tmp_path):
    """The cache is per PDF: a new sentence in an explanation renders only "met toelichting" again,
    a changed rule renders both."""
    first = build(project_copy, tmp_path / "a", pdf=True)
    assert first.returncode == 0, first.stderr
    assert (project_copy / ".cache" / "pdf").is_dir() and len(list((project_copy / ".cache" / "pdf").glob("*.pdf"))) == 2
    second = build(project_copy, tmp_path / "b", pdf=True)
    assert second.returncode == 0 and second.stderr.count("Pdf uit de cache") == 2, second.stderr
    for pdf in (tmp_path / "a" / "downloads").glob("*.pdf"):
        assert pdf.read_bytes() == (tmp_path / "b" / "downloads" / pdf.name).read_bytes()
    edit(project_copy / "docs/artikelen/melden.md", "## Toelichting\n", "## Toelichting\n\nEen nieuwe zin voor de cache.\n")
    third = build(project_copy, tmp_path / "c", pdf=True)
    assert third.returncode == 0, third.stderr
    assert re.search(r"Pdf uit de cache: \S+-protocol-v[\d.]+\.pdf", third.stderr), third.stderr
    assert re.search(r"Pdf gemaakt: \S+-met-toelichting-v[\d.]+\.pdf", third.stderr), third.stderr
    text = "".join(page.extract_text() for page in PdfReader(next((tmp_path / "c" / "downloads").glob("*toelichting*.pdf"))).pages)
    assert "Een nieuwe zin voor de cache." in " ".join(text.split())
    edit(project_copy / "docs/artikelen/melden.md", "## Wat we afspreken\n", "## Wat we afspreken\n\nEen nieuwe afspraak.\n")
    fourth = build(project_copy, tmp_path / "d", pdf=True)
    assert fourth.returncode == 0 and fourth.stderr.count("Pdf gemaakt") == 2, fourth.stderr
    text = "".join(page.extract_text() for page in PdfReader(next(p for p in (tmp_path / "d" / "downloads").glob("*.pdf")
                                                                  if "toelichting" not in p.name)).pages)
    assert "Een nieuwe afspraak." in " ".join(text.split())


def test_a_pdf_planted_in_the_cache_folder_is_never_published(project_copy, tmp_path):
    """Cache names are an HMAC with a key outside the project. A file committed into .cache/pdf/ (or into
    a folder mkdocs.yml points the cache at) has a name nobody can compute without that key."""
    key = tmp_path / "sleutel"
    first = build(project_copy, tmp_path / "a", pdf=True, env={"PROTOCOL_CACHE_KEY": str(key)})
    assert first.returncode == 0, first.stderr
    assert key.is_file() and len(key.read_bytes()) == 32 and (key.stat().st_mode & 0o077) == 0
    cache = project_copy / ".cache" / "pdf"
    forged = b"%PDF-1.7 vervalst protocol"
    for name in [p.name for p in cache.glob("*.pdf")]:  # the names that are valid with this key ...
        (cache / name).write_bytes(forged)
    # ... are worthless with another key: the same content is rendered again, nothing forged is published.
    other = build(project_copy, tmp_path / "b", pdf=True, env={"PROTOCOL_CACHE_KEY": str(tmp_path / "andere-sleutel")})
    assert other.returncode == 0 and other.stderr.count("Pdf gemaakt") == 2, other.stderr
    for pdf in (tmp_path / "b" / "downloads").glob("*.pdf"):
        assert forged not in pdf.read_bytes() and len(PdfReader(pdf).pages) > 1
