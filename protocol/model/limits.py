"""Sane limits for untrusted input: a file or a site larger than this is refused with a Dutch message.

A real protocol page is a few kB; the limits are generous for HR and stop a
20 MB page or a YAML alias bomb from eating the build machine.
"""

MAX_PAGE_BYTES = 256 * 1024  # one Markdown page
MAX_YAML_BYTES = 256 * 1024  # instellingen.yml and each data file
MAX_PAGES = 400  # Markdown pages in docs/
MAX_ASSET_BYTES = 5 * 1024 * 1024  # one image or other file in docs/
MAX_LOGO_BYTES = 512 * 1024
