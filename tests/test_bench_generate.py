"""The synthetic goal repositories of bench/generate.py have the promised shape and obey the goal chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not part of the installed package
    sys.path.insert(0, str(ROOT))

from bench.generate import generate, make_history  # noqa: E402

LEVELS = ["kommun", "nämnd", "verksamhet", "enhet"]
ENDED_QUARTERS = [f"{y}-Q{q}" for y in range(2023, 2027) for q in range(1, 5) if (y, q) <= (2026, 3)]


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def all_files(repo: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath, f) for f in filenames]
    return found


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("bench") / "repo"
    return out, generate(out, 300, seed=3)


@pytest.fixture(scope="module")
def units(repo: tuple[Path, dict[str, int]]) -> dict[Path, dict[str, Any]]:
    """Every unit folder with its styrkort, goals and activities, loaded."""
    root = repo[0] / "kommun"
    found: dict[Path, dict[str, Any]] = {}
    for dirpath, _, filenames in os.walk(root):
        d = Path(dirpath)
        if d.name in ("mål", "aktiviteter", "verksamhetsplan"):
            continue
        assert "styrkort.yaml" in filenames, f"{d} saknar styrkort.yaml"
        found[d] = {
            "styrkort": load(d / "styrkort.yaml"),
            "goals": [load(p) for p in sorted((d / "mål").glob("*.yaml"))],
            "activities": [load(p) for p in sorted((d / "aktiviteter").glob("*.yaml"))],
            "depth": len(d.relative_to(root).parts),
        }
    return found


def test_counts_and_tree_shape(repo: tuple[Path, dict[str, int]], units: dict[Path, dict[str, Any]]) -> None:
    path, counts = repo
    files = all_files(path)
    assert counts["files"] == len(files)
    assert 255 <= len(files) <= 345
    assert counts["kommun"] == 1 and counts["nämnder"] >= 2
    assert counts["verksamheter"] >= counts["nämnder"] and counts["enheter"] >= counts["verksamheter"]
    assert counts["units"] == len(units)
    assert counts["goals"] == sum(len(u["goals"]) for u in units.values())
    assert counts["activities"] == sum(len(u["activities"]) for u in units.values())
    levels = Counter(u["styrkort"]["nivå"] for u in units.values())
    assert levels == {"kommun": 1, "nämnd": counts["nämnder"], "verksamhet": counts["verksamheter"],
                      "enhet": counts["enheter"]}
    for u in units.values():
        sk = u["styrkort"]
        assert sk["nivå"] == LEVELS[u["depth"]]
        assert sk["chef"]["namn"] and sk["chef"]["git"].startswith("@")
        assert ("samordnare" in sk) == (sk["nivå"] in ("kommun", "nämnd"))
        assert 2 <= len(u["goals"]) <= (8 if u["depth"] == 0 else 5) and len(u["activities"]) >= len(u["goals"])


def test_every_yaml_file_parses(repo: tuple[Path, dict[str, int]]) -> None:
    yamls = [p for p in all_files(repo[0]) if p.suffix == ".yaml"]
    assert all(isinstance(load(p), dict) for p in yamls)
    model = load(repo[0] / "styrmodell.yaml")
    assert [n["id"] for n in model["nivåer"]] == LEVELS and len(model["perspektiv"]) == 4
    assert model["mandatperiod"] == {"start": dt.date(2023, 1, 1), "slut": dt.date(2026, 12, 31)}


def test_ids_unique_and_well_formed(units: dict[Path, dict[str, Any]]) -> None:
    ids = [u["styrkort"]["id"] for u in units.values()]
    for u in units.values():
        uid = u["styrkort"]["id"]
        ids += [g["id"] for g in u["goals"]] + [a["id"] for a in u["activities"]]
        assert all(g["id"].startswith(f"{uid}-M") for g in u["goals"])
        assert all(a["id"].startswith(f"{uid}-A") for a in u["activities"])
    assert len(ids) == len(set(ids))


def test_goal_chain(repo: tuple[Path, dict[str, int]], units: dict[Path, dict[str, Any]]) -> None:
    areas = {a["id"] for a in load(repo[0] / "vision.yaml")["målområden"]}
    served: set[str] = set()
    for d, u in units.items():
        if u["depth"] == 0:
            assert all(g["bidrar_till"] and set(g["bidrar_till"]) <= areas for g in u["goals"])
            continue
        parent_goals = {g["id"] for g in units[d.parent]["goals"]}
        for g in u["goals"]:
            assert g["bidrar_till"] and set(g["bidrar_till"]) <= parent_goals, g["id"]
            if u["depth"] == 1:
                served |= set(g["bidrar_till"])
    kommun = next(u for u in units.values() if u["depth"] == 0)
    assert served == {g["id"] for g in kommun["goals"]}


def test_goals_are_measured_and_assessed(units: dict[Path, dict[str, Any]]) -> None:
    for u in units.values():
        for g in u["goals"]:
            assert g["beskrivning"] and len(g["titel"]) > 10
            assert ("beslut" in g) == (u["depth"] <= 1)
            years = list(range(g["start"].year, g["slut"].year + 1))
            assert g["slut"] == dt.date(2026, 12, 31) and g["start"].year >= 2023
            assert 2 <= len(g["indikatorer"]) <= 3
            for ind in g["indikatorer"]:
                assert ind["enhet"] and ind["riktning"]
                assert sorted(ind["målvärde"]) == years
                outcomes = {str(p) for p in ind["utfall"]}
                assert {str(y) for y in years if y < 2026} <= outcomes
                quarterly = [q for q in ENDED_QUARTERS if int(q[:4]) >= years[0]]
                if ind.get("mätfrekvens") == "kvartal":
                    assert set(quarterly) <= outcomes
                else:  # a yearly indicator: outcomes for the years only (U07 would flag a quarter)
                    assert not [p for p in outcomes if "-" in p]
                if ind["enhet"] == "procent":
                    assert all(0 <= v <= 100 for v in ind["utfall"].values())
            assessed = g["bedömning"]
            assert set(assessed) == {2025, "2026-H1"}
            assert all(b["analys"].strip() for b in assessed.values()) and assessed["2026-H1"]["prognos"]


def test_activities(units: dict[Path, dict[str, Any]]) -> None:
    today = dt.date(2026, 11, 29)
    for u in units.values():
        own = {g["id"] for g in u["goals"]}
        assert own == {m for a in u["activities"] for m in a["mål"]}  # every goal has an activity
        for a in u["activities"]:
            assert set(a["mål"]) <= own and a["ansvarig"]
            assert a["start"] <= a["slut"]
            assert a["status"] == "genomförd" if a["slut"] < today else a["status"] != "genomförd"


def digest(repo: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(all_files(repo)):
        h.update(str(p.relative_to(repo)).encode() + p.read_bytes())
    return h.hexdigest()


def test_deterministic_per_seed(tmp_path: Path) -> None:
    generate(tmp_path / "a", 120, seed=5)
    generate(tmp_path / "b", 120, seed=5)
    generate(tmp_path / "c", 120, seed=6)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_history(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    generate(repo, 150, seed=2)
    make_history(repo, 20, seed=2)

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout

    assert git("rev-list", "--count", "HEAD").strip() == "20"
    assert git("status", "--porcelain") == ""
    assert len(set(git("log", "--format=%an").split("\n")) - {""}) >= 3
    years = {int(y) for y in git("log", "--format=%ad", "--date=format:%Y").split()}
    assert years <= {2023, 2024, 2025, 2026} and len(years) >= 3
    # the edited files still parse, and ids stay unique after added activities
    ids = [load(p)["id"] for p in all_files(repo) if p.suffix == ".yaml" and p.parent.name in ("mål", "aktiviteter")]
    assert len(ids) == len(set(ids))


def test_benchmark_counts_the_cpu_time_of_helper_processes() -> None:
    """styr shares work with forked helpers: the benchmark's CPU time must include theirs, not only the
    wall clock of the command it started."""
    from bench.run import run_once

    spin = ("import multiprocessing, time\n"
            "def work():\n"
            "    end = time.process_time() + 0.4\n"
            "    while time.process_time() < end: pass\n"
            "p = multiprocessing.get_context('fork').Process(target=work); p.start(); p.join()\n")
    wall, cpu, peak, code, _, _ = run_once([sys.executable, "-c", spin], dict(os.environ))
    assert code == 0 and peak > 0
    assert cpu >= 0.35, cpu
    assert wall >= 0.35
