"""A file is read whole however the operating system hands out its bytes: a read that returns fewer bytes than
asked before the file's size is reached (a network file system, a signal) is not taken for its end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styr.load import source
from styr.load.source import Refused, read_inside


@settings(max_examples=40, deadline=None)
@given(size=st.integers(min_value=0, max_value=5000), step=st.integers(min_value=1, max_value=700))
def test_short_reads_still_give_the_whole_file(tmp_path_factory: pytest.TempPathFactory, size: int, step: int
                                               ) -> None:
    root = tmp_path_factory.mktemp("kort")
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    (root / "mål.yaml").write_bytes(data)
    real_read = os.read
    calls: list[int] = []

    def short(fd: int, n: int) -> bytes:
        calls.append(n)
        return real_read(fd, min(n, step))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(source.os, "read", short)
        assert read_inside(root, "mål.yaml") == data
    assert len(calls) >= -(-size // step)  # every piece was asked for


def test_a_whole_file_is_read_in_one_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mål.yaml").write_bytes(b"id: BUN-M1\n" * 100)
    real_read = os.read
    calls: list[int] = []

    def counted(fd: int, n: int) -> bytes:
        calls.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(source.os, "read", counted)
    assert read_inside(tmp_path, "mål.yaml") == b"id: BUN-M1\n" * 100
    assert calls == [1101]  # its size and one byte more: the short answer is the end


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    path = tmp_path / "mål.yaml"
    path.write_bytes(b"x" * 10)
    real_read = os.read
    grown = False

    def growing(fd: int, n: int) -> bytes:
        nonlocal grown
        if not grown:
            grown = True
            with open(path, "ab") as fh:
                fh.write(b"y" * 100)
        return real_read(fd, n)

    monkeypatch.setattr(source.os, "read", growing)
    with pytest.raises(Refused):
        read_inside(tmp_path, "mål.yaml", limit=50)
