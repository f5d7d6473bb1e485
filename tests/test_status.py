"""`styr status`: the tree, the JSON contract, --unit, --explain and the usage errors (exit 2)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from styr.app.pipeline import Settings, analyse, open_source
from styr.commands.status import status

app = typer.Typer()
app.command()(status)
runner = CliRunner()

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal"
EXAMPLE = HERE.parent / "example-repo"
DATE = ["--date", "2026-11-29"]
PLAIN = {"NO_COLOR": "1", "FORCE_COLOR": ""}


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, [*args], env=env or PLAIN)


def as_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_text_tree_has_shapes_words_counts_and_contributors() -> None:
    result = run(str(MINIMAL), *DATE, "--period", "2025")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == "Vision 2030 – Måluppfyllelse helår 2025 (2025)"
    assert "V1 Lärande för framtiden  · kommunmål: 1 grön" in out
    assert "● grön  KF-M1 Alla barn och elever når kunskapsmålen  · 1/1 mätta · bedömd · bidragande: 1 grön" in out
    assert "── ● grön  BUN-V-M1 Alla elever känner sig trygga i skolan  · 2/2 mätta" in out
    assert "4 mål för 2025: 4 grön." in out
    assert "Teckenförklaring: ● grön uppfylls helt · ▲ gul uppfylls delvis · ■ röd uppfylls inte · ◆ svart inte" \
        in out
    assert "\x1b[" not in out  # NO_COLOR
    # the chain: each goal is indented below the goal it contributes to
    lines = out.splitlines()
    order = [next(i for i, line in enumerate(lines) if gid + " " in line) for gid in
             ("KF-M1", "BUN-M1", "BUN-V-M1", "BUN-V-E-M1")]
    assert order == sorted(order)
    indents = [lines[i].index(gid) for i, gid in zip(order, ("KF-M1", "BUN-M1", "BUN-V-M1", "BUN-V-E-M1"),
                                                        strict=True)]
    assert indents == sorted(indents) and len(set(indents)) == 4


def test_default_period_and_not_due_hint() -> None:
    out = run(str(MINIMAL), *DATE).stdout
    assert "(2026-Q3)" in out.splitlines()[0]
    # yearly indicators have nothing due in a quarter: not due (ej aktuell), not svart
    assert "◌ ej aktuell  KF-M1" in out and "svart  KF-M1" not in out
    assert "● grön  BUN-V-M1 Alla elever känner sig trygga i skolan  · 1/2 mätta · 1 ej aktuell" in out
    assert "Många mål har ingen mätning i 2026-Q3: indikatorer som mäts per helår bedöms i bokslutet" in out


def test_colour_when_forced() -> None:
    out = run(str(MINIMAL), *DATE, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "\x1b[" in out


def test_unit_limits_to_subtree() -> None:
    out = run(str(MINIMAL), *DATE, "--period", "2025", "--unit", "BUN-V").stdout
    assert out.splitlines()[0] == "Grundskola (BUN-V) – Måluppfyllelse helår 2025 (2025)"
    assert "BUN-V-M1" in out and "BUN-V-E-M1" in out
    assert "KF-M1 " not in out and "BUN-M1 " not in out
    doc = as_json(str(MINIMAL), *DATE, "--period", "2025", "--unit", "bun-v")
    assert [g["id"] for g in doc["mål"]] == ["BUN-V-M1", "BUN-V-E-M1"]
    assert doc["enhet"] == "BUN-V"


def test_json_contract() -> None:
    doc = as_json(str(MINIMAL), *DATE, "--period", "2026-H1")
    assert doc["period"] == "2026-H1"
    assert [g["id"] for g in doc["mål"]] == ["KF-M1", "BUN-M1", "BUN-V-M1", "BUN-V-E-M1"]
    goal = next(g for g in doc["mål"] if g["id"] == "BUN-V-M1")
    for key, kind in (("id", str), ("enhet", str), ("nivå", str), ("perspektiv", str), ("indikatorfärg", str),
                      ("färg", str), ("bedömd", bool), ("mätta", int), ("indikatorer_totalt", int),
                      ("indikatorer", list), ("bidragande", dict)):
        assert isinstance(goal[key], kind), key
    assert (goal["enhet"], goal["nivå"], goal["perspektiv"]) == ("BUN-V", "verksamhet", "Verksamhet")
    assert (goal["indikatorfärg"], goal["färg"], goal["bedömd"], goal["mätta"], goal["indikatorer_totalt"]) == \
        ("grön", "grön", True, 1, 2)
    assert goal["bidragande"] == {"grön": 1, "gul": 0, "röd": 0, "svart": 0, "ej_aktuell": 0, "ej_påbörjat": 0}
    first, second = goal["indikatorer"]
    assert {"id", "målvärde", "utfall", "färg", "skäl"} <= set(first)
    assert (first["id"], first["målvärde"], first["utfall"], first["färg"]) == ("I1", 84, 85, "grön")
    assert first["utfallsperiod"] == "2026-Q2"
    # a yearly indicator in the delår: not due, shown with its latest outcome and that outcome's period
    assert (second["utfall"], second["utfallsperiod"], second["färg"], second["målvärde"]) == \
        (13, "2025", "ej_aktuell", 14)
    assert second["skäl"].startswith("Ingen mätning i 2026-H1 (mätfrekvens helår)")
    assert (goal["ej_aktuella"], goal["grund"], second["vägs_in"], second["målvärdesfärg"]) == \
        (1, "indikatorer", "målvärde", None)
    assert doc["skala"]["ej_aktuell"] == {"ord": "ej aktuell", "beskrivning": "ingen mätning i perioden",
                                          "symbol": "◌"}


def test_json_interval_and_uppnatt_values(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    goal = root / "kommun/mål/kf-m1.yaml"
    text = goal.read_text(encoding="utf-8").replace("""    målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 84}
    utfall: {2023: 82, 2024: 83, 2025: 84}""", """    målvärde: {2025: {min: 2, max: 4}}
    utfall: {2025: 5}
  - id: I2
    namn: Handlingsplanen är antagen
    enhet: ja/nej
    riktning: uppnått
    målvärde: {2025: ja}
    utfall: {2025: ja}""").replace("riktning: öka", "riktning: intervall", 1)
    goal.write_text(text, encoding="utf-8")
    doc = as_json(str(root), *DATE, "--period", "2025")
    kf = next(g for g in doc["mål"] if g["id"] == "KF-M1")
    i1, i2 = kf["indikatorer"]
    assert (i1["målvärde"], i1["utfall"], i1["färg"]) == ({"min": 2, "max": 4}, 5, "röd")
    assert (i2["målvärde"], i2["utfall"], i2["färg"]) == (True, True, "grön")


def test_explain_prints_every_step() -> None:
    result = run(str(MINIMAL), *DATE, "--period", "2026-H1", "--explain", "BUN-V-M1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("● grön  BUN-V-M1 Alla elever känner sig trygga i skolan – delår (halvår 1) 2026 (2026-H1)")
    for fragment in ("Indikatorer:", "I1 Andel elever som känner sig trygga i skolan → grön: Utfall 85 för 2026-Q2 "
                     "mot målvärde 84 för 2026",
                     "I2 Antal genomförda trygghetsvandringar → ej aktuell: Ingen mätning i 2026-H1 "
                     "(mätfrekvens helår); senaste utfall 2025: 13.",
                     "Vägning (poäng grön 1, gul 0,5, röd 0):", "I1 grön: 1 × vikt 1 = 1",
                     "I2 ej aktuell: ingen mätning i perioden, räknas inte",
                     "Bedömning 2026-H1: grön, samma som indikatorfärgen.",
                     "Prognos för helåret: grön.", "Total måluppfyllelse: grön (uppfylls helt).",
                     "Bidragande mål (direkt, 1 st): 1 grön."):
        assert fragment in out, fragment
    doc = as_json(str(MINIMAL), *DATE, "--explain", "bun-v-m1")
    assert [g["id"] for g in doc["mål"]] == ["BUN-V-M1"]
    assert doc["mål"][0]["förklaring"][0].startswith("BUN-V-M1 ")


@pytest.mark.parametrize(("args", "message"), [
    (["--explain", "BUN-V-M9"], "styr: okänt mål 'BUN-V-M9'. Menade du 'BUN-V-M1'?"),
    (["--unit", "BUN-X"], "styr: okänd enhet 'BUN-X'. Menade du 'BUN-V'?"),
    (["--period", "2026-Q5"], "styr: Ogiltig period '2026-Q5': kvartal är Q1–Q4."),
    (["--period", "våren"], "styr: Ogiltig period 'våren'"),
    (["--format", "xml"], "styr: okänt format 'xml'. Välj text eller json."),
    (["--date", "2026-13-01"], "styr: ogiltigt datum"),
])
def test_usage_errors_exit_2_with_swedish_message(args: list[str], message: str) -> None:
    result = run(str(MINIMAL), *DATE, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_not_a_goal_repository(tmp_path: Path) -> None:
    result = run(str(tmp_path), *DATE)
    assert result.exit_code == 2
    assert "styrmodell.yaml" in result.stderr


def test_errors_in_the_repository_are_noted_but_status_still_runs(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    goal = root / "kommun/mål/kf-m1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: uppåt"), encoding="utf-8")
    result = run(str(root), *DATE, "--period", "2025")
    assert result.exit_code == 0
    assert "obs! målrepots filer har 1 fel" in result.stderr
    assert "● grön  KF-M1 Alla barn och elever når kunskapsmålen  · 0/1 mätta · bedömd (indikatorer: svart)" \
        in result.stdout


def test_lasar_unit_shows_its_period(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    unit = root / "kommun/nämnd/verksamhet/enhet/styrkort.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "verksamhetsår: läsår\n", encoding="utf-8")
    out = run(str(root), *DATE, "--period", "2026").stdout
    assert "läsårsperiod 2025/26" in out


def test_a_goal_contributing_to_two_goals_is_expanded_once(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    kf2 = (root / "kommun/mål/kf-m1.yaml").read_text(encoding="utf-8").replace("id: KF-M1", "id: KF-M2")
    (root / "kommun/mål/kf-m2.yaml").write_text(kf2, encoding="utf-8")
    bun = root / "kommun/nämnd/mål/bun-m1.yaml"
    bun.write_text(bun.read_text(encoding="utf-8").replace("bidrar_till: [KF-M1]", "bidrar_till: [KF-M1, KF-M2]"),
                   encoding="utf-8")
    out = run(str(root), *DATE, "--period", "2025").stdout
    assert out.count("BUN-M1 ") == 2
    assert out.count("BUN-V-M1 ") == 1
    assert "visas ovan" in out


def test_example_repo_q3_shows_yearly_indicators_as_not_due_with_their_latest_outcome() -> None:
    doc = as_json(str(EXAMPLE), "--date", "2026-12-06", "--period", "2026-Q3")
    yearly = [(g["id"], i) for g in doc["mål"] for i in g["indikatorer"]
              if i["id"] and g["id"].startswith("KF-") and i["färg"] == "ej_aktuell"]
    assert len(yearly) >= 8
    assert all(i["utfallsperiod"] == "2025" and i["utfall"] is not None for _, i in yearly)
    assert not [g["id"] for g in doc["mål"] if g["färg"] == "svart"]
    kf = {g["id"]: g["färg"] for g in doc["mål"] if g["id"].startswith("KF-")}
    assert sum(1 for c in kf.values() if c == "ej_aktuell") == 5 and kf["KF-M4"] == "grön"  # sick leave is quarterly
    text = run(str(EXAMPLE), "--date", "2026-12-06", "--period", "2026-Q3", "--explain", "KF-M1").stdout
    assert "I1 Andel elever i åk 9 som är behöriga till yrkesprogram → ej aktuell: Ingen mätning i 2026-Q3 " \
           "(mätfrekvens helår); senaste utfall 2025: 84,1." in text


def test_example_repo_json_has_every_goal_and_a_mix_of_colours() -> None:
    doc = as_json(str(EXAMPLE), *DATE)
    repo = analyse(open_source(Settings(EXAMPLE.resolve(), date(2026, 11, 29))), date(2026, 11, 29)).repo
    assert sorted(g["id"] for g in doc["mål"]) == sorted({g.id for g in repo.goals})
    assert len({g["färg"] for g in doc["mål"]}) >= 2
    assert all(set(g["bidragande"]) == {"grön", "gul", "röd", "svart", "ej_aktuell", "ej_påbörjat"}
               for g in doc["mål"])
    assert sum(doc["fördelning"].values()) == len(doc["mål"])
    h1 = as_json(str(EXAMPLE), *DATE, "--period", "2026-H1")
    assert len({g["färg"] for g in h1["mål"]}) >= 3
    assert run(str(EXAMPLE), *DATE).exit_code == 0
