"""Review dates: when an article must be read again, and its status; one rule for check and HR guide."""

from __future__ import annotations

import calendar
import datetime

from .articles import Article


def review_due(article: Article, months: int) -> datetime.date | None:
    """The date by which an article must be reviewed again, or None without a 'beoordeeld' date."""
    if article.beoordeeld is None:
        return None
    day = article.beoordeeld
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_status(article: Article, months: int, today: datetime.date) -> str:
    """One of: 'uit', 'geen-datum', 'te-laat', 'op-tijd'."""
    if article.nummer is None:
        return "uit"
    due = review_due(article, months)
    if due is None:
        return "geen-datum"
    return "te-laat" if due < today else "op-tijd"
