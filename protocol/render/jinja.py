"""Content templates run in Jinja's immutable sandbox, with autoescaping, and only our names.

Pages are parsed once: the same syntax tree is checked (protocol/checks/template.py)
and compiled, and a page without {{ or {% is not handed to Jinja at all.
"""

from __future__ import annotations

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from protocol.checks.template import ALLOWED_FILTERS


class ContentEnvironment(ImmutableSandboxedEnvironment):
    """No default globals (range, cycler, joiner, lipsum, namespace, dict), a short list of filters."""

    def __init__(self):
        super().__init__(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in ALLOWED_FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in ("defined", "none")}


def has_template_code(markdown: str) -> bool:
    return "{{" in markdown or "{%" in markdown or "{#" in markdown


def render_tree(env: ContentEnvironment, tree: nodes.Template, context: dict, name: str) -> str:
    """Render an already checked syntax tree with the given variables and macros."""
    code = env.compile(tree, name=name, filename=name)
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return template.render(context)
