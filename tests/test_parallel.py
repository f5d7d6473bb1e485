"""Work shared between processes gives exactly what one process gives: styr.parallel and the parallel load."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from styr import parallel
from styr.app.pipeline import read_repository
from styr.load import repo as load_module
from styr.load.repo import Loaded, load
from styr.load.source import WorkTree
from styr.load.yamlio import YList, YMap
from styr.model.repository import Repository

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
PARENT = os.getpid()


def _square(n: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough that a helper has started before this process has done them all
    return n * n, os.getpid()


def test_results_come_back_in_order_from_every_process() -> None:
    started: list[bool] = []
    finished: list[int] = []
    out = parallel.map_shared(_square, list(range(40)), 3, started=lambda: started.append(True),
                              finished=finished.append)
    assert [v for v, _ in out] == [n * n for n in range(40)]
    assert started == [True]
    assert sorted(finished) == list(range(40))
    if parallel.can_fork():
        assert len({pid for _, pid in out}) >= 2, "ingen hjälpprocess tog något"


@pytest.mark.parametrize("jobs", [1, 3])
def test_between_runs_in_this_process_after_its_pieces_and_while_it_waits(jobs: int) -> None:
    calls: list[int] = []
    out = parallel.map_shared(_square, list(range(12)), jobs, between=lambda: calls.append(os.getpid()))
    assert [v for v, _ in out] == [n * n for n in range(12)]
    assert calls and set(calls) == {PARENT}
    mine = sum(1 for _, pid in out if pid == PARENT)
    assert len(calls) >= mine  # after every piece this process did (and again while it waited for the rest)


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert [pid for _, pid in parallel.map_shared(_square, [1, 2, 3], 3)] == [PARENT] * 3
    finally:
        stop.set()
        thread.join()


def test_one_job_is_sequential_in_this_process() -> None:
    assert [pid for _, pid in parallel.map_shared(_square, [1, 2, 3], 1)] == [PARENT] * 3


def _fails_in_helpers(n: int) -> int:
    if os.getpid() != PARENT and n % 3 == 0:
        raise RuntimeError("bara i en hjälpprocess")
    return n + 1


def _helper_dies(n: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)  # as if killed: no result, no message
    return -n


def test_a_failing_or_dying_helper_leaves_its_pieces_to_this_process() -> None:
    assert parallel.map_shared(_fails_in_helpers, list(range(30)), 2) == [n + 1 for n in range(30)]
    assert parallel.map_shared(_helper_dies, list(range(12)), 3) == [-n for n in range(12)]


def _always_fails(n: int) -> int:
    raise ValueError(f"fel i {n}")


def test_an_error_in_this_process_is_raised_as_usual() -> None:
    with pytest.raises(ValueError, match="fel i"):
        parallel.map_shared(_always_fails, [1, 2, 3, 4], 2)


def test_jobs_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_ENV, "3")
    assert parallel.jobs_wanted() == 3
    monkeypatch.setenv(parallel.JOBS_ENV, "noll")
    assert 1 <= parallel.jobs_wanted() <= parallel.MAX_JOBS


# -- the parallel load -------------------------------------------------------------------------------------------


def _shape(value: Any) -> Any:
    """A value with every position it carries, so two loads can be compared exactly."""
    if isinstance(value, YMap):
        return ("map", value.pos, [(k, value.key_pos.get(k), value.val_pos.get(k), _shape(v))
                                   for k, v in value.items()])
    if isinstance(value, YList):
        return ("list", value.pos, list(value.item_pos), [_shape(v) for v in value])
    return value


def _snapshot(loaded: Loaded) -> dict[str, Any]:
    return {
        "files": loaded.files,
        "docs": [(d.path, d.kind, d.unit_folder, _shape(d.doc)) for d in loaded.docs],
        "markdown": list(loaded.markdown.items()),
        "texts": list(loaded.texts.items()),
        "problems": loaded.problems,
        "units": loaded.unit_folders,
        "orphans": loaded.orphan_folders,
    }


def test_parallel_load_equals_sequential_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    # Bad files too, so problems from several processes must come back in file order.
    goals = sorted(root.rglob("mål/*.yaml"))
    goals[0].write_text("id: [oavslutad\n", encoding="utf-8")
    goals[3].write_bytes(b"titel: \xff\xfe\n")
    goals[5].write_text("id: A\nid: B\n", encoding="utf-8")
    (root / "ingen-enhet" / "mål").mkdir(parents=True)
    (root / "ingen-enhet" / "mål" / "x.yaml").write_text("id: X\n", encoding="utf-8")
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load_module, "_PIECE", 4)  # many pieces, so every process takes several
    alone = _snapshot(load(WorkTree(root), jobs=1))
    shared = _snapshot(load(WorkTree(root), jobs=3))
    assert alone["problems"], "testet behöver filer med fel"
    assert alone["orphans"]
    assert shared == alone


def _model(repo: Repository) -> tuple[Any, ...]:
    return repo.config, repo.vision, repo.units, repo.goals, repo.activities, repo.sections, repo.files


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_model_alone_is_made_where_each_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          jobs: int) -> None:
    """A command that needs the model alone (the report) gets the model the documents give, made where each file
    is read (in a helper, it sends the model's part back instead of the document), and no documents."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    sorted(root.rglob("mål/*.yaml"))[2].write_text("id: [oavslutad\n", encoding="utf-8")
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load_module, "_PIECE", 4)
    monkeypatch.setenv(parallel.JOBS_ENV, str(jobs))
    whole, from_documents = read_repository(WorkTree(root), cache=False)
    alone, modelled = read_repository(WorkTree(root), cache=False, model_only=True)
    assert _model(modelled) == _model(from_documents)
    assert alone.problems == whole.problems and alone.digests == whole.digests
    assert len(alone.made) == len(whole.docs) > 20, "modellen gjordes inte där filerna lästes"
    assert list(alone.documents()) == []


# -- work in the background --------------------------------------------------------------------------------------


def _made_where(n: int) -> list[tuple[int, int]]:
    return [(i, os.getpid()) for i in range(n)]


def test_background_values_are_made_by_a_helper_while_this_process_goes_on() -> None:
    made = parallel.Background(lambda: _made_where(5), 2)
    assert made.started == parallel.can_fork()
    out = list(made)
    assert [i for i, _ in out] == list(range(5))
    if parallel.can_fork():
        assert {pid for _, pid in out} != {PARENT}, "värdena gjordes inte i en hjälpprocess"
    assert not made.started  # the helper has ended and its file is gone


def test_background_is_ready_once_its_helper_has_ended() -> None:
    gate = threading.Event()
    assert parallel.Background(lambda: [1], 1).ready  # no helper: made here when asked, never waited for
    made = parallel.Background(lambda: _made_where(3), 2)
    deadline = time.monotonic() + 30
    while not made.ready and time.monotonic() < deadline:
        gate.wait(0.01)
    assert made.ready
    assert [i for i, _ in made] == [0, 1, 2]

    slow = parallel.Background(lambda: (time.sleep(30), [1])[1], 2)
    try:
        assert not slow.ready or not parallel.can_fork()
    finally:
        slow.close()


def test_background_with_one_job_makes_the_values_here_when_asked() -> None:
    calls: list[int] = []

    def make() -> list[int]:
        calls.append(os.getpid())
        return [1, 2, 3]

    made = parallel.Background(make, 1)
    assert not made.started and calls == []
    assert list(made) == [1, 2, 3]
    assert calls == [PARENT]


def _dies_in_helper() -> list[str]:
    if os.getpid() != PARENT:
        os._exit(3)
    return ["a", "b"]


def _fails_in_helper() -> list[str]:
    if os.getpid() != PARENT:
        raise RuntimeError("bara i hjälpprocessen")
    return ["a", "b"]


@pytest.mark.parametrize("make", [_dies_in_helper, _fails_in_helper])
def test_background_that_fails_or_dies_is_made_here(make: Any) -> None:
    assert list(parallel.Background(make, 2)) == ["a", "b"]


def test_background_values_the_helper_could_not_send_are_made_here() -> None:
    made = parallel.Background(lambda: [1, threading.Lock()], 2)  # a lock cannot be pickled
    out = list(made)
    assert out[0] == 1 and len(out) == 2


def test_a_closed_background_stops_its_helper() -> None:
    def slow() -> list[int]:
        time.sleep(30)
        return [1]

    made = parallel.Background(slow, 2)
    started = time.monotonic()
    made.close()
    assert time.monotonic() - started < 10
    assert not made.started


_BEHIND = """
import os, sys
from pathlib import Path
from styr import parallel

out = Path(sys.argv[1])
assert not parallel.behind(lambda: None), "outside work_behind nothing is forked"
with parallel.work_behind():
    assert parallel.behind(lambda: (__import__("time").sleep(0.3), (out / "skrivet").write_text(str(os.getpid()))))
    assert parallel.behind(lambda: 1 / 0)  # fails in the child: this process never sees it
    assert not (out / "skrivet").exists(), "the child writes while this process goes on"
print(os.getpid(), (out / "skrivet").read_text())
"""


def test_work_behind_runs_in_a_child_and_is_waited_for(tmp_path: Path) -> None:
    # In a fresh interpreter, where nothing else runs a thread: the work is done by another process, this one goes
    # on at once, and leaving the block waits until the child has written (a failing child changes nothing).
    done = subprocess.run([sys.executable, "-c", _BEHIND, str(tmp_path)], capture_output=True, text=True,
                          check=False, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    parent, child = done.stdout.split()
    assert parent != child


def test_behind_does_not_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with parallel.work_behind():
            assert not parallel.behind(lambda: None)
    finally:
        stop.set()
        thread.join()
