"""`styr report` into a folder it wrote before makes again only the pages whose inputs changed: after any edit the
folder is byte for byte what a full run into an empty folder writes, a run with nothing changed makes no page,
one changed goal leaves most pages alone, and `--full`, a changed page file or a changed template make pages again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report_history import KARIN, app, commit, git
from typer.testing import CliRunner

from styr.render.site import overview
from styr.render.site.pages import ViewBuilder
from styr.render.site.site import MANIFEST
from styr.render.site.view import Page, PagePlan
from styr.resources import data_dir

EXAMPLE = Path(__file__).resolve().parent.parent / "example-repo"
TODAY = "2026-12-06"
KEPT = re.compile(r": (\d+) av dem var oförändrade sedan förra körningen")


def report(repo: Path, out: Path, *args: str) -> int:
    """Run `styr report`; returns how many pages were left as the last run wrote them."""
    result = CliRunner().invoke(app, ["report", str(repo), "--out", str(out), "--date", TODAY, *args])
    assert result.exit_code == 0, result.output
    found = KEPT.search(result.output)
    return int(found.group(1)) if found else 0


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def assert_same_site(incremental: Path, full: Path) -> None:
    a, b = tree(incremental), tree(full)
    assert sorted(a) == sorted(b)
    differing = [rel for rel in a if a[rel] != b[rel]]
    assert not differing, f"sidor som inte gjordes om fast de ändrats: {differing[:5]}"


def unit_pages(out: Path) -> list[Path]:
    return [p for k in ("styrkort", "malrapport", "verksamhetsplan") for p in (out / k).glob("*.html")]


def all_pages(out: Path) -> list[Path]:
    """Every page: the units', the start page and the pages of 'Alla mål'."""
    return [*unit_pages(out), out / "index.html", *sorted((out / "alla-mal").glob("*.html"))]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(EXAMPLE, dest)
    git(dest, "init", "-q")
    commit(dest, "Mål och styrkort", KARIN, "2026-09-01T09:00:00+02:00")
    return dest


# -- edits a person makes in a goal repository ------------------------------------------------------------------


def _files(repo: Path, pattern: str) -> list[Path]:
    return sorted(repo.rglob(pattern))


def _goals(repo: Path) -> list[Path]:
    return [p for p in _files(repo, "*.yaml") if p.parent.name == "mål"]


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE), encoding="utf-8")


def outcome(repo: Path, rnd: random.Random) -> None:
    goal = rnd.choice([p for p in _goals(repo) if "utfall: {" in p.read_text(encoding="utf-8")])
    _sub(goal, r"(utfall: \{[^}]*?: )-?\d+(?:\.\d+)?", rf"\g<1>{rnd.randint(0, 120)}")


def title(repo: Path, rnd: random.Random) -> None:
    _sub(rnd.choice(_goals(repo)), r"^titel: .*$", f"titel: Ett nytt mål {rnd.randint(1, 99)}")


def colour(repo: Path, rnd: random.Random) -> None:
    _sub(rnd.choice(_goals(repo)), r"^(\s+färg: )\S+$", rf"\g<1>{rnd.choice(['grön', 'gul', 'röd'])}")


def unit_name(repo: Path, rnd: random.Random) -> None:
    _sub(rnd.choice(_files(repo, "styrkort.yaml")), r"^namn: .*$", f"namn: Enhet {rnd.randint(1, 99)}")


def delete(repo: Path, rnd: random.Random) -> None:
    rnd.choice([*_goals(repo), *_files(repo, "aktiviteter/*.yaml")]).unlink()


def add_goal(repo: Path, rnd: random.Random) -> None:
    source = rnd.choice(_goals(repo))
    new = source.with_name(f"nytt-{rnd.randint(1, 9999)}.yaml")
    new.write_text(re.sub(r"^id: .*$", f"id: NY-{rnd.randint(1, 9999)}", source.read_text(encoding="utf-8"),
                          count=1, flags=re.MULTILINE), encoding="utf-8")


def contributes(repo: Path, rnd: random.Random) -> None:
    ids = [m.group(1) for p in _goals(repo) if (m := re.search(r"^id: (.*)$", p.read_text(encoding="utf-8"),
                                                                re.MULTILINE))]
    _sub(rnd.choice(_goals(repo)), r"^bidrar_till: .*$", f"bidrar_till: [{rnd.choice(ids)}]")


def plan_text(repo: Path, rnd: random.Random) -> None:
    section = rnd.choice(_files(repo, "verksamhetsplan/*.md"))
    section.write_text(section.read_text(encoding="utf-8") + f"\nEtt tillägg, nummer {rnd.randint(1, 99)}.\n",
                       encoding="utf-8")


def model(repo: Path, rnd: random.Random) -> None:
    _sub(repo / "styrmodell.yaml", r"^kommun: .*$", f"kommun: Ekeby {rnd.randint(1, 99)}")


def vision(repo: Path, rnd: random.Random) -> None:
    _sub(repo / "vision.yaml", r"^(\s+namn: ).*$", rf"\g<1>Målområde {rnd.randint(1, 99)}")


EDITS: list[Callable[[Path, random.Random], None]] = [outcome, title, colour, unit_name, delete, add_goal,
                                                      contributes, plan_text, model, vision]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 2**32)), min_size=1, max_size=3))
def test_incremental_equals_full_after_random_edits(tmp_path_factory: pytest.TempPathFactory,
                                                     edits: list[tuple[Callable[[Path, random.Random], None], int]]
                                                     ) -> None:
    base = tmp_path_factory.mktemp("inkrementell")
    repo = base / "repo"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q")
    commit(repo, "Mål och styrkort", KARIN, "2026-09-01T09:00:00+02:00")
    out = base / "ut"
    # 'Alla mål' in pages of four goals, as a large kommun's: a new title moves goals between pages.
    with mock.patch.object(overview, "ALL_GOALS_PAGE", 4):
        report(repo, out)
        assert len(list((out / "alla-mal").glob("*.html"))) > 3
        for n, (edit, seed) in enumerate(edits, 1):
            edit(repo, random.Random(seed))
            # An edit may leave the file as it was (a colour set to the one it had): a commit with no change.
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "--no-verify", "--allow-empty", "-m", f"Ändring {n}", author=KARIN,
                when=f"2026-10-{n:02d}T09:00:00+02:00")
            report(repo, out)
            fresh = base / f"full-{n}"
            report(repo, fresh, "--full")
            assert_same_site(out, fresh)


def test_nothing_changed_makes_no_page(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ut"
    assert report(repo, out) == 0
    pages = all_pages(out)
    stamps = {p: p.stat().st_mtime_ns for p in pages}
    made = _made_pages(monkeypatch)
    assert report(repo, out) == len(pages)
    assert made == []
    assert {p: p.stat().st_mtime_ns for p in pages} == stamps


def _made_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the pages the next reports make (build), in the order they make them."""
    made: list[str] = []
    build = ViewBuilder.build

    def recording(self: ViewBuilder, plan: PagePlan) -> Page:
        made.append(plan.path)
        return build(self, plan)

    monkeypatch.setattr(ViewBuilder, "build", recording)
    return made


def test_a_changed_outcome_makes_the_page_of_alla_mal_that_lists_its_goal(repo: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overview, "ALL_GOALS_PAGE", 4)
    out = tmp_path / "ut"
    report(repo, out)
    goal = repo / "kommun/socialnamnden/aldreomsorg/hemtjansten/mål/kontaktperson.yaml"
    goal_id = re.search(r"^id: (.*)$", goal.read_text(encoding="utf-8"), re.MULTILINE).group(1)  # type: ignore[union-attr]
    listing = sorted((out / "alla-mal").glob("*.html"))
    assert len(listing) > 3
    holding = [f"alla-mal/{p.name}" for p in listing if f">{goal_id} ".encode() in p.read_bytes()]
    assert len(holding) == 1
    _sub(goal, r"(utfall: \{[^}]*?: )-?\d+(?:\.\d+)?", r"\g<1>3")
    commit(repo, "Nytt utfall", KARIN, "2026-10-01T09:00:00+02:00")
    made = _made_pages(monkeypatch)
    report(repo, out)
    assert [p for p in made if p.startswith("alla-mal/")] == holding
    assert "index.html" in made  # it counts every unit's results
    fresh = tmp_path / "full"
    report(repo, fresh, "--full")
    assert_same_site(out, fresh)


@pytest.mark.parametrize("cache", ["1", "0"])  # with the cache a goal is named by its file's digest, without by value
def test_one_changed_outcome_makes_its_pages_and_not_the_rest(repo: Path, tmp_path: Path, cache: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYR_CACHE", cache)
    out = tmp_path / "ut"
    report(repo, out)
    goal = repo / "kommun/socialnamnden/aldreomsorg/hemtjansten/mål/kontaktperson.yaml"
    text = goal.read_text(encoding="utf-8")
    changed = re.sub(r"(utfall: \{[^}]*?: )-?\d+(?:\.\d+)?", r"\g<1>3", text, count=1)
    assert changed != text
    goal.write_text(changed, encoding="utf-8")
    commit(repo, "Nytt utfall", KARIN, "2026-10-01T09:00:00+02:00")
    before = {p: p.read_bytes() for p in unit_pages(out)}
    open_data = {p: p.stat().st_mtime_ns for p in (out / "oppna-data").iterdir()}
    kept = report(repo, out)
    assert 0 < kept < len(before)
    remade = {p for p, data in before.items() if p.read_bytes() != data}
    assert out / "styrkort/sn-ao-ht.html" in remade
    assert out / "verksamhetsplan/bun.html" not in remade
    # The open-data files that hold the outcome are written again; the others are left as they were.
    rewritten = {p.name for p, stamp in open_data.items() if p.stat().st_mtime_ns != stamp}
    assert {"utfall.csv", "utfall.json"} <= rewritten
    assert not rewritten & {"mal.csv", "mal.json", "enheter.csv", "indikatorer.json", "dcat.rdf", "schema.json"}
    fresh = tmp_path / "full"
    report(repo, fresh, "--full")
    assert_same_site(out, fresh)


SN_AO = "kommun/socialnamnden/aldreomsorg"
SBN_BM_M1 = "kommun/samhallsbyggnadsnamnden/bygg-och-miljo/mål/kompletta-ansokningar.yaml"


@pytest.mark.parametrize(("path", "pattern", "replacement", "some_kept"), [
    # SN-AO's goals link to SN-M1 by its title; SN is above SN-AO, not below it.
    ("kommun/socialnamnden/mål/trygg-hemtjanst.yaml", r"^titel: .*$", "titel: Tryggare hemtjänst", True),
    # A goal of another nämnd joins SN-AO-M2's goal chain, which SN-AO's styrkort draws.
    (SBN_BM_M1, r"^bidrar_till: .*$", "bidrar_till: [SN-AO-M2]", True),
    # A focus area of the vision, which goals link to: every page is made again.
    ("vision.yaml", r"^(\s+namn: ).*$", r"\g<1>Ett gott liv för alla", False),
])
def test_a_change_shown_elsewhere_remakes_those_pages(repo: Path, tmp_path: Path, path: str, pattern: str,
                                                      replacement: str, some_kept: bool) -> None:
    out = tmp_path / "ut"
    report(repo, out)
    before = (repo / path).read_text(encoding="utf-8")
    _sub(repo / path, pattern, replacement)
    assert (repo / path).read_text(encoding="utf-8") != before
    commit(repo, "Ändring", KARIN, "2026-10-01T09:00:00+02:00")
    assert (report(repo, out) > 0) is some_kept
    fresh = tmp_path / "full"
    report(repo, fresh, "--full")
    assert_same_site(out, fresh)


def test_full_makes_every_page_and_the_next_run_builds_on_it(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    report(repo, out)
    assert report(repo, out, "--full") == 0
    assert report(repo, out) == len(all_pages(out))


def test_a_page_changed_by_hand_is_made_again(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    report(repo, out)
    page = unit_pages(out)[0]
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</main>", b"<p>handskrivet</p></main>"))
    # styr does not overwrite a file someone changed: the run is refused, and the page stays theirs.
    result = CliRunner().invoke(app, ["report", str(repo), "--out", str(out), "--date", TODAY])
    assert result.exit_code == 2
    assert b"handskrivet" in page.read_bytes()
    page.write_bytes(original)  # put back byte for byte: its file's identity (ctime) still differs
    stamps = {p: p.stat().st_mtime_ns for p in all_pages(out)}
    kept = report(repo, out)
    assert 0 < kept < len(stamps)
    assert page.read_bytes() == original
    assert page.stat().st_mtime_ns == stamps[page]  # made again and found the same: the file is left alone


def test_own_templates_changed_make_pages_again(repo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "mallar" / "html"
    templates.mkdir(parents=True)
    out = tmp_path / "ut"
    report(repo, out, "--templates", str(templates.parent))
    shutil.copy(data_dir("templates") / "html/base.html.j2", templates / "base.html.j2")
    _sub(templates / "base.html.j2", r"</main>", "<p>Kommunens egen mall</p></main>")
    assert report(repo, out, "--templates", str(templates.parent)) == 0
    assert all(b"Kommunens egen mall" in p.read_bytes() for p in all_pages(out))


def test_manifest_records_what_each_page_was_made_from(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    report(repo, out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    recorded = manifest["indata"]
    open_data = {f"oppna-data/{p.name}" for p in (out / "oppna-data").iterdir()}
    assert set(recorded) == {str(p.relative_to(out)) for p in all_pages(out)} | open_data
    # An open-data file is made from its content: its digest is its fingerprint.
    assert all(recorded[rel][0] == hashlib.sha256((out / rel).read_bytes()).hexdigest() for rel in open_data)
    assert all(re.fullmatch(r"[0-9a-f]{64}", entry[0]) and len(entry) == 5 for entry in recorded.values())
    # A manifest whose records are not of that shape is no reason to fail: the pages are made again.
    manifest["indata"] = {rel: ["inte en fingeravtryck", 1, 2, 3, 4] for rel in recorded}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert report(repo, out) == 0
    again = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["indata"]
    assert {rel: entry[0] for rel, entry in again.items()} == {rel: entry[0] for rel, entry in recorded.items()}


def test_fingerprints_are_the_same_in_another_process(repo: Path, tmp_path: Path) -> None:
    """Two runs are two processes, with their own hash seeds: nothing in a fingerprint may follow set order."""
    out = tmp_path / "ut"
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "STYR_CACHE": "0"}
        runs.append(subprocess.run([sys.executable, "-m", "styr", "report", str(repo), "--out", str(out), "--date",
                                    TODAY], env=env, capture_output=True, text=True, check=False))
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    found = KEPT.search(runs[1].stdout)
    assert found is not None and int(found.group(1)) == len(all_pages(out))


def test_a_run_in_steps_that_stops_leaves_the_pages_it_kept_as_styrs(tmp_path: Path) -> None:
    """A kept page is not written again, so the journal does not name it: the manifest, which stays until a run
    ends well, does. The next run therefore neither refuses it nor loses it."""
    from styr.render.site.site import JOURNAL, OutputFolder

    out = tmp_path / "ut"
    report(EXAMPLE, out, "--no-history")
    page = "styrkort/bun.html"
    folder = OutputFolder.open(out)
    mark = folder.previous_inputs[page][0]
    folder.begin([page, "index.html"])
    assert folder.unchanged(page, mark)
    folder.keep(page)
    folder.write("index.html", "avbruten")  # the run stops here: no finish()
    assert page not in (out / JOURNAL).read_text(encoding="utf-8")
    again = OutputFolder.open(out)
    assert again.previous[page] == folder.previous[page]
    assert report(EXAMPLE, out, "--no-history") > 0
    assert not (out / JOURNAL).exists()
    full = tmp_path / "hel"
    report(EXAMPLE, full, "--no-history", "--full")
    assert_same_site(out, full)


def test_a_page_of_alla_mal_is_fingerprinted_by_its_goals_and_where_the_pages_split(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each part of the fingerprint, taken away, lets a stale page through: the goals the page lists, in order, and
    # the titles every page begins and ends with (its links to the other pages show their initials).
    from styr.render.site import render

    monkeypatch.setattr(overview, "ALL_GOALS_PAGE", 4)
    jobs: list[render._Job] = []
    marks = render._Job.marks

    def seen(self: render._Job, group: list[PagePlan]) -> dict[str, str]:
        jobs.append(self)
        return marks(self, group)

    monkeypatch.setattr(render._Job, "marks", seen)
    report(repo, tmp_path / "ut")
    builder, inputs = jobs[0].builder, jobs[0].inputs
    plan = next(p for p in builder.plan() if p.number == 2)
    template = builder.template_for(plan)
    found = inputs.of_overview(plan, template)
    assert inputs.of_overview(plan, template) == found
    chunk, bounds = builder.all_goals_chunk(2), builder.all_goals_bounds()
    assert len(chunk) > 1 and len(bounds) > 2
    monkeypatch.setattr(builder, "all_goals_chunk", lambda n: chunk[::-1] if n == 2 else chunk)
    assert inputs.of_overview(plan, template) != found
    monkeypatch.setattr(builder, "all_goals_chunk", lambda n: chunk)
    assert inputs.of_overview(plan, template) == found
    first, last = bounds[-1]
    renamed = [*bounds[:-1], (first, dataclasses.replace(last, title=f"Ö {last.title}"))]
    monkeypatch.setattr(builder, "all_goals_bounds", lambda: renamed)
    assert inputs.of_overview(plan, template) != found


def test_a_results_state_holds_every_field_of_it() -> None:
    """The page fingerprints take a result as plain values (inputs.result_state), not by its repr: every field but
    the goal (and the indicator: both stand for themselves by their file's digest) is there, and two results
    whose reprs differ have different states."""
    from dataclasses import fields

    from styr.app.pipeline import read_repository
    from styr.fulfilment.evaluate import evaluate
    from styr.fulfilment.results import GoalResult, IndicatorResult
    from styr.load.source import WorkTree
    from styr.model.periods import parse_period
    from styr.model.types import Assessment
    from styr.render.site.inputs import _indicator_state, result_state

    repo = read_repository(WorkTree(EXAMPLE), cache=False, model_only=True)[1]
    results = [r for period in ("2025", "2026-H1", "2026-Q3", "2026-T2")
               for r in evaluate(repo, parse_period(period)).values()]
    assert any(r.assessment is not None for r in results) and any(r.forecast is not None for r in results)
    states = [result_state(r) for r in results]
    assert all(s is not None and len(s) == len(fields(GoalResult)) - 1 for s in states)
    indicators = [i for r in results for i in r.indicators]
    assert indicators and all(len(_indicator_state(i)) == len(fields(IndicatorResult)) - 1 for i in indicators)
    by_repr: dict[str, object] = {}
    for r, state in zip(results, states, strict=True):
        assert by_repr.setdefault(repr(r), state) == state
    assert len(set(map(repr, states))) == len(by_repr)
    assert result_state(None) is None
    assessed = next(r for r in results if r.assessment is not None)
    shown = result_state(assessed)
    assert shown is not None
    assert len(shown[6]) == len(fields(Assessment)) - 2  # all but its positions in the goal's file (loc, locs)


def test_a_fingerprint_depends_on_values_alone() -> None:
    # Pickled without a memo: the same values give the same digest whether or not they are the same objects (two
    # processes share fewer objects than one), different values a different one, and a part pickle refuses is
    # taken by its repr rather than stopping the report.
    from styr.model.periods import parse_period
    from styr.render.site.inputs import _digest

    word = "".join(["utfall", "et"])
    shared = (word, word, parse_period("2026-Q3"), 1.5)
    copied = ("utfallet", "".join(["utfall", "et"]), parse_period("2026-Q3"), 1.5)
    assert shared[0] is shared[1] and copied[0] is not copied[1]
    assert _digest([shared, {"a": [shared, shared]}]) == _digest([copied, {"a": [copied, copied]}])
    assert _digest([shared]) != _digest([(*shared[:3], 1.25)])
    assert _digest([True]) != _digest([1]) and _digest([0.0]) != _digest([-0.0])
    unpicklable = (lambda: None)  # noqa: E731 — a value pickle refuses
    assert _digest(["x", unpicklable]) == _digest(["x", unpicklable]) != _digest(["x"])


class _Counted:
    """A progress bar that remembers what it was told."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, steps: int = 1) -> None:
        self.done += steps


def test_the_progress_bar_counts_kept_pages_and_made_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A page kept as it was counts as done, as one made again does: the bar ends full either way.
    from styr.render.site import progress

    bars: list[_Counted] = []

    def counted(quiet: bool, stream: object = None, description: str = "") -> _Counted:
        bars.append(_Counted())
        return bars[-1]

    monkeypatch.setattr(progress, "progress_for", counted)
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    out = tmp_path / "ut"
    report(repo, out)
    _sub(repo / "kommun/socialnamnden/aldreomsorg/hemtjansten/mål/kontaktperson.yaml",
         r"(utfall: \{[^}]*?: )-?\d+(?:\.\d+)?", r"\g<1>3")
    kept = report(repo, out)
    assert kept > 0
    assert [(bar.total, bar.done) for bar in bars] == [(bars[0].total, bars[0].total)] * 2
    assert bars[0].total > kept
