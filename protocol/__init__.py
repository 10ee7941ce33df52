"""The social-media protocol: model (no MkDocs), page checks, the MkDocs plugin and the commands."""
