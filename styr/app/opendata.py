"""`styr export data` and the open data of `styr report --format html`: the repository's tables, their files,
and the DCAT-AP-SE metadata that lets the national data portal harvest them."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import cast

from styr.app.errors import AppError
from styr.app.opendata_kept import GoalTables, goal_parts, goal_table_index
from styr.app.output import write_all
from styr.app.scope import choose_period
from styr.app.workspace import open_repository, settings_for
from styr.exchange.dcat import CC0, FILE, Catalogue, dcat_rdf
from styr.exchange.opendata import (
    ENTITIES,
    GOAL_TABLES,
    ColourRows,
    Entity,
    Row,
    Selection,
    add_colours,
    colour_rows,
    entity_rows,
    reporting_periods,
    unit_rows,
)
from styr.exchange.opendata_files import (
    CSV,
    FORMATS,
    JSON,
    MEDIA_TYPES,
    README,
    SCHEMA,
    EntityFile,
    json_schema,
    opendata_files,
    readme,
    schema_file,
    table_csv,
    table_json,
)
from styr.frozen import frozen
from styr.fulfilment.evaluate import evaluate
from styr.fulfilment.results import GoalResult
from styr.load.cache import Memos
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.parallel import jobs_wanted, map_shared
from styr.suggest import did_you_mean

SITE_FOLDER = "oppna-data"
SITE_FORMATS = (CSV, JSON)


def all_tables(repo: Repository, within: Period | None) -> dict[str, list[Row]]:
    """Every table of the open data: every goal; with `within`, only its dated rows and its colours, else the
    colours of every reporting period (bokslut, delår) that has outcomes or assessments. The entities' rows and
    each period's colours are made side by side, in this process and forked helpers (styr.parallel): the model
    is only read, and what comes back is plain rows."""
    config = repo.config
    show = not config or dict(config.publishing).get("visa_ansvarig", True) is not False
    periods = [within] if within is not None else reporting_periods(repo.goals)
    chosen = Selection(repo.goals, within, show, [])

    def piece(period: Period | None) -> dict[str, list[Row]] | ColourRows:
        if period is None:  # first, so that this process (which starts at once) most likely makes it
            return entity_rows(repo, chosen)
        return colour_rows(repo.goals, period.text, evaluate(repo, period, explain=False))

    with _quiet_collector():
        done = map_shared(piece, [None, *periods], jobs_wanted())
    out = cast("dict[str, list[Row]]", done[0])
    add_colours(out, (cast("ColourRows", rows) for rows in done[1:]))
    return out


@contextmanager
def _quiet_collector() -> Iterator[None]:
    """The model is read, never freed, while the colours are judged: keep the garbage collector from scanning
    it again and again (three fourths of the time of the first period on a large repository)."""
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _catalogue(repo: Repository, formats: tuple[str, ...], today: date, folder_url: str, landing: str) -> Catalogue:
    config = repo.config
    open_data = config.open_data if config is not None else None
    return Catalogue(
        municipality=(config.municipality if config is not None else "") or "Kommunen",
        formats=[(f, MEDIA_TYPES[f]) for f in formats],
        modified=today.isoformat(),
        base=folder_url,
        licence=(open_data.licence if open_data and open_data.licence else CC0),
        contact=open_data.contact if open_data else None,
        landing=landing,
    )


def site_file_names() -> tuple[str, ...]:
    """The paths `site_files` writes, known before the files are made (the folder is checked first)."""
    per_format = [f"{SITE_FOLDER}/{e.name}.{fmt}" for fmt in SITE_FORMATS for e in ENTITIES]
    schema = [f"{SITE_FOLDER}/{SCHEMA}"] if "json" in SITE_FORMATS else []
    return (*per_format, *schema, f"{SITE_FOLDER}/{README}", f"{SITE_FOLDER}/{FILE}")


def site_files(repo: Repository, today: date, period: Period, results: Mapping[str, GoalResult],
               digests: Mapping[str, bytes] | None = None, memos: Memos | None = None, reuse: bool = True
               ) -> Iterator[tuple[str, str]]:
    """The open data a published report carries: `oppna-data/` with CSV and JSON per entity, README, schema and
    the DCAT-AP-SE file, as (path in the site, text), one file at a time (the largest are megabytes: each can
    be written and let go before the next is made); the paths are `site_file_names()`. Every goal, target,
    outcome and assessment; the colours of the report's own period (`results`, judged for the pages already),
    as the report states them. With the files' `digests` and `memos`, each goal's rows are kept as text for the
    next report, which makes only a changed goal's again (styr.app.opendata_kept); not without `reuse`."""
    config = repo.config
    show = not config or dict(config.publishing).get("visa_ansvarig", True) is not False
    # Without a cache nothing is kept for the next report: the tables are written whole, as `export data` does.
    goals: GoalTables = (goal_parts(repo, show, digests or {}, memos, reuse) if memos is not None
                         else _WholeTables(entity_rows(repo, Selection(repo.goals, None, show, []))))
    goal_colours, indicator_colours = colour_rows(repo.goals, period.text, results)
    rows = {"enheter": unit_rows(repo, repo.goals), "maluppfyllelse": goal_colours,
            "indikatorfarger": indicator_colours}
    site = config.open_data.url if config is not None and config.open_data and config.open_data.url else ""
    catalogue = _catalogue(repo, SITE_FORMATS, today, (site.rstrip("/") + f"/{SITE_FOLDER}/") if site else "",
                           "../index.html")
    municipality, created = catalogue.municipality, today.isoformat()
    for fmt in SITE_FORMATS:
        for entity in ENTITIES:
            table = goal_table_index(entity.name)
            if table is not None:
                text = goals.csv(table) if fmt == CSV else goals.json(table, municipality, created)
            else:
                text = (table_csv(entity, rows[entity.name]) if fmt == CSV
                        else table_json(entity, rows[entity.name], municipality, created))
            yield f"{SITE_FOLDER}/{entity.name}.{fmt}", text
        if fmt == JSON:
            yield f"{SITE_FOLDER}/{SCHEMA}", schema_file()
    counts = {e: goals.rows(i) if (i := goal_table_index(e.name)) is not None else len(rows[e.name])
              for e in ENTITIES}
    yield f"{SITE_FOLDER}/{README}", readme(SITE_FORMATS, municipality, catalogue.modified, catalogue.licence, counts)
    yield f"{SITE_FOLDER}/{FILE}", dcat_rdf(catalogue)


@frozen(slots=False)
class _WholeTables:
    """The goal tables made from all their rows at once (GoalTables)."""

    tables: dict[str, list[Row]]

    def csv(self, table: int) -> str:
        return table_csv(GOAL_TABLES[table], self.tables[GOAL_TABLES[table].name])

    def json(self, table: int, municipality: str, created: str) -> str:
        return table_json(GOAL_TABLES[table], self.tables[GOAL_TABLES[table].name], municipality, created)

    def rows(self, table: int) -> int:
        return len(self.tables[GOAL_TABLES[table].name])


def _readme(rows: dict[str, list[Row]], formats: tuple[str, ...], catalogue: Catalogue) -> str:
    return readme(formats, catalogue.municipality, catalogue.modified, catalogue.licence,
                  {e: len(rows.get(e.name, ())) for e in ENTITIES})


@frozen(slots=False)
class DataWritten:
    folder: Path
    files: int
    period: str | None


def export_data(path: Path, fmt: str, out: Path | None, *, period: str | None = None, force: bool = False,
                today: str | None = None, rev: str | None = None) -> DataWritten:
    """Write the open data in `fmt` (csv, json or xlsx) to the folder `out`, with README and DCAT-AP-SE
    metadata; a file that exists and differs is replaced only with `force`. Raises AppError."""
    wanted = fmt.strip().lower()
    if wanted not in FORMATS:
        hint = did_you_mean(wanted, FORMATS)
        raise AppError(" ".join(filter(None, (f"okänt format '{fmt}'.", hint, "Välj csv, json eller xlsx."))))
    if out is None:
        raise AppError("ange en utmapp med --out, t.ex. --out oppna-data/.")
    if out.exists() and not out.is_dir():
        raise AppError(f"{out} finns redan och är ingen mapp.")
    opened = open_repository(settings_for(path, today, rev), model_only=True)
    repo = opened.repo
    within = choose_period(repo, period, opened.settings.today) if period is not None else None
    rows = all_tables(repo, within)
    catalogue = _catalogue(repo, (wanted,), opened.settings.today, "", README)
    with _quiet_collector():  # the rows are hundreds of thousands of small objects beside the model
        files = _files(rows, wanted, catalogue.municipality, opened.settings.today.isoformat())
    files[README] = _readme(rows, (wanted,), catalogue)
    files[FILE] = dcat_rdf(catalogue)
    write_all({out / name: content for name, content in files.items()}, force=force)
    return DataWritten(out, len(files), within.text if within is not None else None)


SHARED_FROM = 50_000
"""Rows from which the files are made by several processes: below, starting one costs more than it saves."""


def _files(rows: dict[str, list[Row]], fmt: str, municipality: str, created: str) -> dict[str, str | bytes]:
    """`opendata_files`, each entity's file made by whichever process is free: at 20,000 files the tables are tens
    of megabytes of text, half a second of one core. The rows are only read; each file comes back as its text."""
    if sum(len(table) for table in rows.values()) < SHARED_FROM:
        return opendata_files(rows, fmt, municipality=municipality, created=created)

    def largest_first(make: Callable[[Entity], EntityFile], entities: Sequence[Entity]) -> list[EntityFile]:
        # The largest tables first, so that no process is left with a large one at the end; given back in order.
        order = sorted(entities, key=lambda e: -len(rows.get(e.name, ())))
        made = dict(zip((e.name for e in order), map_shared(make, order, jobs_wanted()), strict=True))
        return [made[e.name] for e in entities]

    return opendata_files(rows, fmt, municipality=municipality, created=created, each=largest_first)


def schema_text() -> str:
    """The JSON Schema of the open data's JSON files (`styr schema öppna-data`)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)

