"""scripts/search-eval: every question in tests/data/zoekvragen.yml through the site's real search box.

    scripts/search-eval [--site DIR]

Builds the site (without PDFs) unless --site is given, serves it on a loopback
port, types each question into the search box of headless Chromium and reports
hit@1, hit@3, the misses, and the time from the last keystroke to the results.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from protocol.build import build_site
from protocol.model import load_register
from protocol.tools import browser, search_eval


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/search-eval", description="Meet hoe goed de zoekfunctie vragen van medewerkers beantwoordt.")
    parser.add_argument("--site", type=Path, help="een al gebouwde site (standaard: bouw nu)")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    project = args.project.resolve()
    register = load_register(project)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            if not build_site(project, site).ok:
                print("De site kon niet gebouwd worden. Draai eerst scripts/check.")
                return 1
        with browser.serve(site) as base, sync_playwright() as playwright, browser.launch(playwright) as chromium:
            page = chromium.new_page()
            outcomes = search_eval.evaluate(page, base, site, register, search_eval.load_eval_set())
    print(search_eval.report(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
