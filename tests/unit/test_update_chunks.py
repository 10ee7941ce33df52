"""Per-section merge: pages split into sections that join back exactly, and merged with git merge-file."""

from protocol.update import chunks
from protocol.update.gitio import merge_text

PAGE = """---
id: x
titel: "X"
---

## Wat we afspreken

1. Eén.
2. Twee.

## Toelichting

### Waarom

Omdat het moet.

```
## geen kop in code
```

## Voorbeelden

!!! mag "Iets"
    ## ingesprongen is geen kop
"""


def test_split_joins_back_exactly_and_names_sections():
    parts = chunks.split_markdown(PAGE)
    assert "".join(text for _, text in parts) == PAGE
    assert [name for name, _ in parts] == [chunks.FRONT, chunks.START, "Wat we afspreken", "Toelichting",
                                           "Toelichting › Waarom", "Voorbeelden"]


def test_split_yaml_by_top_level_items_with_their_comments():
    text = "# kop\nuitkomsten:\n  a: 1\n\nvragen:\n  # eerste\n  - id: een\n    vraag: x\n  - id: twee\n    antwoorden:\n      - tekst: y\n"
    parts = chunks.split_yaml(text)
    assert "".join(t for _, t in parts) == text
    assert [n for n, _ in parts] == [chunks.START, "uitkomsten:", "vragen:", "- id: een", "- id: twee"]
    assert parts[0][1] == "# kop\n" and parts[3][1].startswith("  # eerste\n")


def test_neighbouring_sections_merge_where_a_line_merge_conflicts():
    """The office adds a paragraph at the end of A; the model adds a section right after A: same spot for git."""
    base = "## A\n\nregel a\n\n## B\n\nregel b\n"
    office = base.replace("regel a\n\n", "regel a\n\nalinea van het kantoor\n\n")
    model = base.replace("regel a\n\n", "regel a\n\n## A2\n\nnieuw\n\n").replace("regel b", "regel b van het model")
    _, clean = merge_text(office, base, model)
    assert not clean  # a whole-page line merge would conflict here
    merged, conflicts = chunks.merge_chunks(chunks.split_markdown(base), chunks.split_markdown(office), chunks.split_markdown(model))
    assert conflicts == []
    assert merged == "## A\n\nregel a\n\nalinea van het kantoor\n\n## A2\n\nnieuw\n\n## B\n\nregel b van het model\n"


def test_same_section_changed_by_both_keeps_the_office_text_and_reports_it():
    base = "## Wat we afspreken\n\n1. Oud.\n\n## Toelichting\n\nUitleg.\n"
    office = base.replace("1. Oud.", "1. Van ons.")
    model = base.replace("1. Oud.", "1. Van het model.").replace("Uitleg.", "Nieuwe uitleg.")
    merged, conflicts = chunks.merge_chunks(*(chunks.split_markdown(t) for t in (base, office, model)))
    assert merged == "## Wat we afspreken\n\n1. Van ons.\n\n## Toelichting\n\nNieuwe uitleg.\n"
    assert [(c.section, c.office, c.model) for c in conflicts] == [
        ("Wat we afspreken", "## Wat we afspreken\n\n1. Van ons.\n\n", "## Wat we afspreken\n\n1. Van het model.\n\n")]
    assert "<<<<<<<" not in merged


def test_section_removed_by_model_goes_unless_the_office_changed_it():
    base = "## A\n\na\n\n## B\n\nb\n"
    model = "## A\n\na\n"
    merged, conflicts = chunks.merge_chunks(*(chunks.split_markdown(t) for t in (base, base, model)))
    assert merged == model and conflicts == []
    office = base.replace("\nb\n", "\nb van ons\n")
    merged, conflicts = chunks.merge_chunks(*(chunks.split_markdown(t) for t in (base, office, model)))
    assert "b van ons" in merged and [c.section for c in conflicts] == ["B"]


def test_changelog_with_an_own_office_version_and_a_new_model_version_merges_without_conflict():
    head = "# Wijzigingen. Zet een nieuwe versie bovenaan.\n"
    v10 = '- versie: "1.0"\n  wijzigingen:\n    - "Eerste versie."\n'
    base = head + v10
    office = head + '- versie: "1.0.1"\n  wijzigingen:\n    - "Onze naam."\n' + v10
    model = head + '- versie: "1.1"\n  wijzigingen:\n    - "Correcties."\n' + v10
    merged, conflicts = chunks.merge_chunks(*(chunks.split_yaml(t) for t in (base, office, model)))
    assert conflicts == []
    assert merged == head + '- versie: "1.1"\n  wijzigingen:\n    - "Correcties."\n' + office[len(head):]
