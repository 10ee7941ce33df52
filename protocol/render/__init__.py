"""From the model to HTML and PDF: sandboxed content templates, macros, sections, PDFs, CSP.

No MkDocs import: protocol/mkdocs wires these into the build.
"""
