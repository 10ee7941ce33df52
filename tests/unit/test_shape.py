"""The shape: the model, checks and renderers never import MkDocs, so another generator can use them."""

from __future__ import annotations

import subprocess
import sys


def test_model_checks_and_renderers_do_not_import_mkdocs():
    code = ("import sys; import protocol.model, protocol.checks, protocol.checks.language, protocol.render.content, "
            "protocol.render.pdf, protocol.render.csp, protocol.render.sections, protocol.render.jinja; "
            "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')); print(bad); sys.exit(bool(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_plugin_is_registered_as_an_entry_point():
    from importlib.metadata import entry_points

    (plugin,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "protocol"]
    assert plugin.value == "protocol.mkdocs.plugin:ProtocolPlugin"
