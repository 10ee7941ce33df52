"""Build the site in this process and hand back what the protocol plugin found.

scripts/check, scripts/offline-package and the benchmarks use this instead of a
`mkdocs build` subprocess, so they read the plugin's errors directly instead of
scraping a log.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from protocol.model import ContentError


@dataclasses.dataclass
class BuildResult:
    ok: bool
    errors: list[str]  # content errors and MkDocs' own warnings, each as 'file:line: message\n    Tip: …'
    notes: list[str]  # files left out, and the like; never fail the build
    plugin: object | None  # the protocol plugin, with its register, settings and timings
    site_dir: Path


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(project: Path, site_dir: Path, pdf: bool = False, offline_shim: str | None = None) -> BuildResult:
    """A strict build of the project into site_dir, in-process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    plugin = None
    failure: list[str] = []
    cwd = os.getcwd()
    environment = {"PROTOCOL_OFFLINE": "true" if offline_shim else None, "PROTOCOL_IFRAME_WORKER_SHIM": offline_shim}
    saved = {k: os.environ.get(k) for k in environment}
    try:
        os.chdir(project)  # print-site reads its cover template relative to the project
        for key, value in environment.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        plugin = config.plugins.get("protocol")
        if plugin is not None:
            plugin.config["pdf"] = pdf
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except ContentError as error:
        failure.append(str(error))
    except (PluginError, BuildError, ConfigurationError, Abort) as error:
        text = str(error)
        if not text.startswith("De site is niet gebouwd") and not text.startswith("Aborted with"):
            failure.append(text)
    finally:
        os.chdir(cwd)
        logger.removeHandler(collector)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    messages = [m for m in collector.messages if not m.startswith(("De site is niet gebouwd", "Aborted with"))]
    errors = _unique(messages + failure)
    ok = not errors and (site_dir / "index.html").is_file()
    if not ok and not errors:
        errors = ["De site kon niet gebouwd worden."]
    return BuildResult(ok, errors, list(getattr(plugin, "notes", [])), plugin, site_dir)


def _unique(items: list[str]) -> list[str]:
    seen, result = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
