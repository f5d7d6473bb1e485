"""Running the rules: loading problems and model checks become diagnostics, each through its registered rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from styr.diagnostics import Diagnostic, Severity
from styr.load.problems import Problem
from styr.load.source import MODEL_FILE
from styr.model.types import ModelConfig
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.incremental import Incremental, per_document_findings
from styr.rules.registry import CHECKS, REPORTED_BY, RegisteredCheck, code_of
from styr.rules.x_internal import X01


def problem_diagnostics(problems: Iterable[Problem]) -> list[Diagnostic]:
    """What reading the files found (YAML and the schemas), each reported by its rule at its default severity."""
    all_rules.load()
    return [REPORTED_BY[p.kind].report(p) for p in problems]


def run_checks(ctx: Context, *, history_only: bool = False, known: Mapping[int, list[Diagnostic]] | None = None,
               record: dict[int, list[Diagnostic]] | None = None) -> list[Diagnostic]:
    """Every registered model check, in registration order. The checks that read Git history run only when the
    context has a history reader (`history_only`: only those). A check that crashes is reported as X01 and the
    others still run. `known`: what some checks (by index in CHECKS) have found already; `record`: where to put
    what each check that ran found."""
    all_rules.load()
    found: list[Diagnostic] = []
    for index, registered in enumerate(CHECKS):
        if (registered.history and ctx.history is None) or (history_only and not registered.history):
            continue
        if known is not None and index in known:
            found.extend(known[index])
            continue
        mine = run_one(registered, ctx)[0]
        if record is not None:
            record[index] = mine
        found.extend(mine)
    return found


def run_one(registered: RegisteredCheck, ctx: Context) -> tuple[list[Diagnostic], bool]:
    """What one check finds, and whether it failed: a check that crashes is reported as X01 (after what it found
    before), so that a bug in one rule does not hide every other finding."""
    found: list[Diagnostic] = []
    try:
        found.extend(registered.run(ctx))
    except Exception as exc:
        found.append(X01.diag(f"Internt fel i regel {', '.join(registered.codes)}: {exc!r}.", MODEL_FILE))
        return found, True
    return found, False


def check_repository(ctx: Context, incremental: Incremental | None = None) -> list[Diagnostic]:
    """Everything the rules find: the loading problems first, then the model checks (unsorted, unconfigured).
    `incremental`: reuse what the per-document checks found in files that did not change (see
    styr.rules.incremental); the findings are the same, up to the order of findings in different files."""
    all_rules.load()
    known = per_document_findings(ctx, incremental, run_one) if incremental is not None else None
    record = incremental.cross if incremental is not None else None
    return [*problem_diagnostics(ctx.problems), *run_checks(ctx, known=known, record=record)]


def configure(diagnostics: Iterable[Diagnostic], config: ModelConfig | None, base: ModelConfig | None = None
              ) -> list[Diagnostic]:
    """`regler:` in styrmodell.yaml changes a rule's severity or turns it off (`av`). `base`: in a `--base` run,
    the configuration at the base. The rules that read Git history protect what was decided, so for them the
    base's setting holds — or the current one where that is stricter: turning U06 off in the same change that
    edits a closed outcome does not hide the edit."""
    overrides = severities(config)
    protected = history_codes() if base is not None else frozenset()
    then = severities(base)
    out: list[Diagnostic] = []
    for d in diagnostics:
        found = _configured(d, overrides.get(d.code))
        if d.code in protected:
            found = _stricter(found, _configured(d, then.get(d.code)))
        if found is not None:
            out.append(found)
    return out


def severities(config: ModelConfig | None) -> dict[str, str]:
    """`regler:` by rule code: a rule may be named by its code (S07) or its readable name (mal-utan-aktivitet);
    when both name one rule, the later line wins. A key that names no rule is left out (F05 reports it)."""
    all_rules.load()
    out: dict[str, str] = {}
    for key, level in config.rule_overrides if config is not None else ():
        code = code_of(key)
        if code is not None:
            out[code] = level
    return out


def history_codes() -> frozenset[str]:
    """The codes of the rules whose checks read Git history (U06, H01, H02, H03)."""
    all_rules.load()
    return frozenset(r.code for c in CHECKS if c.history for r in c.rules)


def _configured(d: Diagnostic, wanted: str | None) -> Diagnostic | None:
    if wanted is None:
        return d
    if wanted == "av":
        return None
    try:
        return d.with_severity(Severity(wanted))
    except ValueError:
        return d


def _stricter(a: Diagnostic | None, b: Diagnostic | None) -> Diagnostic | None:
    if a is None or b is None:
        return a or b
    return a if a.severity.rank <= b.severity.rank else b
