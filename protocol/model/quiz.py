"""Questions for "Test jezelf", taken from the judged examples of the switched-on articles.

An example is left out when its article lists its title under `niet_in_test` in the front matter:

    niet_in_test: ["Een handige app op je werklaptop"]

A title there that is no example of the article is an error with file and line, so a typo never
silently keeps an example in the test.
"""

from __future__ import annotations

import dataclasses
import re

from .compare import examples_of, reader_text, split_sections
from .errors import ContentError
from .register import Register

EXCLUDE_FIELD = "niet_in_test"
_REASON = re.compile(r"^\*\*Waarom:\*\*\s*(.*)$", re.S)


@dataclasses.dataclass(frozen=True)
class Question:
    situatie: str
    oordeel: str  # mag, mag-niet, eerst-vragen
    waarom: str
    titel: str  # the example's title, shown after the answer
    artikel_id: str


def _excluded(article) -> set[str]:
    value = article.page.meta.get(EXCLUDE_FIELD) or []
    line = article.line_of(EXCLUDE_FIELD)
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ContentError(article.page.path, line, f"'{EXCLUDE_FIELD}' moet een lijst van titels van voorbeelden zijn.",
                           'Schrijf bijvoorbeeld: niet_in_test: ["Een handige app op je werklaptop"]')
    return set(value)


def quiz_questions(register: Register, facts: dict) -> list[Question]:
    """All quiz questions in article order. `facts` are the plain values that fill {{ … }} in examples."""
    questions = []
    for article in register.enabled:
        excluded = _excluded(article)
        examples = examples_of(split_sections(article.page.body).get("Voorbeelden", ""))
        unknown = excluded - {e.titel for e in examples}
        if unknown:
            raise ContentError(article.page.path, article.line_of(EXCLUDE_FIELD),
                               f"Onder '{EXCLUDE_FIELD}' staat '{sorted(unknown)[0][:60]}', maar dat voorbeeld bestaat niet.",
                               "Schrijf de titel precies zoals achter !!! mag, !!! mag-niet of !!! eerst-vragen.")
        for example in examples:
            if example.titel in excluded:
                continue
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", example.tekst) if p.strip()]
            reason = next((_REASON.match(p).group(1) for p in paragraphs if _REASON.match(p)), None)
            situation = [p for p in paragraphs if not p.startswith("**")]
            if not reason or not situation:
                continue  # an example without a situation or a reason makes no question
            situatie = reader_text(" ".join(situation), facts, register)
            waarom = reader_text(reason, facts, register)
            if situatie and waarom:  # an expression we cannot fill leaves the example out, never half a text
                questions.append(Question(situatie, example.oordeel, waarom, example.titel, article.id))
    return questions
