"""The protocol model: settings, articles, order and numbers, changelog, Check je bericht data.

Plain Python with no MkDocs import, so the build, scripts/check and any other
generator read every fact the same way. Messages are Dutch because HR reads them.
"""

from .articles import (ARTICLE_DIR, MIN_EXAMPLES, OPTIONAL_SECTIONS, REQUIRED_SECTIONS, SECTION_CLASSES, VERDICTS,
                       Article, is_article_path, numbered_title, read_article)
from .changelog import CHANGELOG_FILE, load_changelog
from .errors import CHECK_HINT, ContentError, ContentErrors
from .pages import Page, read_page
from .register import (Register, build_register, filter_nav, load_register, nav_article_paths, nav_files,
                       read_mkdocs_yml, read_nav)
from .reviews import review_due, review_status
from .settings import CONTACT_ROLES, COUNCIL_KINDS, SETTINGS_FILE, Settings, load_settings
from .text import dutch_date, plain_text, slug
from .yamlio import line_of, load_yaml, read_text

__all__ = [name for name in dir() if not name.startswith("_")]
