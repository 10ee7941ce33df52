"""Wrap each top-level h2 section of an article in <section class="artikel-…">, in Markdown's own tree.

Print and PDF pick parts by these classes (the rules-only PDF drops the
explanation). Working on the element tree, not on HTML text, means a ## inside
an admonition can never close a section early; the source check refuses such a
heading anyway.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from protocol.model import SECTION_CLASSES


class _SectionWrapper(Treeprocessor):
    def __init__(self, md, extension: "ArticleSections"):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        if not self.extension.active:
            return
        children = list(root)
        if not any(child.tag == "h2" for child in children):
            return
        for child in children:
            root.remove(child)
        section = None
        for child in children:
            if child.tag == "h2":
                name = (child.text or "").strip()  # the text before toc's permalink anchor
                section = etree.SubElement(root, "section", {
                    "class": f"artikel-deel artikel-{SECTION_CLASSES.get(name, 'overig')}"})
                section.text = "\n"
            (section if section is not None else root).append(child)
            if section is not None:
                child.tail = (child.tail or "") + "\n" if not (child.tail or "").endswith("\n") else child.tail


class ArticleSections(Extension):
    """Registered once per build; the plugin switches it on for article pages only."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.active = False

    def extendMarkdown(self, md) -> None:
        # after inline processing (priority 20) and before MkDocs' own link rewriting treeprocessors run on the tree
        md.treeprocessors.register(_SectionWrapper(md, self), "protocol_sections", 5)
