"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# styr keeps a parse cache in the user's cache folder: the tests (and the styr processes they start, which inherit
# the environment) keep theirs in a folder of their own, removed at the end, so no run reads another's cache.
_CACHE = tempfile.TemporaryDirectory(prefix="styr-test-cache-")
os.environ["STYR_CACHE_DIR"] = _CACHE.name
os.environ.pop("STYR_CACHE", None)
os.environ.pop("STYR_CACHE_KEY", None)

# Property tests draw the same examples on every run, so that CI passes or fails on the code, not on the draw.
# STYR_HYPOTHESIS=utforska draws new ones (and keeps what fails in .hypothesis/) when looking for bugs.
settings.register_profile("styr", derandomize=True)
settings.register_profile("utforska", derandomize=False)
settings.load_profile("utforska" if os.environ.get("STYR_HYPOTHESIS") == "utforska" else "styr")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation against the specs must never fetch anything: fail loudly if it tries."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nätverksåtkomst i test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


SPECS = Path(__file__).resolve().parent / "specs"


@pytest.fixture(scope="session")
def specs() -> Path:
    """The public specifications vendored verbatim under tests/specs/ (see its README for origin and licence)."""
    return SPECS


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A parse cache of the test's own, switched on whatever the environment says, with a key from its folder."""
    from styr.load import cache

    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.DIR_ENV, str(folder))
    monkeypatch.delenv(cache.SWITCH_ENV, raising=False)
    monkeypatch.delenv(cache.KEY_ENV, raising=False)
    return folder
