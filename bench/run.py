"""Time whole `styr` processes against the YAML parse floor on synthetic goal repositories of several sizes."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.generate import generate

STYR = [sys.executable, "-m", "styr"]  # the styr of the running interpreter's environment
DEFAULT_JSON = Path(__file__).with_name("results.json")
# the targets of bench/README.md, checked at the largest size
GOALS = {"validate_per_floor": 1.5, "validate_peak_mb": 500.0, "linearity": 1.25,
         "status_per_validate": 1.2, "report_per_floor": 3.0, "export_per_status": 1.5}


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


def run_once(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float, float, int, bytes, bytes]:
    """Wall seconds, CPU seconds, peak RSS in MB, exit code, stdout and stderr of one child, measured through
    os.wait4. The CPU time includes the processes the child started and waited for (styr's helpers)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env)
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


def measure(repo: Path, repeat: int, date: str, commands: set[str]) -> dict[str, Timing]:
    """Run the commands in turn, `repeat` rounds, so background load hits all of them alike."""
    env = dict(os.environ, STYR_DATUM=date)
    plans: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "floor": ([sys.executable, "-m", "bench.parse_floor", str(repo)], (0,)),
        "validate": ([*STYR, "validate", str(repo), "--format", "json"], (0, 1)),
        "status": ([*STYR, "status", str(repo), "--format", "json", "--date", date], (0, 1)),
        "report": ([*STYR, "report", str(repo), "--format", "html", "--out", "{out}", "--date", date], (0, 1)),
        # the open data, CSV (`styr export data`): goals, targets, outcomes and the colours of every report period
        "export": ([*STYR, "export", "data", str(repo), "--out", "{out}", "--date", date], (0,)),
    }
    timings = {k: Timing(cmd) for k, (cmd, _) in plans.items() if k == "floor" or k in commands}
    for _ in range(repeat):
        for key, timing in timings.items():
            out_dir = tempfile.mkdtemp(prefix="styr-bench-report-") if "{out}" in timing.command else ""
            cmd = [out_dir if a == "{out}" else a for a in timing.command]
            seconds, cpu, peak, code, stdout, stderr = run_once(cmd, env)
            if out_dir:
                shutil.rmtree(out_dir, ignore_errors=True)
            timing.seconds.append(round(seconds, 4))
            timing.cpu_seconds.append(round(cpu, 4))
            timing.peak_mb = round(max(timing.peak_mb, peak), 1)
            timing.exit_codes.append(code)
            if code not in plans[key][1]:
                timing.ok = False
                timing.stderr_tail = stderr[-1500:].decode("utf-8", "replace")
            if key == "validate" and timing.summary is None:
                try:
                    timing.summary = json.loads(stdout).get("summary")
                except (ValueError, AttributeError):
                    timing.summary = None
    return timings


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Ratios per size, linearity against the smallest size, and the goals at the largest size."""
    def best(row: dict[str, Any], key: str) -> float | None:
        t = row["timings"].get(key)
        return min(t["seconds"]) if t and t["ok"] else None

    def best_cpu(row: dict[str, Any], key: str) -> float | None:
        t = row["timings"].get(key)
        return min(t["cpu_seconds"]) if t and t["ok"] and t.get("cpu_seconds") else None

    first = rows[0]
    for row in rows:
        floor, validate = best(row, "floor"), best(row, "validate")
        # styr shares its work between the cores; the CPU ratios say what that work costs in total.
        row["cpu_ratios"] = {f"{k}_cpu_per_floor": ratio(best_cpu(row, k), best_cpu(row, "floor"))
                             for k in ("validate", "status", "report")}
        row["ratios"] = {
            "validate_per_floor": ratio(validate, floor),
            "status_per_validate": ratio(best(row, "status"), validate),
            "report_per_floor": ratio(best(row, "report"), floor),
            "export_per_status": ratio(best(row, "export"), best(row, "status")),
            # growth of validate time divided by growth of the file count: ~1.0 is linear
            "linearity": None if row is first else ratio(ratio(validate, best(first, "validate")),
                                                          row["files"] / first["files"]),
        }
    last = rows[-1]
    measured = dict(last["ratios"])
    v = last["timings"].get("validate")
    measured["validate_peak_mb"] = v["peak_mb"] if v else None
    return {k: {"mål": limit, "mätt": measured.get(k),
                "uppfyllt": None if measured.get(k) is None else measured[k] <= limit}
            for k, limit in GOALS.items()}


def print_table(rows: list[dict[str, Any]], goals: dict[str, Any]) -> None:
    head = ("storlek", "filer", "golv s", "validate s", "validate/golv", "validate MB", "status/validate",
            "report/golv", "report MB", "export/status", "linjäritet")
    lines = [head]
    for row in rows:
        t, r = row["timings"], row["ratios"]
        floor = min(t["floor"]["seconds"])
        validate, report = t.get("validate"), t.get("report")
        lines.append((str(row["size"]), str(row["files"]), fmt(floor, 3),
                      fmt(min(validate["seconds"]) if validate else None, 3), fmt(r["validate_per_floor"]),
                      fmt(validate["peak_mb"] if validate else None, 0), fmt(r["status_per_validate"]),
                      fmt(r["report_per_floor"]), fmt(report["peak_mb"] if report else None, 0),
                      fmt(r.get("export_per_status")), fmt(r["linearity"])))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)))
    print()
    for key, g in goals.items():
        verdict = {True: "uppfyllt", False: "EJ UPPFYLLT", None: "ej mätt"}[g["uppfyllt"]]
        print(f"{key:22} mål ≤ {g['mål']:<6} mätt {fmt(g['mätt'])}  {verdict}")
    cpu = rows[-1]["cpu_ratios"]
    print("\nprocessortid (alla processer) per golvets: "
          + ", ".join(f"{k.removesuffix('_cpu_per_floor')} {fmt(v)}" for k, v in cpu.items()))
    for row in rows:
        for key, t in row["timings"].items():
            if not t["ok"]:
                print(f"\n{key} på {row['size']} filer slutade med kod {t['exit_codes']}:\n{t['stderr_tail']}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mät styr mot YAML-golvet på syntetiska målrepon.")
    parser.add_argument("--sizes", default="2000,20000", help="ungefärligt antal filer per repo, kommaseparerat")
    parser.add_argument("--keep", type=Path, help="mapp för repona (återanvänds om de redan finns där)")
    parser.add_argument("--repeat", type=int, default=3, help="körningar per kommando; bästa tiden räknas")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--date", default="2026-11-29", help="dagens datum för styr (STYR_DATUM och --date)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="var resultatet skrivs som JSON")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    commands = {c for c in ("validate", "status", "report", "export") if has_command(c)}
    print(f"styr-kommandon som finns: {', '.join(sorted(commands)) or 'inga'}", flush=True)
    with tempfile.TemporaryDirectory(prefix="styr-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows: list[dict[str, Any]] = []
        for size in sizes:
            repo, files = prepare(size, workdir, args.seed)
            print(f"mäter {files} filer ({args.repeat} varv) ...", flush=True)
            timings = measure(repo, args.repeat, args.date, commands)
            rows.append({"size": size, "files": files, "timings": {k: asdict(t) for k, t in timings.items()}})
    goals = summarise(rows)
    print_table(rows, goals)
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "python": sys.version.split()[0],
              "machine": platform.platform(), "cpus": os.cpu_count(), "repeat": args.repeat, "date": args.date,
              "sizes": rows, "goals": goals}
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresultat skrivet till {args.json}")


if __name__ == "__main__":
    main()
