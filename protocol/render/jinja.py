"""Content templates run in Jinja's immutable sandbox, with autoescaping, and only our names.

Pages are parsed once: the same syntax tree is checked (protocol/checks/template.py)
and compiled, and a page without {{ or {% is not handed to Jinja at all.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from protocol.checks.template import ALLOWED_FILTERS

from .cache import SignedBytecodeCache, cache_secret

CODE_VERSION = f"content-1 jinja-{jinja2.__version__}"  # bump when ContentEnvironment compiles differently


class ContentEnvironment(ImmutableSandboxedEnvironment):
    """No default globals (range, cycler, joiner, lipsum, namespace, dict), a short list of filters."""

    def __init__(self, code_cache: Path | None = None):
        super().__init__(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
        # Compiled page code is kept between builds (a page's check still runs every time). Entries are
        # signed (protocol/render/cache.py): without a key there is no cache rather than an unsafe one.
        secret = cache_secret() if code_cache is not None else None
        self.code_cache = SignedBytecodeCache(code_cache, secret, CODE_VERSION) if secret else None
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in ALLOWED_FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in ("defined", "none")}


def has_template_code(markdown: str) -> bool:
    return "{{" in markdown or "{%" in markdown or "{#" in markdown


def render_tree(env: ContentEnvironment, tree: nodes.Template, context: dict, name: str, source: str | None = None) -> str:
    """Render an already checked syntax tree (parsed from `source`) with the given variables and macros."""
    code, bucket = None, None
    if env.code_cache is not None and source is not None:
        try:
            bucket = env.code_cache.get_bucket(env, name, name, source)
            code = bucket.code
        except Exception:  # an unreadable entry: compile again
            bucket = None
    if code is None:
        code = env.compile(tree, name=name, filename=name)
        if bucket is not None:
            bucket.code = code
            try:
                env.code_cache.set_bucket(bucket)
            except OSError:
                pass  # a cache that cannot be written only costs time
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return template.render(context)
