"""Check je bericht as data: docs/_data/check-je-bericht.yml, checked with file and line, and the verdict rule.

The same `verdict` decides the worked examples at build time and is mirrored by
the small browser script, which only picks the most serious outcome of the chosen
answers; no rule lives in the script.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError
from .settings import CONTACT_ROLES
from .yamlio import load_yaml, read_text

DATA_FILE = "docs/_data/check-je-bericht.yml"
OUTCOMES = ("ga-je-gang", "aanpassen", "niet-plaatsen")  # in order of severity


def load(project_dir: Path, register) -> dict:
    """Read and check the data file. Returns it with each answer's article resolved to an enabled one."""
    shown = DATA_FILE
    data, lines = load_yaml(shown, read_text(project_dir / DATA_FILE, shown))
    if not isinstance(data, dict) or not isinstance(data.get("vragen"), list) or not isinstance(data.get("uitkomsten"), dict):
        raise ContentError(shown, 1, "Het bestand moet 'uitkomsten' en 'vragen' hebben.",
                           "Kijk naar de uitleg bovenaan het bestand.")
    for outcome in OUTCOMES:
        item = data["uitkomsten"].get(outcome)
        if not isinstance(item, dict) or not item.get("kop") or not item.get("tekst"):
            raise ContentError(shown, lines.get(("uitkomsten",)), f"De uitkomst '{outcome}' mist een 'kop' of 'tekst'.")
    ids = set()
    questions = []
    for q_index, question in enumerate(data["vragen"]):
        where = lines.get(("vragen", q_index))
        if not isinstance(question, dict) or not question.get("id") or not question.get("vraag"):
            raise ContentError(shown, where, "Deze vraag mist een 'id' of de tekst bij 'vraag'.")
        if question["id"] in ids:
            raise ContentError(shown, lines.get(("vragen", q_index, "id")), f"De vraag-id '{question['id']}' komt twee keer voor.")
        ids.add(question["id"])
        answers = question.get("antwoorden")
        if not isinstance(answers, list) or len(answers) < 2:
            raise ContentError(shown, where, f"De vraag '{question['id']}' heeft minstens twee antwoorden nodig.")
        for a_index, answer in enumerate(answers):
            path = ("vragen", q_index, "antwoorden", a_index)
            _check_answer(answer, shown, lines, path, register)
        questions.append(question)
    if not 6 <= len(questions) <= 10:
        raise ContentError(shown, lines.get(("vragen",)), f"Er zijn {len(questions)} vragen; houd het tussen 6 en 10.",
                           "Een korte check wordt ook echt gebruikt.")
    for e_index, example in enumerate(data.get("voorbeelden") or []):
        for q_id, number in (example.get("antwoorden") or {}).items():
            question = next((q for q in questions if q["id"] == q_id), None)
            if question is None or not str(number).isdigit() or not 1 <= int(number) <= len(question["antwoorden"]):
                raise ContentError(shown, lines.get(("voorbeelden", e_index, "antwoorden", q_id)),
                                   f"In voorbeeld '{example.get('titel')}' klopt het antwoord voor '{q_id}' niet.",
                                   "Gebruik een bestaande vraag-id en het nummer van een antwoord (1 = het eerste).")
    return data


def _check_answer(answer, shown, lines, path, register) -> None:
    line = lines.get(path)
    if not isinstance(answer, dict) or not answer.get("tekst") or answer.get("uitkomst") not in OUTCOMES:
        raise ContentError(shown, line, "Dit antwoord mist 'tekst' of heeft een onbekende 'uitkomst'.",
                           "Kies als uitkomst: " + ", ".join(OUTCOMES) + ".")
    outcome = answer["uitkomst"]
    if outcome != "ga-je-gang" and not answer.get("reden"):
        raise ContentError(shown, line, "Bij deze uitkomst hoort een 'reden'.")
    if outcome == "aanpassen" and not answer.get("aanpassing"):
        raise ContentError(shown, line, "Bij 'aanpassen' hoort een 'aanpassing': wat moet de medewerker veranderen?")
    if outcome == "niet-plaatsen" and answer.get("contact") not in CONTACT_ROLES:
        raise ContentError(shown, lines.get(path + ("contact",), line), "Bij 'niet-plaatsen' hoort een 'contact'.",
                           "Kies uit: " + ", ".join(CONTACT_ROLES) + ".")
    wanted = answer.get("artikel")
    if outcome != "ga-je-gang" or wanted:
        choices = wanted if isinstance(wanted, list) else [wanted] if wanted else []
        for article_id in choices:
            if register.get(str(article_id)) is None:
                raise ContentError(shown, lines.get(path + ("artikel",), line), f"Onbekend artikel: '{article_id}'.",
                                   "Kies een bestaande id: " + ", ".join(a.id for a in register.articles) + ".")
        enabled = [register.get(str(i)) for i in choices if register.get(str(i)).nummer]
        if not enabled:
            raise ContentError(shown, lines.get(path + ("artikel",), line),
                               "Geen van de artikelen bij dit antwoord staat aan." if choices else "Dit antwoord mist een 'artikel'.",
                               "Noem een artikel dat aan staat, of een lijst met een reserve-artikel.")
        answer["_artikel"] = enabled[0]


def verdict(data: dict, chosen: dict[str, int]) -> tuple[str, list[dict]]:
    """The outcome for the chosen answers (question id -> 1-based answer number; missing = 1).

    The most serious outcome wins; the answers that caused it, or that carry a
    warning, come back as the reasons, most serious first.
    """
    picked = [q["antwoorden"][int(chosen.get(q["id"], 1)) - 1] for q in data["vragen"]]
    worst = max((OUTCOMES.index(a["uitkomst"]) for a in picked), default=0)
    reasons = [a for a in picked if a["uitkomst"] != "ga-je-gang" or a.get("let_op")]
    reasons.sort(key=lambda a: -OUTCOMES.index(a["uitkomst"]))
    return OUTCOMES[worst], reasons
