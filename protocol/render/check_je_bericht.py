"""Check je bericht as HTML: the form (answers carry their outcome in data attributes), the paper checklist
and the worked examples, whose verdicts come from the model's `verdict`, never typed by hand."""

from __future__ import annotations

from protocol.model.check_je_bericht import OUTCOMES, verdict

from .escape import html_text as h
from .escape import md_text
from .urls import relative_url


def render_form(data: dict, contacts: dict, page_url: str) -> str:
    out = ['<form class="pr-check" id="zelfcheck" novalidate>']
    total = len(data["vragen"])
    for number, question in enumerate(data["vragen"], 1):
        qid = h(question["id"])
        described = f' aria-describedby="uitleg-{qid}"' if question.get("uitleg") else ""
        out.append(f'<fieldset class="pr-check__vraag" data-vraag="{qid}"{described}>')
        out.append(f'<legend><span class="pr-check__nr">Vraag {number} van {total}</span> {h(question["vraag"])}</legend>')
        if question.get("uitleg"):
            out.append(f'<p class="pr-check__uitleg" id="uitleg-{qid}">{h(question["uitleg"])}</p>')
        for a_number, answer in enumerate(question["antwoorden"], 1):
            attrs = {"data-ernst": OUTCOMES.index(answer["uitkomst"])}
            for key in ("reden", "aanpassing", "let_op"):
                if answer.get(key):
                    attrs[f"data-{key.replace('_', '-')}"] = answer[key]
            if answer.get("contact"):
                attrs["data-contact"] = contacts[answer["contact"]]["tekst"]
            if answer.get("_artikel"):
                article = answer["_artikel"]
                attrs["data-artikel-url"] = relative_url(article.url, page_url)
                attrs["data-artikel"] = f"artikel {article.nummer} ({article.titel})"
            attr_text = " ".join(f'{k}="{h(v)}"' for k, v in attrs.items())
            input_id = f"{qid}-{a_number}"
            out.append(f'<div class="pr-check__antwoord"><input type="radio" name="{qid}" id="{input_id}" '
                       f'value="{a_number}" {attr_text}><label for="{input_id}">{h(answer["tekst"])}</label></div>')
        out.append("</fieldset>")
    out.append('<ul class="pr-check__uitkomsten" hidden>')
    for severity, outcome in enumerate(OUTCOMES):
        item = data["uitkomsten"][outcome]
        out.append(f'<li data-ernst="{severity}" data-uitkomst="{outcome}" data-kop="{h(item["kop"])}" data-tekst="{h(item["tekst"])}"></li>')
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
        answers = "".join(f"<li>☐ {h(a['tekst'])}{marks[a['uitkomst']]}</li>" for a in question["antwoorden"])
        out.append(f"<li><strong>{h(question['vraag'])}</strong><ul>{answers}</ul></li>")
    out.append("</ol></section>")
    return "\n".join(out)


def render_examples(data: dict, contacts: dict) -> str:
    """Markdown for the worked examples; each verdict comes from `verdict`."""
    blocks = []
    for example in data.get("voorbeelden") or []:
        outcome, reasons = verdict(data, example.get("antwoorden") or {})
        heading = data["uitkomsten"][outcome]["kop"]
        if "{contact}" in heading:
            first = next(a for a in reasons if a["uitkomst"] == outcome)
            heading = heading.replace("{contact}", contacts[first["contact"]]["tekst"])
        lines = [f"### {md_text(example['titel'])}", "", f"> {md_text(example['concept'])}", "",
                 f"**Uitkomst: {md_text(heading)}**", ""]
        for answer in reasons:
            text = md_text(answer.get("reden") or answer.get("let_op"))
            if answer.get("_artikel"):
                article = answer["_artikel"]  # a Markdown link, so MkDocs checks it like any other
                text += f" Zie [artikel {article.nummer} ({md_text(article.titel)})](/{article.src_path})."
            lines.append(f"- {text}")
        lines += ["", f"**Zo kan het wel:** {md_text(example['beter'])}"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
