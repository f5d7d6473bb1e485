"""Time whole `styr` processes against the YAML parse floor on synthetic goal repositories of several sizes."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.generate import generate

STYR = [sys.executable, "-m", "styr"]  # the styr of the running interpreter's environment
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "example-repo"
DEFAULT_JSON = Path(__file__).with_name("results.json")
REFERENCE = 20000
"""The size the goals are stated at (bench/README.md); without it, the largest size measured."""
LARGE = 100000
"""From this size on, growth and peak memory are judged against the large-repository goals."""
GOALS = {
    "validate_per_floor": 1.3, "validate_cpu_per_floor_cpu": 1.5, "validate_warm_per_floor": 0.25,
    "validate_one_per_floor": 0.35, "validate_peak_mb": 400.0, "linearity": 1.25, "status_per_validate": 1.2,
    "report_per_floor": 2.5, "report_peak_mb": 450.0, "report_one_per_floor": 0.5, "export_per_status": 1.5,
    "linearity_large": 1.2, "validate_peak_large_mb": 1500.0,
    "version_per_budget": 1.0, "explain_per_budget": 1.0, "example_wall_per_cpu": 1.3,
}
_LARGE_GOALS = ("linearity_large", "validate_peak_large_mb")
_START_GOALS = ("version_per_budget", "explain_per_budget", "example_wall_per_cpu")


@dataclass
class Timing:
    """Best-of-N wall clock of one command on one repository."""

    command: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system, helper processes included
    peak_mb: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    ok: bool = True
    stderr_tail: str = ""
    summary: dict[str, Any] | None = None

    @property
    def best(self) -> float:
        return min(self.seconds)


@dataclass
class Plan:
    """How to run one measurement: the command (`{out}`: a fresh folder), the exit codes that count as done, the
    environment it adds, and what to do before each run (start from an empty cache, change a file …)."""

    command: list[str]
    ok: tuple[int, ...] = (0,)
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], dict[str, str]] | None = None


def run_once(cmd: Sequence[str], env: dict[str, str], cwd: Path | None = None
             ) -> tuple[float, float, float, int, bytes, bytes]:
    """Wall seconds, CPU seconds, peak RSS in MB, exit code, stdout and stderr of one child (run in `cwd`), measured
    through os.wait4. The CPU time includes the processes the child started and waited for (styr's helpers)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child alone, unlike RUSAGE_CHILDREN
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        # ru_maxrss is KiB on Linux, bytes on macOS
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        out.seek(0)
        err.seek(0)
        return elapsed, usage.ru_utime + usage.ru_stime, peak, code, out.read(), err.read()


def has_command(name: str) -> bool:
    done = subprocess.run([*STYR, name, "--help"], capture_output=True, check=False)
    return done.returncode == 0


def prepare(size: int, workdir: Path, seed: int) -> tuple[Path, int]:
    """A repository of about `size` files under `workdir` (reused when it is already there) and its file count."""
    repo = workdir / f"repo-{size}"
    if not (repo / "styrmodell.yaml").exists():
        start = time.perf_counter()
        generate(repo, size, seed)
        print(f"genererade {repo} på {time.perf_counter() - start:.1f} s", flush=True)
    files = sum(len(names) for d, _, names in os.walk(repo) if "/." not in d[len(str(repo)):])
    return repo, files


class Edits:
    """Changes one goal file before each run of the "one file changed" measure: a comment line added at its end
    (a new size and time stamp, as an editor's save), so the parse cache must notice it and read it again."""

    def __init__(self, repo: Path) -> None:
        self.file = min((repo / "kommun").glob("*/mål/*.yaml"))
        self.original = self.file.read_bytes()
        self.count = 0

    def restore(self) -> None:
        self.file.write_bytes(self.original)

    def __call__(self) -> dict[str, str]:
        self.count += 1
        with open(self.file, "a", encoding="utf-8") as fh:
            fh.write(f"# ändrad av bench.run {self.count}\n")
        return {}


class OutcomeEdits(Edits):
    """Changes one outcome before each run of the "report after one changed outcome" measure: the first value of
    the file's first `utfall: {…}` mapping, so the goal's colour may change and the pages that show it with it."""

    _VALUE = re.compile(rb"(utfall: \{[^}]*?: )-?\d+(?:\.\d+)?")

    def __init__(self, repo: Path) -> None:
        self.file = min(p for p in (repo / "kommun").glob("*/mål/*.yaml") if self._VALUE.search(p.read_bytes()))
        self.original = self.file.read_bytes()
        self.count = 0

    def __call__(self) -> dict[str, str]:
        self.count += 1
        self.file.write_bytes(self._VALUE.sub(rb"\g<1>%d" % (self.count % 100), self.original, count=1))
        return {}


def plans(repo: Path, date: str, commands: set[str], cache: Path) -> dict[str, Plan]:
    """Every measurement on one repository. validate is measured cold (an empty parse cache, as a first run or a
    CI job without a cache: the cache is written), warm (nothing changed since the last run) and with one goal
    file changed; status, report and export cold, without the cache, as before the cache existed."""
    validate = [*STYR, "validate", str(repo), "--format", "json"]
    warm = {"STYR_CACHE_DIR": str(cache)}

    def empty_cache() -> dict[str, str]:
        return {"STYR_CACHE_DIR": tempfile.mkdtemp(prefix="styr-bench-cache-")}

    out: dict[str, Plan] = {
        "floor": Plan([sys.executable, "-m", "bench.parse_floor", str(repo)]),
        "validate": Plan(validate, (0, 1), before=empty_cache),
        "validate_warm": Plan(validate, (0, 1), env=warm),
        "validate_one": Plan(validate, (0, 1), env=warm, before=Edits(repo)),
        "status": Plan([*STYR, "status", str(repo), "--format", "json", "--date", date], (0, 1), {"STYR_CACHE": "0"}),
        # again with the cache, nothing changed: the model of every file is taken from it, none is modelled again
        "status_warm": Plan([*STYR, "status", str(repo), "--format", "json", "--date", date], (0, 1), env=warm),
        "report": Plan([*STYR, "report", str(repo), "--format", "html", "--out", "{out}", "--date", date], (0, 1),
                       {"STYR_CACHE": "0"}),
        # again into the folder of the run before, after one changed outcome: only the pages that show it are made
        "report_one": Plan([*STYR, "report", str(repo), "--format", "html", "--out", str(cache / "rapport"),
                            "--date", date], (0, 1), env=warm, before=OutcomeEdits(repo)),
        # the open data, CSV (`styr export data`): goals, targets, outcomes and the colours of every report period
        "export": Plan([*STYR, "export", "data", str(repo), "--out", "{out}", "--date", date], (0,),
                       {"STYR_CACHE": "0"}),
    }
    return {k: p for k, p in out.items() if k == "floor" or k.split("_")[0] in commands}


def measure(repo: Path, repeat: int, date: str, commands: set[str]) -> dict[str, Timing]:
    """Run the commands in turn, `repeat` rounds, so background load hits all of them alike."""
    base_env = dict(os.environ, STYR_DATUM=date)
    with tempfile.TemporaryDirectory(prefix="styr-bench-cache-") as cache:
        todo = plans(repo, date, commands, Path(cache))
        # The warm measures start from a cache that knows the repository, and a report folder written before.
        for key in ("validate_warm", "status_warm", "report_one"):
            if key in todo:
                subprocess.run(todo[key].command, env={**base_env, **todo[key].env}, capture_output=True, check=False)
        timings = {k: Timing(p.command) for k, p in todo.items()}
        try:
            for _ in range(repeat):
                for key, plan in todo.items():
                    _time(timings[key], plan, {**base_env, **plan.env}, key == "validate")
        finally:
            for plan in todo.values():
                if isinstance(plan.before, Edits):
                    plan.before.restore()
    return timings


def _time(timing: Timing, plan: Plan, env: dict[str, str], summarise: bool) -> None:
    extra = plan.before() if plan.before is not None else {}
    out_dir = tempfile.mkdtemp(prefix="styr-bench-out-") if "{out}" in plan.command else ""
    cmd = [out_dir if a == "{out}" else a for a in plan.command]
    seconds, cpu, peak, code, stdout, stderr = run_once(cmd, {**env, **extra})
    for folder in (out_dir, extra.get("STYR_CACHE_DIR", "")):
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    timing.seconds.append(round(seconds, 4))
    timing.cpu_seconds.append(round(cpu, 4))
    timing.peak_mb = round(max(timing.peak_mb, peak), 1)
    timing.exit_codes.append(code)
    if code not in plan.ok:
        timing.ok = False
        timing.stderr_tail = stderr[-1500:].decode("utf-8", "replace")
    if summarise and timing.summary is None:
        try:
            timing.summary = json.loads(stdout).get("sammanfattning")
        except (ValueError, AttributeError):
            timing.summary = None


def measure_start(repeat: int, date: str) -> dict[str, Any]:
    """Start-up: a bare interpreter, `styr --version` and `styr explain K02` (the goal: at most twice the bare
    interpreter plus 50 ms), and `styr validate` of the example repository, whose Git checks should not keep
    it waiting (wall / CPU). Without the parse cache: the work of a first run, and the user's cache untouched."""
    env = dict(os.environ, STYR_DATUM=date, STYR_CACHE="0")
    cmds = {"python": [sys.executable, "-c", "pass"], "version": [*STYR, "--version"],
            "explain": [*STYR, "explain", "K02"], "example": [*STYR, "validate", str(EXAMPLE)]}
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(max(repeat, 5)):  # short commands: more rounds, for a steadier best
        for key, cmd in cmds.items():
            seconds, used, _, _, _, _ = run_once(cmd, env)
            wall[key].append(seconds)
            cpu[key].append(used)
    best = {k: min(v) for k, v in wall.items()}
    budget = 2 * best["python"] + 0.05
    ratios = [w / c for w, c in zip(wall["example"], cpu["example"], strict=True) if c > 0]
    return {"seconds": {k: round(v, 4) for k, v in best.items()},
            "cpu_seconds": {k: round(min(v), 4) for k, v in cpu.items()},
            "budget_seconds": round(budget, 4),
            "version_per_budget": round(best["version"] / budget, 3),
            "explain_per_budget": round(best["explain"] / budget, 3),
            "example_wall_per_cpu": round(min(ratios), 3) if ratios else None,
            "example_wall_per_cpu_all": [round(r, 2) for r in ratios]}


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _best(row: dict[str, Any], key: str, cpu: bool = False) -> float | None:
    t = row["timings"].get(key)
    values = t.get("cpu_seconds" if cpu else "seconds") if t and t["ok"] else None
    return min(values) if values else None


_PER_FLOOR = {"validate_per_floor": ("validate", False), "validate_cpu_per_floor_cpu": ("validate", True),
              "validate_warm_per_floor": ("validate_warm", False), "validate_one_per_floor": ("validate_one", False),
              "report_per_floor": ("report", False), "report_one_per_floor": ("report_one", False)}
"""The goals stated against the floor: the command, and whether CPU time is compared."""


def row_ratios(row: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, float | None]:
    validate = _best(row, "validate")
    return {
        **{goal: ratio(_best(row, key, cpu), _best(row, "floor", cpu)) for goal, (key, cpu) in _PER_FLOOR.items()},
        "status_per_validate": ratio(_best(row, "status"), validate),
        "status_warm_per_status": ratio(_best(row, "status_warm"), _best(row, "status")),
        "export_per_status": ratio(_best(row, "export"), _best(row, "status")),
        # growth of the validate time per file from the size before: ~1.0 is linear
        "linearity": None if previous is None else ratio(ratio(validate, _best(previous, "validate")),
                                                          row["files"] / previous["files"]),
    }


def round_ratios(row: dict[str, Any]) -> dict[str, list[float]]:
    """Each goal against the floor once per round: the command's time over the floor's in the same round (a round
    runs the floor and then every command, so the two saw about the same machine). The goals are judged by the best
    times of the run; the spread of these says how much the machine moved while it ran."""
    floor = row["timings"].get("floor")
    out: dict[str, list[float]] = {}
    for goal, (key, cpu) in _PER_FLOOR.items():
        t = row["timings"].get(key)
        if not floor or not t or not t["ok"] or not floor["ok"]:
            continue
        field_name = "cpu_seconds" if cpu else "seconds"
        pairs = zip(t[field_name], floor[field_name], strict=False)
        out[goal] = [round(a / b, 3) for a, b in pairs if b]
    return out


def summarise(rows: list[dict[str, Any]], start: dict[str, Any] | None) -> dict[str, Any]:
    """Ratios per size, and the goals: at the reference size, at 100,000 files when measured, and start-up."""
    previous = None
    for row in rows:
        # styr shares its work between the cores; the CPU ratios say what that work costs in total.
        row["cpu_ratios"] = {f"{k}_cpu_per_floor": ratio(_best(row, k, cpu=True), _best(row, "floor", cpu=True))
                             for k in ("validate", "validate_warm", "validate_one", "status", "status_warm",
                                       "report", "report_one")}
        row["ratios"] = row_ratios(row, previous)
        row["round_ratios"] = round_ratios(row)
        previous = row
    reference = next((r for r in rows if r["size"] == REFERENCE), rows[-1])
    measured: dict[str, Any] = dict(reference["ratios"])
    v = reference["timings"].get("validate")
    measured["validate_peak_mb"] = v["peak_mb"] if v else None
    rep = reference["timings"].get("report")
    measured["report_peak_mb"] = rep["peak_mb"] if rep else None
    large = next((r for r in rows if r["size"] >= LARGE), None)
    if large is not None:
        measured["linearity_large"] = large["ratios"]["linearity"]
        lv = large["timings"].get("validate")
        measured["validate_peak_large_mb"] = lv["peak_mb"] if lv else None
    for key in _START_GOALS:
        measured[key] = start.get(key) if start else None
    return {k: {"mål": limit, "mätt": measured.get(k),
                "uppfyllt": None if measured.get(k) is None else measured[k] <= limit}
            for k, limit in GOALS.items() if k not in _LARGE_GOALS or large is not None}


def print_table(rows: list[dict[str, Any]], goals: dict[str, Any], start: dict[str, Any] | None) -> None:
    head = ("storlek", "filer", "golv s", "validate s", "/golv", "cpu/golv", "varm/golv", "en ändrad/golv",
            "validate MB", "status/validate", "status varm/kall", "report/golv", "en ändrad report/golv", "report MB",
            "export/status",
            "linjäritet")
    lines = [head]
    for row in rows:
        t, r = row["timings"], row["ratios"]
        validate, report = t.get("validate"), t.get("report")
        lines.append((str(row["size"]), str(row["files"]), fmt(_best(row, "floor"), 3), fmt(_best(row, "validate"), 3),
                      fmt(r["validate_per_floor"]), fmt(r["validate_cpu_per_floor_cpu"]),
                      fmt(r["validate_warm_per_floor"]), fmt(r["validate_one_per_floor"]),
                      fmt(validate["peak_mb"] if validate else None, 0), fmt(r["status_per_validate"]),
                      fmt(r.get("status_warm_per_status")),
                      fmt(r["report_per_floor"]), fmt(r.get("report_one_per_floor")),
                      fmt(report["peak_mb"] if report else None, 0),
                      fmt(r.get("export_per_status")), fmt(r["linearity"])))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)))
    if start:
        s = start["seconds"]
        print(f"\nuppstart: python -c pass {s['python'] * 1000:.0f} ms, styr --version {s['version'] * 1000:.0f} ms, "
              f"styr explain K02 {s['explain'] * 1000:.0f} ms (gräns {start['budget_seconds'] * 1000:.0f} ms); "
              f"styr validate example-repo {s['example'] * 1000:.0f} ms, väggklocka/CPU "
              f"{fmt(start['example_wall_per_cpu'])} (alla varv: {start['example_wall_per_cpu_all']})")
    print()
    spread = next((r["round_ratios"] for r in rows if r["size"] == REFERENCE), rows[-1]["round_ratios"])
    for key, g in goals.items():
        verdict = {True: "uppfyllt", False: "EJ UPPFYLLT", None: "ej mätt"}[g["uppfyllt"]]
        rounds = spread.get(key)
        each = f"  (varv för varv: {', '.join(fmt(v) for v in rounds)})" if rounds else ""
        print(f"{key:28} mål ≤ {g['mål']:<6} mätt {fmt(g['mätt'])}  {verdict}{each}")
    cpu = rows[-1]["cpu_ratios"]
    print("\nprocessortid (alla processer) per golvets, största storleken: "
          + ", ".join(f"{k.removesuffix('_cpu_per_floor')} {fmt(v)}" for k, v in cpu.items()))
    print(f"belastning (1 min) vid slutet: {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor")
    for row in rows:
        for key, t in row["timings"].items():
            if not t["ok"]:
                print(f"\n{key} på {row['size']} filer slutade med kod {t['exit_codes']}:\n{t['stderr_tail']}")


def as_installed() -> None:
    """Measure styr as an installed one runs: with its modules compiled to bytecode once, as pip does when it
    installs. PYTHONDONTWRITEBYTECODE (set on some machines and CI images) would make every measured process
    compile every module it imports again, about 0.15 s a command that no user pays."""
    import compileall

    import styr

    for folder in (Path(styr.__file__).parent, Path(__file__).parent):
        compileall.compile_dir(folder, quiet=2)  # where it cannot write, each process compiles as before
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mät styr mot YAML-golvet på syntetiska målrepon.")
    parser.add_argument("--sizes", default="2000,20000", help="ungefärligt antal filer per repo, kommaseparerat")
    parser.add_argument("--keep", type=Path, help="mapp för repona (återanvänds om de redan finns där)")
    parser.add_argument("--repeat", type=int, default=3, help="körningar per kommando; bästa tiden räknas")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--date", default="2026-11-29", help="dagens datum för styr (STYR_DATUM och --date)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="var resultatet skrivs som JSON")
    parser.add_argument("--no-start", action="store_true", help="hoppa över uppstartsmätningen")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    commands = {c for c in ("validate", "status", "report", "export") if has_command(c)}
    print(f"styr-kommandon som finns: {', '.join(sorted(commands)) or 'inga'}", flush=True)
    as_installed()
    start = None if args.no_start else measure_start(args.repeat, args.date)
    with tempfile.TemporaryDirectory(prefix="styr-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows: list[dict[str, Any]] = []
        for size in sizes:
            repo, files = prepare(size, workdir, args.seed)
            print(f"mäter {files} filer ({args.repeat} varv) ...", flush=True)
            timings = measure(repo, args.repeat, args.date, commands)
            rows.append({"size": size, "files": files, "timings": {k: asdict(t) for k, t in timings.items()}})
    goals = summarise(rows, start)
    print_table(rows, goals, start)
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "python": sys.version.split()[0],
              "machine": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg(),
              "repeat": args.repeat, "date": args.date, "start": start, "sizes": rows, "goals": goals}
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresultat skrivet till {args.json}")
    if any(not t["ok"] for row in rows for t in row["timings"].values()):
        sys.exit(1)  # a command that failed is a broken benchmark (times alone never fail it)


if __name__ == "__main__":
    main()
