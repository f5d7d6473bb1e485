"""Share independent pieces of work between this process and forked helpers; results come back in order.

Used where one core would otherwise do all the work while the others wait: reading and checking the files
of a large repository, and rendering the pages of a large report. Forking (where the platform has it) means
nothing has to be sent to a helper: it starts with a copy of everything this process has read so far.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # only for the annotations: every command imports this module, few of them fork
    import multiprocessing.process
    import multiprocessing.queues
    from multiprocessing.sharedctypes import Synchronized

JOBS_ENV = "STYR_JOBS"  # the number of processes to use (1: everything in this process)
MAX_JOBS = 8

T = TypeVar("T")
R = TypeVar("R")


def jobs_wanted() -> int:
    """STYR_JOBS when it is a positive number, else the cores this process may run on (at most 8)."""
    wanted = os.environ.get(JOBS_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return min(len(os.sched_getaffinity(0)), MAX_JOBS)
    except AttributeError:  # not on Linux
        return min(os.cpu_count() or 1, MAX_JOBS)


def can_fork() -> bool:
    """Fork only where the platform has it, and only while this process runs one thread: a thread that holds
    a lock when we fork leaves the helper's copy of that lock held for ever."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_behind: list[int] | None = None
"""The children `behind` started inside `work_behind` (None outside it: the work is done where it is asked for)."""


def behind(work: Callable[[], None]) -> bool:
    """Do `work` in a forked child while this process goes on, inside `work_behind` and where forking is safe; else
    do nothing and return False (the caller does the work itself). For writing a large file that this process
    does not read again (the parse cache's pack), off the path a person waits on. The child ends with os._exit
    whatever happens: it never returns into this process's code, writes nothing of its buffered output and runs
    no exit handler; what fails there fails as the write would have here, silently (a cache file not written)."""
    if _behind is None or not can_fork():
        return False
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # in the child: do the work, then end here whatever happens
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    _behind.append(pid)
    return True


@contextlib.contextmanager
def work_behind() -> Iterator[None]:
    """Let `behind` fork while the block runs, and wait for every child it started when the block ends, however
    it ends: a command finishes with its files written, as if it had written them itself, and their processor
    time is the command's."""
    global _behind  # one command runs at a time in a process; the block nests
    outer, _behind = _behind, []
    try:
        yield
    finally:
        started, _behind = _behind, outer
        for pid in started:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def map_shared(func: Callable[[T], R], pieces: Sequence[T], jobs: int, *,
               started: Callable[[], None] | None = None,
               finished: Callable[[int], None] | None = None,
               between: Callable[[], None] = lambda: None) -> list[R]:
    """[func(p) for p in pieces], shared between this process and up to `jobs - 1` forked helpers.

    `started()` is called once the helpers exist (start threads, such as a progress bar's, only then: a fork
    copies no thread), `finished(i)` in this process whenever piece i is done, wherever it was done, and
    `between()` in this process after each piece it did and while it waits for the helpers' last ones (for work
    only this process can do, which it then does while the helpers go on).

    Every process takes the next piece nobody has taken yet, so a slow or busy process simply takes fewer.
    Helpers send their results back pickled; this process's own results need no copying. A helper that fails
    on a piece or dies leaves that piece to this process, which then fails (or not) exactly as it would have
    alone. The result equals the sequential one."""
    done = _Done(finished)
    helpers = min(jobs - 1, len(pieces) - 1)
    if helpers < 1 or not can_fork():
        return _sequential(func, pieces, done, started, between)
    ctx = multiprocessing.get_context("fork")
    next_piece: Synchronized[int] = ctx.Value("q", 0)
    inbox: multiprocessing.queues.Queue[tuple[int, bytes | None]] = ctx.Queue()
    procs = [ctx.Process(target=_helper, args=(func, pieces, next_piece, inbox), daemon=True)
             for _ in range(helpers)]
    for proc in procs:
        proc.start()
    results: dict[int, R] = {}
    try:
        if started is not None:
            started()
        while (i := _claim(next_piece, len(pieces))) is not None:
            results[i] = done(i, func(pieces[i]))
            _receive(inbox, results, done, block=False)
            between()
        while len(results) < len(pieces):
            arrived = _receive(inbox, results, done, block=True)
            between()
            if not arrived and not any(p.is_alive() for p in procs):
                _receive(inbox, results, done, block=False)  # whatever a helper sent just before it ended
                break
        for i, piece in enumerate(pieces):
            if i not in results:  # a helper failed on it or died: do it here
                results[i] = done(i, func(piece))
    finally:
        for proc in procs:
            proc.join(timeout=1.0)
            if proc.is_alive():
                proc.terminate()
        inbox.close()
    return [results[i] for i in range(len(pieces))]


def _sequential(func: Callable[[T], R], pieces: Sequence[T], done: _Done, started: Callable[[], None] | None,
                between: Callable[[], None]) -> list[R]:
    if started is not None:
        started()
    out = []
    for n, piece in enumerate(pieces):
        out.append(done(n, func(piece)))
        between()
    return out


def _claim(next_piece: Synchronized[int], count: int) -> int | None:
    with next_piece.get_lock():
        i = next_piece.value
        if i >= count:
            return None
        next_piece.value = i + 1
        return i


class _Done:
    def __init__(self, finished: Callable[[int], None] | None) -> None:
        self.finished = finished

    def __call__(self, i: int, result: R) -> R:
        if self.finished is not None:
            self.finished(i)
        return result


def _receive(inbox: multiprocessing.queues.Queue[tuple[int, bytes | None]], results: dict[int, Any],
             done: _Done, block: bool) -> bool:
    """Take the results that have arrived (with `block`, wait a little for one). True if any arrived."""
    got = False
    while True:
        try:
            i, data = inbox.get(timeout=0.2) if block and not got else inbox.get_nowait()
        except queue.Empty:
            return got
        got = True
        if data is not None:
            results[i] = done(i, pickle.loads(data))


def _helper(func: Callable[[T], R], pieces: Sequence[T], next_piece: Synchronized[int],
            inbox: multiprocessing.queues.Queue[tuple[int, bytes | None]]) -> None:
    while (i := _claim(next_piece, len(pieces))) is not None:
        try:
            # Pickled here rather than in the queue's thread, so a value that cannot be sent is a failure we see.
            data: bytes | None = pickle.dumps(func(pieces[i]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent redoes the piece, and reports any error itself
            data = None
        inbox.put((i, data))


class Background(Generic[T]):
    """A sequence of values made in a forked helper while this process goes on with other work; iterating waits
    for the helper and yields the values one at a time, as if `make()` were iterated here.

    For a large piece whose inputs are ready early and whose output is needed late (the report's open data: made
    from the period's results while the earlier periods are judged and the pages planned), so that it runs on a core
    that would otherwise wait. The helper writes each value pickled to an unnamed temporary file, so it never waits
    for a reader; only a helper that ended well counts. Where there is no helper (one job, no fork, no temporary
    file) or it failed or died, `make()` runs here when the values are asked for, from where reading stopped: the
    values are the same either way. Iterate once, from this process; `close` when they are not wanted."""

    def __init__(self, make: Callable[[], Iterable[T]], jobs: int) -> None:
        self._make = make
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._file: IO[bytes] | None = None
        if jobs < 2 or not can_fork():
            return
        import tempfile  # not at start-up: few commands make anything in the background

        try:
            self._file = tempfile.TemporaryFile(prefix="styr-")  # noqa: SIM115 — kept open until the values are read
            self._proc = multiprocessing.get_context("fork").Process(
                target=_background, args=(make, self._file.fileno()), daemon=True)
            self._proc.start()
        except OSError:
            self.close()

    @property
    def ready(self) -> bool:
        """True when iterating would not wait: the helper has ended (or there is none)."""
        return self._proc is None or self._proc.exitcode is not None

    @property
    def started(self) -> bool:
        """True while a helper makes the values (else they are made here, when asked for)."""
        return self._proc is not None

    def __iter__(self) -> Iterator[T]:
        given = 0
        try:
            for value in self._read():
                given += 1
                yield value
            return
        except (OSError, EOFError, pickle.UnpicklingError):  # cannot happen after a good ending; but if it does
            pass
        finally:
            self.close()
        yield from itertools.islice(self._make(), given, None)

    def _read(self) -> Iterator[T]:
        proc, file = self._proc, self._file
        if proc is None or file is None:
            raise EOFError("ingen hjälpprocess")
        proc.join()
        if proc.exitcode != 0:
            raise EOFError("hjälpprocessen slutade med ett fel")
        file.seek(0)
        unpickler = pickle.Unpickler(file)
        for _ in range(unpickler.load()):
            yield unpickler.load()

    def close(self) -> None:
        """Stop the helper if it still runs, and let the file go."""
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc.join()
            self._proc = None
        if self._file is not None:
            self._file.close()
            self._file = None


def _background(make: Callable[[], Iterable[Any]], fd: int) -> None:
    """In the helper: the count, then every value pickled. Any failure ends the helper with a non-zero code."""
    values = list(make())
    with os.fdopen(os.dup(fd), "wb") as out:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(len(values))
        for value in values:
            pickler.dump(value)
