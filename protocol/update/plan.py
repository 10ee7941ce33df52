"""The whole update as data, computed in memory before anything is written.

Three trees: the basis (the model version the office last took in), the office (its HEAD) and
the new model version. Per article (by id) and per other file it decides what happens; pages
where both changed the same section keep the office's text and give a Conflict for the report.
"""

from __future__ import annotations

import dataclasses

from protocol.model import ContentError
from protocol.model.articles import is_article_path
from protocol.model.pages import FRONT_MATTER
from protocol.model.yamlio import load_yaml

from . import chunks, navmerge, settings
from .basis import BASIS_FILE, Basis, basis_text
from .gitio import Tree
from .report import REPORT_FILE

# Code and tooling belong to the model: an office does not edit them, so they are taken over as is.
# docs/assets/javascripts/ held the model's scripts up to 1.1 (now protocol/assets/): taken over, so removed.
MODEL_OWNED_DIRS = ("protocol/", "overrides/", "scripts/", "tests/", ".ci/", "docs/assets/javascripts/")
MODEL_OWNED_FILES = {"requirements.txt", "requirements-test.txt", "pyproject.toml", "pytest.ini", "modelversies.yml",
                     ".pre-commit-config.yaml", ".gitignore", "CONTRIBUTING.md"}
MKDOCS_FILE = "mkdocs.yml"
SPECIAL = {MKDOCS_FILE, settings.SETTINGS_FILE, BASIS_FILE, REPORT_FILE}

# Categories, in the order of the overview.
MODEL, OFFICE, BOTH, NEW, REMOVED, OWN, SAME, GONE = (
    "model", "kantoor", "beide", "nieuw", "verwijderd", "eigen", "ongewijzigd", "weg-bij-kantoor")


def model_owned(path: str) -> bool:
    return path.startswith(MODEL_OWNED_DIRS) or path in MODEL_OWNED_FILES


@dataclasses.dataclass
class ArticleInfo:
    id: str
    titel: str
    optioneel: bool


@dataclasses.dataclass
class Row:
    """One article or page in the overview."""

    path: str
    category: str
    id: str = ""
    titel: str = ""
    optioneel: bool = False
    conflicts: list[chunks.Conflict] = dataclasses.field(default_factory=list)
    old_number: int | None = None
    new_number: int | None = None
    switched_off: bool = False

    @property
    def renumbered(self) -> bool:
        return self.old_number is not None and self.new_number is not None and self.old_number != self.new_number


@dataclasses.dataclass
class Plan:
    basis: Basis
    target: Basis
    files: dict[str, bytes]
    modes: dict[str, str]
    articles: list[Row]
    pages: list[Row]
    settings_added: list[str]
    settings_defaults: list[tuple[str, object, object]]
    switched_off_new: list[str]
    code: dict[str, int]
    code_overwritten: list[str]
    problems: list[str]
    office_files: dict[str, bytes]

    @property
    def conflicts(self) -> list[tuple[Row, chunks.Conflict]]:
        return [(row, c) for row in [*self.articles, *self.pages] for c in row.conflicts]

    def changed_paths(self) -> tuple[list[str], list[str]]:
        """(written, deleted) relative to the office's tree."""
        written = [p for p, data in self.files.items() if self.office_files.get(p) != data]
        deleted = [p for p in self.office_files if p not in self.files]
        return sorted(written), sorted(deleted)


def article_info(path: str, data: bytes | None) -> ArticleInfo | None:
    if data is None:
        return None
    stem = path.rsplit("/", 1)[-1][:-3]
    try:
        text = data.decode("utf-8")
        match = FRONT_MATTER.match(text)
        meta, _ = load_yaml(f"docs/{path}", match.group(1) or "") if match else ({}, {})
    except (UnicodeDecodeError, ContentError):
        meta = {}
    meta = meta if isinstance(meta, dict) else {}
    return ArticleInfo(str(meta.get("id") or stem), str(meta.get("titel") or stem),
                       str(meta.get("optioneel", "false")).lower() in ("true", "ja", "yes", "aan"))


def category(b: bytes | None, o: bytes | None, m: bytes | None) -> str:
    if b is None:
        if o is None:
            return NEW
        if m is None:
            return OWN
        return SAME if o == m else BOTH
    if m is None:
        return REMOVED
    if o is None:
        return GONE
    if o == b:
        return SAME if m == b else MODEL
    if m == b or m == o:
        return OFFICE if m == b else SAME
    return BOTH


def merge_file(path: str, b: bytes, o: bytes, m: bytes) -> tuple[bytes, list[chunks.Conflict]]:
    """Both changed one file: per section for pages and data, whole-file otherwise; conflicts keep the office's."""
    try:
        bt, ot, mt = b.decode("utf-8"), o.decode("utf-8"), m.decode("utf-8")
    except UnicodeDecodeError:
        return o, [chunks.Conflict("hele bestand", "", "(geen tekst)", "(geen tekst)")]
    if path.endswith("woordenlijst.txt"):
        from .gitio import merge_text
        return merge_text(ot, bt, mt, union=True)[0].encode("utf-8"), []
    if path.endswith(".md"):
        split = chunks.split_markdown
    elif path.startswith("docs/") and path.endswith((".yml", ".yaml")):
        split = chunks.split_yaml
    else:
        from .gitio import merge_text
        merged, clean = merge_text(ot, bt, mt)
        return (merged.encode("utf-8"), []) if clean else (o, [chunks.Conflict("hele bestand", bt, ot, mt)])
    text, conflicts = chunks.merge_chunks(split(bt), split(ot), split(mt))
    return text.encode("utf-8"), conflicts


def numbers(order: list[str], infos: dict[str, ArticleInfo], switched_off: set[str]) -> dict[str, int]:
    result, number = {}, 0
    for path in order:
        info = infos.get(path)
        if info and info.id not in switched_off:
            number += 1
            result[info.id] = number
    return result


def _switched_off(text: str, who: str) -> set[str]:
    value = settings.parse(text, who).get("uitgeschakeld") or []
    return {str(v) for v in value} if isinstance(value, list) else set()


def make_plan(basis: Basis, target: Basis, base: Tree, office: Tree, model: Tree) -> Plan:
    b, o, m = base.files, office.files, model.files
    files: dict[str, bytes] = {}
    modes: dict[str, str] = {}
    articles, pages, problems, code_overwritten = [], [], [], []
    code = {"bijgewerkt": 0, "nieuw": 0, "verwijderd": 0}
    infos: dict[str, ArticleInfo] = {}

    def keep(path: str) -> None:
        files[path], modes[path] = o[path], office.modes[path]

    def take(path: str) -> None:
        files[path], modes[path] = m[path], model.modes[path]

    for path in sorted(set(b) | set(o) | set(m)):
        if path in SPECIAL:
            continue
        bb, oo, mm = b.get(path), o.get(path), m.get(path)
        if model_owned(path):
            if mm is not None:
                take(path)
                code["nieuw" if oo is None else "bijgewerkt"] += oo != mm
            else:
                code["verwijderd"] += oo is not None
            if oo is not None and bb is not None and oo != bb:
                code_overwritten.append(path)
            continue
        cat = category(bb, oo, mm)
        row = Row(path, cat)
        if cat in (MODEL, NEW):
            take(path)
        elif cat in (OFFICE, OWN, REMOVED, SAME) and oo is not None:
            keep(path)
        elif cat == BOTH:
            merged, row.conflicts = merge_file(path, bb or b"", oo, mm)
            files[path], modes[path] = merged, office.modes[path]
        docs_path = path[5:] if path.startswith("docs/") else ""
        if is_article_path(docs_path):
            info = article_info(docs_path, oo) or article_info(docs_path, mm) or article_info(docs_path, bb)
            infos[docs_path] = article_info(docs_path, files.get(path)) or info
            row.id, row.titel, row.optioneel = info.id, info.titel, info.optioneel
            articles.append(row)
        elif cat != SAME:
            pages.append(row)

    # mkdocs.yml: technical part as text, the article order by id.
    ids = {p: i.id for p, i in infos.items()}
    nav = navmerge.merge_mkdocs(b.get(MKDOCS_FILE, b"").decode(), o[MKDOCS_FILE].decode(), m[MKDOCS_FILE].decode(), ids)
    files[MKDOCS_FILE], modes[MKDOCS_FILE] = nav.text.encode("utf-8"), office.modes[MKDOCS_FILE]
    problems += nav.problems
    mk_cat = category(b.get(MKDOCS_FILE), o[MKDOCS_FILE], m[MKDOCS_FILE])
    if mk_cat != SAME:
        pages.append(Row(MKDOCS_FILE, mk_cat))

    # instellingen.yml: the office's text, with new keys and new optional articles inserted.
    s_base, s_office, s_model = (t.get(settings.SETTINGS_FILE, b"").decode("utf-8") for t in (b, o, m))
    d_base, d_office, d_model = settings.parse(s_base, "het oude model"), settings.parse(s_office, "je kantoor"), settings.parse(s_model, "het model")
    text = s_office
    added = settings.missing_keys(d_model, d_office)
    for key_path in added:
        text = settings.insert_key(text, s_model, key_path)
    new_rows = [r for r in articles if r.category == NEW]
    switched_new = [r.id for r in new_rows if r.optioneel]
    text = settings.add_switched_off(text, switched_new)
    files[settings.SETTINGS_FILE], modes[settings.SETTINGS_FILE] = text.encode("utf-8"), office.modes[settings.SETTINGS_FILE]
    defaults = [(".".join(p), mine, new) for p, mine, new in settings.changed_defaults(d_base, d_model, d_office)
                if p != ("uitgeschakeld",)]

    # Numbers before and after: only the numbers follow, ids keep references working.
    office_order = navmerge.article_lines(navmerge.split_nav(o[MKDOCS_FILE].decode())[1])[2]
    office_infos = {p[5:]: article_info(p[5:], data) for p, data in o.items() if p.startswith("docs/") and is_article_path(p[5:])}
    before = numbers(office_order, office_infos, _switched_off(s_office, "je kantoor"))
    off_after = _switched_off(text, "je kantoor")
    after = numbers(nav.order, infos, off_after)
    for row in articles:
        row.old_number, row.new_number = before.get(row.id), after.get(row.id)
        row.switched_off = row.id in off_after

    files[BASIS_FILE], modes[BASIS_FILE] = basis_text(target).encode("utf-8"), "100644"
    if REPORT_FILE in o:
        keep(REPORT_FILE)
    order = {p: i for i, p in enumerate(nav.order)}
    articles.sort(key=lambda r: (order.get(r.path[5:], len(order)), r.path))
    return Plan(basis, target, files, modes, articles, pages, [".".join(p) for p in added], defaults, switched_new,
                code, code_overwritten, problems, dict(o))
