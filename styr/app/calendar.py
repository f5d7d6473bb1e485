"""`styr årshjul`: the year's cycle from styrmodell.yaml (only that file is read), and writing it to a file."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from styr.app.errors import AppError, refusals
from styr.app.output import write_unless_same
from styr.app.pipeline import Settings, open_source, read_repository
from styr.app.workspace import settings_for
from styr.frozen import frozen
from styr.load.source import MODEL_FILE, Source
from styr.model.types import ModelConfig, WheelItem
from styr.render.views import WheelView

FIRST_YEAR, LAST_YEAR = 1900, 2999


WheelRenderer = Callable[[WheelView], str]


@frozen(slots=False)
class Wheel:
    """The årshjul as rendered (empty when the model has none yet), notes on items that cannot be shown, and
    where it went: `target` None for standard output, else whether the file was written or already current."""

    text: str
    count: int
    notes: tuple[str, ...] = ()
    target: Path | None = None
    written: bool = False


def wheel(path: Path, render: WheelRenderer, *, today: str | None = None, year: str | None = None,
          out: Path | None = None, force: bool = False) -> Wheel:
    """The årshjul of the goal repository at `path`, rendered by `render` and written to `out` (None or '-':
    standard output). `year` is the year a calendar file is for (default: this year). Raises AppError."""
    chosen_year = parse_year(year) if year is not None else None
    settings = settings_for(path, today)
    config = _model(settings)
    items, skipped = usable_items(config.wheel)
    notes = tuple(f"obs! årshjulets punkt '{i.title}' har månad {i.month}, som inte finns (1–12); den visas inte. "
                  "Kör 'styr validate'." for i in skipped)
    if not items:  # not an error: the årshjul is optional in styrmodell.yaml
        return Wheel("", 0, notes)
    text = render(WheelView(tuple(items), settings.today, config.municipality, chosen_year or settings.today.year))
    if out is None or str(out) == "-":
        return Wheel(text, len(items), notes)
    written = write_unless_same(out, text, force=force, example="arshjul.ics")
    return Wheel(text, len(items), notes, out, written)


def parse_year(value: str) -> int:
    raw = value.strip()
    if not re.fullmatch(r"\d{4}", raw) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise AppError(f"ogiltigt år '{value}': skriv ett årtal med fyra siffror mellan {FIRST_YEAR} och "
                       f"{LAST_YEAR}, t.ex. 2027.")
    return int(raw)


class _ModelFileOnly:
    """A source that shows only styrmodell.yaml: the årshjul needs nothing else, and reading a large
    repository's thousands of goal files would only make the command slow."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.label = inner.label

    def list_files(self) -> list[str]:
        return [MODEL_FILE] if self.inner.exists(MODEL_FILE) else []

    def read_bytes(self, path: str) -> bytes:
        return self.inner.read_bytes(path)

    def exists(self, path: str) -> bool:
        return self.inner.exists(path)


def _model(settings: Settings) -> ModelConfig:
    with refusals():
        loaded, repo = read_repository(_ModelFileOnly(open_source(settings)))
    if repo.config is None:
        first = next((p for p in loaded.problems if p.path == MODEL_FILE), None)
        detail = f" (rad {first.line}: {first.message.rstrip('.')})" if first else ""
        raise AppError(f"{MODEL_FILE} kunde inte läsas{detail}. Kör 'styr validate' för detaljer.")
    return repo.config


def usable_items(wheel: Sequence[WheelItem]) -> tuple[list[WheelItem], list[WheelItem]]:
    """The items in month order (file order within a month), and those whose month does not exist."""
    good = sorted((i for i in wheel if 1 <= i.month <= 12), key=lambda i: i.month)
    return good, [i for i in wheel if not 1 <= i.month <= 12]

