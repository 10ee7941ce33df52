"""The MkDocs side of the protocol: one plugin (plugin.py) with its config schema (config.py)."""
