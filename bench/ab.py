"""Compare two styr source trees on one command, alternating their runs, so that a shared machine's changing
load falls on both alike (one after the other, the same command differed by up to 8 % on the 2-core machine).

    python -m bench.ab --rounds 5 --repo /tmp/repo A=/path/to/old B=. -- validate {repo} --format json
    python -m bench.ab --rounds 5 --repo /tmp/repo --edit outcome A=../old B=. -- report {repo} --out {out}

Each run is `python -m styr ARGS` in the tree's folder (`-m` puts the current folder before PYTHONPATH: run
elsewhere, every tree would run the styr of the folder bench.ab was started in), `{repo}` and `{out}` replaced.
`--cache` cold (default): an empty parse cache and output folder each run; warm: each tree keeps its own between runs
(primed once before the rounds). `--edit outcome` changes one outcome before each round (as bench.run's "report
after one changed outcome"), `--edit comment` appends a comment to one goal file; the file is restored at the
end. Prints the fastest and the median wall and CPU time of each tree (CPU of the process and the helpers it
waited for).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.run import Edits, OutcomeEdits, run_once


@dataclass
class Tree:
    label: str
    root: Path
    work: Path
    """This tree's own cache and output folders (kept between runs with --cache warm)."""
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def command(tree: Tree, args: Sequence[str], repo: Path, work: Path) -> tuple[list[str], dict[str, str], Path]:
    cmd = [sys.executable, "-m", "styr", *(a.replace("{repo}", str(repo)).replace("{out}", str(work / "ut"))
                                           for a in args)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as an installed styr runs
    env.update(PYTHONPATH=str(tree.root), STYR_CACHE_DIR=str(work / "cache"))
    return cmd, env, tree.root


def measure(trees: Sequence[Tree], args: Sequence[str], repo: Path, rounds: int, warm: bool,
            edit: Edits | None) -> None:
    if warm:  # each tree's cache and output folder know the repository before the first measured run
        for tree in trees:
            run_once(*command(tree, args, repo, tree.work))
    try:
        for _ in range(rounds):
            if edit is not None:
                edit()
            for tree in trees:
                work = tree.work if warm else Path(tempfile.mkdtemp(prefix="run-", dir=tree.work))
                wall, cpu, _, code, _, err = run_once(*command(tree, args, repo, work))
                if not warm:  # a cold run's cache and report go at once: a report at 20,000 files is 400 MB
                    shutil.rmtree(work, ignore_errors=True)
                if code not in (0, 1):
                    raise SystemExit(f"{tree.label}: styr slutade med {code}: {err.decode(errors='replace')[-800:]}")
                tree.wall.append(wall)
                tree.cpu.append(cpu)
    finally:
        if edit is not None:
            edit.restore()


def summary(trees: Sequence[Tree]) -> str:
    rows = [f"{t.label:10} väggklocka min {min(t.wall):.3f} median {statistics.median(t.wall):.3f}   "
            f"processortid min {min(t.cpu):.3f} median {statistics.median(t.cpu):.3f}" for t in trees]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--cache", choices=("cold", "warm"), default="cold")
    parser.add_argument("--edit", choices=("none", "outcome", "comment"), default="none")
    parser.add_argument("trees", nargs="+", metavar="NAMN=TRÄD")
    given = list(sys.argv[1:] if argv is None else argv)
    if "--" not in given:
        parser.error("ange styrs argument efter --, t.ex. -- validate {repo}")
    cut = given.index("--")
    opts, args = parser.parse_args(given[:cut]), given[cut + 1:]
    with tempfile.TemporaryDirectory(prefix="styr-ab-") as scratch:
        trees = []
        for spec in opts.trees:
            label, sep, root = spec.partition("=")
            if not sep or not (Path(root) / "styr" / "__init__.py").is_file():
                parser.error(f"'{spec}' ska vara NAMN=TRÄD, där TRÄD är en mapp med styr/ i")
            (Path(scratch) / label).mkdir()
            trees.append(Tree(label, Path(root).resolve(), Path(scratch) / label))
        warm = opts.cache == "warm" or opts.edit != "none"
        edit = {"outcome": OutcomeEdits, "comment": Edits}.get(opts.edit)
        measure(trees, args, opts.repo.resolve(), opts.rounds, warm, edit(opts.repo) if edit else None)
        print(summary(trees))


if __name__ == "__main__":
    main()
