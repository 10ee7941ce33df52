"""instellingen.yml: new keys and new optional articles go in as text; the office's values and comments stay."""

from protocol.update import settings

OFFICE = """# Onze instellingen
kantoor:
  naam: De Linde   # onze naam
  plaats: Zwolle

protocol:
  versie: "2.3"

uitgeschakeld: []
"""
MODEL = """# Instellingen
kantoor:
  naam: Voorbeeldkantoor
  plaats: Amersfoort
  # Nieuw: het KvK-nummer
  kvk: "12345678"

protocol:
  versie: "1.1"

uitgeschakeld: []

# Nieuw blok
webinars:
  ai: https://example.invalid/ai
"""


def test_new_keys_are_inserted_with_their_comments_and_nothing_else_changes():
    office_data, model_data = settings.parse(OFFICE, "kantoor"), settings.parse(MODEL, "model")
    missing = settings.missing_keys(model_data, office_data)
    assert missing == [("kantoor", "kvk"), ("webinars",)]
    text = OFFICE
    for path in missing:
        text = settings.insert_key(text, MODEL, path)
    assert text == OFFICE.replace("  plaats: Zwolle\n", '  plaats: Zwolle\n  # Nieuw: het KvK-nummer\n  kvk: "12345678"\n') + \
        "\n# Nieuw blok\nwebinars:\n  ai: https://example.invalid/ai\n"
    assert settings.parse(text, "x")["protocol"]["versie"] == "2.3"


def test_switched_off_articles_in_each_list_form():
    assert settings.add_switched_off(OFFICE, ["nepbellers"]).endswith("uitgeschakeld: [nepbellers]\n")
    block = OFFICE.replace("uitgeschakeld: []", "uitgeschakeld:\n  - linkedin  # niet bij ons")
    assert settings.add_switched_off(block, ["nepbellers"]).endswith("  - linkedin  # niet bij ons\n  - nepbellers\n")
    flow = OFFICE.replace("uitgeschakeld: []", "uitgeschakeld: [linkedin]")
    assert settings.parse(settings.add_switched_off(flow, ["a", "b"]), "x")["uitgeschakeld"] == ["linkedin", "a", "b"]
    assert settings.add_switched_off(OFFICE, []) == OFFICE


def test_changed_defaults_are_reported_not_applied():
    base = settings.parse(MODEL.replace('"1.1"', '"1.0"'), "b")
    found = settings.changed_defaults(base, settings.parse(MODEL, "m"), settings.parse(OFFICE, "o"))
    assert (("protocol", "versie"), "2.3", "1.1") in found
