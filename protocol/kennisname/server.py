"""Run the service with uvicorn: on loopback or a unix socket only (the settings refuse anything else)."""

from __future__ import annotations

import uvicorn

from .settings import Config


def run(app, config: Config) -> None:
    listen = config.listen
    if listen.socket:
        listen.socket.parent.mkdir(parents=True, exist_ok=True)
    where = {"uds": str(listen.socket)} if listen.socket else {"host": listen.host, "port": listen.port}
    uvicorn.run(
        app, **where,
        proxy_headers=False,  # the only header we trust is the user header from nginx
        server_header=False, date_header=True,
        access_log=False,  # collect nothing about users beyond the confirmation itself
        log_level="warning", timeout_graceful_shutdown=10,
    )
