"""The one place where the register imports the project model (YAML with lines, Dutch errors)."""

from __future__ import annotations

from protocol.model import ContentError, load_settings, load_yaml, read_text  # noqa: F401
from protocol.model.yamlio import as_bool  # noqa: F401
