"""'Test jezelf' as HTML: every question with its answer in data attributes (played by
test-jezelf.js), and a paper version with answer boxes and a separate answer key for printing."""

from __future__ import annotations

from protocol.model import VERDICTS

from .escape import html_text as h
from .urls import relative_url

ROUND = 10  # questions in one round; fewer when the protocol has fewer examples


def render_quiz(questions: list, register, page_url: str) -> str:
    size = min(ROUND, len(questions))
    out = [f'<div class="pr-quiz" id="test-jezelf-ronde" data-ronde="{size}">',
           f'<p class="pr-quiz__intro">Je krijgt {size} situaties. Kies bij elke situatie: mag het, mag het niet, '
           'of vraag je het eerst? Je ziet meteen of je het goed hebt, en waarom.</p>',
           '<p class="pr-quiz__knoppen"><button type="button" class="md-button md-button--primary" data-actie="start">'
           'Begin de test</button> <button type="button" class="md-button" data-actie="afdrukken">'
           'Afdrukken voor een teamoverleg</button></p>',
           '<ol class="pr-quiz__bank" hidden>']
    for question in questions:
        article = register.get(question.artikel_id)
        out.append(f'<li data-oordeel="{h(question.oordeel)}" data-waarom="{h(question.waarom)}" '
                   f'data-titel="{h(question.titel)}" data-artikel="{h(article.kop)}" '
                   f'data-artikel-url="{h(relative_url(article.url, page_url))}">{h(question.situatie)}</li>')
    out.append("</ol>")
    out.append('<ul class="pr-quiz__antwoorden" hidden>'
               + "".join(f'<li data-oordeel="{h(key)}">{h(label)}</li>' for key, label in VERDICTS.items()) + "</ul>")
    out.append('<div class="pr-quiz__speelveld" aria-live="polite"></div>')
    out.append("</div>")
    out.append(render_paper(questions, register))
    return "\n".join(out)


def render_paper(questions: list, register) -> str:
    """All situations with boxes to tick, then the answer key on a new page. Shown only in print."""
    boxes = " ".join(f"☐ {h(label)}" for label in VERDICTS.values())
    out = ['<section class="pr-quiz-papier" id="test-jezelf-papier">',
           "<h2>Test jezelf – op papier</h2>",
           "<p>Lees elke situatie. Kruis aan wat volgens jou klopt. Bespreek daarna samen de antwoorden.</p><ol>"]
    out += [f'<li><p>{h(q.situatie)}</p><p class="pr-quiz-papier__vakjes">{boxes}</p></li>' for q in questions]
    out.append("</ol></section>")
    out.append('<section class="pr-quiz-papier pr-quiz-papier--sleutel" id="test-jezelf-antwoorden">'
               "<h2>Test jezelf – de antwoorden</h2><ol>")
    for q in questions:
        article = register.get(q.artikel_id)
        out.append(f"<li><strong>{h(VERDICTS[q.oordeel])}.</strong> {h(q.waarom)} ({h(article.kop)})</li>")
    out.append("</ol></section>")
    return "\n".join(out)
