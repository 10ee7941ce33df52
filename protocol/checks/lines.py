"""Iterate the lines of a Markdown body that are prose, not code; a fence is closed only by its own kind."""

from __future__ import annotations

import re
from typing import Iterator

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code blocks, with their 0-based index in the body.

    A fence opens with ``` or ~~~ and closes only with a line of the same character, at least as long, with
    nothing after it; "```a```" on one line is not a fence at all (CommonMark), so it hides nothing.
    """
    fence: str | None = None
    for index, line in enumerate(body.splitlines()):
        match = _FENCE.match(line)
        if fence is None:
            if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
                fence = match.group(2)
                continue
            yield index, line
        elif match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) and not match.group(3).strip():
            fence = None


def find_line(body: str, first_line: int, *needles: str) -> int | None:
    """The file line of the first body line containing one of the needles (case-insensitive)."""
    lowered = [n.lower() for n in needles if n]
    for index, line in enumerate(body.splitlines()):
        text = line.lower()
        if any(n in text for n in lowered):
            return first_line + index
    return None
