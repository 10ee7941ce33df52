"""Test-only hook: stop the publisher at a named point so a test can kill it there.

PROTOCOL_PUBLISH_PAUSE_AT=<point> and PROTOCOL_PUBLISH_PAUSE_DIR=<folder>: at that
point the publisher writes "<point> <pid>" to <folder>/reached and waits until
<folder>/continue exists. Without the variables this does nothing. Points:
precompress (after the first .gz), marker (all checked and compressed, no marker
yet), switch (marker written, not yet renamed or live).
"""

import os
import time
from pathlib import Path


def pause(point: str) -> None:
    if os.environ.get("PROTOCOL_PUBLISH_PAUSE_AT") != point:
        return
    folder = Path(os.environ["PROTOCOL_PUBLISH_PAUSE_DIR"])
    (folder / "reached.partial").write_text(f"{point} {os.getpid()}\n", encoding="utf-8")
    os.replace(folder / "reached.partial", folder / "reached")
    while not (folder / "continue").exists():
        time.sleep(0.02)
