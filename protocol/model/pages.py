"""A Markdown page split into front matter and body, with the line bookkeeping messages need."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from .errors import ContentError
from .limits import MAX_PAGE_BYTES
from .yamlio import load_yaml, read_text

# The same front-matter rule as MkDocs (mkdocs.utils.meta): --- at the top, closed by --- or ...
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclasses.dataclass
class Page:
    path: str  # as shown to the reader, e.g. docs/artikelen/x.md
    meta: dict
    meta_lines: dict
    body: str
    body_first_line: int  # 1-based line of the first body line in the file

    def line_of(self, field: str) -> int | None:
        return self.meta_lines.get((field,))


def read_page(docs_dir: Path, src_path: str) -> Page:
    """Read one page with our YAML rules, before MkDocs' own loader ever sees the front matter."""
    shown = f"docs/{src_path}"
    text = read_text(docs_dir / src_path, shown, limit=MAX_PAGE_BYTES)
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise ContentError(shown, 1, "De kop met gegevens (front matter) is niet afgesloten.",
                               "Zet na de laatste gegevensregel een regel met alleen: ---")
        return Page(shown, {}, {}, text, 1)
    meta, lines = load_yaml(shown, match.group(1) or "", line_offset=1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(shown, 2, "De kop met gegevens (front matter) heeft niet de vorm 'naam: waarde'.")
    rest = text[match.end():]
    body = rest.lstrip("\n")
    first_line = text[: match.end()].count("\n") + (len(rest) - len(body)) + 1
    return Page(shown, meta, lines, body, first_line)
