"""What changed between two versions of the protocol, per article, and in the settings readers see.

Works on two registers (the old one read from git by versions.py, the new one from the working
tree), on the Markdown sources: the rule text is compared word by word, explanation and examples
are summarised. Template expressions such as {{ artikel("x") }} stay single words, so a
renumbered link target is no change to the text.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from .register import Register

_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_EXAMPLE = re.compile(r'^(?:!!!|\?\?\?\+?)\s+(mag|mag-niet|eerst-vragen)\s+"(.*)"\s*$')
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORDS = re.compile(r"\n|(?:\{\{.*?\}\}|[^\s{]|\{(?!\{))+")  # {{ … }} with what sticks to it is one word
_EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_ARTICLE_CALL = re.compile(r"""^artikel\(\s*["']([a-z0-9-]+)["']\s*(?:,\s*titel\s*=\s*(True|False)\s*)?\)$""")
_DOTTED = re.compile(r"^[a-z_]+(?:\.[a-z_]+)*$")
CONTACT_LABELS = {"naam": "De {functie}", "email": "Het e-mailadres van de {functie}", "telefoon": "Het telefoonnummer van de {functie}"}


@dataclasses.dataclass(frozen=True)
class Example:
    oordeel: str
    titel: str
    tekst: str  # the indented body, dedented


def split_sections(body: str) -> dict[str, str]:
    """The '## ' sections of an article body by heading (fenced code is not expected in articles)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in body.split("\n"):
        heading = _H2.match(line)
        if heading:
            current = heading.group(1)
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items()}


def examples_of(section: str) -> list[Example]:
    """The judged examples (admonitions) in a 'Voorbeelden' section, in order."""
    found: list[Example] = []
    kind = title = None
    lines: list[str] = []

    def close():
        if kind is not None:
            found.append(Example(kind, title, "\n".join(lines).strip()))

    for line in section.split("\n"):
        match = _EXAMPLE.match(line)
        if match:
            close()
            kind, title, lines = match.group(1), match.group(2), []
        elif kind is not None and (line.startswith("    ") or not line.strip()):
            lines.append(line[4:])
        elif kind is not None:
            close()
            kind = None
    close()
    return found


def words(text: str) -> list[str]:
    """Words of Markdown text for the comparison: links read as their text, bold marks dropped."""
    text = _LINK.sub(r"\1", text).replace("**", "")
    tokens = _WORDS.findall(text)
    # one newline per line break, no runs of them
    return [t for i, t in enumerate(tokens) if t != "\n" or (i and tokens[i - 1] != "\n")]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in 'gelijk', 'nieuw', 'weg'; text is words joined by spaces."""
    a, b = words(old), words(new)
    result: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            result.append(("gelijk", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            result.append(("weg", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            result.append(("nieuw", " ".join(b[j1:j2])))
    return result


def reader_text(text: str, facts: dict, register: Register | None = None) -> str | None:
    """Markdown source as a reader sees it, for plain-text use: expressions filled in from `facts`
    (plain values) and artikel("id") from the register. None when an expression is not understood."""
    unknown = False

    def fill(match: re.Match) -> str:
        nonlocal unknown
        expression = match.group(1)
        call = _ARTICLE_CALL.match(expression)
        if call and register is not None:
            article = register.get(call.group(1))
            if article is None or not article.nummer:
                unknown = True
                return ""
            return f"artikel {article.nummer}" + (f" ({article.titel})" if call.group(2) == "True" else "")
        if _DOTTED.match(expression):
            node = facts
            for key in expression.split("."):
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, (str, int)) and not isinstance(node, bool):
                return str(node)
        unknown = True
        return ""

    filled = _EXPRESSION.sub(fill, text)
    if unknown or "{%" in filled or "{#" in filled:
        return None
    return re.sub(r"[ \t]+", " ", _LINK.sub(r"\1", filled).replace("**", "").replace("\\", "")).strip()


@dataclasses.dataclass
class ArticleChange:
    id: str
    titel: str
    status: str  # nieuw, weg, gewijzigd, hernummerd
    oud_nummer: int | None
    nieuw_nummer: int | None
    src_path: str | None  # in the new version; None when the article is gone
    regel: list[tuple[str, str]] | None = None  # the word comparison, when the rule text changed
    samenvatting: list[str] = dataclasses.field(default_factory=list)

    @property
    def hernummerd(self) -> bool:
        return bool(self.oud_nummer and self.nieuw_nummer and self.oud_nummer != self.nieuw_nummer)


@dataclasses.dataclass
class Comparison:
    oud: str
    nieuw: str
    artikelen: list[ArticleChange]
    instellingen: list[str]

    def status_of(self, article_id: str) -> str | None:
        """'nieuw' or 'gewijzigd' for the badges, else None."""
        for change in self.artikelen:
            if change.id == article_id and change.status in ("nieuw", "gewijzigd"):
                return change.status
        return None

    def by_status(self, status: str) -> list[ArticleChange]:
        return [c for c in self.artikelen if c.status == status]

    @property
    def hernummerd(self) -> list[ArticleChange]:
        return [c for c in self.artikelen if c.hernummerd]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summarise_examples(old: list[Example], new: list[Example]) -> list[str]:
    before, after = {e.titel: e for e in old}, {e.titel: e for e in new}
    added = [t for t in after if t not in before]
    removed = [t for t in before if t not in after]
    changed = [t for t in after if t in before and after[t] != before[t]]
    out = []
    if added:
        out.append(_count(len(added), "voorbeeld", "voorbeelden") + " nieuw")
    if changed:
        out.append(_count(len(changed), "voorbeeld", "voorbeelden") + " aangepast")
    if removed:
        out.append(_count(len(removed), "voorbeeld", "voorbeelden") + " weg")
    return out


def compare_article(old, new) -> tuple[list[tuple[str, str]] | None, list[str]]:
    """(word comparison of the rule text or None, summary lines) for one article in two versions."""
    a, b = split_sections(old.page.body), split_sections(new.page.body)
    summary = []
    if old.titel != new.titel:
        summary.append(f"titel was: {old.titel}")
    rule_old, rule_new = a.get("Wat we afspreken", ""), b.get("Wat we afspreken", "")
    rule = word_diff(rule_old, rule_new) if words(rule_old) != words(rule_new) else None
    if rule is not None:
        summary.append("afspraak aangepast")
    if words(a.get("Toelichting", "")) != words(b.get("Toelichting", "")):
        summary.append("toelichting aangepast")
    summary += summarise_examples(examples_of(a.get("Voorbeelden", "")), examples_of(b.get("Voorbeelden", "")))
    for section in ("Veelgestelde vragen", "Zie ook"):
        if words(a.get(section, "")) != words(b.get(section, "")):
            summary.append(f"{section.lower()} aangepast")
    return rule, summary


def _shown(ops, old_facts, new_facts, old: Register, new: Register) -> list[tuple[str, str]]:
    """The word comparison as readers see it: {{ … }} filled in from the version each word belongs to."""
    out = []
    for op, text in ops:
        facts, register = (old_facts, old) if op == "weg" else (new_facts, new)
        lines = [reader_text(line, facts, register) for line in text.split("\n")]
        out.append((op, "\n".join(_EXPRESSION.sub("…", raw) if shown is None else shown
                                   for raw, shown in zip(text.split("\n"), lines))))
    return out


def compare(old: Register, new: Register, old_settings, new_settings, old_version: str, new_version: str,
            old_facts: dict | None = None, new_facts: dict | None = None) -> Comparison:
    """`*_facts` are the plain template values of each version (see reader_text)."""
    changes: list[ArticleChange] = []
    old_on = {a.id: a for a in old.enabled}
    for article in new.enabled:
        before = old_on.get(article.id)
        if before is None:
            changes.append(ArticleChange(article.id, article.titel, "nieuw", None, article.nummer, article.src_path))
            continue
        rule, summary = compare_article(before, article)
        if rule is not None:
            rule = _shown(rule, old_facts or {}, new_facts or {}, old, new)
        status = "gewijzigd" if summary else "hernummerd"
        change = ArticleChange(article.id, article.titel, status, before.nummer, article.nummer, article.src_path, rule, summary)
        if summary or change.hernummerd:
            changes.append(change)
    new_ids = {a.id for a in new.enabled}
    for article in old.enabled:
        if article.id not in new_ids:
            changes.append(ArticleChange(article.id, article.titel, "weg", article.nummer, None, None))
    return Comparison(old_version, new_version, changes, settings_changes(old, new, old_settings, new_settings))


def settings_changes(old: Register, new: Register, old_settings, new_settings) -> list[str]:
    """Dutch sentences for the settings changes a reader notices: contacts and switched-off articles."""
    out = []
    for role, contact in new_settings["contacten"].items():
        before = old_settings["contacten"].get(role)
        if before is None:
            continue
        if before["functie"] != contact["functie"]:
            out.append(f"De {before['functie']} heet nu {contact['functie']}.")
        for key, label in CONTACT_LABELS.items():
            if before.get(key) != contact.get(key):
                out.append(f"{label.format(functie=contact['functie'])} is nu {contact.get(key) or 'leeg'} (was {before.get(key) or 'leeg'}).")
    old_off, new_off = set(old_settings["uitgeschakeld"]), set(new_settings["uitgeschakeld"])
    titles = {a.id: a.titel for a in old.articles} | {a.id: a.titel for a in new.articles}
    for article_id in sorted(new_off - old_off):
        out.append(f"Ons kantoor gebruikt het artikel '{titles.get(article_id, article_id)}' niet meer.")
    for article_id in sorted(old_off - new_off):
        if new.get(article_id) is not None:
            out.append(f"Ons kantoor gebruikt het artikel '{titles.get(article_id, article_id)}' weer.")
    return out
