"""instellingen.yml during an update: the office's values are never touched.

New keys of the model are inserted as text, with the model's comment lines above them, so
the office's own comments stay. New optional articles are added to `uitgeschakeld` as text.
"""

from __future__ import annotations

import re

from protocol.model import ContentError
from protocol.model.yamlio import load_yaml

from .errors import UpdateError

SETTINGS_FILE = "instellingen.yml"


def parse(text: str, who: str) -> dict:
    try:
        data, _ = load_yaml(SETTINGS_FILE, text)
    except ContentError as error:
        raise UpdateError(f"{SETTINGS_FILE} van {who} kon niet gelezen worden. Er is niets veranderd.\n{error}") from None
    return data if isinstance(data, dict) else {}


def missing_keys(model: dict, office: dict, prefix: tuple = ()) -> list[tuple]:
    """Key paths the model has and the office lacks; a missing parent hides its children."""
    found = []
    for key, value in model.items():
        if key not in office:
            found.append((*prefix, key))
        elif isinstance(value, dict) and isinstance(office[key], dict):
            found += missing_keys(value, office[key], (*prefix, key))
    return found


def changed_defaults(base: dict, model: dict, office: dict, prefix: tuple = ()) -> list[tuple[tuple, object, object]]:
    """Values the model changed since the basis, where the office keeps another value: (path, office, model)."""
    found = []
    for key, new in model.items():
        if key not in base or key not in office:
            continue
        old, mine = base[key], office[key]
        if isinstance(new, dict) and isinstance(old, dict) and isinstance(mine, dict):
            found += changed_defaults(old, new, mine, (*prefix, key))
        elif new != old and mine != new:
            found.append(((*prefix, key), mine, new))
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key_re(key: str) -> re.Pattern:
    return re.compile(rf"^(\s*){re.escape(key)}\s*:(\s|$)")


def _find(lines: list[str], path: tuple) -> tuple[int, int] | None:
    """(line index of the key, index after its block) for a key path; None when absent."""
    lo, hi, depth = 0, len(lines), -1
    found = None
    for key in path:
        pattern, found = _key_re(key), None
        for index in range(lo, hi):
            line = lines[index]
            if _content(line) and _indent(line) <= depth:
                break
            match = pattern.match(line)
            if match and _content(line) and (found is None) and _indent(line) > depth:
                found = index
                break
        if found is None:
            return None
        depth = _indent(lines[found])
        end = found + 1
        for index in range(found + 1, hi):
            if _content(lines[index]):
                if _indent(lines[index]) <= depth:
                    break
                end = index + 1
        lo, hi = found + 1, end
    return found, hi


def _snippet(lines: list[str], start: int, end: int) -> list[str]:
    """The key's lines with the comment lines right above it."""
    first = start
    while first > 0 and lines[first - 1].strip().startswith("#"):
        first -= 1
    return lines[first:end]


def insert_key(office_text: str, model_text: str, path: tuple) -> str:
    """Insert the model's block for `path` into the office's text, after its model predecessor."""
    model_lines = model_text.splitlines(keepends=True)
    lines = office_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    where = _find(model_lines, path)
    if where is None:
        return office_text
    snippet = _snippet(model_lines, *where)
    parent = path[:-1]
    siblings = _sibling_keys(model_lines, parent)
    position = None
    for sibling in reversed(siblings[: siblings.index(path[-1])] if path[-1] in siblings else []):
        found = _find(lines, (*parent, sibling))
        if found:
            position = found[1]
            break
    if position is None:
        parent_at = _find(lines, parent) if parent else None
        position = parent_at[0] + 1 if parent_at else len(lines)
    if not parent:
        snippet = ["\n", *snippet] if position == len(lines) or lines[position - 1].strip() else snippet
    return "".join(lines[:position] + snippet + lines[position:])


def _sibling_keys(lines: list[str], parent: tuple) -> list[str]:
    if parent:
        where = _find(lines, parent)
        if where is None:
            return []
        lo, hi = where[0] + 1, where[1]
    else:
        lo, hi = 0, len(lines)
    block = [line for line in lines[lo:hi] if _content(line)]
    if not block:
        return []
    depth = min(_indent(line) for line in block)
    keys = []
    for line in block:
        match = re.match(r"^\s*([^\s:#-][^:]*):", line)
        if _indent(line) == depth and match:
            keys.append(match.group(1).strip())
    return keys


def add_switched_off(office_text: str, ids: list[str]) -> str:
    """Add article ids to the top-level `uitgeschakeld` list, keeping the rest of the text."""
    if not ids:
        return office_text
    lines = office_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    where = _find(lines, ("uitgeschakeld",))
    if where is None:
        return "".join(lines) + "\nuitgeschakeld:\n" + "".join(f"  - {i}\n" for i in ids)
    start, end = where
    head = lines[start]
    value = head.split(":", 1)[1].split("#", 1)[0].strip()
    if value.startswith("["):
        items = [v.strip() for v in value.strip("[]").split(",") if v.strip()]
        comment = head[head.index("#"):] if "#" in head else "\n"
        lines[start] = f"uitgeschakeld: [{', '.join(items + ids)}]" + (" " + comment if comment != "\n" else "\n")
        return "".join(lines)
    items = [line for line in lines[start + 1:end] if _content(line)]
    indent = " " * (_indent(items[0]) if items else 2)
    return "".join(lines[:end] + [f"{indent}- {i}\n" for i in ids] + lines[end:])
