"""What a validation keeps for the next one beside the parse cache: the findings per goal and activity file, and
the findings of the checks that read the whole repository (see styr.app.changed and styr.rules.incremental)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from styr.diagnostics import Diagnostic
from styr.frozen import frozen
from styr.load.repo import Survey
from styr.rules.incremental import Earlier, Row, row, rows_of
from styr.rules.registry import CHECKS

NAME = "per-document"
SUFFIX = ".docs"


@frozen(slots=False)
class Kept:
    """What the last full validation of a repository found: per goal and activity file what the per-document
    checks found there (`documents`), what each other check found (`cross`, by its index in CHECKS), the
    fingerprint of every file as checked, and the counts of units, goals, indicators and activities."""

    documents: Earlier
    cross: Mapping[int, tuple[Row, ...]]
    fingerprint: bytes
    counts: tuple[int, int, int, int]

    def plain(self) -> dict[str, object]:
        return {"documents": self.documents.plain(), "cross": {i: list(rows) for i, rows in self.cross.items()},
                "fingerprint": self.fingerprint, "counts": self.counts}

    @staticmethod
    def from_plain(value: Any) -> Kept | None:
        """`plain` read back; None for anything of another shape (remembered by another styr, or nothing)."""
        if not isinstance(value, dict):
            return None
        documents = Earlier.from_plain(value.get("documents"))  # loads the rules, for `rows_of`
        try:
            cross = {int(i): rows_of(rows, per_document=False) for i, rows in value["cross"].items()}
            fingerprint, counts = value["fingerprint"], tuple(int(n) for n in value["counts"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if documents is None or not isinstance(fingerprint, bytes) or len(counts) != 4:
            return None
        return Kept(documents, cross, fingerprint, (counts[0], counts[1], counts[2], counts[3]))


def recall(found: Survey) -> Kept | None:
    return Kept.from_plain(found.recall(NAME, SUFFIX))


def remember(found: Survey, documents: Earlier, cross: Mapping[int, Iterable[Diagnostic]], fingerprint: bytes,
             counts: tuple[int, int, int, int]) -> None:
    """Keep what a full validation found, unless a check failed (X01): a failure is not kept."""
    rows = {i: tuple(row(i, d) for d in found_) for i, found_ in cross.items()}
    if any(r[1] == "X01" for found_ in rows.values() for r in found_):
        return
    if set(rows) != {i for i, c in enumerate(CHECKS) if not c.per_document and not c.history}:
        return
    found.remember(NAME, Kept(documents, rows, fingerprint, counts).plain(), SUFFIX)
