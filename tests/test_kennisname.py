"""The optional acknowledgement register (protocol/kennisname): a real service process behind a real
nginx with basic auth, real Chromium, SQLite on disk. Without the register the site is unchanged."""

from __future__ import annotations

import concurrent.futures
import csv
import datetime
import io
import shutil
import sqlite3
import statistics
import threading
import time
from pathlib import Path

import pytest

import _kennisname_env as env
from _kennisname_env import HR_USER, basic, confirm, request, rows, token_for
from conftest import PROJECT
from protocol.model import load_settings

JAN, SANNE = "jan.devries", "sanne.bakker"
TRICKY = "o'brien\"; DROP TABLE bevestiging;--<b>x</b>"  # SQL and HTML metacharacters in a login name
ZOE = "zoë.dijkstra"  # not ASCII
VERSION = load_settings(PROJECT)["protocol"]["versie"]  # the version the real site publishes
BUTTON = f"Ik heb versie {VERSION} gelezen en houd me aan de afspraken"


def _pdf(site: Path) -> Path:
    return site / "downloads" / f"voorbeeldkantoor-protocol-v{VERSION}.pdf"


@pytest.fixture(scope="module")
def stack(site, tmp_path_factory):
    """Service + nginx for the functional tests; the site is the real build (with its real PDF)."""
    work = tmp_path_factory.mktemp("kennisname")
    assert _pdf(site).is_file()
    service_port = env.free_port()
    project = env.write_project(work / "project", site_dir=site, database=work / "data" / "kennisname.sqlite3",
                                listen=f"127.0.0.1:{service_port}", staff=[HR_USER, JAN, SANNE, TRICKY, ZOE])
    users = [HR_USER, JAN, SANNE, TRICKY, ZOE]
    with env.service(project, service_port), env.nginx(work / "nginx", site, service_port, users) as port:
        # the form (and so its token) is only on the page until someone has confirmed: fetch them first
        tokens = {user: token_for(port, basic(user)) for user in users}
        yield {"port": port, "service_port": service_port, "project": project, "work": work,
               "database": work / "data" / "kennisname.sqlite3", "site": site, "token": tokens}


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]})
    return [v["id"] for v in result.response["violations"]]


def _csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


# --------------------------------------------------------------------------- confirming


def test_confirm_in_chromium_through_nginx_shows_the_confirmation(stack):
    from playwright.sync_api import sync_playwright

    from protocol.tools import browser as _browser

    base = f"http://127.0.0.1:{stack['port']}"
    errors, failed = [], []
    with sync_playwright() as playwright, _browser.launch(playwright) as browser:
        context = browser.new_context(http_credentials={"username": JAN, "password": env.PASSWORD})
        context.add_init_script("""document.addEventListener('securitypolicyviolation',
            e => console.error('csp ' + e.violatedDirective));""")
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 404" not in m.text else None)
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.goto(base + "/kennisname/")
        assert _axe_violations(page) == []
        assert page.locator("h1").inner_text() == "Verklaring van kennisname"
        assert page.evaluate("getComputedStyle(document.querySelector('.kn-knop')).backgroundColor") != "rgba(0, 0, 0, 0)"
        with page.expect_navigation():
            page.get_by_role("button", name=BUTTON).click()
        shown = page.locator(".kn-bevestigd").inner_text()
        assert _axe_violations(page) == []
        page.reload()
        assert page.get_by_role("button", name=BUTTON).count() == 0  # asked once per version
        context.close()
        hr = browser.new_context(http_credentials={"username": HR_USER, "password": env.PASSWORD})
        page = hr.new_page()
        for path in ("/kennisname/overzicht", "/kennisname/bewijs?gebruiker=jan.devries"):
            page.goto(base + path)
            assert _axe_violations(page) == [], path
        hr.close()
    assert errors == [] and failed == []  # no CSP violation, every resource loads

    (row,) = [r for r in rows(stack["database"]) if r[0] == JAN]
    moment = datetime.datetime.fromisoformat(row[3])
    assert moment.utcoffset() == datetime.timedelta(0)  # stored in UTC
    assert abs((datetime.datetime.now(datetime.timezone.utc) - moment).total_seconds()) < 120
    local_text = env.kennisname("report").local_text

    assert shown == f"Je hebt versie {VERSION} bevestigd op {local_text(moment)}."
    assert row[1] == VERSION and row[2] == env.sha256(_pdf(stack["site"]))


def test_hr_overview_and_csv_say_who_did_and_who_did_not(stack):
    from bs4 import BeautifulSoup

    port = stack["port"]
    assert confirm(port, basic(JAN), VERSION, stack["token"][JAN]) == 303
    status, _, body = request(port, "GET", "/kennisname/overzicht", basic(HR_USER))
    assert status == 200
    section = BeautifulSoup(body, "html.parser").find(id=f"versie-{VERSION}")
    confirmed = [tr.find("td").get_text(strip=True) for tr in section.select("tr.kn-bevestigd-rij")]
    missing = [li.get_text(strip=True) for li in section.select(".kn-niet-bevestigd li")]
    assert JAN in confirmed and SANNE not in confirmed
    assert SANNE in missing and JAN not in missing

    status, headers, text = request(port, "GET", "/kennisname/export.csv", basic(HR_USER))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    by_user = {(r["gebruiker"], r["versie"]): r for r in _csv(text)}
    assert by_user[(JAN, VERSION)]["status"] == "bevestigd"
    assert by_user[(JAN, VERSION)]["document_sha256"] == env.sha256(_pdf(stack["site"]))
    assert by_user[(SANNE, VERSION)] == {"gebruiker": SANNE, "versie": VERSION, "status": "niet bevestigd",
                                         "bevestigd_op": "", "bevestigd_utc": "", "document_sha256": ""}


def test_evidence_page_has_name_version_hash_and_time(stack):
    port = stack["port"]
    confirm(port, basic(JAN), VERSION, stack["token"][JAN])
    status, _, body = request(port, "GET", "/kennisname/bewijs?gebruiker=jan.devries", basic(HR_USER))
    assert status == 200
    (row,) = [r for r in rows(stack["database"]) if r[0] == JAN]
    local_text = env.kennisname("report").local_text

    for expected in (JAN, VERSION, env.sha256(_pdf(stack["site"])), local_text(datetime.datetime.fromisoformat(row[3])),
                     "Voorbeeldkantoor Adviesgroep B.V."):
        assert expected in body


def test_only_hr_sees_overview_export_and_evidence(stack):
    port = stack["port"]
    for path in ("/kennisname/overzicht", "/kennisname/export.csv", "/kennisname/bewijs?gebruiker=jan.devries"):
        status, _, body = request(port, "GET", path, basic(SANNE))
        assert status == 403, path
        assert "Geen toegang" in body and JAN not in body
        assert request(port, "GET", path, basic(HR_USER))[0] == 200


BANNER = """<div class="pr-kennisname" data-kennisname-banner data-kennisname-status="/kennisname/status.json" hidden>
  <p>Er is een nieuwe versie van het protocol: versie <span data-kennisname-versie></span>.
     <a href="/kennisname/">Lees het en bevestig dat je het hebt gelezen</a>.</p>
</div>"""


def test_banner_script_shows_the_banner_only_until_the_user_confirmed(stack, tmp_path):
    """kennisname.js with the exact snippet the site emits when kennisname.aan is true."""
    from playwright.sync_api import sync_playwright

    from protocol.tools import browser as _browser

    root = tmp_path / "root"
    (root / "assets" / "javascripts").mkdir(parents=True)
    shutil.copy(PROJECT / "protocol" / "assets" / "javascripts" / "kennisname.js", root / "assets" / "javascripts")
    script = '<script src="assets/javascripts/kennisname.js" defer></script>'
    (root / "index.html").write_text(f"<!doctype html><title>Start</title>{BANNER}{script}", encoding="utf-8")
    (root / "zonder.html").write_text(f"<!doctype html><title>Zonder</title><p>Geen banner.</p>{script}", encoding="utf-8")
    confirm(stack["port"], basic(JAN), VERSION, stack["token"][JAN])
    with env.nginx(tmp_path / "nginx", root, stack["service_port"], [JAN, SANNE]) as port, \
            sync_playwright() as playwright, _browser.launch(playwright) as browser:
        def visit(user, path):
            context = browser.new_context(http_credentials={"username": user, "password": env.PASSWORD})
            page = context.new_page()
            asked = []
            page.on("request", lambda r: asked.append(r.url) if "status.json" in r.url else None)
            page.goto(f"http://127.0.0.1:{port}/{path}")
            if path == "":
                page.wait_for_selector("[data-kennisname-klaar]", state="attached")
            else:
                page.wait_for_load_state("networkidle")
            state = page.evaluate("""() => { const b = document.querySelector('[data-kennisname-banner]');
                return b ? [b.hidden, b.querySelector('[data-kennisname-versie]').textContent] : null; }""")
            context.close()
            return state, asked

        assert visit(SANNE, "")[0] == [False, VERSION]  # not confirmed: the banner shows the version
        assert visit(JAN, "")[0] == [True, ""]  # confirmed: it stays hidden
        state, asked = visit(SANNE, "zonder.html")
        assert state is None and asked == []  # no banner element: no request at all


class _FakeSSO:
    """Stands in for oauth2-proxy's /oauth2/auth: 202 with X-Auth-Request-User for a session cookie, else 401."""

    def __enter__(self):
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                cookie = self.headers.get("Cookie", "")
                user = cookie.split("sso=", 1)[1].split(";")[0] if "sso=" in cookie else ""
                self.send_response(202 if user else 401)
                if user:
                    self.send_header("X-Auth-Request-User", user)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server.server_address[1]

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_sso_variant_takes_the_user_from_the_sso_proxy_and_ignores_the_browser(stack, tmp_path):
    """The documented oauth2-proxy lines of the snippet, on a real nginx with auth_request."""
    with _FakeSSO() as sso_port:
        access = ("auth_request /oauth2/auth;\n"
                  f"        location = /oauth2/auth {{ internal; proxy_pass http://127.0.0.1:{sso_port};\n"
                  '            proxy_pass_request_body off; proxy_set_header Content-Length ""; }')
        with env.nginx(tmp_path / "nginx", stack["site"], stack["service_port"], [JAN], access=access,
                       variant=env.sso_variant) as port:
            assert request(port, "GET", "/kennisname/status.json")[0] == 401  # no SSO session
            assert request(port, "GET", "/kennisname/status.json", {"X-Remote-User": HR_USER})[0] == 401
            session = {"Cookie": f"sso={SANNE}"}
            status, _, body = request(port, "GET", "/kennisname/", {**session, "X-Remote-User": HR_USER})
            assert status == 200 and f"({SANNE})" in body
            assert request(port, "GET", "/kennisname/overzicht", {**session, "X-Remote-User": HR_USER})[0] == 403
            assert request(port, "GET", "/kennisname/overzicht", {"Cookie": f"sso={HR_USER}"})[0] == 200


# --------------------------------------------------------------------------- bad requests


def test_no_credentials_gives_401(stack):
    for path in ("/kennisname/", "/kennisname/status.json", "/kennisname/overzicht"):
        assert request(stack["port"], "GET", path)[0] == 401
        assert request(stack["port"], "GET", path, {"X-Remote-User": HR_USER})[0] == 401
    # the service itself, reached without nginx and without the header
    assert request(stack["service_port"], "GET", "/kennisname/")[0] == 401
    assert request(stack["service_port"], "POST", "/kennisname/bevestig", body="versie=1.0")[0] == 401


def test_a_spoofed_user_header_is_overwritten_by_nginx(stack):
    port = stack["port"]
    spoof = {**basic(SANNE), "X-Remote-User": HR_USER, "X_Remote_User": HR_USER}
    assert request(port, "GET", "/kennisname/overzicht", spoof)[0] == 403
    status, _, body = request(port, "GET", "/kennisname/", spoof)
    assert status == 200 and f"({SANNE})" in body and f"({HR_USER})" not in body


def test_cross_origin_post_is_refused(stack, tmp_path):
    """A page on another origin posts the form (even with a valid token) in real Chromium: refused."""
    from playwright.sync_api import sync_playwright

    from protocol.tools import browser as _browser

    port = stack["port"]
    token = stack["token"][SANNE]
    (tmp_path / "aanval.html").write_text(
        f'<!doctype html><form method="post" action="http://127.0.0.1:{port}/kennisname/bevestig">'
        f'<input name="versie" value="{VERSION}"><input name="token" value="{token}">'
        '<button type="submit">Klik</button></form>', encoding="utf-8")
    with _browser.serve(tmp_path) as evil, sync_playwright() as playwright, _browser.launch(playwright) as browser:
        context = browser.new_context(http_credentials={"username": SANNE, "password": env.PASSWORD})
        page = context.new_page()
        page.goto(evil + "aanval.html")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Klik").click()
        assert navigation.value.status == 403
        assert "Geen toegang" in page.content()
        context.close()
    headers = basic(SANNE)
    for extra in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                  {"Origin": "null"}, {}):
        status, _, _ = request(port, "POST", "/kennisname/bevestig", {**headers, **extra},
                               f"versie={VERSION}&token={token}")
        assert status == 403, extra
    # same origin but no token, or the token of someone else
    assert confirm(port, headers, VERSION, "") == 403
    assert confirm(port, headers, VERSION, stack["token"][HR_USER]) == 403
    assert request(port, "GET", "/kennisname/bevestig", headers)[0] == 405  # POST only
    assert [r for r in rows(stack["database"]) if r[0] == SANNE] == []


def test_replaying_a_confirmation_gives_one_row(stack):
    port = stack["port"]
    token = stack["token"][JAN]
    statuses = [confirm(port, basic(JAN), VERSION, token) for _ in range(5)]
    assert statuses == [303] * 5
    assert len([r for r in rows(stack["database"]) if r[0] == JAN and r[1] == VERSION]) == 1


def test_sql_and_html_metacharacters_in_a_user_name_are_stored_literally(stack):
    port = stack["port"]
    assert confirm(port, basic(TRICKY), VERSION, stack["token"][TRICKY]) == 303
    stored = [r[0] for r in rows(stack["database"])]
    assert TRICKY in stored  # literally, and the table still exists
    status, _, body = request(port, "GET", "/kennisname/overzicht", basic(HR_USER))
    assert "<b>x</b>" not in body and "o&#39;brien&#34;; DROP TABLE bevestiging;--&lt;b&gt;x&lt;/b&gt;" in body
    by_user = {r["gebruiker"]: r for r in _csv(request(port, "GET", "/kennisname/export.csv", basic(HR_USER))[2])}
    assert by_user[TRICKY]["status"] == "bevestigd"
    from bs4 import BeautifulSoup

    link = next(a["href"] for a in BeautifulSoup(body, "html.parser").select("a[href*=bewijs]") if "brien" in a["href"])
    status, _, evidence = request(port, "GET", link, basic(HR_USER))
    assert status == 200 and "o&#39;brien&#34;; DROP TABLE bevestiging;--&lt;b&gt;x&lt;/b&gt;" in evidence
    assert "heeft nog geen versie bevestigd" not in evidence


def test_a_login_name_with_accents_is_the_same_person_as_on_the_staff_list(stack):
    port = stack["port"]
    assert confirm(port, basic(ZOE), VERSION, stack["token"][ZOE]) == 303
    assert (ZOE, VERSION) in [(r[0], r[1]) for r in rows(stack["database"])]
    by_user = {(r["gebruiker"], r["versie"]): r for r in _csv(request(port, "GET", "/kennisname/export.csv", basic(HR_USER))[2])}
    assert by_user[(ZOE, VERSION)]["status"] == "bevestigd"


def test_an_unknown_version_is_refused(stack):
    port = stack["port"]
    token = stack["token"][SANNE]
    for version in ("9.9", "0.9", "", "1.0 ", "1.0' OR '1'='1"):
        assert confirm(port, basic(SANNE), version, token) == 409, version
    assert [r for r in rows(stack["database"]) if r[0] == SANNE] == []


def test_the_web_cannot_change_or_delete_a_confirmation(stack):
    Register = env.kennisname("storage").Register

    web = Register(stack["database"], web=True)
    with web.connect() as db:
        for statement in ("DELETE FROM bevestiging", "UPDATE bevestiging SET versie = 'x'", "DROP TABLE bevestiging"):
            with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
                db.execute(statement)
    with pytest.raises(sqlite3.IntegrityError, match="nooit gewijzigd"):  # the trigger guards the CLI too
        with Register(stack["database"], web=False).connect() as db:
            db.execute("UPDATE bevestiging SET versie = 'x'")


def test_database_is_wal_and_outside_the_site(stack):
    with sqlite3.connect(stack["database"]) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stack["site"].resolve() not in stack["database"].resolve().parents
    assert oct(stack["database"].stat().st_mode & 0o777) == "0o600"


def test_a_new_version_asks_again(site, tmp_path):
    """Publishing v1.1 (the live folder switches): the register asks for 1.1 at once, refuses 1.0."""
    port = env.free_port()
    releases = tmp_path / "srv" / "releases"
    for version in ("1.0", "1.1"):
        (releases / version / "downloads").mkdir(parents=True)
        shutil.copy(_pdf(site), releases / version / "downloads" / f"voorbeeldkantoor-protocol-v{version}.pdf")
    (releases / "1.1" / "downloads" / "voorbeeldkantoor-protocol-v1.1.pdf").open("ab").write(b"\n% 1.1\n")
    current = tmp_path / "srv" / "current"
    current.symlink_to(releases / "1.0")
    database = tmp_path / "k.sqlite3"
    project = env.write_project(tmp_path / "project", site_dir=current, database=database,
                                listen=f"127.0.0.1:{port}", staff=[JAN, SANNE])
    me = {"X-Remote-User": JAN}
    with env.service(project, port):
        token = token_for(port, me)
        assert confirm(port, me, "1.0", token) == 303
        assert '"bevestigd":true' in request(port, "GET", "/kennisname/status.json", me)[2]
        (tmp_path / "srv" / "next").symlink_to(releases / "1.1")
        (tmp_path / "srv" / "next").rename(current)  # what scripts/publish does: one atomic switch
        status = request(port, "GET", "/kennisname/status.json", me)[2]
        assert '"versie":"1.1"' in status and '"bevestigd":false' in status
        assert confirm(port, me, "1.0", token) == 409  # the old version cannot be confirmed any more
        assert confirm(port, me, "1.1", token) == 303
        overview = request(port, "GET", "/kennisname/overzicht", {"X-Remote-User": HR_USER})
    from bs4 import BeautifulSoup

    assert overview[0] == 200
    html = BeautifulSoup(overview[2], "html.parser")
    for version in ("1.0", "1.1"):
        section = html.find(id=f"versie-{version}")
        assert [li.get_text(strip=True) for li in section.select(".kn-niet-bevestigd li")] == [SANNE]
        assert [tr.find("td").get_text(strip=True) for tr in section.select("tr.kn-bevestigd-rij")] == [JAN]
    assert "Versie 1.1 (geldt nu)" in html.get_text()
    stored = {(r[0], r[1]): r[2] for r in rows(database)}
    assert stored[(JAN, "1.0")] == env.sha256(releases / "1.0" / "downloads" / "voorbeeldkantoor-protocol-v1.0.pdf")
    assert stored[(JAN, "1.1")] == env.sha256(releases / "1.1" / "downloads" / "voorbeeldkantoor-protocol-v1.1.pdf")
    assert stored[(JAN, "1.0")] != stored[(JAN, "1.1")]


# --------------------------------------------------------------------------- durability


def test_backup_while_running_restores_to_the_same_rows(stack, tmp_path):
    port = stack["port"]
    confirm(port, basic(JAN), VERSION, stack["token"][JAN])
    backup = tmp_path / "backup" / "kennisname.sqlite3"
    result = env.cli(stack["project"], "backup", str(backup))
    assert result.returncode == 0, result.stderr
    live = rows(stack["database"])
    assert live and rows(backup) == live
    restored_db = tmp_path / "hersteld" / "kennisname.sqlite3"
    other = env.write_project(tmp_path / "other", site_dir=stack["site"], database=restored_db,
                              listen="127.0.0.1:1", staff=[JAN])
    result = env.cli(other, "herstel", str(backup))
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(restored_db) == live
    assert f"Teruggezet: {len(live)} bevestigingen" in result.stdout
    assert env.cli(other, "herstel", str(backup)).returncode == 1  # will not replace without --ja


def test_kill_9_during_a_burst_keeps_every_answered_confirmation(site, tmp_path):
    port = env.free_port()
    database = tmp_path / "data" / "kennisname.sqlite3"
    users = [f"collega{n:03d}" for n in range(300)]
    project = env.write_project(tmp_path / "project", site_dir=site, database=database,
                                listen=f"127.0.0.1:{port}", staff=users)
    service = env.Service(project, port).start()
    try:
        as_nginx = {u: {"X-Remote-User": u} for u in users}  # straight to the service, as nginx would send it
        tokens = {u: token_for(port, as_nginx[u]) for u in users}
        answered, failed, enough = [], [], threading.Event()
        lock = threading.Lock()

        def one(user):
            try:
                status = confirm(port, as_nginx[user], VERSION, tokens[user])
            except OSError:
                status = None
            with lock:
                (answered if status == 303 else failed).append(user)
                if len(answered) >= 25:
                    enough.set()

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            futures = [pool.submit(one, u) for u in users]
            assert enough.wait(60), "no 25 confirmations within 60 s"
            service.kill9()
            concurrent.futures.wait(futures, timeout=60)
        assert failed, "the kill came after the burst: nothing was interrupted"
        service = env.Service(project, port).start()
        stored = {r[0] for r in rows(database)}
        assert set(answered) <= stored
        for user in answered:  # and the restarted service says so too
            assert '"bevestigd":true' in request(port, "GET", "/kennisname/status.json", as_nginx[user])[2]
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        print(f"\nkill -9: {len(answered)} answered, {len(failed)} cut off, {len(stored)} stored")
    finally:
        service.stop()


# --------------------------------------------------------------------------- load


def test_load_50_users_confirm_at_once_and_200_overview_requests(site, tmp_path):
    users = [f"medewerker{n:02d}" for n in range(50)]
    service_port = env.free_port()
    database = tmp_path / "data" / "kennisname.sqlite3"
    project = env.write_project(tmp_path / "project", site_dir=site, database=database,
                                listen=f"127.0.0.1:{service_port}", staff=[HR_USER, *users])
    with env.service(project, service_port), env.nginx(tmp_path / "nginx", site, service_port, [HR_USER, *users]) as port:
        tokens = {u: token_for(port, basic(u)) for u in users}
        start = threading.Barrier(len(users))
        timings = {"bevestigen": [], "overzicht": []}
        errors = []

        def timed(kind, call, expected):
            began = time.perf_counter()
            try:
                status = call()
            except OSError as error:
                status = repr(error)
            timings[kind].append(time.perf_counter() - began)
            if status != expected:
                errors.append((kind, status))

        def confirmer(user):
            start.wait(timeout=30)  # all 50 at once
            timed("bevestigen", lambda: confirm(port, basic(user), VERSION, tokens[user]), 303)

        def overview(_):
            timed("overzicht", lambda: request(port, "GET", "/kennisname/overzicht", basic(HR_USER))[0], 200)

        began = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(len(users) + 10) as pool:
            jobs = [pool.submit(confirmer, u) for u in users] + [pool.submit(overview, i) for i in range(200)]
            done, not_done = concurrent.futures.wait(jobs, timeout=60)
        elapsed = time.monotonic() - began
        assert not not_done, "the load did not finish within 60 s"
        for job in done:
            job.result()
        assert errors == []
        assert {r[0] for r in rows(database)} == set(users)

    def p99(values):
        return statistics.quantiles(values, n=100, method="inclusive")[98]

    report = {kind: (len(v), statistics.median(v) * 1000, p99(v) * 1000, max(v) * 1000) for kind, v in timings.items()}
    print(f"\nload on loopback in {elapsed:.1f}s: " + "; ".join(
        f"{kind}: n={n}, p50={p50:.0f} ms, p99={p:.0f} ms, max={m:.0f} ms" for kind, (n, p50, p, m) in report.items()))
    assert report["bevestigen"][0] == 50 and report["overzicht"][0] == 200
    assert all(p < 5000 for _, _, p, _ in report.values())


# --------------------------------------------------------------------------- command line, settings


def test_delete_a_person_on_request_removes_only_their_rows(stack, tmp_path):
    port = stack["port"]
    confirm(port, basic(JAN), VERSION, stack["token"][JAN])
    copy = tmp_path / "kopie.sqlite3"
    assert env.cli(stack["project"], "backup", str(copy)).returncode == 0
    project = env.write_project(tmp_path / "project", site_dir=stack["site"], database=copy,
                                listen="127.0.0.1:1", staff=[JAN])
    before = rows(copy)
    asked = env.cli(project, "verwijder", JAN)
    assert asked.returncode == 1 and rows(copy) == before  # asks first
    done = env.cli(project, "verwijder", JAN, "--ja")
    assert done.returncode == 0 and "Verwijderd: 1 bevestigingen" in done.stdout
    assert rows(copy) == [r for r in before if r[0] != JAN]


def test_cli_export_matches_the_web_export(stack):
    result = env.cli(stack["project"], "export")
    assert result.returncode == 0
    web = request(stack["port"], "GET", "/kennisname/export.csv", basic(HR_USER))[2]
    assert _csv(result.stdout) == _csv(web)


def test_csv_cells_never_start_a_formula():
    overview, to_csv = env.kennisname("report").overview, env.kennisname("report").to_csv
    Confirmation = env.kennisname("storage").Confirmation

    moment = datetime.datetime(2027, 2, 3, 9, 14, tzinfo=datetime.timezone.utc)
    text = to_csv(overview([Confirmation("=HYPERLINK(\"x\")", "1.1", "a" * 64, moment)], ("+min",), "1.1"))
    cells = [row["gebruiker"] for row in _csv(text)]
    assert cells == ["'=HYPERLINK(\"x\")", "'+min"]
    assert "3 februari 2027 om 10:14" in text  # Dutch local time (CET in February)


@pytest.mark.parametrize("line, value, message", [
    ("luister", "luister: 0.0.0.0:8010", "alleen op deze computer"),
    ("luister", "luister: 192.168.1.5:8010", "alleen op deze computer"),
    ("luister", "luisteren: 127.0.0.1:8010", "Onbekende instelling 'kennisname.luisteren'"),
    ("hr_gebruikers", "hr_gebruikers: []", "lijst met gebruikersnamen"),
    ("gebruikersheader", "gebruikersheader: Authorization", "niet als gebruikersheader"),
    ("aan", "aan: ja graag", "true of false"),
])
def test_bad_settings_give_a_dutch_message_with_file_and_line(tmp_path, site, line, value, message):
    project = env.write_project(tmp_path / "project", site_dir=site, database=tmp_path / "k.sqlite3",
                                listen="127.0.0.1:8010", staff=[JAN])
    settings = project / "instellingen.yml"
    text = settings.read_text(encoding="utf-8").splitlines()
    number = next(i for i, t in enumerate(text) if t.startswith(f"  {line}:"))
    text[number] = f"  {value}"
    settings.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = env.cli(project, "export")
    assert result.returncode == 1
    assert f"instellingen.yml:{number + 1}: " in result.stderr and message in result.stderr


def test_database_inside_the_site_is_refused(tmp_path, site):
    project = env.write_project(tmp_path / "project", site_dir=site, database=site / "kennisname.sqlite3",
                                listen="127.0.0.1:8010", staff=[JAN])
    result = env.cli(project, "draai")
    assert result.returncode == 1 and "buiten de site" in result.stderr
    assert not (site / "kennisname.sqlite3").exists()


def test_the_service_listens_on_a_unix_socket(site, tmp_path):
    sock = tmp_path / "run" / "kennisname.sock"
    project = env.write_project(tmp_path / "project", site_dir=site, database=tmp_path / "k.sqlite3",
                                listen=f"unix:{sock}", staff=[JAN])
    import http.client
    import socket as sockets
    import subprocess

    class UnixConnection(http.client.HTTPConnection):
        def connect(self):
            self.sock = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
            self.sock.connect(str(sock))

    def get(headers):
        connection = UnixConnection("localhost", timeout=5)
        try:
            connection.request("GET", "/kennisname/status.json", headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def ready():
        try:
            return get({})[0] == 401
        except OSError:
            return False

    process = subprocess.Popen([str(env.SHIM), "--project", str(project), "draai"], stdout=subprocess.DEVNULL)
    try:
        env.wait_until(ready, "the service on a unix socket", process=process)
        status, body = get({"X-Remote-User": JAN})
        assert status == 200 and b'"bevestigd":false' in body
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_dev_runner_serves_register_and_preview_on_one_origin_with_a_test_user(tmp_path):
    """What scripts/serve runs when the register is on: no nginx, a fixed user, the preview behind it."""
    import subprocess
    import sys

    from protocol.tools import browser as _browser

    preview_root = tmp_path / "preview"
    preview_root.mkdir()
    (preview_root / "index.html").write_text("<!doctype html><title>Preview</title><p>De preview</p>", encoding="utf-8")
    port = env.free_port()
    project = env.write_project(tmp_path / "project", site_dir=tmp_path / "geen-site", database=Path("/nergens/k.sqlite3"),
                                listen="127.0.0.1:1", staff=[SANNE])
    with _browser.serve(preview_root) as preview:
        process = subprocess.Popen([sys.executable, "-m", "protocol.kennisname.dev", "--project", str(project),
                                    "--poort", str(port), "--preview", preview], stdout=subprocess.PIPE, text=True)
        try:
            def ready():
                try:
                    return request(port, "GET", "/kennisname/status.json")
                except OSError:
                    return None

            status, _, body = env.wait_until(ready, "the dev register", process=process)
            assert status == 200 and f'"versie":"{VERSION}"' in body and '"bevestigd":false' in body
            token = token_for(port, {})
            assert confirm(port, {"X-Remote-User": "iemand.anders"}, VERSION, token) == 303  # the header is replaced
            assert request(port, "GET", "/kennisname/overzicht")[0] == 200  # the test user may see HR's pages
            assert "De preview" in request(port, "GET", "/")[2]
        finally:
            process.terminate()
            process.wait(timeout=15)
    database = project / ".cache" / "kennisname-dev" / "kennisname.sqlite3"
    assert [r[0] for r in rows(database)] == ["test.medewerker"]


def test_dev_runner_says_it_is_off_by_default():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "protocol.kennisname.dev"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "staat uit" in result.stdout
    asked = subprocess.run([sys.executable, "-m", "protocol.kennisname.dev", "--aan"], capture_output=True, text=True, timeout=60)
    assert asked.returncode == 1 and "staat uit" in asked.stdout


# --------------------------------------------------------------------------- the site without the register


def test_the_site_without_the_register_has_no_button_and_makes_no_requests(site, tmp_path):
    settings = env.kennisname("settings")

    assert settings.load(PROJECT).aan is False  # the shipped default
    for path in PROJECT.joinpath("docs").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".html", ".js", ".yml", ".css"):
            assert "/kennisname/" not in path.read_text(encoding="utf-8"), path
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "/kennisname/" not in text and "kennisname.js" not in text and "data-kennisname" not in text, page
    assert BUTTON not in (site / "verklaring-van-kennisname" / "index.html").read_text(encoding="utf-8")

    from playwright.sync_api import sync_playwright

    from protocol.tools import browser as _browser

    seen = []
    with _browser.serve(site) as base, sync_playwright() as playwright, _browser.launch(playwright) as browser:
        page = browser.new_page()
        page.on("request", lambda r: seen.append(r.url))
        for path in ("", "verklaring-van-kennisname/"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        assert page.get_by_role("button", name=BUTTON).count() == 0
    assert len(seen) > 2 and [u for u in seen if "kennisname.js" in u or "/kennisname/" in u] == []


def test_publish_does_not_touch_the_database(project_copy, tmp_path):
    """A real publish with the register switched on: the database and its folder stay byte for byte the same."""
    import hashlib
    import sqlite3
    import subprocess

    from conftest import edit

    data = tmp_path / "data"
    data.mkdir()
    database = data / "kennisname.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE t (x TEXT)")
        connection.execute("INSERT INTO t VALUES ('bevestigd')")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data.iterdir()}
    edit(project_copy / "instellingen.yml", "kennisname:\n  aan: false", "kennisname:\n  aan: true")
    edit(project_copy / "instellingen.yml", "database: /var/lib/protocol/kennisname.sqlite3", f"database: {database}")
    result = subprocess.run([str(PROJECT / "scripts" / "publish"), "--doel", str(tmp_path / "srv"), "--project", str(project_copy)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "srv" / "current" / "index.html").is_file()
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data.iterdir()} == before


def test_site_with_the_register_switched_on_shows_banner_and_button(project_copy, tmp_path):
    from conftest import build, edit

    edit(project_copy / "instellingen.yml", "kennisname:\n  aan: false", "kennisname:\n  aan: true")
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data-kennisname-banner" in home and "kennisname.js" in home
    assert (site / "assets/javascripts/kennisname.js").is_file()
    statement = (site / "verklaring-van-kennisname/index.html").read_text(encoding="utf-8")
    assert 'href="/kennisname/"' in statement
