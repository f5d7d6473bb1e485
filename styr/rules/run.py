"""Running the rules: loading problems and model checks become diagnostics, each through its registered rule."""

from __future__ import annotations

from collections.abc import Iterable

from styr.diagnostics import Diagnostic, Severity
from styr.load.problems import Problem
from styr.load.source import MODEL_FILE
from styr.model.types import ModelConfig
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.registry import CHECKS, REPORTED_BY
from styr.rules.x_internal import X01


def problem_diagnostics(problems: Iterable[Problem]) -> list[Diagnostic]:
    """What reading the files found (YAML and the schemas), each reported by its rule at its default severity."""
    all_rules.load()
    return [REPORTED_BY[p.kind].report(p) for p in problems]


def run_checks(ctx: Context, *, history_only: bool = False) -> list[Diagnostic]:
    """Every registered model check, in registration order. The checks that read Git history run only when the
    context has a history reader (`history_only`: only those). A check that crashes is reported as X01 and the
    others still run."""
    all_rules.load()
    found: list[Diagnostic] = []
    for registered in CHECKS:
        if (registered.history and ctx.history is None) or (history_only and not registered.history):
            continue
        try:
            found.extend(registered.run(ctx))
        except Exception as exc:  # a bug in one rule must not hide every other finding
            found.append(X01.diag(f"Internt fel i regel {', '.join(registered.codes)}: {exc!r}.", MODEL_FILE))
    return found


def check_repository(ctx: Context) -> list[Diagnostic]:
    """Everything the rules find: the loading problems first, then the model checks (unsorted, unconfigured)."""
    return [*problem_diagnostics(ctx.problems), *run_checks(ctx)]


def configure(diagnostics: Iterable[Diagnostic], config: ModelConfig | None) -> list[Diagnostic]:
    """`regler:` in styrmodell.yaml changes a rule's severity or turns it off (`av`)."""
    overrides = dict(config.rule_overrides) if config else {}
    out: list[Diagnostic] = []
    for d in diagnostics:
        wanted = overrides.get(d.code)
        if wanted is None:
            out.append(d)
        elif wanted == "av":
            continue
        else:
            try:
                out.append(d.with_severity(Severity(wanted)))
            except ValueError:
                out.append(d)
    return out
