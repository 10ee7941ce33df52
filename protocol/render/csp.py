"""One fixed Content-Security-Policy, and the step that makes it sufficient: inline scripts become files.

The known inline scripts that Material and print-site write (protocol/checks/inline_scripts.py)
are moved into assets/javascripts/inline/<hash>.js, so `script-src 'self'` allows exactly
the site's own files. The same policy is sent by nginx (scripts/deploy/protocol-headers.conf)
and set in every page as a <meta> tag, so the offline package and the preview have it too.
"""

from __future__ import annotations

import hashlib
import re

from protocol.checks.inline_scripts import DATA_TYPES, SCRIPT

INLINE_DIR = "assets/javascripts/inline"

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # Material and print-site set inline styles
    "img-src 'self' data:",  # Material's icons are data: SVGs in its CSS
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
HEADER_ONLY = ("frame-ancestors 'none'",)  # not allowed in a <meta> policy
# The offline package's search runs in the iframe-worker shim (iframe-worker 1.0.4, pinned in
# protocol/cli/offline_package.py), which starts its frame with one fixed inline script. Only the
# offline build allows it, by hash; tests/test_offline.py fails if the shim changes it.
OFFLINE_SHIM_SCRIPT = "'sha256-Ruuv1mBXzmV2hrqhgAntKvOBGoihvq093v+ZeMP/RDM='"


def policy(header: bool = True, preview: bool = False, offline: bool = False) -> str:
    directives = list(DIRECTIVES) + (list(HEADER_ONLY) if header else [])
    if preview:  # mkdocs serve injects its live-reload script inline; the build checks still refuse any other
        directives[1] = "script-src 'self' 'unsafe-inline'"
    elif offline:
        directives[1] = f"script-src 'self' {OFFLINE_SHIM_SCRIPT}"
    return "; ".join(directives)


def meta_tag(preview: bool = False, offline: bool = False) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(header=False, preview=preview, offline=offline)}">'


_TYPE = re.compile(r"\btype\s*=", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)


def externalize(html: str, prefix: str, store: dict[str, str]) -> str:
    """Replace each inline script by <script src=prefix/assets/javascripts/inline/<hash>.js>; remember the body."""
    def replace(match: re.Match) -> str:
        attrs, body = match.group("attrs"), match.group("body")
        if _SRC.search(attrs) or any(t in attrs.lower() for t in DATA_TYPES) or not body.strip():
            return match.group(0)
        name = hashlib.sha256(body.encode("utf-8")).hexdigest()[:20] + ".js"
        store[name] = body
        return f'<script src="{prefix}/{INLINE_DIR}/{name}"></script>'
    return SCRIPT.sub(replace, html)


def add_meta(html: str, preview: bool = False, offline: bool = False) -> str:
    """Put the policy first in <head>, before any script can run."""
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + meta_tag(preview, offline), html, count=1, flags=re.I)
