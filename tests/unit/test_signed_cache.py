"""The caches kept between builds can be read safely: an entry counts only when it was made with the
machine's key, which lives outside the project. Tried the way an attacker with commit rights would."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from protocol.render import cache as cache_module
from protocol.render.cache import SignedBytecodeCache, cache_secret
from protocol.render.jinja import ContentEnvironment, render_tree

SOURCE = "Hallo {{ kantoor.naam }}."


class Planted:
    """A pickle that writes a marker file when it is loaded: what a planted cache entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "uitgevoerd"))


def _environment(tmp_path: Path, key: str) -> ContentEnvironment:
    os.environ["PROTOCOL_CACHE_KEY"] = str(tmp_path / key)
    try:
        return ContentEnvironment(code_cache=tmp_path / "jinja")
    finally:
        del os.environ["PROTOCOL_CACHE_KEY"]


def _render(env: ContentEnvironment, source: str = SOURCE) -> str:
    return render_tree(env, env.parse(source), {"kantoor": {"naam": "Kantoor"}}, "docs/x.md", source)


def test_compiled_page_code_is_reused_and_a_changed_page_is_compiled_again(tmp_path):
    env = _environment(tmp_path, "sleutel")
    assert _render(env) == "Hallo Kantoor."
    entries = list((tmp_path / "jinja").iterdir())
    assert len(entries) == 1
    bucket = env.code_cache.get_bucket(env, "docs/x.md", "docs/x.md", SOURCE)
    assert bucket.code is not None  # the next build loads it instead of compiling
    assert env.code_cache.get_bucket(env, "docs/x.md", "docs/x.md", SOURCE + " ").code is None
    assert _render(env, SOURCE + "!") == "Hallo Kantoor.!"


def test_an_entry_planted_without_the_key_is_never_opened(tmp_path):
    from jinja2 import FileSystemBytecodeCache

    env = _environment(tmp_path, "sleutel")
    _render(env)
    folder = tmp_path / "jinja"
    marker = tmp_path / "pwned"
    # The attacker knows Jinja's format, plants a malicious entry under every name it could guess (Jinja's
    # own name for this page, and the real entry's name copied from a machine it saw) and commits the folder.
    plain_name = FileSystemBytecodeCache(str(folder), "%s.jinja").get_cache_key("docs/x.md", "docs/x.md") + ".jinja"
    for name in [p.name for p in folder.iterdir()] + [plain_name]:
        (folder / name).write_bytes(_jinja_magic() + pickle.dumps(Planted(marker)))

    other = _environment(tmp_path, "andere-sleutel")  # the build machine's key is not the one the attacker saw
    assert _render(other) == "Hallo Kantoor."
    assert not marker.exists(), "a planted cache entry was unpickled"

    # The same planted file in Jinja's unsigned cache runs the attacker's code: the signing is what stops it.
    FileSystemBytecodeCache(str(folder), "%s.jinja").get_bucket(other, "docs/x.md", "docs/x.md", SOURCE)
    assert marker.read_text() == "uitgevoerd"


def _jinja_magic() -> bytes:
    from jinja2.bccache import bc_magic

    return bc_magic


def test_the_key_is_made_once_private_and_outside_the_project(tmp_path, monkeypatch):
    monkeypatch.setenv("PROTOCOL_CACHE_KEY", str(tmp_path / "k" / "sleutel"))
    first = cache_secret()
    assert first is not None and len(first) == 32 and cache_secret() == first
    assert (tmp_path / "k" / "sleutel").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("PROTOCOL_CACHE_KEY", str(tmp_path / "k" / "sleutel" / "kan-niet"))
    assert cache_module.cache_secret() is None  # no key: no cache, never an unsigned one
    assert ContentEnvironment(code_cache=tmp_path / "jinja2").code_cache is None
