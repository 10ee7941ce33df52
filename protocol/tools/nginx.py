"""Run the shipped nginx recipe (scripts/deploy) on loopback, for the tests and the benchmarks.

Only paths and ports of scripts/deploy/nginx-protocol.conf are replaced, and a
self-signed certificate for 127.0.0.1 is made; everything else is the
configuration an office installs. `rate_limit=False` removes the brute-force
limit (for a throughput benchmark from one address, and to measure what it stops).
For Chromium, pass Server.chromium_args() to the launch so it trusts the certificate.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]  # the repository whose recipe the tests and bench run

DEPLOY = PROJECT / "scripts" / "deploy"
BINARY = shutil.which("nginx") or "/usr/sbin/nginx"
_RATE_LIMIT = re.search(r"^\s*(limit_req zone=protocol_logins burst=(\d+) nodelay;)", (DEPLOY / "nginx-protocol.conf").read_text(encoding="utf-8"), re.M)
RATE_LIMIT_LINES = (_RATE_LIMIT.group(1),)  # what rate_limit=False removes
BURST = int(_RATE_LIMIT.group(2))  # guesses let through at once; the recipe is the one place that says it


@dataclasses.dataclass
class Server:
    port: int          # HTTPS
    http_port: int     # plain HTTP: only redirects
    certificate: Path  # self-signed, for 127.0.0.1
    work: Path

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}/"

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts exactly the test certificate."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def chromium_args(self) -> list[str]:
        """Chromium flags that trust exactly the test certificate.

        Better than ignore_https_errors: with a certificate error Chromium caches
        nothing, so every page would fetch every file again, unlike a real visit.
        """
        key = subprocess.run(["openssl", "x509", "-in", str(self.certificate), "-pubkey", "-noout"],
                             check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=key, check=True, capture_output=True).stdout
        return [f"--ignore-certificate-errors-spki-list={base64.b64encode(hashlib.sha256(der).digest()).decode()}"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(work: Path) -> tuple[Path, Path]:
    certificate, key = work / "cert.pem", work / "key.pem"
    if not certificate.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", str(key), "-out", str(certificate), "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return certificate, key


def site_config(target: Path, work: Path, port: int, http_port: int, rate_limit: bool = True) -> str:
    certificate, key = make_certificate(work)
    conf = (DEPLOY / "nginx-protocol.conf").read_text(encoding="utf-8")
    replacements = [("/srv/protocol", str(target)), ("/etc/nginx/protocol.htpasswd", str(work / "protocol.htpasswd")),
                    ("/etc/ssl/protocol/fullchain.pem", str(certificate)), ("/etc/ssl/protocol/privkey.pem", str(key)),
                    ("snippets/protocol-headers.conf", str(DEPLOY / "protocol-headers.conf")),
                    ("/etc/nginx/snippets/protocol-locations/", str(work / "locations") + "/"),
                    ("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen 443 ssl", f"listen 127.0.0.1:{port} ssl")]
    if not rate_limit:
        replacements += [(line, "") for line in RATE_LIMIT_LINES]
    for old, new in replacements:
        if old not in conf:
            raise ValueError(f"nginx-protocol.conf no longer contains {old!r}")
        conf = conf.replace(old, new)
    return conf


def prepare(target: Path, work: Path, user: str, password: str, rate_limit: bool = True,
            locations: tuple[Path, ...] = ()) -> Server:
    """Write nginx.conf and friends into `work`; `locations` are add-on snippets for the locations hook."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "locations").mkdir(exist_ok=True)
    for snippet in locations:
        shutil.copy(snippet, work / "locations" / snippet.name)
    # bcrypt, as the recipe documents (htpasswd -B)
    subprocess.run(["htpasswd", "-B", "-b", "-c", str(work / "protocol.htpasswd"), user, password], check=True, capture_output=True)
    server = Server(free_port(), free_port(), make_certificate(work)[0], work)
    (work / "protocol.conf").write_text(site_config(target, work, server.port, server.http_port, rate_limit), encoding="utf-8")
    for folder in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / folder).mkdir(exist_ok=True)
    # user root: the test folders belong to root and are not readable for www-data
    (work / "nginx.conf").write_text(f"""
user root;
daemon off;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {work}/client; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    include {work}/protocol.conf;
}}
""", encoding="utf-8")
    return server


def config_test(work: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the configuration that prepare() wrote."""
    return subprocess.run([BINARY, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)


@contextlib.contextmanager
def running(target: Path, work: Path, user: str, password: str, rate_limit: bool = True, locations: tuple[Path, ...] = ()):
    """nginx serving `target/current` over HTTPS with basic auth; yields a Server."""
    server = prepare(target, work, user, password, rate_limit, locations)
    check = config_test(work)
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    process = subprocess.Popen([BINARY, "-c", str(work / "nginx.conf")])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", server.port), timeout=0.2).close()
                socket.create_connection(("127.0.0.1", server.http_port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start: " + (work / "error.log").read_text(errors="replace"))
                time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
