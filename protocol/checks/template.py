"""The template check: what a page may write between {{ }} and {% %}, decided on Jinja's own syntax tree.

Content Jinja is untrusted. It may use the project's variables and macros, `if`,
`for` and `set`, and a few harmless filters; nothing else. No attribute that
starts with `_`, no calls except our macros, no include/import/extends. The
renderer (protocol/render/jinja.py) runs in Jinja's sandbox as a second wall.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from protocol.model import ContentError, Register

ARTICLE_REF_MACROS = {"artikel"}
CONDITION_MACRO = "aan"
ALLOWED_FILTERS = {"length", "lower", "upper", "capitalize", "title", "trim", "default", "join", "first", "last",
                   "replace", "round", "int", "string", "escape", "e", "sort", "list"}
ALLOWED_STATEMENTS = (nodes.Output, nodes.If, nodes.For, nodes.Assign, nodes.TemplateData)
# Names content authors use; listed in hints.
CONTENT_VARIABLES = ("kantoor", "contact", "protocol", "webinars", "downloads")
_HINT = ("In een pagina mag je alleen de variabelen (zoals {{ kantoor.naam }}) en de eigen functies "
         "(zoals {{ artikel(\"id\") }}) gebruiken.")


def _dotted(node: nodes.Node) -> list[str] | None:
    """kantoor.naam -> ["kantoor", "naam"]; None for anything that is not a plain path."""
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return base + [node.attr] if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return base + [str(node.arg.value)] if base else None
    return None


def _has(value: Any, key: str) -> bool:
    return key in value if isinstance(value, dict) else (not key.startswith("_") and hasattr(value, key))


def _get(value: Any, key: str) -> Any:
    return value[key] if isinstance(value, dict) else getattr(value, key)


def _switched_off_condition(test: nodes.Node, register: Register) -> bool:
    """True for `{% if aan("x") %}` where x is switched off: its body never renders."""
    if isinstance(test, nodes.Call) and isinstance(test.node, nodes.Name) and test.node.name == CONDITION_MACRO:
        if test.args and isinstance(test.args[0], nodes.Const):
            article = register.get(str(test.args[0].value))
            return article is not None and article.nummer is None
    return False


def parse(env: Environment, body: str, path: str, first_line: int) -> tuple[nodes.Template | None, list[ContentError]]:
    try:
        return env.parse(body), []
    except TemplateSyntaxError as error:
        return None, [ContentError(path, first_line + (error.lineno or 1) - 1,
                                   f"Een code tussen {{{{ }}}} of {{% %}} klopt niet: {error.message}.",
                                   "Controleer of elke {{ een }} heeft, en elke {% if %} een {% endif %}.")]


def check_template(tree: nodes.Template, path: str, first_line: int, variables: dict, macros: set[str],
                   register: Register) -> list[ContentError]:
    """Everything the page's template code may not do, each with its line."""
    errors: list[ContentError] = []
    known = set(variables) | macros
    local: set[str] = set()
    for node in tree.find_all((nodes.For, nodes.Assign)):
        for target in node.find_all(nodes.Name):
            if target.ctx in ("store", "param"):
                local.add(target.name)

    def line(node: nodes.Node) -> int:
        return first_line + node.lineno - 1

    def refuse(node: nodes.Node, message: str, hint: str = _HINT) -> None:
        errors.append(ContentError(path, line(node), message, hint))

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.Stmt) and not isinstance(node, ALLOWED_STATEMENTS):
            refuse(node, f"Deze code is niet toegestaan in een pagina ({{% {type(node).__name__.lower()} %}}).")
            return
        if isinstance(node, nodes.If) and _switched_off_condition(node.test, register):
            visit(node.test)
            for child in node.elif_ + node.else_:
                visit(child)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(key, str) and key.startswith("_"):
                refuse(node, f"Een naam die met _ begint ('{key}') is niet toegestaan.")
                return
        if isinstance(node, (nodes.Filter, nodes.Test)) and node.name not in ALLOWED_FILTERS | {"defined", "none"}:
            refuse(node, f"Het filter '{node.name}' is niet toegestaan in een pagina.",
                   "Toegestaan: " + ", ".join(sorted(ALLOWED_FILTERS)) + ".")
            return
        if isinstance(node, nodes.Call):
            if not (isinstance(node.node, nodes.Name) and node.node.name in macros):
                refuse(node, "Alleen de eigen functies van het protocol mogen hier worden aangeroepen.",
                       "Bekende functies: " + ", ".join(sorted(macros)) + ".")
                return
            name = node.node.name
            if name in ARTICLE_REF_MACROS | {CONDITION_MACRO} and node.args and isinstance(node.args[0], nodes.Const):
                check_article_ref(name, str(node.args[0].value), node)
            for child in list(node.args) + [kw.value for kw in node.kwargs]:
                visit(child)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)) and getattr(node, "ctx", "load") == "load":
            parts = _dotted(node)
            if parts:
                check_path(parts, node)
                return  # the path was checked as a whole
        for child in node.iter_child_nodes():
            visit(child)

    def check_article_ref(macro: str, article_id: str, node: nodes.Node) -> None:
        article = register.get(article_id)
        if article is None:
            errors.append(ContentError(path, line(node), f"Verwijzing naar een onbekend artikel: '{article_id[:60]}'.",
                                       "Kies een bestaande id: " + ", ".join(a.id for a in register.articles) + "."))
        elif article.nummer is None and macro in ARTICLE_REF_MACROS:
            errors.append(ContentError(path, line(node), f"Verwijzing naar artikel '{article_id}', maar dat staat uit in instellingen.yml.",
                                       f'Haal de verwijzing weg, of zet hem tussen {{% if aan("{article_id}") %}} en {{% endif %}}.'))

    def check_path(parts: list[str], node: nodes.Node) -> None:
        head = parts[0]
        if head in local:
            return
        if head not in known:
            errors.append(ContentError(path, line(node), f"Onbekende variabele: '{'.'.join(parts)[:80]}'.",
                                       "Controleer de spelling. Bekende namen zijn onder meer: "
                                       + ", ".join(k for k in CONTENT_VARIABLES if k in variables) + "."))
            return
        if head in macros:
            if len(parts) > 1:
                refuse(node, f"'{head}' is een functie, geen variabele.")
            return
        value = variables[head]
        for depth, key in enumerate(parts[1:], 1):
            if not _has(value, key):
                choices = sorted(value) if isinstance(value, dict) else []
                errors.append(ContentError(path, line(node), f"Onbekende variabele: '{'.'.join(parts[: depth + 1])[:80]}'.",
                                           ("Kies uit: " + ", ".join(f"{'.'.join(parts[:depth])}.{c}" for c in choices) + ".")
                                           if choices else "Controleer de spelling."))
                return
            value = _get(value, key)

    visit(tree)
    return errors
