"""Closed periods stay closed: a table of changes someone might make to an adopted bokslut 2025 to move a decided
result past CI, each committed in a real Git repository and checked with `styr validate --base beslut/KF/…`.

Every mutation is a change that validates cleanly without `--base` (so no other rule gives it away) and must be a
finding with `--base`, naming what moved; the controls are ordinary work after the bokslut that must pass. A base
that cannot be read is a usage error (exit 2).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from history_gitrepo import FIXTURE, Repo
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.cli import app
from styr.fulfilment.evaluate import evaluate
from styr.history.revsource import RevisionSource
from styr.load.source import WorkTree
from styr.model.periods import parse_period

runner = CliRunner()
ENV = {"GITHUB_ACTIONS": "false", "NO_COLOR": "1", "STYR_DATUM": ""}
TODAY = "2026-04-25"
TAG = "beslut/KF/2026-04-20"

MODEL = "styrmodell.yaml"
KOMMUN = "kommun/styrkort.yaml"
VERKSAMHET = "kommun/nämnd/verksamhet/styrkort.yaml"
ENHET = "kommun/nämnd/verksamhet/enhet/styrkort.yaml"
KF = "kommun/mål/kf-m1.yaml"
BUN = "kommun/nämnd/mål/bun-m1.yaml"
VM = "kommun/nämnd/verksamhet/mål/bun-v-m1.yaml"
EM = "kommun/nämnd/verksamhet/enhet/mål/bun-v-e-m1.yaml"
EA = "kommun/nämnd/verksamhet/enhet/aktiviteter/bun-v-e-a1.yaml"
BUN_OUT = "utfall: {2023: 82, 2024: 83, 2025: 84}"
LATE_INDICATOR = """  - id: I2
    namn: Andel elever som lånar böcker
    enhet: procent
    riktning: öka
    källa: Skolbiblioteket
    baslinje: {period: 2022, värde: 40}
    målvärde: {2023: 41, 2024: 42, 2025: 43, 2026: 44}
    utfall: {2023: 41, 2024: 42}
bedömning:
"""
NEW_INDICATOR = """  - id: I2
    namn: Andel elever med behörighet till gymnasiet
    enhet: procent
    riktning: öka
    källa: Skolverket
    baslinje: {period: 2022, värde: 80}
    målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 84}
    utfall: {2025: 50}
bedömning:
"""


def _git_env(home: Path) -> dict[str, str]:
    config = home / "gitconfig"
    config.write_text("[user]\n\tname = Test Testsson\n\temail = test@testby.se\n[init]\n\tdefaultBranch = main\n"
                      "[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n", encoding="utf-8")
    return {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": str(home.parent)}


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """The minimal repository with a few sharper edges, committed, with bokslut 2025 adopted by KF (styr adopt)
    and 2024 listed under stängda_perioder. Built once; every case works on a copy."""
    home = tmp_path_factory.mktemp("closed-home")
    env = _git_env(home)
    top = home / "repo"
    shutil.copytree(FIXTURE, top)
    repo = Repo(top)
    repo.write(MODEL, repo.read(MODEL) + "stängda_perioder: [2024]\n")
    # BUN-V-M1: I1 grön, I2 röd in 2025, so the goal is gul and weights and limits matter
    repo.replace(VM, "utfall: {2023: 11, 2024: 12, 2025: 13}", "utfall: {2023: 11, 2024: 12, 2025: 10}")
    # BUN-V-E-M1: I2 has no outcome for 2025 (svart); its outcome may arrive late
    repo.replace(EM, "bedömning:\n", LATE_INDICATOR)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        subprocess.run(["git", "init", "-q", "-b", "main", str(top)], check=True, capture_output=True)
        _commit(repo, "Bokslut 2025")
        result = runner.invoke(app, ["adopt", str(top), "--organ", "KF", "--date", "2026-04-20",
                                     "--paragraph", "§ 45", "--period", "2025"], env=ENV)
        assert result.exit_code == 0, result.output
    yield top, env


def _commit(repo: Repo, message: str) -> None:
    repo.git("add", "-A")
    repo.git("commit", "-q", "--allow-empty", "-m", message)


@dataclass(frozen=True)
class Case:
    """A change to the adopted repository and what `validate --base` must say about it. `code`: the rule that
    must report it (exit 1) and `words` what its message must name; None: it must pass (exit 0). `exit` 2: the
    base cannot be read. `base`: the --base given; `extra`: further options."""

    name: str
    change: Callable[[Repo], None]
    code: str | None
    words: tuple[str, ...] = ()
    base: str = TAG
    extra: tuple[str, ...] = ()
    exit: int | None = None


def sub(path: str, old: str, new: str) -> Callable[[Repo], None]:
    return lambda r: r.replace(path, old, new)


def seq(*steps: Callable[[Repo], None]) -> Callable[[Repo], None]:
    def run(r: Repo) -> None:
        for step in steps:
            step(r)
    return run


def append(path: str, text: str) -> Callable[[Repo], None]:
    return lambda r: r.write(path, r.read(path) + text)


def move(old: str, new: str) -> Callable[[Repo], None]:
    return lambda r: r.move(old, new)


def delete(path: str) -> Callable[[Repo], None]:
    return lambda r: r.delete(path)


def git(*args: str) -> Callable[[Repo], None]:
    def run(r: Repo) -> None:
        r.git(*args)
    return run


BUN_86 = sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 83, 2025: 86}")
NO_EM = delete(EA)  # the enhet's only activity names the goal: it goes with it, as someone hiding the goal would do
RENAME_KF = seq(sub(KOMMUN, "id: KF", "id: KS"), sub(KOMMUN, "organ: KF", "organ: KS"),
                sub(MODEL, "beslutsorgan: KF", "beslutsorgan: KS"), sub(KF, "organ: KF,", "organ: KS,"))

CASES: list[Case] = [
    # values of the closed period
    Case("utfall ändrat", BUN_86, "U06", ("Utfallet 2025 för BUN-M1/I1", "från 84 till 86")),
    Case("utfall borttaget", sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 83}"), "U06", ("har tagits bort",)),
    Case("utfall som text, F05 av", seq(append(MODEL, "regler: {F05: av}\n"),
                                        sub(BUN, BUN_OUT, 'utfall: {2023: 82, 2024: 83, 2025: "84"}')), "U06",
         ("BUN-M1/I1", "”84”")),
    Case("periodnyckel citerad", sub(BUN, BUN_OUT, 'utfall: {2023: 82, 2024: 83, "2025": 86}'), "U06",
         ("från 84 till 86",)),
    Case("kvartal ändrat", sub(VM, "2025-Q3: 84", "2025-Q3: 80"), "U06", ("Utfallet 2025-Q3 för BUN-V-M1/I1",)),
    Case("kvartal gemener, F06 av", seq(append(MODEL, "regler: {F06: av}\n"), sub(VM, "2025-Q3: 84", "2025-q3: 80")),
         "U06", ("2025-Q3", "från 84 till 80")),
    Case("utfall ändrat, bas som commit", BUN_86, "U06", ("från 84 till 86",), base="HEAD~1"),
    Case("utfall ändrat, bas som senaste beslut", BUN_86, "U06", ("från 84 till 86",), base="beslut/KF"),
    Case("nyckel med versal, F03 av", seq(append(MODEL, "regler: {F03: av}\n"),
                                          sub(BUN, "    utfall: {2023", "    Utfall: {2023")), "U06",
         ("Utfallet 2025 för BUN-M1/I1", "har tagits bort")),
    Case("decimal", sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 83, 2025: 84.001}"), "U06", ("84,001",)),
    Case("bedömning ändrad", sub(BUN, "  2025:\n    färg: grön", "  2025:\n    färg: gul"), "U06",
         ("Bedömningen 2025 för BUN-M1", "färg: grön → gul")),
    Case("bedömning borttagen", sub(KF, "  2025-H1:\n    färg: grön\n    analys: Utvecklingen följer planen för året.\n"
                                        "    prognos: grön\n", ""), "U06", ("Bedömningen 2025-H1 för KF-M1",)),
    Case("analys ändrad", sub(BUN, "Indikatorn nådde sitt målvärde.", "Indikatorn nådde nästan sitt målvärde."),
         "U06", ("analys",)),
    Case("stängd 2024 ändrad", sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 85, 2025: 84}"), "U06",
         ("stängda_perioder",)),
    Case("stängda_perioder tömd", seq(sub(MODEL, "stängda_perioder: [2024]", "stängda_perioder: []"),
                                      sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 85, 2025: 84}")), "U06",
         ("Utfallet 2024",)),
    # the protecting rule turned down in the same change
    Case("U06 av", seq(append(MODEL, "regler: {U06: av}\n"), BUN_86), "U06", ("från 84 till 86",)),
    Case("U06 info", seq(append(MODEL, "regler: {U06: info}\n"), BUN_86), "U06", ("från 84 till 86",)),
    Case("U06 varning", seq(append(MODEL, "regler: {U06: warning}\n"), BUN_86), "U06", ("från 84 till 86",)),
    Case("H03 av", seq(append(MODEL, "regler: {H03: av}\n"), sub(BUN, "2025: 83, 2026: 84}", "2025: 90, 2026: 84}")),
         "H03", ("BUN-M1", "målvärde")),
    Case("H02 av och felstavad bas", seq(append(MODEL, "regler: {H02: av}\n"), BUN_86), None,
         base="beslut/KF/2026-04-02", exit=2),
    # a closed outcome that disappears
    Case("mål borttaget", seq(delete(EM), NO_EM), "U06", ("BUN-V-E-M1",)),
    Case("mål-id bytt", seq(sub(EM, "id: BUN-V-E-M1", "id: BUN-V-E-M9"), NO_EM), "U06", ("BUN-V-E-M1",)),
    Case("mål-id gemener, F05 av", seq(append(MODEL, "regler: {F05: av}\n"),
                                       sub(EM, "id: BUN-V-E-M1", "id: bun-v-e-m1"), NO_EM), "U06", ("BUN-V-E-M1",)),
    Case("flyttat till _arkiv", seq(move(EM, "kommun/nämnd/verksamhet/enhet/_arkiv/bun-v-e-m1.yaml"), NO_EM),
         "U06", ("BUN-V-E-M1",)),
    Case("flyttat till dold mapp", seq(move(EM, "kommun/nämnd/verksamhet/enhet/mål/.gammalt/bun-v-e-m1.yaml"),
                                       NO_EM), "U06", ("BUN-V-E-M1",)),
    Case("filändelse bytt", seq(move(EM, "kommun/nämnd/verksamhet/enhet/mål/bun-v-e-m1.yaml.bak"), NO_EM),
         "U06", ("BUN-V-E-M1",)),
    Case("oläsbar målfil, Y01 av", seq(append(MODEL, "regler: {Y01: av}\n"),
                                       sub(EM, "titel: Eleverna", "titel: [Eleverna"), NO_EM), "U06",
         ("BUN-V-E-M1", "kan inte läsas")),
    Case("indikator-id bytt", sub(BUN, "  - id: I1\n", "  - id: I9\n"), "U06", ("BUN-M1/I1", "har tagits bort")),
    Case("slut före perioden", sub(EM, "slut: 2026-12-31", "slut: 2024-12-31"), "H03",
         ("BUN-V-E-M1", "hör inte längre till 2025", "slut: 2026-12-31 → 2024-12-31")),
    Case("start efter perioden", sub(EM, "start: 2023-01-01", "start: 2026-01-01"), "H03",
         ("BUN-V-E-M1", "start: 2023-01-01 → 2026-01-01")),
    Case("dubblett som skuggar", seq(append(MODEL, "regler: {K06: av}\n"),
                                     lambda r: r.write("kommun/nämnd/mål/a-bun-m1.yaml", r.read(BUN).replace(
                                         BUN_OUT, "utfall: {2023: 82, 2024: 83, 2025: 80}"))), "U06",
         ("BUN-M1/I1", "från 84 till 80")),
    # the closing organ's scope moved
    Case("KF bytt namn, organ flyttat nedåt", seq(RENAME_KF, append(ENHET, "organ: KF\n"), BUN_86), "U06",
         ("från 84 till 86", TAG)),
    Case("KF som id längre ned", seq(RENAME_KF, sub(VERKSAMHET, "id: BUN-V", "id: KF"),
                                     sub(KF, "2025: 84}", "2025: 80}")), "U06", ("Utfallet 2025 för KF-M1/I1",)),
    # what the adopted colour was computed from
    Case("målvärde 2025", sub(BUN, "2025: 83, 2026: 84}", "2025: 90, 2026: 84}"), "H03",
         ("BUN-M1", "grön", "gul", "målvärde")),
    Case("riktning", sub(BUN, "riktning: öka", "riktning: minska"), "H03", ("BUN-M1", "riktning")),
    Case("vikt", sub(VM, "    mätfrekvens: kvartal\n", "    mätfrekvens: kvartal\n    vikt: 4\n"), "H03",
         ("BUN-V-M1", "gul", "grön", "vikt")),
    Case("gränser", append(MODEL, "färgmodell:\n  gränser: {grön: 0.5, gul: 0.3}\n"), "H03",
         ("Färgmodellen", "gränser grön 0,8, gul 0,4 → grön 0,5, gul 0,3", "1 mål: BUN-V-M1")),
    Case("gul marginal", append(MODEL, "färgmodell:\n  gul_marginal: 0.3\n"), "H03",
         ("Färgmodellen", "gul_marginal 0,1 → 0,3", "BUN-V-M1")),
    Case("annan färgmodell", append(MODEL, "färgmodell:\n  modell: andel_av_målvärdet\n  andel_gul: 0.7\n"),
         "H03", ("modell standard → andel_av_målvärdet", "andel_gul 0,8 → 0,7", "BUN-V-M1")),
    Case("färgmodell och målvärde", seq(append(MODEL, "färgmodell:\n  gul_marginal: 0.3\n"),
                                        sub(BUN, "2025: 83, 2026: 84}", "2025: 90, 2026: 84}")), "H03",
         ("BUN-M1 i 2025", "gul_marginal 0,1 → 0,3", "I1 målvärde 2025: 83 → 90")),
    Case("ny indikator med utfall 2025", sub(BUN, "bedömning:\n", NEW_INDICATOR), "H03", ("BUN-M1", "I2")),
    Case("läsår", append(VERKSAMHET, "verksamhetsår: läsår\n"), "H03", ("BUN-V-M1",)),
    # the base that cannot be read
    Case("felstavad bas", BUN_86, None, base="beslut/KF/2026-04-21", exit=2),
    Case("borttagen tagg", seq(BUN_86, git("tag", "-d", TAG)), None, exit=2),
    Case("organ utan beslut", BUN_86, None, base="beslut/KX", exit=2),
    Case("borttagen tagg, senaste beslut", seq(BUN_86, git("tag", "-d", TAG)), None, base="beslut/KF", exit=2),
    # ordinary work after the bokslut
    Case("ingen ändring", lambda r: None, None),
    Case("nytt utfall 2026", sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 83, 2025: 84, 2026-Q1: 85}"), None),
    Case("sent utfall för svart indikator", sub(EM, "utfall: {2023: 41, 2024: 42}",
                                                "utfall: {2023: 41, 2024: 42, 2025: 43}"), None),
    Case("omformaterat", sub(BUN, BUN_OUT, "utfall:\n      2023: 82\n      2024: 83.0\n      '2025': 84\n"), None),
    Case("filen bytt namn i samma enhet", move(BUN, "kommun/nämnd/mål/kunskapsresultat.yaml"), None),
    Case("enhetsmapp bytt namn", move("kommun/nämnd", "kommun/bun"), None),
    Case("kvartalsutfall när helåret finns", sub(BUN, BUN_OUT, "utfall: {2023: 82, 2024: 83, 2025: 84, 2025-Q4: 70}"),
         None),
    Case("nycklar i NFD", lambda r: r.write(BUN, r.read(BUN).replace("bedömning:", "bedo\u0308mning:")), None),
    Case("målvärde 2026", sub(BUN, "2025: 83, 2026: 84}", "2025: 83, 2026: 88}"), None),
    Case("felstavad bas tillåten", BUN_86, None, base="beslut/KF/2026-04-21", extra=("--allow-missing-base",)),
]


def validate(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(root), "--date", TODAY, *args], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def work(adopted: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    source, env = adopted
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    top = tmp_path / "repo"
    shutil.copytree(source, top, symlinks=True)
    return Repo(top)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_closed_period_mutation(case: Case, work: Repo) -> None:
    case.change(work)
    _commit(work, f"Ändring: {case.name}")
    code, out = validate(work.root)
    assert code == 0, f"{case.name}: redan utan --base\n{out}"
    code, out = validate(work.root, "--base", case.base, "--format", "json", *case.extra)
    if case.exit == 2:
        assert code == 2, out
        assert case.base in out and "--allow-missing-base" in out
        return
    found = json.loads(out)["diagnostics"]
    if case.code is None:
        assert code == 0, out
        assert not [d for d in found if d["code"] in ("U06", "H03")], out
        return
    assert code == 1, out
    messages = [d["message"] for d in found if d["code"] == case.code and d["severity"] == "error"]
    assert any(all(w in m for w in case.words) for m in messages), out


def test_frequency_changes_a_colour_only_through_fulfilment(work: Repo) -> None:
    """`mätfrekvens` is a finding exactly when it changes an adopted colour, as fulfilment computes it."""
    work.replace(VM, "mätfrekvens: helår\n    målvärde: {2023: 11", "mätfrekvens: kvartal\n    målvärde: {2023: 11")
    _commit(work, "Mätfrekvens")
    period = parse_period("2025")
    then = evaluate(analyse(RevisionSource.open(work.root, TAG), date(2026, 4, 25)).repo, period)["BUN-V-M1"]
    now = evaluate(analyse(WorkTree(work.root), date(2026, 4, 25)).repo, period)["BUN-V-M1"]
    moved = then.indicator_colour != now.indicator_colour or any(
        a.colour != b.colour for a, b in zip(then.indicators, now.indicators, strict=True))
    code, out = validate(work.root, "--base", TAG)
    assert code == (1 if moved else 0), out
    assert ("H03" in out) is moved


def test_shallow_clone_without_the_base_is_a_usage_error(adopted: tuple[Path, dict[str, str]], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    source, env = adopted
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    src = Repo(source)
    clone = tmp_path / "grund"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{source}", str(clone)],
                   check=True, capture_output=True, env={**os.environ, **env})
    assert src.git("rev-parse", "HEAD")
    code, out = validate(clone, "--base", TAG)
    assert code == 2 and TAG in out, out
    code, out = validate(clone, "--base", TAG, "--allow-missing-base")
    assert code == 0 and "H02" in out, out
