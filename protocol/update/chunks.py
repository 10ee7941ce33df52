"""A page split into named sections, and a three-way merge section by section with `git merge-file`.

Markdown: the front matter, the text before the first heading, and every `##`/`###` section
(outside fenced code). YAML data: every top-level key and every item of a top-level list.
Merging per section avoids the conflicts a line merge makes when the office and the model
changed neighbouring sections, and it lets the report name the section.
"""

from __future__ import annotations

import dataclasses
import re

from . import gitio

FRONT = "kop met gegevens (front matter)"
START = "begin van de pagina"
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*(?:\{[^}]*\})?\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def split_markdown(text: str) -> list[tuple[str, str]]:
    """[(name, text)] whose texts joined give the page back exactly; names are unique."""
    lines = text.splitlines(keepends=True)
    chunks: list[list] = []
    start = 0
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                chunks.append([FRONT, "".join(lines[: index + 1])])
                start = index + 1
                break
    current, fenced, parent = [START, ""], False, ""
    for line in lines[start:]:
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            chunks.append(current)
            title = match.group(2)
            if len(match.group(1)) == 2:
                parent, name = title, title
            else:
                name = f"{parent} › {title}" if parent else title
            current = [name, ""]
        current[1] += line
    chunks.append(current)
    return _unique([c for c in chunks if c[1] or c[0] != START])


def split_yaml(text: str) -> list[tuple[str, str]]:
    """Top-level keys and top-level list items, each with the comment lines just above it.

    The comments at the very top describe the file, not its first item, so they form the first section.
    """
    lines = text.splitlines(keepends=True)
    chunks: list[list] = [[START, ""]]
    pending = ""
    item_indent = None
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            pending += line
            continue
        if len(chunks) == 1 and not chunks[0][1]:  # the file's own header comments stay at the top
            chunks[0][1], pending = pending, ""
        indent = len(line) - len(line.lstrip(" "))
        is_item = stripped.startswith("- ") and (item_indent is None or indent == item_indent)
        if indent == 0 and not stripped.startswith("- "):
            chunks.append([stripped, pending + line])
            item_indent = None
        elif is_item and (indent <= 2):
            item_indent = indent
            chunks.append([stripped, pending + line])
        else:
            chunks[-1][1] += pending + line
        pending = ""
    chunks[-1][1] += pending
    return _unique([c for c in chunks if c[1] or c[0] != START])


def _unique(chunks: list[list]) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    result = []
    for name, text in chunks:
        seen[name] = seen.get(name, 0) + 1
        result.append((name if seen[name] == 1 else f"{name} ({seen[name]})", text))
    return result


@dataclasses.dataclass
class Conflict:
    """A section both changed where git could not combine the changes: the office's text stays."""

    section: str
    basis: str
    office: str
    model: str


def merge_chunks(base: list[tuple[str, str]], office: list[tuple[str, str]], model: list[tuple[str, str]],
                 ) -> tuple[str, list[Conflict]]:
    """Merge section lists: office order, with the model's new sections after their model predecessor."""
    b, o, m = dict(base), dict(office), dict(model)
    conflicts: list[Conflict] = []
    order = [name for name, _ in office]
    for index, (name, _) in enumerate(model):
        if name in o or name in b:
            continue  # present at the office, or deleted there on purpose
        before = next((p for p, _ in reversed(model[:index]) if p in order), None)
        order.insert(order.index(before) + 1 if before else 0, name)
    out = []
    for name in order:
        bt, ot, mt = b.get(name), o.get(name), m.get(name)
        if ot is None:  # new in the model
            out.append(mt)
        elif ot == bt:  # the office left it alone: the model's text (or its removal)
            if mt is not None:
                out.append(mt)
        elif mt == bt or mt == ot:
            out.append(ot)
        elif bt is None or mt is None:  # added by both, or changed here and removed in the model
            out.append(ot)
            conflicts.append(Conflict(name, bt or "", ot, mt or ""))
        else:
            merged, clean = gitio.merge_text(ot, bt, mt)
            if clean:
                out.append(merged)
            else:
                out.append(ot)
                conflicts.append(Conflict(name, bt, ot, mt))
    return _join(out), conflicts


def _join(parts: list[str]) -> str:
    """Sections end with a newline; one that did not (the last of a page) gets one when something follows."""
    text = ""
    for part in parts:
        if text and not text.endswith("\n"):
            text += "\n"
        text += part
    return text
