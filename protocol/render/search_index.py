"""What the search results need beyond Material's index: summaries, answers and verdicts.

A pure function on the search index (search/search_index.json as a dict); no MkDocs.
The search worker wrapper (protocol/assets/javascripts/workers/zoekwerker.js) reads
the fields it adds:

- an article page gets its summary (`samenvatting`, not searched: as text it
  would make every common word in it count as a title word), so a result for
  the article as a whole shows what the article is about;
- a section whose title is a question gets `vraag: true`: the result shows the
  start of its answer rather than the words around the match;
- a section with judged examples ("Mag niet: Een serie kijken …") gets
  `oordelen`, one entry per example in order, so the result can show the
  verdict of the example that matched.
Fields not listed under `search: fields:` in mkdocs.yml are not searched, only
passed through to the results; they grow with the content, one entry per example.
"""

from __future__ import annotations

import html
import re

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """Text of an HTML fragment as the reader sees it: no tags, entities decoded, one space between words."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def judged_examples(text: str, verdicts: dict[str, str]) -> list[dict]:
    """The examples in a section's HTML: paragraphs that read '<label>: <title>' for a known verdict."""
    found = []
    by_label = sorted(verdicts.items(), key=lambda item: -len(item[1]))  # "Mag niet" before "Mag"
    for paragraph in _PARAGRAPH.findall(text):
        line = plain(paragraph)
        for kind, label in by_label:
            if line.startswith(label + ": ") and len(line) > len(label) + 2:
                found.append({"soort": kind, "label": label, "titel": line[len(label) + 2:]})
                break
    return found


def enrich(index: dict, articles: list[dict], verdicts: dict[str, str] | None = None) -> dict:
    """Add summaries, question marks and verdicts to the index docs; returns the same dict.


    articles: one dict per enabled article with its "url" (as in the index, "artikelen/x/")
    and "samenvatting". verdicts: admonition type -> label ("mag-niet" -> "Mag niet"),
    the model's VERDICTS; without it, examples are not marked.
    """
    summaries = {article["url"]: article["samenvatting"] for article in articles}
    for doc in index["docs"]:
        page, _, section = doc["location"].partition("#")
        if not section and page in summaries:
            doc["samenvatting"] = summaries[page]
        if section and doc.get("text") and plain(doc.get("title", "")).endswith("?"):
            doc["vraag"] = True
        if section and page in summaries:
            examples = judged_examples(doc.get("text", ""), verdicts or {})
            if examples:
                doc["oordelen"] = examples
    return index
