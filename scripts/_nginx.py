"""Run the shipped nginx recipe (scripts/deploy) on loopback, for the tests and the benchmarks.

Only the paths and the port of scripts/deploy/nginx-protocol.conf are replaced;
everything else is the configuration an office installs.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

from _venv import PROJECT

DEPLOY = PROJECT / "scripts" / "deploy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_config(target: Path, htpasswd: Path, port: int) -> str:
    conf = (DEPLOY / "nginx-protocol.conf").read_text(encoding="utf-8")
    for old, new in [("/srv/protocol", str(target)), ("/etc/nginx/protocol.htpasswd", str(htpasswd)),
                     ("snippets/protocol-headers.conf", str(DEPLOY / "protocol-headers.conf")),
                     ("listen 80;", f"listen 127.0.0.1:{port};")]:
        if old not in conf:
            raise ValueError(f"nginx-protocol.conf no longer contains {old!r}")
        conf = conf.replace(old, new)
    return conf


@contextlib.contextmanager
def running(target: Path, work: Path, user: str, password: str):
    """nginx serving `target/current` with basic auth; yields the port."""
    work.mkdir(parents=True, exist_ok=True)
    htpasswd = work / "protocol.htpasswd"
    subprocess.run(["htpasswd", "-b", "-c", str(htpasswd), user, password], check=True, capture_output=True)
    port = free_port()
    (work / "protocol.conf").write_text(site_config(target, htpasswd, port), encoding="utf-8")
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
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    check = subprocess.run([binary, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    process = subprocess.Popen([binary, "-c", str(work / "nginx.conf")])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
