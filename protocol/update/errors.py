"""The one error of an update: a Dutch message for HR, with a tip; nothing has been changed when it is raised."""

from __future__ import annotations


class UpdateError(Exception):
    def __init__(self, message: str, tip: str = ""):
        super().__init__(message)
        self.message, self.tip = message, tip

    def __str__(self) -> str:
        return self.message + (f"\n    Tip: {self.tip}" if self.tip else "")
