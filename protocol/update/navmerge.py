"""mkdocs.yml during an update: the technical set-up is merged as text, the article order by article id.

The nav block is cut out and merged on its own; inside it, the article lines are replaced by one
placeholder, so `git merge-file` sees only the other entries (sections, HR pages). The article
order is then merged by id: an office that kept the model's order gets the model's new order;
one that reordered keeps its order, with new model articles after their model predecessor.
"""

from __future__ import annotations

import dataclasses
import re

from . import gitio

NAV_MARK = "@@NAV@@\n"
ARTICLES_MARK = "@@ARTIKELEN@@\n"
ARTICLE_LINE = re.compile(r"^\s*-\s+(?:[^:\n]+:\s+)?[\"']?(artikelen/(?!index\.md)[^\s\"']+\.md)[\"']?\s*$")


@dataclasses.dataclass
class NavMerge:
    text: str
    order: list[str]            # article paths in the merged order
    problems: list[str]         # Dutch: what could not be combined (the model's version was used)


def split_nav(text: str) -> tuple[str, str]:
    """(text with NAV_MARK in place of the nav block, the nav block)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav\s*:", line)), None)
    if start is None:
        return text, ""
    end = start + 1
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#") and not lines[index][0].isspace():
            break
        if stripped and not stripped.startswith("#"):
            end = index + 1
    return "".join(lines[:start] + [NAV_MARK] + lines[end:]), "".join(lines[start:end])


def article_lines(nav: str) -> tuple[str, dict[str, str], list[str]]:
    """(nav with ARTICLES_MARK for the article lines, path -> its line, paths in order)."""
    skeleton, lines, order = [], {}, []
    for line in nav.splitlines(keepends=True):
        match = ARTICLE_LINE.match(line)
        if match:
            if not order:
                skeleton.append(ARTICLES_MARK)
            order.append(match.group(1))
            lines[match.group(1)] = line if line.endswith("\n") else line + "\n"
        else:
            skeleton.append(line)
    return "".join(skeleton), lines, order


def merge_order(base: list[str], office: list[str], model: list[str]) -> list[str]:
    """Article order merged by identity (the caller passes ids or paths that stand for ids)."""
    in_base, in_office = set(base), set(office)
    kept_order = [a for a in office if a in in_base] == [a for a in base if a in in_office]
    if kept_order:
        result = [a for a in model if a in in_office or a not in in_base]
        reference, extra = office, [a for a in office if a not in result]
    else:
        result = list(office)
        reference, extra = model, [a for a in model if a not in in_base and a not in in_office]
    for item in extra:
        index = reference.index(item)
        before = next((p for p in reversed(reference[:index]) if p in result), None)
        result.insert(result.index(before) + 1 if before else 0, item)
    return result


def merge_mkdocs(base: str, office: str, model: str, ids: dict[str, str]) -> NavMerge:
    """ids: article path -> id for every side's articles, so the order is merged by id."""
    b_rest, b_nav = split_nav(base)
    o_rest, o_nav = split_nav(office)
    m_rest, m_nav = split_nav(model)
    (b_skel, _, b_order), (o_skel, o_lines, o_order), (m_skel, m_lines, m_order) = map(article_lines, (b_nav, o_nav, m_nav))
    problems = []
    if office == base:
        return NavMerge(model, m_order, [])
    rest, clean = gitio.merge_text(o_rest, b_rest, m_rest)
    if not clean:
        rest = m_rest
        problems.append("Jouw wijzigingen in de technische instellingen van mkdocs.yml (buiten de volgorde) passen niet bij "
                        "die van het model. De versie van het model is gebruikt; zet je eigen wijziging zo nodig opnieuw.")
    skeleton, clean = gitio.merge_text(o_skel, b_skel, m_skel)
    if not clean or skeleton.count(ARTICLES_MARK) != 1:
        skeleton = m_skel
        problems.append("Jouw wijzigingen in de volgorde van mkdocs.yml (buiten de artikelen) passen niet bij die van het model. "
                        "De volgorde van het model is gebruikt; de artikelen staan wel in jouw volgorde.")
    to_id = lambda paths: [ids.get(p, p) for p in paths]  # noqa: E731
    by_id = {ids.get(p, p): p for p in [*b_order, *m_order, *o_order]}
    order = [by_id[i] for i in merge_order(to_id(b_order), to_id(o_order), to_id(m_order))]
    lines = "".join(o_lines.get(p) or m_lines[p] for p in order)
    nav = skeleton.replace(ARTICLES_MARK, lines)
    return NavMerge(rest.replace(NAV_MARK, nav), order, problems)
