"""The office's colours as Material's CSS variables. The colours were validated as #rrggbb in the model."""

from __future__ import annotations


def brand_css(style: dict) -> str:
    primary, accent = style["kleur"], style["accentkleur"]
    return (
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--dark: {primary};\n"
        f"  --md-accent-fg-color: {accent};\n  --md-typeset-a-color: {primary};\n}}\n"
        "[data-md-color-scheme=slate] {\n"
        f"  --md-primary-fg-color: {primary};\n  --md-primary-fg-color--dark: {primary};\n}}\n"
    )
