"""What every model-level rule check receives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from styr.model.repository import Repository


@dataclass(frozen=True)
class Context:
    """The model to check and the day it is checked on (injectable, so results are reproducible)."""

    repo: Repository
    today: date
