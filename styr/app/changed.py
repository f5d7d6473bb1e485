"""`styr validate` after a few goal or activity files changed: the last validation's findings, with only those
files modelled and checked again, when nothing the checks that read the whole repository see has changed.

The last full validation kept (styr.app.kept) what every check found: the per-document checks per goal and
activity file, the others as a whole, with the fingerprint of every file. A later run takes this way when
- every file but a few goal and activity files is as it was then (same listing, same bytes: the fingerprint with
  those files' earlier digests is the one kept), and the context is the same (styr.rules.incremental), and
- each of those files is still a goal or an activity with the same outline (styr.rules.incremental.outline: what
  the checks that read the whole repository may see of it, positions included) as the version the parse cache
  holds from then (kept as an earlier version when another command, a report, has read the file since).
Then what those checks found still holds, the per-document checks run on the changed files alone, and only the
configuration, the vision, the units and the changed files are modelled. Otherwise the repository is analysed
whole (styr.app.pipeline), with what was kept per file still reused. The findings are the same either way.
"""

from __future__ import annotations

from datetime import date

from styr.app import kept
from styr.app.pipeline import Analysis, Remembered, analyse_loaded, analyse_survey, context_key, remember
from styr.diagnostics import sorted_diagnostics
from styr.load.repo import Loaded, Survey, long_lived
from styr.load.schema_files import DocKind
from styr.model.build import build, item
from styr.model.types import Activity, Goal
from styr.rules.context import Context
from styr.rules.incremental import Incremental, recheck, same_outline
from styr.rules.outcome import Summary
from styr.rules.registry import CHECKS, restore
from styr.rules.run import configure, problem_diagnostics, run_checks, run_one
from styr.wording.collation import sort_key

LIMIT = 64
"""More changed files than this: a whole analysis (each one costs two models and a comparison here)."""
_ITEMS = (DocKind.MAL, DocKind.AKTIVITET)


def analyse_changed(found: Survey, today: date) -> Remembered | Analysis:
    """The findings of a repository without a history reader (as `analyse_survey`), taking the way described
    above when it can."""
    before = kept.recall(found)
    earlier = _earlier(found, before) if before is not None else None
    if before is None or earlier is None:
        return analyse_survey(found, today)
    with long_lived():
        loaded = found.load()
        fast = _combined(found, loaded, before, earlier, today)
        if fast is not None:
            return fast
        repo = build(loaded, sort_key)
    return analyse_loaded(found, loaded, repo, today)


def _earlier(found: Survey, before: kept.Kept) -> dict[str, Goal | Activity] | None:
    """The changed files as they were at the last full validation, when every other file is as it was then."""
    documents = before.documents.documents
    # Not only what the cache does not hold: a report or `styr status` may have read a changed file since.
    changed = found.differing({path: kept_file[0] for path, kept_file in documents.items()})
    if not changed or len(changed) > LIMIT or any(kind not in _ITEMS or path not in documents
                                                  for path, kind, _ in changed):
        return None
    shas = {path: documents[path][0] for path, _, _ in changed}
    if found.fingerprint_with(shas) != before.fingerprint:
        return None
    out: dict[str, Goal | Activity] = {}
    for path, sha in shas.items():
        doc = found.earlier_document(path, sha)
        was = item(doc) if doc is not None else None
        if was is None:
            return None
        out[path] = was
    return out


def _combined(found: Survey, loaded: Loaded, before: kept.Kept, earlier: dict[str, Goal | Activity], today: date
              ) -> Remembered | None:
    """The findings from what was kept and the changed files checked again, or None when an outline changed or
    what was kept cannot be used."""
    now = {ld.path: item(ld) for ld in loaded.documents(lambda path, _: path in earlier)}
    if loaded.fingerprint is None or now.keys() != earlier.keys():
        return None
    if not all(new is not None and same_outline(earlier[path], new) for path, new in now.items()):
        return None
    repo = build(loaded, sort_key, wanted=lambda path, kind: kind not in _ITEMS or path in earlier)
    ctx = Context(repo, today, tuple(loaded.problems))
    inc = Incremental(context_key(loaded, today), loaded.digests, before.documents)
    per_document = recheck(ctx, inc, run_one)
    if per_document is None or inc.kept is None:
        return None
    known = {**per_document, **{i: [restore(*r[1:]) for r in rows] for i, rows in before.cross.items()}}
    if known.keys() != {i for i, c in enumerate(CHECKS) if not c.history}:
        return None
    checked = [*problem_diagnostics(loaded.problems), *run_checks(ctx, known=known)]
    diagnostics = tuple(sorted_diagnostics(configure(checked, repo.config)))
    summary = Summary(*before.counts, files=len(loaded.files))
    remember(found, loaded, today, diagnostics, summary)
    kept.remember(found, inc.kept, {i: known[i] for i in before.cross}, loaded.fingerprint, before.counts)
    return Remembered(found.source, loaded, diagnostics, summary, inc.rechecked or ())
