"""The one place where the register imports the project model (YAML with lines, Dutch errors).

The model is moving from overrides/hooks/protocol_model.py into protocol/model; when it has,
only the first import below remains.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

try:
    from protocol.model import ContentError, load_settings, load_yaml, read_text  # noqa: F401
except ImportError:  # transitional: load the hooks module by its path, under the name the hooks use
    _module = sys.modules.get("protocol_model")
    if _module is None:
        _path = Path(__file__).resolve().parents[2] / "overrides" / "hooks" / "protocol_model.py"
        _spec = importlib.util.spec_from_file_location("protocol_model", _path)
        _module = importlib.util.module_from_spec(_spec)
        sys.modules["protocol_model"] = _module
        _spec.loader.exec_module(_module)
    ContentError = _module.ContentError
    load_settings = _module.load_settings
    load_yaml = _module.load_yaml
    read_text = _module.read_text
