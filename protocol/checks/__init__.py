"""The page rules as pure functions: each takes text and returns ContentErrors with file and line.

No MkDocs import: the build (protocol/mkdocs) and unit tests call them the same way.
"""

from .html_allowlist import check_html
from .inline_scripts import check_inline_scripts
from .page_rules import check_page_rules
from .sections import check_sections, label_verdicts
from .site_files import check_site_files
from .template import check_template

__all__ = ["check_html", "check_inline_scripts", "check_page_rules", "check_sections", "check_site_files",
           "check_template", "label_verdicts"]
