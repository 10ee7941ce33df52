"""Test helpers for the kennisname register: a project with the block switched on, the real
service process (scripts/kennisname draai), a minimal nginx with basic auth and our snippet,
and small HTTP clients. Readiness is always a polled state with a deadline."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import importlib
import re
import shutil
import socket
import subprocess
import sys
import time
from base64 import b64encode
from pathlib import Path

from conftest import PROJECT

SHIM = PROJECT / "scripts" / "kennisname"
SNIPPET = PROJECT / "scripts" / "deploy" / "protocol-kennisname.conf"
PASSWORD = "geheim-wachtwoord-123"
HR_USER = "fatima.elamrani"
TOKEN = re.compile(r'name="token" value="([0-9a-f]{64})"')


def kennisname(module: str):
    """Import protocol.kennisname.<module> in the test process."""
    return importlib.import_module(f"protocol.kennisname.{module}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, what: str, deadline_s: float = 20.0, process: subprocess.Popen | None = None):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process ended with {process.returncode}")
        result = condition()
        if result:
            return result
        time.sleep(0.02)  # a poll interval, not a wait for hope: the loop ends on the state
    raise TimeoutError(f"{what} not within {deadline_s}s")


def write_project(folder: Path, *, site_dir: Path, database: Path, listen: str, staff: list[str],
                  hr: list[str] = (HR_USER,), aan: bool = True) -> Path:
    """A project folder whose instellingen.yml is the real one with a test `kennisname` block."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (PROJECT / "instellingen.yml").read_text(encoding="utf-8")
    text = text.split("\nkennisname:\n")[0].rstrip() + "\n"
    quoted = lambda names: "[" + ", ".join('"' + n.replace("\\", "\\\\").replace('"', '\\"') + '"' for n in names) + "]"
    text += (f"\nkennisname:\n  aan: {'true' if aan else 'false'}\n  gebruikersheader: X-Remote-User\n"
             f"  hr_gebruikers: {quoted(hr)}\n  personeel: {quoted(staff)}\n"
             f"  database: {database}\n  site_map: {site_dir}\n  luister: {listen}\n")
    (folder / "instellingen.yml").write_text(text, encoding="utf-8")
    logo = folder / "docs" / "assets" / "images" / "logo.svg"  # the settings name it; the model checks it exists
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_bytes((PROJECT / "docs" / "assets" / "images" / "logo.svg").read_bytes())
    return folder


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SHIM), "--project", str(project), *args], capture_output=True, text=True, timeout=60)


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/kennisname/status.json")
        status = connection.getresponse().status
        connection.close()
        return status == 401  # alive, and refusing a request without a user
    except OSError:
        return False


class Service:
    """The real service as a separate process, as systemd would run it."""

    def __init__(self, project: Path, port: int):
        self.project, self.port, self.process = project, port, None

    def start(self) -> "Service":
        self.process = subprocess.Popen([str(SHIM), "--project", str(self.project), "draai"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_until(lambda: _answers(self.port), "the kennisname service", process=self.process)
        return self

    def kill9(self) -> None:
        self.process.kill()  # SIGKILL: no shutdown code runs
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def service(project: Path, port: int):
    running = Service(project, port).start()
    try:
        yield running
    finally:
        running.stop()


def htpasswd(path: Path, users: list[str]) -> None:
    for index, user in enumerate(users):
        subprocess.run(["htpasswd", "-b", *([] if index else ["-c"]), str(path), user, PASSWORD],
                       check=True, capture_output=True)


BASIC_AUTH = 'auth_basic "Intranet";\n        auth_basic_user_file {work}/htpasswd;'


def sso_variant(snippet: str) -> str:
    """The snippet with its documented single sign-on lines switched on instead of $remote_user."""
    basic_line = "    proxy_set_header X-Remote-User $remote_user;\n"
    sso_lines = ["    #   auth_request_set $kennisname_user $upstream_http_x_auth_request_user;\n",
                 "    #   proxy_set_header X-Remote-User $kennisname_user;\n"]
    assert basic_line in snippet and all(line in snippet for line in sso_lines)
    snippet = snippet.replace(basic_line, "")
    for line in sso_lines:
        snippet = snippet.replace(line, "    " + line.split("#", 1)[1].strip() + "\n")
    return snippet


@contextlib.contextmanager
def nginx(work: Path, site: Path, service_port: int, users: list[str], access: str = BASIC_AUTH, variant=None):
    """A minimal nginx: basic auth (or the given access lines), the static site, and our snippet
    with only its address replaced."""
    work.mkdir(parents=True, exist_ok=True)
    htpasswd(work / "htpasswd", users)
    snippet = SNIPPET.read_text(encoding="utf-8")
    assert "proxy_pass http://127.0.0.1:8010;" in snippet
    if variant:
        snippet = variant(snippet)
    (work / "kennisname.conf").write_text(snippet.replace("127.0.0.1:8010", f"127.0.0.1:{service_port}"), encoding="utf-8")
    port = free_port()
    for folder in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / folder).mkdir(exist_ok=True)
    (work / "nginx.conf").write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/client; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        {access.replace("{work}", str(work))}
        location / {{ try_files $uri $uri/ =404; }}
        include {work}/kennisname.conf;
    }}
}}
""", encoding="utf-8")
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    check = subprocess.run([binary, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", str(work / "nginx.conf")], stderr=subprocess.DEVNULL)

    def listening():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            return False

    try:
        wait_until(listening, "nginx", process=process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def basic(user: str, password: str = PASSWORD) -> dict:
    return {"Authorization": "Basic " + b64encode(f"{user}:{password}".encode("utf-8")).decode()}


def request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None,
            timeout: float = 10) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        all_headers = dict(headers or {})
        if body is not None:
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body.encode("utf-8") if body is not None else None, headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
    finally:
        connection.close()


def token_for(port: int, headers: dict) -> str:
    status, _, body = request(port, "GET", "/kennisname/", headers)
    assert status == 200, body
    match = TOKEN.search(body)
    assert match, "no confirm form on the page"
    return match.group(1)


def confirm(port: int, headers: dict, version: str, token: str, same_origin: bool = True) -> int:
    from urllib.parse import urlencode

    extra = {"Sec-Fetch-Site": "same-origin", "Origin": f"http://127.0.0.1:{port}"} if same_origin else {}
    status, _, _ = request(port, "POST", "/kennisname/bevestig", {**headers, **extra},
                           urlencode({"versie": version, "token": token}))
    return status


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(database: Path) -> list[tuple]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return db.execute("SELECT gebruiker, versie, document_sha256, bevestigd_utc FROM bevestiging ORDER BY id").fetchall()
