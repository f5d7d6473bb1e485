"""Time styr's history features on a large generated goal repository with a long Git history: the last
change of every item against one plain `git log --name-only` pass, and `styr log ID`."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.generate import REF_DATE, generate, make_history
from styr.app.pipeline import analyse
from styr.history import gitio
from styr.history.log import ItemLog, item_log, last_changes
from styr.load.source import WorkTree
from styr.render.terminal.history import render_log_text

GOALS = {"last_changes_per_git_log": 2.0, "log_seconds": 1.0}
T = TypeVar("T")


def cpu() -> float:
    """CPU seconds of this process and its finished children: steadier than wall time on a busy machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], T]) -> tuple[float, float, T]:
    """Wall seconds, CPU seconds and the result of one call."""
    start, start_cpu = time.perf_counter(), cpu()
    result = fn()
    return time.perf_counter() - start, cpu() - start_cpu, result


def log_text(repo: Path, item: str) -> ItemLog:
    """What `styr log ID` does after start-up: read the history and render it."""
    log = item_log(repo, item)
    render_log_text(log)
    return log


def plain_git_log(repo: Path) -> None:
    """The reference: one `git log --name-only` pass, its output read to the end as styr reads it."""
    subprocess.run(["git", "log", "--name-only"], cwd=repo, stdout=subprocess.PIPE, check=True)


def prepare(workdir: Path, files: int, commits: int, seed: int) -> tuple[Path, float]:
    repo = workdir / f"repo-{files}-{commits}"
    if (repo / ".git").exists():
        return repo, 0.0
    start = time.perf_counter()
    generate(repo, files, seed)
    make_history(repo, commits, seed)
    return repo, time.perf_counter() - start


def busiest(repo: Path) -> tuple[str, str]:
    """The goal changed in most commits (a fair `styr log` case), and the unit with most commits."""
    git = gitio.open_repo(repo)
    head = gitio.head(git)
    assert head is not None
    counts: Counter[str] = Counter()
    for rec in gitio.log(git, head, renames=False):
        counts.update(fc.new_path for fc in rec.changes if fc.new_path and "/mål/" in fc.new_path)
    ids = dict(gitio.grep_ids(git, None))
    for path, _ in counts.most_common():
        if path in ids:
            goal = ids[path].strip()
            unit = ids.get(path.rsplit("/mål/", 1)[0] + "/styrkort.yaml", "").strip()
            return goal, unit
    raise RuntimeError("ingen målfil med historik hittades")


def cli_log(repo: Path, item: str) -> float | None:
    """`styr log ID` as a whole new process, when the command is wired into the CLI."""
    cmd = [sys.executable, "-m", "styr", "log", item, str(repo)]
    if subprocess.run([sys.executable, "-m", "styr", "log", "--help"], capture_output=True, check=False).returncode:
        return None
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - start


def swedish(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",") + " s"


KEYS = ("git_log", "last_changes", "last_changes_model", "log_goal", "log_indicator", "log_unit")


@dataclass
class Measured:
    """One benchmark run: the repository, the best times of each measurement, and what they were measured on."""

    repo: Path
    built: float
    goal: str
    unit: str
    results: dict[str, Any]
    best: dict[str, float] = field(default_factory=dict)
    best_cpu: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    cli: float | None = None

    @property
    def indicator(self) -> str:
        return f"{self.goal}/I1"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mät styrs historikfunktioner på ett stort syntetiskt målrepo.")
    parser.add_argument("--files", type=int, default=20000, help="ungefärligt antal filer (standard 20000)")
    parser.add_argument("--commits", type=int, default=2000, help="antal commits (standard 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="bästa av så många varv (standard 3)")
    parser.add_argument("--keep", type=Path, default=None, help="mapp att spara och återanvända repot i")
    parser.add_argument("--json", type=Path, default=None, help="skriv resultatet som JSON hit")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="styr-historik-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        run = measure(workdir, args.files, args.commits, args.seed, args.repeat)
    print_results(run, args.repeat)
    if args.json is not None:
        args.json.write_text(json.dumps(run.results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def measure(workdir: Path, files: int, commits: int, seed: int, repeat: int) -> Measured:
    """Prepare the repository and time every measurement, `repeat` interleaved rounds."""
    repo, built = prepare(workdir, files, commits, seed)
    n_files = sum(len(names) for d, _, names in os.walk(repo) if "/.git" not in d)
    n_commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True,
                                   text=True, check=True).stdout)
    goal, unit = busiest(repo)
    run = Measured(repo, built, goal, unit, {"files": n_files, "commits": n_commits, "built_seconds": round(built, 2)})
    wall, cpu_s = _rounds(run, repeat)
    run.best = {k: min(v) for k, v in wall.items()}
    run.best_cpu = {k: min(v) for k, v in cpu_s.items()}
    run.cli = cli_log(repo, goal)
    _summarise(run, wall)
    return run


def _rounds(run: Measured, repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Interleaved rounds, so background load hits every measurement alike."""
    repo = run.repo
    model = analyse(WorkTree(repo), REF_DATE).repo  # what `styr report` has in hand when it asks
    wall: dict[str, list[float]] = {k: [] for k in KEYS}
    cpu_s: dict[str, list[float]] = {k: [] for k in KEYS}

    def note(key: str, w: float, c: float) -> None:
        wall[key].append(w)
        cpu_s[key].append(c)

    for _ in range(repeat):
        w, c, _ = timed(lambda: plain_git_log(repo))
        note("git_log", w, c)
        w, c, changes = timed(lambda: last_changes(repo))
        note("last_changes", w, c)
        run.sizes["items"] = len(changes)
        w, c, changes = timed(lambda: last_changes(repo, model))
        note("last_changes_model", w, c)
        run.sizes["items_model"] = len(changes)
        for key, item in (("log_goal", run.goal), ("log_indicator", run.indicator), ("log_unit", run.unit)):
            w, c, log = timed(lambda item=item: log_text(repo, item))  # type: ignore[misc]
            note(key, w, c)
            run.sizes[key] = log.total
    return wall, cpu_s


def _summarise(run: Measured, wall: dict[str, list[float]]) -> None:
    best, best_cpu, results = run.best, run.best_cpu, run.results
    results.update({f"{k}_seconds": round(v, 3) for k, v in best.items()})
    results.update({f"{k}_cpu_seconds": round(v, 3) for k, v in best_cpu.items()})
    results["median_seconds"] = {k: round(statistics.median(v), 3) for k, v in wall.items()}
    results["items_with_last_change"] = run.sizes["items"]
    results["last_changes_per_git_log"] = round(best["last_changes_model"] / best["git_log"], 2)
    results["last_changes_per_git_log_cpu"] = round(best_cpu["last_changes_model"] / best_cpu["git_log"], 2)
    results["last_changes_standalone_per_git_log"] = round(best["last_changes"] / best["git_log"], 2)
    results["last_changes_standalone_per_git_log_cpu"] = round(best_cpu["last_changes"] / best_cpu["git_log"], 2)
    results["log_cli_seconds"] = round(run.cli, 3) if run.cli is not None else None
    ok_log = max(best["log_goal"], best["log_indicator"], best["log_unit"]) <= GOALS["log_seconds"]
    results["goals_met"] = {"last_changes": results["last_changes_per_git_log"] <= GOALS["last_changes_per_git_log"],
                            "log": ok_log}


def print_results(run: Measured, repeat: int) -> None:
    """The measurements in the order a reader checks them, each against its goal."""
    best, best_cpu, results, sizes = run.best, run.best_cpu, run.results, run.sizes
    ratio, ratio_cpu = results["last_changes_per_git_log"], results["last_changes_per_git_log_cpu"]
    alone, alone_cpu = (results["last_changes_standalone_per_git_log"],
                        results["last_changes_standalone_per_git_log_cpu"])
    built = f" (skapat på {run.built:.1f} s)" if run.built else ""
    print(f"Målrepo: {results['files']} filer, {results['commits']} commits{built}")
    print(f"Bästa av {repeat} varv (väggklocka, i parentes CPU-tid); belastning {os.getloadavg()[0]:.1f} "
          f"på {os.cpu_count()} kärnor:")
    print(f"  git log --name-only (en passage)                 {swedish(best['git_log'])} "
          f"({swedish(best_cpu['git_log'])})")
    print(f"  senaste ändring för alla {sizes['items_model']} poster (med modellen, som rapporterna)"
          f"  {swedish(best['last_changes_model'])} ({swedish(best_cpu['last_changes_model'])})"
          f"  = {ratio:.2f}× git log ({ratio_cpu:.2f}× i CPU-tid)   mål ≤ 2×: "
          f"{'uppfyllt' if results['goals_met']['last_changes'] else 'EJ UPPFYLLT'}")
    print(f"  senaste ändring för alla {sizes['items']} poster (fristående, id:n läses ur filerna)"
          f"  {swedish(best['last_changes'])} ({swedish(best_cpu['last_changes'])})"
          f"  = {alone:.2f}× git log ({alone_cpu:.2f}× i CPU-tid)")
    for key, item in (("log_goal", run.goal), ("log_indicator", run.indicator), ("log_unit", run.unit)):
        met = "uppfyllt" if best[key] <= GOALS["log_seconds"] else "EJ UPPFYLLT"
        print(f"  styr log {item:<22} ({sizes[key]:>3} commits)  {swedish(best[key])} "
              f"({swedish(best_cpu[key])})   mål ≤ 1 s: {met}")
    if run.cli is not None:
        print(f"  styr log {run.goal} som ny process, med Pythons uppstart: {swedish(run.cli)}")


if __name__ == "__main__":
    main()
