"""Helpers for the tests of the parse cache's files (the pack, the models, the memories): damage one, age one."""

from __future__ import annotations

import os
from pathlib import Path

from styr.load import cache


def damage_last_pickle(path: Path) -> None:
    """Flip a byte in the last pickle of a pack or models file: the index is intact, that one pickle is not."""
    whole = bytearray(path.read_bytes())
    whole[-10] ^= 0xFF
    path.write_bytes(bytes(whole))


def stale_beside(own: Path) -> Path:
    """A file of the same kind as `own` for another repository, left unused for longer than the cache keeps one;
    `own` gets as old (it is in use, so it must stay). Returns the stale file."""
    stale = own.with_name("0" * 32 + own.suffix)
    stale.write_bytes(b"gammalt")
    month_ago = own.stat().st_mtime - (cache.KEEP_DAYS + 1) * 86_400
    os.utime(stale, (month_ago, month_ago))
    os.utime(own, (month_ago, month_ago))
    return stale
