"""The one error type for bad content: the file and line a person must open, a Dutch message and a tip."""

from __future__ import annotations

CHECK_HINT = "Controleer je wijziging met: scripts/check"


class ContentError(Exception):
    """A problem in the content, with the file and line a person must open."""

    def __init__(self, path: str, line: int | None, message: str, hint: str | None = None):
        super().__init__(message)
        self.path, self.line, self.message, self.hint = str(path), line, message, hint

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text}\n    Tip: {self.hint}" if self.hint else text


class ContentErrors(Exception):
    """Several content errors found together, so HR sees them all in one run."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} fout(en)")
        self.errors = errors
