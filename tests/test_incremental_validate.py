"""`styr validate` after a few changed files: the per-document checks run again only on the goal and activity files
that changed (styr.rules.incremental), and every finding, in its order, is what a run without the cache finds."""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cache_files import stale_beside
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styr.app import checking, kept
from styr.app.changed import analyse_changed
from styr.app.pipeline import Analysis, Remembered, Settings, analyse, open_source, read_repository, survey_source
from styr.load import cache
from styr.load.repo import Survey
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.incremental import _part, outlined
from styr.rules.registry import CHECKS

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not part of the installed package
    sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402

EXAMPLE = ROOT / "example-repo"
TODAY = date(2026, 11, 29)
GOAL = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"
ACTIVITY = "kommun/barn-och-utbildningsnamnden/aktiviteter/trygghetsvandringar.yaml"


@pytest.fixture(autouse=True)
def cache_dir(own_cache: Path) -> Path:
    return own_cache


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("genererat") / "repo"
    generate(root, 80, seed=3)
    return root


def run(root: Path, wanted: bool | None) -> Analysis:
    return analyse(open_source(Settings(root, TODAY)), TODAY, cache=wanted)


def same_as_uncached(root: Path) -> Analysis:
    """The analysis through the cache, after checking that its findings (every field, in order) are those of a
    run without it, also as `styr validate` gives them."""
    found = run(root, None)
    assert found.diagnostics == run(root, False).diagnostics
    shown = checking.check(checking.Scope(root), today=TODAY.isoformat())
    assert shown.diagnostics == checking.check(checking.Scope(root), today=TODAY.isoformat(), cache=False).diagnostics
    return found


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the incremental path is taken, and only for what changed -------------------------------------------------


def test_only_the_changed_files_are_checked_again(repo: Path) -> None:
    # Findings of the per-document checks outside goal and activity files, kept with the context: O03, E01.
    rewrite(repo / "kommun/barn-och-utbildningsnamnden/styrkort.yaml", "chef:", "chef_förr:")
    rewrite(repo / "kommun/barn-och-utbildningsnamnden/styrkort.yaml", "avvikelse: 2300", "avvikelse: 2400")
    assert {"O03", "E01"} <= {d.code for d in same_as_uncached(repo).diagnostics}  # the first run checks all
    assert run(repo, None).rechecked == ()  # nothing changed
    rewrite(repo / GOAL, "riktning: öka", "riktning: ner")
    assert same_as_uncached(repo).rechecked == (GOAL,)
    rewrite(repo / GOAL, "riktning: ner", "riktning: öka")
    rewrite(repo / ACTIVITY, "titel: ", "titel: TODO ")
    assert same_as_uncached(repo).rechecked == tuple(sorted((ACTIVITY, GOAL)))
    assert any(d.code == "F07" and d.path == ACTIVITY for d in run(repo, None).diagnostics)


@pytest.mark.parametrize("edit", ["regler", "styrkort", "vision"])
def test_a_change_to_the_context_checks_everything_again(repo: Path, edit: str) -> None:
    same_as_uncached(repo)
    if edit == "regler":
        rewrite(repo / "styrmodell.yaml", "  U02: error", "  U02: error\n  S07: av\n  F07: error")
    elif edit == "styrkort":
        rewrite(repo / "kommun/barn-och-utbildningsnamnden/styrkort.yaml", "verksamhetsår: kalenderår",
                "verksamhetsår: läsår")
    else:
        (repo / "vision.yaml").write_text((repo / "vision.yaml").read_text(encoding="utf-8") + "# ny\n",
                                          encoding="utf-8")
    assert same_as_uncached(repo).rechecked is None
    assert run(repo, None).rechecked == ()


def test_a_new_day_checks_everything_again(repo: Path) -> None:
    run(repo, None)
    later = date(2027, 3, 1)
    found = analyse(open_source(Settings(repo, later)), later)
    assert found.rechecked is None
    assert found.diagnostics == analyse(open_source(Settings(repo, later)), later, cache=False).diagnostics


def test_a_run_at_a_revision_or_with_history_keeps_nothing(repo: Path, cache_dir: Path) -> None:
    from styr.app.pipeline import history_reader

    settings_ = Settings(repo, TODAY)
    source = open_source(settings_)
    found = analyse(source, TODAY, history_reader(source, settings_))
    assert found.rechecked is None
    assert not list(cache_dir.rglob("*.docs"))


# --- a damaged, forged or foreign memory is never used ---------------------------------------------------------


def _docs_file(cache_dir: Path) -> Path:
    (found,) = cache_dir.rglob("*.docs")
    return found


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip", "empty"])
def test_damaged_memory_is_not_used(repo: Path, cache_dir: Path, damage: str) -> None:
    run(repo, None)
    rewrite(repo / GOAL, "riktning: öka", "riktning: ner")
    path = _docs_file(cache_dir)
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": os.urandom(len(data)), "empty": b"",
                      "flip": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:]}[damage])
    assert same_as_uncached(repo).rechecked is None


def _remember(repo: Path, value: object) -> None:
    store = cache.open_store(repo, 10**7)
    assert store is not None
    store.memos.remember("per-document", value, suffix=".docs")


def test_memory_signed_with_another_key_is_not_used(repo: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    run(repo, None)
    kept = _docs_file(cache_dir).read_bytes()
    monkeypatch.setenv(cache.KEY_ENV, "en annan nyckel")
    run(repo, None)  # written again, with the other key
    monkeypatch.delenv(cache.KEY_ENV)
    forged = _docs_file(cache_dir).read_bytes()
    assert forged != kept
    _docs_file(cache_dir).write_bytes(forged)
    assert same_as_uncached(repo).rechecked is None


def _with(value: dict[str, Any], part: str, changed: Any) -> dict[str, Any]:
    return {**value, part: changed}


@pytest.mark.parametrize("shape", ["none", "text", "no-documents", "short-documents", "unknown-code",
                                   "cross-file-check-in-documents", "bad-row", "per-document-check-in-cross",
                                   "unknown-code-in-cross", "fingerprint", "counts"])
def test_memory_of_another_shape_is_not_used(repo: Path, shape: str) -> None:
    run(repo, None)
    store = cache.open_store(repo, 10**7)
    assert store is not None
    value = store.memos.recall("per-document", ".docs")
    context, elsewhere, documents = value["documents"]
    cross_index = next(i for i, c in enumerate(CHECKS) if not c.per_document and not c.history)
    own_index = next(i for i, c in enumerate(CHECKS) if c.per_document)
    row = (own_index, "S06", "warning", "falsk", GOAL, 1, 1, "")
    sha, _ = documents[GOAL]

    def goal_rows(rows: list[Any]) -> dict[str, Any]:
        return _with(value, "documents", (context, elsewhere, {**documents, GOAL: (sha, rows)}))

    changed: Any = {
        "none": None, "text": "hej", "no-documents": _with(value, "documents", None),
        "short-documents": _with(value, "documents", (context, elsewhere)),
        "unknown-code": goal_rows([(own_index, "Z99", *row[2:])]),
        "cross-file-check-in-documents": goal_rows([(cross_index, *row[1:])]),
        "bad-row": goal_rows([row[:4]]),
        "per-document-check-in-cross": _with(value, "cross", {**value["cross"], own_index: [row]}),
        "unknown-code-in-cross": _with(value, "cross", {cross_index: [(cross_index, "Z99", *row[2:])]}),
        "fingerprint": _with(value, "fingerprint", "inte bytes"), "counts": _with(value, "counts", (1, 2)),
    }[shape]
    _remember(repo, changed)
    assert kept.recall(survey_of(repo)) is None
    rewrite(repo / GOAL, "2023: 84.5", "2023: 80.5")
    found = changed_run(repo)
    assert isinstance(found, Analysis) and found.rechecked is None  # nothing kept: everything checked again
    assert found.diagnostics == run(repo, False).diagnostics


def test_a_kept_finding_is_used_only_for_the_same_bytes(repo: Path) -> None:
    """What was kept for a file is keyed by the SHA-256 of its bytes: a row kept for other bytes of the file is
    never shown (here a planted finding, under a digest the file does not have)."""
    run(repo, None)
    store = cache.open_store(repo, 10**7)
    assert store is not None
    value = store.memos.recall("per-document", ".docs")
    context, elsewhere, documents = value["documents"]
    index = next(i for i, c in enumerate(CHECKS) if c.per_document)
    planted = (index, CHECKS[index].codes[0], "warning", "planterad", GOAL, 1, 1, "")
    _remember(repo, _with(value, "documents", (context, elsewhere, {**documents, GOAL: (b"\0" * 32, [planted])})))
    found = same_as_uncached(repo)
    assert GOAL in (found.rechecked or ())
    assert not any(d.message == "planterad" for d in found.diagnostics)


# --- a few changed files, the rest of the model not built ------------------------------------------------------


def survey_of(root: Path) -> Survey:
    return survey_source(open_source(Settings(root, TODAY)))


def changed_run(root: Path) -> Remembered | Analysis:
    """What `styr validate` does when nothing was remembered for exactly these files (and no history applies)."""
    return analyse_changed(survey_of(root), TODAY)


def test_a_changed_outcome_is_checked_alone_and_combined_with_what_was_kept(repo: Path) -> None:
    same_as_uncached(repo)
    rewrite(repo / GOAL, "2023: 84.5", "2023: 104.5")  # S06: a percentage over 100
    rewrite(repo / ACTIVITY, "Två av fem skolor klara.", "Tre av fem skolor klara.")
    found = changed_run(repo)
    assert isinstance(found, Remembered)
    assert found.rechecked == tuple(sorted((ACTIVITY, GOAL)))
    assert found.diagnostics == run(repo, False).diagnostics
    assert any(d.code == "S06" and d.path == GOAL for d in found.diagnostics)
    assert found.summary == run(repo, False).summary
    rewrite(repo / GOAL, "2023: 104.5", "2023: 84.5")
    again = changed_run(repo)  # combined with what the last combination kept
    assert isinstance(again, Remembered) and again.rechecked == (GOAL,)
    assert again.diagnostics == run(repo, False).diagnostics
    # A new outcome on a line of its own moves the lines below it (the next indicator, the assessments), not the
    # goal's own keys: still combined, and what is found below it is found on its new line.
    rewrite(repo / GOAL, "2025: 85.2}", "2025: 85.2,\n              2026-Q1: 150}")
    added = changed_run(repo)
    assert isinstance(added, Remembered) and added.rechecked == (GOAL,)
    assert added.diagnostics == run(repo, False).diagnostics != again.diagnostics


def test_a_file_a_report_read_since_is_still_checked_alone(repo: Path) -> None:
    """A report (or `styr status`) after an edit reads the changed file into the cache before `styr validate`
    does: validate still finds it changed since its last run, and what it was then, and checks it alone."""
    same_as_uncached(repo)
    for outcome in ("104.5", "94.5"):  # twice, a report after each edit: the version validated is still known
        rewrite(repo / GOAL, "2023: 84.5" if outcome == "104.5" else "2023: 104.5", f"2023: {outcome}")
        read_repository(open_source(Settings(repo, TODAY)), model_only=True)
    found = changed_run(repo)
    assert isinstance(found, Remembered)
    assert found.rechecked == (GOAL,)
    assert found.diagnostics == run(repo, False).diagnostics
    assert changed_run(repo).diagnostics == found.diagnostics


def test_earlier_versions_kept_are_few(repo: Path) -> None:
    store = cache.open_store(repo, 10**7)
    assert store is not None
    entry = cache.Entry((1, 2, 3, 4, 5), b"a" * 32, True, None, b"dokument")
    for n in range(cache.EARLIER_KEPT + 5):
        store.keep_earlier(f"mål/{n}.yaml", replace(entry, sha=n.to_bytes(32, "big")))
    assert store.earlier("mål/0.yaml", (0).to_bytes(32, "big")) is None  # the oldest went
    last = cache.EARLIER_KEPT + 4
    assert store.earlier(f"mål/{last}.yaml", last.to_bytes(32, "big")) is not None
    assert len(store.entries) == cache.EARLIER_KEPT
    store.keep_only([f"mål/{last}.yaml"])
    assert list(store.entries) != [] and all(key.endswith(f"mål/{last}.yaml") for key in store.entries)
    for n in range(3 * cache.EARLIER_KEPT):  # many at once (a checkout that changed every file), then a few more
        store.put(f"mål/{n}.yaml", entry)
    for n in range(3 * cache.EARLIER_KEPT):
        store.keep_earlier(f"mål/{n}.yaml", replace(entry, sha=(n + 1000).to_bytes(32, "big")))
    earlier = [key for key in store.entries if key.startswith("\0")]
    assert len(earlier) == cache.EARLIER_KEPT
    assert store.earlier(f"mål/{3 * cache.EARLIER_KEPT - 1}.yaml", (3 * cache.EARLIER_KEPT + 999).to_bytes(32, "big"))
    store.keep_earlier("utan-dokument.yaml", replace(entry, blob=None))
    assert store.earlier("utan-dokument.yaml", entry.sha) is None


@pytest.mark.parametrize("edit", ["rename", "link", "line-above", "line-above-unmeasured", "new-indicator",
                                  "styrkort", "markdown", "new-file", "unreadable"])
def test_anything_else_checks_the_whole_repository(repo: Path, edit: str) -> None:
    goal = repo / GOAL
    if edit == "line-above-unmeasured":  # a goal with no indicator whose position could stand still, and K01
        rewrite(goal, "bidrar_till: [KF-M1]", "bidrar_till: [KF-M77]")
        rewrite(goal, "\nindikatorer:", "\nindikatorer_förr:")
    before = same_as_uncached(repo)
    if edit == "rename":
        rewrite(goal, "id: BUN-M2", "id: BUN-M9")
    elif edit == "link":
        rewrite(goal, "bidrar_till: [KF-M1]", "bidrar_till: [KF-M1, KF-M7]")
    elif edit == "line-above":  # every position below moves
        goal.write_text("# överst\n" + goal.read_text(encoding="utf-8"), encoding="utf-8")
    elif edit == "line-above-unmeasured":  # the goal starts where it did, its link moves: K01 must move with it
        rewrite(goal, "\ntitel:", "\n# en kommentar\ntitel:")
    elif edit == "new-indicator":
        rewrite(goal, "indikatorer:\n", "indikatorer:\n  - id: I9\n    namn: Ny\n")
    elif edit == "styrkort":
        rewrite(repo / "kommun/barn-och-utbildningsnamnden/styrkort.yaml", "chef:", "chef_förr:")
    elif edit == "markdown":
        next(repo.rglob("*.md")).write_text("# Ny rubrik\n", encoding="utf-8")
    elif edit == "new-file":
        (goal.parent / "kopia.yaml").write_text(goal.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        goal.write_text(goal.read_text(encoding="utf-8") + "\n  : [\n", encoding="utf-8")
    found = changed_run(repo)
    assert isinstance(found, Analysis)
    assert found.diagnostics == run(repo, False).diagnostics
    assert edit != "line-above-unmeasured" or found.diagnostics != before.diagnostics


def test_validate_takes_the_way_of_the_changed_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`styr validate` itself combines (the model of the unchanged goals is not built), and says the same."""
    from styr.app import changed

    same_as_uncached(repo)
    rewrite(repo / GOAL, "2023: 84.5", "2023: 14.5")
    built: list[int] = []
    real = changed.build

    def counting(loaded: Any, *args: Any, **kwargs: Any) -> Any:
        model = real(loaded, *args, **kwargs)
        built.append(len(model.goals))
        return model

    monkeypatch.setattr(changed, "build", counting)
    shown = checking.check(checking.Scope(repo), today=TODAY.isoformat())
    assert built == [1]
    assert shown.diagnostics == checking.check(checking.Scope(repo), today=TODAY.isoformat(), cache=False).diagnostics


# --- every per-document check is what it declares ------------------------------------------------------------


def assert_per_document(root: Path) -> None:
    """Each per-document check finds, in the files of the goals and activities, exactly what it finds when it is
    given one goal or activity at a time (and the rest of the context): what `styr.rules.incremental` relies on."""
    all_rules.load()
    loaded, model = read_repository(open_source(Settings(root, TODAY)), cache=False)
    ctx = Context(model, TODAY, tuple(loaded.problems))
    items = [*model.goals, *model.activities]
    paths = {item.path for item in items}
    for registered in (c for c in CHECKS if c.per_document):
        whole = [d for d in registered.run(ctx) if d.path in paths]
        alone = []
        for item in items:
            part = _part(model, [item] if item in model.goals else [], [item] if item in model.activities else [])
            found = [d for d in registered.run(replace(ctx, repo=part)) if d.path in paths]
            assert all(d.path == item.path for d in found), (registered.codes, item.path, found)
            alone.extend(found)
        key = lambda d: (d.path,)  # noqa: E731 — the order within a file is the check's own
        assert sorted(whole, key=key) == sorted(alone, key=key), registered.codes


def assert_outlines_suffice(root: Path) -> None:
    """Each check that is neither per document nor reads history finds the same, in the same order, when every
    goal and activity is only its outline: what `styr.app.changed` relies on."""
    all_rules.load()
    loaded, model = read_repository(open_source(Settings(root, TODAY)), cache=False)
    ctx = Context(model, TODAY, tuple(loaded.problems))
    bare = replace(ctx, repo=outlined(model))
    for registered in (c for c in CHECKS if not c.per_document and not c.history):
        assert list(registered.run(ctx)) == list(registered.run(bare)), registered.codes


def judged_from_contributors(repo: Path) -> None:
    """Make a kommun goal one without indicators, judged from the goals that contribute to it."""
    _edit(repo, "contributors", 0)
    rewrite(repo / "kommun/mål/kunskapsresultat.yaml", "\nindikatorer:", "\nindikatorer_förr:")


def test_the_other_checks_read_only_outlines(repo: Path, generated: Path) -> None:
    assert_outlines_suffice(repo)
    assert_outlines_suffice(generated)
    judged_from_contributors(repo)
    assert_outlines_suffice(repo)


def test_the_per_document_checks_are_per_document(repo: Path, generated: Path) -> None:
    assert_per_document(repo)
    assert_per_document(generated)
    # A kommun goal without indicators, judged from the goals that contribute to it: what S02 says of it depends
    # on those other goals, so its check may not be per document (a declaration that says so fails here).
    judged_from_contributors(repo)
    assert_per_document(repo)
    assert same_as_uncached(repo).diagnostics != run(EXAMPLE, False).diagnostics


def test_some_checks_are_per_document_and_the_default_is_not() -> None:
    from styr.rules.registry import check

    all_rules.load()
    assert {c.codes for c in CHECKS if c.per_document} >= {("U04",), ("S03", "S04", "S06", "S07")}
    assert not any(c.per_document for c in CHECKS if set(c.codes) & {"K01", "K06", "A02", "E03", "O01", "H01"})
    assert check.__kwdefaults__ == {"history": False, "per_document": False}


# --- random edits ----------------------------------------------------------------------------------------------

KINDS = ("outcome", "colour", "todo", "rename", "delete", "add", "break", "regler", "styrkort", "append", "vision",
         "touch", "unmeasured", "contributors")
EDITS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(min_value=0, max_value=10_000)), min_size=1,
                 max_size=4)
_VALUE = re.compile(r"(\d{4}(?:-[A-Z]\d)?\"?: )(-?\d+(?:\.\d+)?)(?=[ \t]*[,}\n])")
"""A target or an outcome, in block or flow style: `2026-Q1: 86` or `{2023: 84.5, 2024: 86.0}`."""


def _files(root: Path, part: str) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if part in p.relative_to(root).as_posix())


def _edit(root: Path, kind: str, n: int) -> None:
    items = _files(root, "/mål/") + _files(root, "/aktiviteter/")
    target = items[n % len(items)] if items else root / "vision.yaml"
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if kind == "outcome" and (values := list(_VALUE.finditer(text))):
        m = values[n % len(values)]
        text = text[:m.start(2)] + str(n % 250 - 20) + text[m.end(2):]
    elif kind == "colour":
        text = text.replace("färg: grön", "färg: röd", 1) if n % 2 else text.replace("färg: röd", "färg: grön", 1)
    elif kind == "todo":
        text = text.replace("titel: ", "titel: TODO ", 1)
    elif kind == "rename":
        text = re.sub(r"^id: (\S+)", rf"id: \g<1>X{n % 7}", text, count=1, flags=re.MULTILINE)
    elif kind == "delete" and target.exists():
        target.unlink()
        return
    elif kind == "add":
        folder = items[(n // 7) % len(items)].parent if items else root
        (folder / f"ny-{n}.yaml").write_text(text, encoding="utf-8")
        return
    elif kind == "break":
        text += "\n  : [\n"
    elif kind == "regler":
        target = root / "styrmodell.yaml"
        line = ("  S06: av", "  U04: info", "  F07: error", "  A05: av", "  U02: warning")[n % 5]
        text = target.read_text(encoding="utf-8").replace("\nregler:\n", f"\nregler:\n{line}\n", 1)
    elif kind == "styrkort":  # another kind of year, no chef (O03), a deviation that does not add up (E01)
        units = _files(root, "styrkort.yaml")
        target = units[n % len(units)]
        text = target.read_text(encoding="utf-8")
        if n % 3 == 0:
            text = (text.replace("verksamhetsår: kalenderår", "verksamhetsår: läsår") if "kalenderår" in text
                    else text.replace("verksamhetsår: läsår", "verksamhetsår: kalenderår"))
        else:
            text = text.replace("chef:", "chef_förr:", 1) if n % 3 == 1 else re.sub(r"avvikelse: \S+", "avvikelse: 7",
                                                                                   text, count=1)
    elif kind == "append":
        text += f"# {n}\n"
    elif kind == "vision":
        target = root / "vision.yaml"
        text = re.sub(r"(\n\s*- id: )(\S+)", rf"\g<1>\g<2>{n % 3}", target.read_text(encoding="utf-8"), count=1)
    elif kind == "unmeasured":  # a goal without indicators (judged from its contributors, with the next edit)
        text = text.replace("\nindikatorer:", "\nindikatorer_förr:", 1)
    elif kind == "contributors":
        target = root / "styrmodell.yaml"
        text = target.read_text(encoding="utf-8").replace("\nfärgmodell:\n", "\nfärgmodell:\n  mål_utan_indikatorer: "
                                                          "bidragande\n", 1)
    elif kind == "touch" and target.exists():
        os.utime(target, ns=(n, n))
        return
    target.write_text(text, encoding="utf-8")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated_repo=st.booleans(), rounds=st.lists(EDITS, min_size=1, max_size=3))
def test_random_edits_give_what_a_run_without_the_cache_gives(tmp_path_factory: pytest.TempPathFactory,
                                                              generated: Path, generated_repo: bool,
                                                              rounds: list[list[tuple[str, int]]]) -> None:
    root = tmp_path_factory.mktemp("slump") / "repo"
    shutil.copytree(generated if generated_repo else EXAMPLE, root)
    same_as_uncached(root)
    for edits in rounds:
        for kind, n in edits:
            _edit(root, kind, n)
        same_as_uncached(root)
    assert_per_document(root)
    assert_outlines_suffice(root)


def test_kept_findings_of_a_repository_unused_for_long_are_removed(repo: Path, cache_dir: Path) -> None:
    run(repo, None)
    own = _docs_file(cache_dir)
    stale = stale_beside(own)
    rewrite(repo / GOAL, "riktning: öka", "riktning: ner")
    run(repo, None)  # writes the pack again, which prunes
    assert own.exists() and not stale.exists()
    with pytest.raises(ValueError):
        cache.open_store(repo, 10**7).memos.remember("x", 1, suffix=".annat")  # type: ignore[union-attr]
