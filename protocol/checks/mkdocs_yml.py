"""mkdocs.yml is edited by HR too (the article order), so it may not turn on code that runs during a build."""

from __future__ import annotations

import re
from pathlib import Path

from protocol.model import ContentError, read_mkdocs_yml, read_text

ALLOWED_PLUGINS = {"search", "protocol", "offline", "material/offline", "print-site"}
ALLOWED_EXTENSIONS = {"abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
                      "pymdownx.details", "pymdownx.superfences"}
_PYTHON_TAG = re.compile(r"!!python/")
_HOOKS = re.compile(r"^hooks\s*:")


def check_mkdocs_yml(project: Path) -> list[ContentError]:
    shown = "mkdocs.yml"
    text = read_text(project / "mkdocs.yml", shown)
    errors = []
    hint = "Deze regel laat tijdens het bouwen eigen code draaien. Dat mag niet: de logica staat in protocol/."
    for number, line in enumerate(text.splitlines(), 1):
        if _PYTHON_TAG.search(line) or _HOOKS.match(line):
            errors.append(ContentError(shown, number, "Deze instelling is niet toegestaan in mkdocs.yml.", hint))
    data = read_mkdocs_yml(project)
    names = [next(iter(p)) if isinstance(p, dict) else p for p in data.get("plugins") or []]
    for name in names:
        if name not in ALLOWED_PLUGINS:
            errors.append(ContentError(shown, _line(text, name), f"De plugin '{name}' is niet toegestaan.", hint))
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in data.get("markdown_extensions") or []]
    for name in extensions:
        if name not in ALLOWED_EXTENSIONS:
            errors.append(ContentError(shown, _line(text, name), f"De Markdown-uitbreiding '{name}' is niet toegestaan.",
                                       "Nieuwe uitbreidingen komen er alleen bij na een controle door de beheerder."))
    theme = data.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir", "overrides") != "overrides":
        errors.append(ContentError(shown, _line(text, "custom_dir"), "De map met sjablonen moet 'overrides' blijven.", hint))
    return errors


def _line(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None
