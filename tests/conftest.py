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


SPECS = Path(__file__).resolve().parent / "specs"


@pytest.fixture(scope="session")
def specs() -> Path:
    """The public specifications vendored verbatim under tests/specs/ (see its README for origin and licence)."""
    return SPECS
