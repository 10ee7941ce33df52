"""MkDocs hook: "Check je bericht", the self-check an employee runs before posting.

The questions, answers and verdict rules are data in docs/_data/check-je-bericht.yml,
which HR edits like the rest of the content. This hook checks that file (with
file and line), and renders it as a plain HTML form whose answers carry their
outcome in data attributes. The browser script assets/javascripts/check-je-bericht.js
only picks the most serious outcome of the chosen answers; no rule lives in it.
The same rule, in Python (`verdict`), computes the worked examples at build time.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from protocol_model import CONTACT_ROLES, ContentError, load_yaml, read_text

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
            if question is None or not isinstance(number, int) or not 1 <= number <= len(question["antwoorden"]):
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
    picked = [q["antwoorden"][chosen.get(q["id"], 1) - 1] for q in data["vragen"]]
    worst = max((OUTCOMES.index(a["uitkomst"]) for a in picked), default=0)
    reasons = [a for a in picked if a["uitkomst"] != "ga-je-gang" or a.get("let_op")]
    reasons.sort(key=lambda a: -OUTCOMES.index(a["uitkomst"]))
    return OUTCOMES[worst], reasons


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

_state: dict = {}


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def _article_link(article, page_url: str) -> tuple[str, str]:
    return get_relative_url(article.url, page_url), f"artikel {article.nummer} ({article.titel})"


def render_form(data: dict, contacts: dict, page_url: str) -> str:
    out = ['<form class="pr-check" id="zelfcheck" novalidate>']
    total = len(data["vragen"])
    for number, question in enumerate(data["vragen"], 1):
        qid = question["id"]
        described = f' aria-describedby="uitleg-{qid}"' if question.get("uitleg") else ""
        out.append(f'<fieldset class="pr-check__vraag" data-vraag="{_attr(qid)}"{described}>')
        out.append(f'<legend><span class="pr-check__nr">Vraag {number} van {total}</span> {html.escape(question["vraag"])}</legend>')
        if question.get("uitleg"):
            out.append(f'<p class="pr-check__uitleg" id="uitleg-{qid}">{html.escape(question["uitleg"])}</p>')
        for a_number, answer in enumerate(question["antwoorden"], 1):
            attrs = {"data-ernst": OUTCOMES.index(answer["uitkomst"])}
            for key in ("reden", "aanpassing", "let_op"):
                if answer.get(key):
                    attrs[f"data-{key.replace('_', '-')}"] = answer[key]
            if answer.get("contact"):
                attrs["data-contact"] = contacts[answer["contact"]]["tekst"]
            if answer.get("_artikel"):
                attrs["data-artikel-url"], attrs["data-artikel"] = _article_link(answer["_artikel"], page_url)
            attr_text = " ".join(f'{k}="{_attr(v)}"' for k, v in attrs.items())
            input_id = f"{qid}-{a_number}"
            out.append(f'<div class="pr-check__antwoord"><input type="radio" name="{_attr(qid)}" id="{input_id}" '
                       f'value="{a_number}" {attr_text}><label for="{input_id}">{html.escape(answer["tekst"])}</label></div>')
        out.append("</fieldset>")
    out.append('<ul class="pr-check__uitkomsten" hidden>')
    for severity, outcome in enumerate(OUTCOMES):
        item = data["uitkomsten"][outcome]
        out.append(f'<li data-ernst="{severity}" data-uitkomst="{outcome}" data-kop="{_attr(item["kop"])}" data-tekst="{_attr(item["tekst"])}"></li>')
    out.append("</ul>")
    out.append('<p class="pr-check__knoppen"><button type="submit" class="md-button md-button--primary">Bekijk de uitkomst</button> '
               '<button type="reset" class="md-button">Opnieuw beginnen</button></p>')
    out.append('<div class="pr-check__uitkomst" role="status" aria-live="polite"></div>')
    out.append("</form>")
    return "\n".join(out)


def render_checklist(data: dict) -> str:
    """The same questions as a one-page paper checklist (shown in print and in the PDF)."""
    out = ['<section class="pr-checklist" id="checklist-check-je-bericht">',
           "<h2>Checklist: check je bericht voordat je het plaatst</h2>",
           "<p>Kruis per vraag je antwoord aan. Staat er een ✗ bij? Plaats het dan niet en overleg eerst. "
           "Staat er een ! bij? Pas je bericht dan eerst aan.</p>", "<ol>"]
    marks = {"ga-je-gang": "", "aanpassen": " !", "niet-plaatsen": " ✗"}
    for question in data["vragen"]:
        answers = "".join(f"<li>☐ {html.escape(a['tekst'])}{marks[a['uitkomst']]}</li>" for a in question["antwoorden"])
        out.append(f"<li><strong>{html.escape(question['vraag'])}</strong><ul>{answers}</ul></li>")
    out.append("</ol></section>")
    return "\n".join(out)


def render_examples(data: dict, contacts: dict) -> str:
    """Markdown for the worked examples; each verdict comes from `verdict`, never typed by hand."""
    blocks = []
    for example in data.get("voorbeelden") or []:
        outcome, reasons = verdict(data, example.get("antwoorden") or {})
        heading = data["uitkomsten"][outcome]["kop"]
        if "{contact}" in heading:
            first = next(a for a in reasons if a["uitkomst"] == outcome)
            heading = heading.replace("{contact}", contacts[first["contact"]]["tekst"])
        lines = [f"### {example['titel']}", "", f"> {example['concept']}", "", f"**Uitkomst: {heading}**", ""]
        for answer in reasons:
            text = answer.get("reden") or answer.get("let_op")
            if answer.get("_artikel"):
                article = answer["_artikel"]  # a Markdown link, so MkDocs checks it like any other
                text += f" Zie [artikel {article.nummer} ({article.titel})](/{article.src_path})."
            lines.append(f"- {text}")
        lines += ["", f"**Zo kan het wel:** {example['beter']}"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


@event_priority(50)  # after protocol.py (60) built the register, before mkdocs-macros reads the macros
def on_config(config):
    register = config.extra.get("_register")
    try:
        data = load(Path(config.config_file_path).parent, register)
    except ContentError as error:
        raise PluginError(str(error)) from None
    _state["data"] = data
    macros = config.plugins["macros"]
    contacts = config.extra["contact"]

    def page_url() -> str:
        return macros.page.url if getattr(macros, "page", None) else ""

    macros.register_macros({
        "check_je_bericht": lambda: render_form(data, contacts, page_url()) + "\n" + render_checklist(data),
        "check_je_bericht_voorbeelden": lambda: render_examples(data, contacts),
    })
    return config
