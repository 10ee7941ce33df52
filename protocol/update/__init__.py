"""Taking in a new model version in an office's adapted copy (scripts/model-bijwerken).

errors    UpdateError: a Dutch message with a tip; raised before anything changed
prepare   the checks on the input (clean tree, basis, model, versions) and the three trees
basis     modelbasis.yml: the model version and commit the office last took in (the three-way basis)
gitio     plain git: clone a model, read trees, merge one text with `git merge-file`
releases  modelversies.yml of the model: which version is which commit
chunks    a page split into sections (Markdown headings, YAML blocks), merged section by section
settings  instellingen.yml: new keys and new optional articles inserted as text, values never touched
navmerge  mkdocs.yml: the technical part from the model, the nav order merged by article id
plan      the whole update as data: per article and file what happens, conflicts for the report
overview  the Dutch overview printed before anything changes
report    model-update-rapport.md, the proposals HR still has to decide on
apply     the new branch with one commit
"""

from .errors import UpdateError

__all__ = ["UpdateError"]
