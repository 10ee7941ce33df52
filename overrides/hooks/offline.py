"""MkDocs hook: the offline package, a site that works from a USB stick or a network share.

With PROTOCOL_OFFLINE=1, Material's offline plugin builds the site for the file
system (no directory URLs, the search index as a script). It would load the
iframe-worker shim, which runs search without a server, from unpkg.com. This
hook serves a local copy instead, so the package loads nothing from outside.
scripts/offline-package fetches that copy from the pinned npm package and
passes its path in PROTOCOL_IFRAME_WORKER_SHIM.
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

SHIM = "assets/javascripts/iframe-worker-shim.js"
_state: dict = {}


@event_priority(10)  # before the offline plugin would add the shim from unpkg.com
def on_config(config):
    offline = config.plugins.get("material/offline")
    _state["shim"] = None
    if offline is None or not offline.config.enabled:
        return config
    shim = os.environ.get("PROTOCOL_IFRAME_WORKER_SHIM", "")
    if not os.path.isfile(shim):
        raise PluginError("Het offline pakket mist de iframe-worker (nodig om te zoeken zonder server). "
                          "Maak het pakket met: scripts/offline-package")
    config.extra["polyfills"] = [SHIM]  # the name holds "iframe-worker", so the offline plugin adds nothing
    _state["shim"] = shim
    return config


def on_files(files, config):
    if _state.get("shim"):
        files.append(File.generated(config, SHIM, abs_src_path=_state["shim"]))
    return files
