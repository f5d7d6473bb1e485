"""Fixtures shared by several test modules."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation against the specs must never fetch anything: fail loudly if it tries."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nätverksåtkomst i test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def specs() -> Path:
    """The shared specs folder beside the checkout (read in place, never copied into the project)."""
    for candidate in (Path(__file__).resolve().parents[2] / "shared" / "specs", Path("/work/shared/specs")):
        if candidate.is_dir():
            return candidate
    pytest.fail("hittar inte specs-mappen ../shared/specs")
