"""CSRF protection for the one POST: the browser must say the request is same-origin, and carry a token.

The token is an HMAC of the user name with the register's secret key: it is bound to the
person, needs no cookie, and a page of another site cannot read it.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from starlette.requests import Request


def token(key: bytes, user: str) -> str:
    return hmac.new(key, b"kennisname-bevestig\0" + user.encode("utf-8"), hashlib.sha256).hexdigest()


def token_ok(key: bytes, user: str, given: str) -> bool:
    return hmac.compare_digest(token(key, user), given or "")


def same_origin(request: Request) -> bool:
    """Fetch metadata when the browser sends it (all current ones do), else the Origin header."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()
