"""Compatibility for scripts/bench: the release logic lives in protocol/publish/releases.py."""

from protocol.publish.releases import live, precompress, prune, releases, switch  # noqa: F401
