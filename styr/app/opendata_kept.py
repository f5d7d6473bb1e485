"""A report's open data made again only where a goal changed: each goal's rows of the goal tables, as the CSV and
JSON text they become, are kept beside the parse cache for the next report, keyed by what they are made from.

A goal is built from its file alone (and styr's code; see styr.render.site.inputs), so its file's digest stands
for it, with its place in the file, its id and its unit's id (made from other files) and whether the kommun
publishes names. After one changed goal file, that goal's rows alone are made and written as text; every other
goal's text is joined as the last report left it. The tables are the same as when every row is made
(tests/test_opendata_kept.py): CSV rows and JSON records are written one by one, so a table is its goals' parts
in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeGuard

from styr.exchange.opendata import GOAL_TABLES, Row, Selection, goal_rows
from styr.exchange.opendata_files import csv_body, csv_header, json_file, json_records
from styr.frozen import frozen
from styr.load.cache import Memos, code_fingerprint
from styr.model.repository import Repository
from styr.model.types import Goal

NAME = "open-data"
SUFFIX = ".opendata"

Key = tuple[str, bytes, int, int, str, str | None, bool]
"""A goal's file, its digest, the goal's line and column there, its id, its unit's id, whether names are shown."""

Part = tuple[tuple[str, ...], tuple[int, ...]]
"""One goal's text in each of GOAL_TABLES (CSV, then JSON, table by table) and its number of rows in each."""


class GoalTables(Protocol):
    """The files of GOAL_TABLES (by index there) and their numbers of rows."""

    def csv(self, table: int) -> str: ...

    def json(self, table: int, municipality: str, created: str) -> str: ...

    def rows(self, table: int) -> int: ...


@frozen(slots=False)
class GoalParts:
    """Every goal's part of the goal tables, in the repository's order of goals (GoalTables)."""

    parts: tuple[Part, ...]
    made: int
    """How many were made in this run (the others were kept by the last)."""

    def csv(self, table: int) -> str:
        """The CSV file of GOAL_TABLES[table]."""
        return csv_header(GOAL_TABLES[table]) + "".join(part[0][2 * table] for part in self.parts)

    def json(self, table: int, municipality: str, created: str) -> str:
        records = ",\n".join(text for part in self.parts if (text := part[0][2 * table + 1]))
        return json_file(GOAL_TABLES[table], records, municipality, created)

    def rows(self, table: int) -> int:
        return sum(part[1][table] for part in self.parts)


def goal_parts(repo: Repository, show_responsible: bool, digests: Mapping[str, bytes],
               memos: Memos | None, reuse: bool = True) -> GoalParts:
    """Each goal's part of the goal tables (every row, no period left out), taken from what the last report
    kept where the goal's inputs are the same (not without `reuse`: `styr report --full`), and kept in `memos` for
    the next one (when any was made)."""
    kept = _recall(memos) if reuse else {}
    selection = Selection(repo.goals, None, show_responsible, [])
    now: dict[Key, Part] = {}
    parts: list[Part] = []
    made = 0
    for goal in repo.goals:
        key = _key(repo, goal, show_responsible, digests)
        found = kept.get(key) if key is not None else None
        if _is_part(found):
            part = found
        else:
            part = _part(repo, goal, selection)
            made += 1
        if key is not None:
            now[key] = part
        parts.append(part)
    if memos is not None and (made or len(now) != len(kept)):
        memos.remember(NAME, {"code": code_fingerprint(), "parts": now}, keep=1, suffix=SUFFIX)
    return GoalParts(tuple(parts), made)


def _recall(memos: Memos | None) -> Mapping[Key, object]:
    value = memos.recall(NAME, SUFFIX) if memos is not None else None
    if not isinstance(value, dict) or value.get("code") != code_fingerprint():  # another styr made them
        return {}
    parts = value.get("parts")
    return parts if isinstance(parts, dict) else {}


def _key(repo: Repository, goal: Goal, show_responsible: bool, digests: Mapping[str, bytes]) -> Key | None:
    digest = digests.get(goal.loc.path)
    if digest is None:  # not read from a file whose bytes are known: made every time
        return None
    unit = repo.unit_of(goal)
    return (goal.loc.path, digest, goal.loc.line, goal.loc.column, goal.id, unit.id if unit is not None else None,
            show_responsible)


def _is_part(value: object) -> TypeGuard[Part]:
    """A part of the shape `_part` makes: the memo is authenticated, but may come from a styr that kept another."""
    if type(value) is not tuple or len(value) != 2:
        return False
    texts, counts = value
    return (type(texts) is tuple and len(texts) == 2 * len(GOAL_TABLES) and all(type(t) is str for t in texts)
            and type(counts) is tuple and len(counts) == len(GOAL_TABLES) and all(type(n) is int for n in counts))


def _part(repo: Repository, goal: Goal, selection: Selection) -> Part:
    rows: dict[str, list[Row]] = {e.name: [] for e in GOAL_TABLES}
    goal_rows(repo, goal, selection, rows)
    texts: list[str] = []
    for entity in GOAL_TABLES:
        texts += [csv_body(entity, rows[entity.name]), json_records(entity, rows[entity.name])]
    return tuple(texts), tuple(len(rows[e.name]) for e in GOAL_TABLES)


def goal_table_index(name: str) -> int | None:
    """The index in GOAL_TABLES of the table `name`, None for a table of another kind."""
    return next((i for i, e in enumerate(GOAL_TABLES) if e.name == name), None)

