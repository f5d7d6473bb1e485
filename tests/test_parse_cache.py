"""The parse cache (styr.load.cache) never serves a stale or forged reading: what is read through it equals what
is read without it, whatever happened to the files or to the cache in between."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cache_files import damage_last_pickle, styr_process, styr_refusing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styr import parallel
from styr.app import checking
from styr.app.pipeline import Settings, open_source, read_repository
from styr.load import cache, reading
from styr.load import repo as load_module
from styr.load.repo import Loaded, load
from styr.load.source import WorkTree
from styr.load.yamlio import YList, YMap
from styr.rules.context import Context
from styr.rules.run import run_checks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "example-repo"
TODAY = "2026-11-29"
GOAL = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture(autouse=True)
def cache_dir(own_cache: Path) -> Path:
    return own_cache


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (not taken from the cache), in this process."""
    seen: list[str] = []
    original = reading.parse

    def counting(kind: Any, data: bytes, max_bytes: int) -> Any:
        seen.append(data.decode("utf-8", "replace")[:40])
        return original(kind, data, max_bytes)

    monkeypatch.setattr(reading, "parse", counting)
    return seen


def _shape(value: Any) -> Any:
    if isinstance(value, YMap):
        return ("map", value.pos, [(k, value.where_key(k), value.where(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, YList):
        return ("list", value.pos, list(value.item_pos), [_shape(v) for v in value])
    return value


def snapshot(loaded: Loaded) -> dict[str, Any]:
    """Everything a load found, positions included, so two loads can be compared exactly."""
    return {"files": loaded.files, "docs": [(d.path, d.kind, d.unit_folder, _shape(d.doc)) for d in loaded.docs],
            "markdown": sorted(loaded.markdown.items()), "problems": loaded.problems, "units": loaded.unit_folders,
            "orphans": loaded.orphan_folders, "digests": loaded.digests}


def fresh(root: Path) -> dict[str, Any]:
    return snapshot(load(WorkTree(root), jobs=1, cache=False))


def cached(root: Path) -> dict[str, Any]:
    return snapshot(load(WorkTree(root), jobs=1, cache=True))


def outcome(root: Path, cache_wanted: bool | None) -> tuple[Any, ...]:
    found = checking.check(checking.Scope(root), today=TODAY, cache=cache_wanted)
    return found.diagnostics, found.summary, [found.source_line(d.path, d.line) for d in found.diagnostics]


# --- the cache is used, and gives what parsing gives ---------------------------------------------------------


def test_a_second_load_parses_nothing_and_gives_the_same(repo: Path, parsed: list[str]) -> None:
    first = cached(repo)
    assert parsed, "the first load parses every file"
    parsed.clear()
    assert cached(repo) == first == fresh(repo)
    assert len(parsed) == len(first["docs"]) + len(first["markdown"])  # only the uncached load parsed
    parsed.clear()
    cached(repo)
    assert parsed == []


def test_a_changed_file_is_read_again_and_only_it(repo: Path, parsed: list[str]) -> None:
    cached(repo)
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("titel:", "titel: Ändrad", 1), encoding="utf-8")
    parsed.clear()
    again = cached(repo)
    assert len(parsed) == 1
    assert again == fresh(repo)
    assert any("Ändrad" in str(d[3]) for d in again["docs"] if d[0] == GOAL)


def test_same_size_same_second_is_caught_by_content(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file system whose time stamps only have whole seconds and no change time: an edit of the same size in
    # the same second looks unchanged. Such an entry is "not settled" and its content is compared.
    monkeypatch.setattr(cache, "stat_key", lambda i: (i.st_size, i.st_mtime_ns // 10**9 * 10**9, 0, i.st_ino, 0))
    goal = repo / GOAL
    text = goal.read_text(encoding="utf-8")
    assert "2025: 85.2}" in text
    cached(repo)
    stamp = goal.stat()
    goal.write_text(text.replace("2025: 85.2}", "2025: 58.2}"), encoding="utf-8")  # same size
    os.utime(goal, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert cache.stat_key(goal.stat()) == cache.stat_key(stamp)
    assert cached(repo) == fresh(repo)
    assert "58.2" in str(cached(repo)["docs"])


def test_a_settled_entry_is_trusted_without_reading_the_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # every file counts as long unchanged when it is read
    expected = fresh(repo)
    assert cached(repo) == expected
    reads: list[str] = []
    original = WorkTree.read_with_identity

    def counting(self: WorkTree, path: str) -> Any:
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(WorkTree, "read_with_identity", counting)
    assert cached(repo) == expected
    assert reads == []


def test_a_fresh_checkout_of_the_same_files_parses_nothing(repo: Path, parsed: list[str]) -> None:
    # As a CI job: the cache comes from the last job, every file is written anew (new inode and time stamps).
    expected = cached(repo)
    shutil.rmtree(repo)
    shutil.copytree(EXAMPLE, repo)
    os.utime(repo / GOAL, ns=(10**18, 10**18))  # and one only touched
    parsed.clear()
    assert cached(repo) == expected == fresh(repo)
    assert len(parsed) == len(expected["docs"]) + len(expected["markdown"])  # only the uncached load parsed
    parsed.clear()
    assert cached(repo) == expected
    assert parsed == []


def test_another_identity_with_other_content_is_parsed(repo: Path, parsed: list[str]) -> None:
    cached(repo)
    goal = repo / GOAL
    text = goal.read_text(encoding="utf-8")
    goal.unlink()
    goal.write_text(text.replace("2025: 85.2}", "2025: 58.2}"), encoding="utf-8")  # same size, new inode
    parsed.clear()
    again = cached(repo)
    assert len(parsed) == 1
    assert again == fresh(repo)
    assert "58.2" in str(again["docs"])


def test_a_file_replaced_by_a_link_out_or_a_fifo_is_refused_not_served(repo: Path, tmp_path: Path) -> None:
    cached(repo)
    outside = tmp_path / "utanför.yaml"
    shutil.copy(repo / GOAL, outside)
    (repo / GOAL).unlink()
    (repo / GOAL).symlink_to(outside)
    act = repo / "kommun/barn-och-utbildningsnamnden/aktiviteter"
    victim = sorted(act.glob("*.yaml"))[0]
    victim.unlink()
    os.mkfifo(victim)
    again = cached(repo)
    assert again == fresh(repo)
    refused = {p.path: p.kind.value for p in again["problems"]}
    assert refused[GOAL] == "link" and refused[victim.relative_to(repo).as_posix()] == "special_file"
    assert GOAL not in [d[0] for d in again["docs"]]


def test_a_link_inside_counts_as_its_target(repo: Path) -> None:
    goals = repo / "kommun/barn-och-utbildningsnamnden/mål"
    first, second = sorted(goals.glob("*.yaml"))[:2]
    link = goals / "länk.yaml"
    link.symlink_to(first.name)
    cached(repo)
    link.unlink()
    link.symlink_to(second.name)  # the same name, another file behind it
    assert cached(repo) == fresh(repo)


# --- a cache that cannot be trusted is not used ----------------------------------------------------------------


def _pack(cache_dir: Path) -> Path:
    (found,) = (cache_dir / "v1").glob("*.pack")
    return found


def test_truncated_and_corrupt_packs_are_parsed_again(repo: Path, cache_dir: Path, parsed: list[str]) -> None:
    expected = cached(repo)
    pack = _pack(cache_dir)
    whole = pack.read_bytes()
    for damaged in (whole[:len(whole) // 2], whole[:20], b"", whole[:-1], whole[:200] + b"\0" * 64 + whole[264:],
                    whole[:-100] + bytes(b ^ 0xFF for b in whole[-100:])):
        pack.write_bytes(damaged)
        parsed.clear()
        assert cached(repo) == expected
        assert parsed, "a damaged pack must not be used"


def test_a_damaged_pickle_is_read_again_from_the_file(repo: Path, cache_dir: Path, parsed: list[str]) -> None:
    expected = cached(repo)
    damage_last_pickle(_pack(cache_dir))
    parsed.clear()
    assert cached(repo) == expected
    assert len(parsed) == 1


class _Planted:
    """A pickle that would create a file if it were ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def _forged(key: bytes, header: dict[str, object], marker: Path, cache_dir: Path) -> bytes:
    meta = pickle.dumps((header, {GOAL: ((1, 2, 3, 4, 5), b"x" * 32, True, ((), None), None),
                                  "x": _Planted(marker)}))
    signed = struct.pack("<Q", len(meta)) + meta
    return cache.MAGIC + hmac.digest(key, signed, "sha256") + signed


def test_a_forged_pack_never_runs_code(repo: Path, cache_dir: Path, tmp_path: Path, parsed: list[str]) -> None:
    expected = cached(repo)
    pack = _pack(cache_dir)
    key = (cache_dir / "key").read_bytes()
    header = {"styr": cache.code_fingerprint(), "repo": os.path.realpath(repo), "max_bytes": 1024 * 1024}
    marker = tmp_path / "körd"
    for signing_key in (b"\0" * 32, key):  # without the key, and even with it (a planted key)
        pack.write_bytes(_forged(signing_key, header, marker, cache_dir))
        parsed.clear()
        assert cached(repo) == expected
        assert parsed
        assert not marker.exists()
    memo = pack.with_suffix(".memo")
    payload = pickle.dumps({"x": _Planted(marker)})
    memo.write_bytes(cache.MAGIC + hmac.digest(key, payload, "sha256") + payload)
    assert outcome(repo, None) == outcome(repo, False)
    assert not marker.exists()


def test_findings_are_remembered_also_when_a_file_has_a_problem(repo: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: ner", 1), encoding="utf-8")
    expected = outcome(repo, False)
    assert any(d.path == GOAL for d in expected[0]), "a schema problem in the goal file"
    assert outcome(repo, None) == expected

    def not_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged repository is analysed again")

    monkeypatch.setattr(checking, "analyse_survey", not_again)
    assert outcome(repo, None) == expected


def test_a_new_process_recalls_the_findings_of_an_unchanged_repository(repo: Path, tmp_path: Path) -> None:
    """The next `styr validate` is a new process, in which no rule module is loaded when the findings are
    recalled. Those findings must still be known as a rule's: they were not, and every run of an unchanged
    repository with findings was a whole analysis again (three times the time of a recall at 20,000 files)."""
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: ner", 1), encoding="utf-8")
    env = {"STYR_DATUM": TODAY}
    command = ["validate", str(repo), "--format", "json"]
    first = styr_process(command, env)
    assert first.returncode == 1 and json.loads(first.stdout)["fynd"], first.stderr  # findings to remember
    second = styr_refusing(tmp_path, "from styr.app import checking",
                           "checking.analyse_survey = checking.analyse_changed", "analysed again", command, env)
    assert "analysed again" not in second.stderr
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)


def test_remembered_findings_of_no_known_rule_are_not_used(repo: Path, cache_dir: Path) -> None:
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: ner", 1), encoding="utf-8")
    expected = outcome(repo, False)
    assert expected[0], "the edit gives findings to remember"
    assert outcome(repo, None) == expected
    memo = _pack(cache_dir).with_suffix(".memo")
    key = (cache_dir / "key").read_bytes()
    remembered = cache._read_signed(memo, key)
    for name, (rows, counts) in remembered.items():
        remembered[name] = ([("X99", *row[1:]) for row in rows], counts)
    payload = pickle.dumps(remembered)
    memo.write_bytes(cache.MAGIC + hmac.digest(key, payload, "sha256") + payload)
    assert outcome(repo, None) == expected


def test_a_cache_folder_inside_the_repository_needs_a_key_from_outside(repo: Path, parsed: list[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    expected = fresh(repo)
    inside = repo / ".styr-cache"
    monkeypatch.setenv(cache.DIR_ENV, str(inside))
    cached(repo)
    parsed.clear()
    cached(repo)
    assert parsed and not inside.exists(), "a key kept in the repository could be planted by anyone who commits"
    monkeypatch.setenv(cache.KEY_ENV, "en hemlighet från CI")
    cached(repo)
    parsed.clear()
    assert cached(repo) == expected
    assert not parsed
    monkeypatch.setenv(cache.KEY_ENV, "en annan hemlighet")
    parsed.clear()
    cached(repo)
    assert parsed, "packs signed with another key are not used"


def test_a_cache_folder_others_may_write_to_is_not_used(repo: Path, cache_dir: Path, parsed: list[str]) -> None:
    expected = cached(repo)
    cache_dir.chmod(0o777)
    parsed.clear()
    assert cached(repo) == expected
    assert parsed


def test_another_styr_starts_afresh(repo: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = cached(repo)
    monkeypatch.setattr(cache, "__version__", "99.0")
    cache.code_fingerprint.cache_clear()
    try:
        parsed.clear()
        assert cached(repo) == expected
        assert parsed
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()


def test_no_cache_reads_everything_and_writes_nothing(repo: Path, cache_dir: Path, parsed: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(repo, False) == outcome(repo, False)
    assert not cache_dir.exists()
    monkeypatch.setenv(cache.SWITCH_ENV, "0")  # as a default: an explicit cache=True would still use it
    assert snapshot(load(WorkTree(repo), jobs=1)) == fresh(repo) and not cache_dir.exists()
    done = subprocess.run([sys.executable, "-m", "styr", "validate", str(repo), "--no-cache", "--date", TODAY],
                          capture_output=True, text=True, check=False, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), cache.SWITCH_ENV: "1"})
    assert done.returncode == 0, done.stderr
    assert not cache_dir.exists()


def test_processes_writing_at_once_leave_a_cache_that_is_right(repo: Path, cache_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STYR_DATUM": TODAY}
    goal = repo / GOAL
    outputs: list[bytes] = []
    for round_ in range(3):
        goal.write_text(goal.read_text(encoding="utf-8") + f"# runda {round_}\n", encoding="utf-8")
        procs = [subprocess.Popen([sys.executable, "-m", "styr", "validate", str(repo), "--format", "json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
                 for _ in range(4)]
        outputs.extend(p.communicate()[0] for p in procs)
    assert len(set(outputs)) == 1
    assert cached(repo) == fresh(repo)
    assert not list((cache_dir / "v1").glob("*.tmp"))


# --- what validate remembers -------------------------------------------------------------------------------


def test_validate_gives_the_same_with_and_without_the_cache(repo: Path) -> None:
    uncached = outcome(repo, False)
    assert outcome(repo, None) == uncached  # writes the cache and remembers the findings
    assert outcome(repo, None) == uncached  # from what was remembered
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: ner", 1), encoding="utf-8")
    changed = outcome(repo, False)
    assert changed != uncached
    assert outcome(repo, None) == changed


def test_the_findings_remembered_are_for_the_day(repo: Path) -> None:
    today = checking.check(checking.Scope(repo), today=TODAY)
    later = checking.check(checking.Scope(repo), today="2027-03-01")
    assert later.diagnostics == checking.check(checking.Scope(repo), today="2027-03-01", cache=False).diagnostics
    assert later.diagnostics != today.diagnostics


def test_history_rules_find_nothing_without_a_base_or_a_decision(repo: Path) -> None:
    """What `history_quiet` promises, and remembered findings rely on: no rule that reads history finds
    anything when there is no base revision and no recorded decision."""

    class Quiet:
        base = None

        def decisions(self) -> list[object]:
            return []

        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"a history rule asked for {name} with nothing to compare with")

    loaded, model = read_repository(open_source(Settings(repo, date(2026, 11, 29))))
    assert run_checks(Context(model, date(2026, 11, 29), tuple(loaded.problems), Quiet()),  # type: ignore[arg-type]
                      history_only=True) == []


def test_a_shown_line_comes_from_the_file_as_checked(repo: Path) -> None:
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: ner", 1), encoding="utf-8")
    found = checking.check(checking.Scope(repo), today=TODAY)
    bad = next(d for d in found.diagnostics if d.path == GOAL and d.line > 1)
    assert found.source_line(GOAL, bad.line) == goal.read_text(encoding="utf-8").splitlines()[bad.line - 1]
    found = checking.check(checking.Scope(repo), today=TODAY)  # remembered: the line is read again
    goal.write_text(goal.read_text(encoding="utf-8") + "# ändrad efteråt\n", encoding="utf-8")
    assert found.source_line(GOAL, bad.line) is None  # the file is no longer what was checked


# --- random edits ------------------------------------------------------------------------------------------

EDITS = st.lists(st.tuples(
    st.sampled_from(("append", "replace", "delete", "add", "break", "bom", "same-size")),
    st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=6)


def _edit(root: Path, what: str, n: int) -> None:
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".md") and p.is_file())
    target = files[n % len(files)]
    text = target.read_text(encoding="utf-8")
    if what == "append":
        target.write_text(text + f"# {n}\n", encoding="utf-8")
    elif what == "replace":
        target.write_text(text.replace("2026", str(2020 + n % 9), 1), encoding="utf-8")
    elif what == "delete" and target.name != "styrmodell.yaml":
        target.unlink()
    elif what == "add":
        (target.parent / f"ny-{n}.yaml").write_text(f"id: NY-{n}\ntitel: Ny\n", encoding="utf-8")
    elif what == "break":
        target.write_text(text + "\n  : [\n", encoding="utf-8")
    elif what == "bom":
        target.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    elif what == "same-size" and text:
        target.write_text(text[:-1] + ("x" if text[-1] != "x" else "y"), encoding="utf-8")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(EDITS, min_size=1, max_size=3))
def test_random_edits_never_get_a_stale_answer(tmp_path_factory: pytest.TempPathFactory,
                                               rounds: list[list[tuple[str, int]]]) -> None:
    root = tmp_path_factory.mktemp("slump") / "repo"
    shutil.copytree(EXAMPLE, root)
    assert outcome(root, None) == outcome(root, False)
    for edits in rounds:
        for what, n in edits:
            _edit(root, what, n)
        assert cached(root) == fresh(root)
        assert outcome(root, None) == outcome(root, False)


def test_the_parallel_load_fills_the_same_cache(repo: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
                                                ) -> None:
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load_module, "_PIECE", 4)
    shared = snapshot(load(WorkTree(repo), jobs=3, cache=True))
    assert shared == fresh(repo)
    parsed.clear()
    assert cached(repo) == shared
    assert parsed == []


def test_the_pack_is_keyed_by_the_repository(repo: Path, tmp_path: Path, cache_dir: Path) -> None:
    other = tmp_path / "annat"
    shutil.copytree(EXAMPLE, other)
    cached(repo)
    cached(other)
    names = sorted(p.name for p in (cache_dir / "v1").glob("*.pack"))
    assert len(names) == 2
    assert hashlib.sha256(os.fsencode(os.path.realpath(repo))).hexdigest()[:32] + ".pack" in names


def _iter_docs(loaded: Loaded) -> Iterator[str]:
    return (d.path for d in loaded.documents())


def test_documents_stream_in_file_order(repo: Path) -> None:
    loaded = load(WorkTree(repo), jobs=1, cache=True)
    again = load(WorkTree(repo), jobs=1, cache=True)
    assert list(_iter_docs(again)) == list(_iter_docs(loaded)) == [d.path for d in loaded.docs]


def test_a_pack_written_behind_is_whole_when_the_command_ends(repo: Path, cache_dir: Path, parsed: list[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # A large pack is written by a child process while the command goes on (styr.parallel.behind); the command
    # waits for it, so the next run finds every file in it, and what it finds is what parsing gives.
    monkeypatch.setattr(cache, "BEHIND_FROM", 1)
    children: list[bool] = []
    real = parallel.behind

    def counted(work: Callable[[], None]) -> bool:
        children.append(real(work))
        return children[-1]

    monkeypatch.setattr(parallel, "behind", counted)
    with parallel.work_behind():
        first = cached(repo)
    assert children == [parallel.can_fork()]  # written by a child wherever one can be started
    assert first == fresh(repo)
    parsed.clear()
    assert cached(repo) == first
    assert parsed == []


_BEHIND_FIRST = """
import sys
from styr import parallel
from styr.load import cache

cache.BEHIND_FROM = 1
real = parallel.behind
parallel.behind = lambda work: print("bakom", real(work), file=sys.stderr) or True
from styr.cli import main

sys.argv = ["styr", *sys.argv[1:]]
main()
"""


def test_a_command_ends_with_its_pack_written_behind_it(repo: Path, tmp_path: Path, cache_dir: Path) -> None:
    # `styr validate` in a new process writes its pack from a child process, and ends only once it is written: the
    # next process finds every file in it and parses none.
    env = {"STYR_CACHE_DIR": str(cache_dir)}
    script = tmp_path / "bakom.py"
    script.write_text(_BEHIND_FIRST, encoding="utf-8")
    command = ["validate", str(repo), "--date", TODAY]
    first = subprocess.run([sys.executable, str(script), *command], capture_output=True, text=True, check=False,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert "bakom True" in first.stderr
    second = styr_refusing(tmp_path, "from styr.load import reading", "reading.parse", "parsed again", command, env)
    assert "parsed again" not in second.stderr
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
