"""scripts/bench: measure build, PDF cache, scaling, preview, page weight and serving. A benchmark, not a test.

    scripts/bench [--herhaal 3] [--alleen bouw,schaal,preview,gewicht,server]

Machines are noisy, so every figure is the median of repeated runs, and
comparisons are ratios of variants measured side by side in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b64encode
from pathlib import Path

from protocol.publish import releases as _releases
from protocol.tools import browser as _browser
from protocol.tools import nginx as _nginx

PROJECT = Path.cwd()
SKIP = shutil.ignore_patterns(".venv", ".git", "site", "__pycache__", ".pytest_cache", "tests", "dist", ".cache", "*.egg-info")
USER, PASSWORD = "bench", "bench-wachtwoord"


def timed_build(project: Path, site: Path, pdf: bool, config: str = "mkdocs.yml") -> tuple[float, int]:
    """Seconds and peak memory (MB) of one `mkdocs build`, PDFs rendered in their own processes included."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PROTOCOL_PDF="1" if pdf else "0")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)],
                               cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"Bouwen mislukt in {project} ({config}): {process.stderr.read().decode()[-1500:]}")
    return elapsed, usage.ru_maxrss // 1024


def plain_material_config(project: Path) -> str:
    """The same pages with only Material: no protocol plugin, no print page, no PDFs."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("nav:"):text.index("\nexclude_docs")]
    extensions = text[text.index("markdown_extensions:"):text.index("\nplugins:")]
    (project / "plain.yml").write_text(f"""site_name: Vergelijking
theme:
  name: material
  language: nl
  font: false
{nav}
exclude_docs: |
  _data/
{extensions}
plugins:
  - search:
      lang: nl
""", encoding="utf-8")
    return "plain.yml"


def median(values):
    return statistics.median(values)


def _touch_article(project: Path, round_: int) -> None:
    """A one-line change in one article, so both PDFs must be rendered again."""
    article = project / "docs" / "artikelen" / "melden.md"
    text = article.read_text(encoding="utf-8")
    text = re.sub(r"\nBenchmarkregel \d+\.\n", "\n", text)
    article.write_text(text.replace("## Toelichting\n", f"## Toelichting\n\nBenchmarkregel {round_}.\n", 1), encoding="utf-8")


def bench_build(repeat: int) -> list[str]:
    lines = ["## Bouwen (mediaan van %d keer, afwisselend gemeten)" % repeat, "",
             "| variant | tijd (s) | piekgeheugen (MB) |", "|---|---:|---:|"]
    names = ("zonder pdf's", "met pdf's, lege cache", "met pdf's, niets veranderd (cache)", "met pdf's, één artikel veranderd",
             "kaal Material, zelfde pagina's")
    results: dict[str, list] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(PROJECT, project, ignore=SKIP)
        plain = plain_material_config(project)
        cache = project / ".cache" / "pdf"
        for i in range(repeat):
            results[names[0]].append(timed_build(project, Path(tmp) / f"a{i}", False))
            shutil.rmtree(cache, ignore_errors=True)
            results[names[1]].append(timed_build(project, Path(tmp) / f"b{i}", True))
            results[names[2]].append(timed_build(project, Path(tmp) / f"c{i}", True))
            _touch_article(project, i)
            results[names[3]].append(timed_build(project, Path(tmp) / f"d{i}", True))
            results[names[4]].append(timed_build(project, Path(tmp) / f"e{i}", False, plain))
        medians = {k: (median([t for t, _ in v]), median([m for _, m in v])) for k, v in results.items()}
    for name, (seconds, memory) in medians.items():
        lines.append(f"| {name} | {seconds:.2f} | {memory} |")
    site, cold, warm, changed, plain = (medians[k][0] for k in names)
    lines += ["", f"- met pdf's, lege cache / zonder pdf's: {cold / site:.2f}×",
              f"- met pdf's, niets veranderd / zonder pdf's: {warm / site:.2f}× (doel ≤ 1,5×)",
              f"- met pdf's, één artikel veranderd / zonder pdf's: {changed / site:.2f}× (doel ≤ 3×)",
              f"- de hele site zonder pdf's / kaal Material met dezelfde pagina's: {site / plain:.2f}× (doel ≤ 1,5×)"]
    return lines


def scaled_project(base: Path, factor: int) -> Path:
    """A copy with `factor` times the articles: each article copied with a new id, all in the order."""
    project = base / f"x{factor}"
    shutil.copytree(PROJECT, project, ignore=SKIP)
    if factor == 1:
        return project
    articles = sorted((project / "docs" / "artikelen").glob("*.md"))
    nav_lines = []
    for article in articles:
        if article.name == "index.md":
            continue
        text = article.read_text(encoding="utf-8")
        for copy in range(2, factor + 1):
            new = text.replace(f"id: {article.stem}", f"id: {article.stem}-k{copy}", 1)
            new = re.sub(r"^titel: (.*)$", lambda m, n=copy: f"titel: {m.group(1).strip(chr(34))} (kopie {n})", new, count=1, flags=re.M)
            (article.parent / f"{article.stem}-k{copy}.md").write_text(new, encoding="utf-8")
            nav_lines.append(f"      - artikelen/{article.stem}-k{copy}.md\n")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    marker = "      - verklaring-van-kennisname.md\n"
    (project / "mkdocs.yml").write_text(config.replace(marker, "".join(nav_lines) + marker), encoding="utf-8")
    return project


def bench_scale(repeat: int) -> list[str]:
    lines = ["## Schaal (zonder pdf's; mediaan van %d keer)" % repeat, "",
             "| artikelen | tijd (s) | tijd / artikel (ms) | zoekindex (kB) | HTML totaal (MB) | tijd t.o.v. 1× | index t.o.v. 1× |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        for factor in (1, 10, 50):
            project = scaled_project(Path(tmp), factor)
            count = len([p for p in (project / "docs" / "artikelen").glob("*.md") if p.name != "index.md"])
            times = []
            for i in range(repeat):
                site = Path(tmp) / f"s{factor}-{i}"
                times.append(timed_build(project, site, False)[0])
            size = (site / "search" / "search_index.json").stat().st_size / 1024
            html = sum(p.stat().st_size for p in site.rglob("*.html")) / 1024 / 1024
            seconds = median(times)
            base = base or (seconds, size)
            lines.append(f"| {count} | {seconds:.2f} | {1000 * seconds / count:.0f} | {size:.0f} | {html:.1f} | "
                         f"{seconds / base[0]:.1f}× | {size / base[1]:.1f}× |")
            shutil.rmtree(project)
    return lines


def bench_preview(repeat: int) -> list[str]:
    """Seconds from saving a one-line edit until `mkdocs serve` serves the changed page."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(PROJECT, project, ignore=SKIP)
        port = _nginx.free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/artikelen/melden/"
        try:
            _wait_for(url, lambda body: b"Artikel" in body, 120)
            article = project / "docs" / "artikelen" / "melden.md"
            times = []
            for i in range(repeat):
                marker = f"Benchmarkregel {i} {time.time()}"
                text = article.read_text(encoding="utf-8")
                started = time.perf_counter()
                article.write_text(text.replace("## Toelichting\n", f"## Toelichting\n\n{marker}\n", 1), encoding="utf-8")
                _wait_for(url, lambda body, m=marker: m.encode() in body, 120)
                times.append(time.perf_counter() - started)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return ["## Voorbeeldweergave (mkdocs serve)", "",
            f"- van opslaan tot de nieuwe tekst in de browser: mediaan {median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}, {repeat} keer)"]


def _wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready(urllib.request.urlopen(url, timeout=5).read()):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"Time-out: {url}")


def _published(tmp: Path) -> Path:
    site = tmp / "srv" / "releases" / "bench"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=PROJECT,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PROTOCOL_PDF="1"), capture_output=True)
    if result.returncode != 0:
        raise SystemExit("Bouwen mislukt")
    _releases.precompress(site)
    _releases.switch(tmp / "srv", site)
    return tmp / "srv"


def bench_weight(repeat: int) -> list[str]:
    from playwright.sync_api import sync_playwright

    measure = """() => {
      const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
      return {bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0), requests: entries.length,
              cached: entries.filter(e => e.transferSize === 0).length};
    }"""
    lines = ["## Paginagewicht (via nginx met gzip; alle bestanden, ook zoekindex en worker)", "",
             "| pagina | eerste bezoek (kB) | verzoeken | volgend bezoek (kB) | uit cache |", "|---|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        target = _published(Path(tmp))
        with _nginx.running(target, Path(tmp) / "nginx", USER, PASSWORD, rate_limit=False) as server, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_browser.chromium_path(),
                                                 args=_browser.CHROMIUM_ARGS + server.chromium_args())
            base = server.base
            for name, path, other in (("home", "", "artikelen/melden/"), ("artikel", "artikelen/vertrouwelijke-informatie/", "")):
                first, second = [], []
                for _ in range(repeat):
                    # an Authorization header, as a browser sends after login; Playwright's
                    # http_credentials would bypass the HTTP cache we want to measure
                    context = browser.new_context(extra_http_headers={"Authorization": "Basic " + b64encode(f"{USER}:{PASSWORD}".encode()).decode()})
                    page = context.new_page()
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    first.append(page.evaluate(measure))
                    page.goto(base + other)  # the visit in between fills the cache like a real reader
                    page.wait_for_load_state("networkidle")
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    second.append(page.evaluate(measure))
                    context.close()
                lines.append(f"| {name} | {median([f['bytes'] for f in first]) / 1024:.0f} | {median([f['requests'] for f in first]):.0f} | "
                             f"{median([s['bytes'] for s in second]) / 1024:.1f} | {median([s['cached'] for s in second]):.0f} |")
            browser.close()
    return lines


def bench_serving(repeat: int) -> list[str]:
    if shutil.which("wrk") is None:
        return ["## Serveren", "", "- wrk ontbreekt (sudo apt-get install wrk)."]
    lines = ["## Serveren (nginx op loopback met TLS en bcrypt, wrk 2 threads, 32 verbindingen, 5 s; mediaan van %d keer)" % repeat, "",
             "| adres | verzoeken/s | fouten | latentie p99 (ms) |", "|---|---:|---:|---:|"]
    auth = "Authorization: Basic " + b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    with tempfile.TemporaryDirectory() as tmp:
        target = _published(Path(tmp))
        with _nginx.running(target, Path(tmp) / "nginx", USER, PASSWORD, rate_limit=False) as server:
            port = server.port
            for path in ("/artikelen/vertrouwelijke-informatie/", "/search/search_index.json"):
                rates, errors, p99 = [], [], []
                for _ in range(repeat):
                    out = subprocess.run(["wrk", "-t2", "-c32", "-d5s", "--latency", "-H", auth, "-H", "Accept-Encoding: gzip",
                                          f"https://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
                    rates.append(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)))
                    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
                    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
                    errors.append((int(bad.group(1)) if bad else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0))
                    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
                    p99.append(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit])
                lines.append(f"| {path} | {median(rates):.0f} | {max(errors)} | {median(p99):.2f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet bouwtijd, schaal, voorbeeldweergave, paginagewicht en serveren.")
    parser.add_argument("--herhaal", type=int, default=3, help="hoe vaak elke meting (standaard 3; de mediaan telt)")
    parser.add_argument("--alleen", default="bouw,schaal,preview,gewicht,server", help="welke metingen, met komma's")
    args = parser.parse_args(argv)
    parts = {"bouw": bench_build, "schaal": bench_scale, "preview": bench_preview, "gewicht": bench_weight,
             "server": bench_serving}
    print(f"# Metingen ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)\n")
    for name in args.alleen.split(","):
        print("\n".join(parts[name.strip()](args.herhaal)) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
