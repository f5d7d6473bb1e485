"""Five levels (kommun, nämnd, förvaltning, verksamhet, enhet) and other perspectives: the rules follow the model."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_rule_cases import HERE, apply_case, check_expectations, copy_repo, run_case, show

from styr.app.pipeline import analyse
from styr.diagnostics import Severity
from styr.load.source import WorkTree

FIVE = HERE / "fixtures" / "fem-nivaer"
TODAY = date(2026, 11, 29)

VON = "kommun/vard-och-omsorgsnamnden"
FORV = f"{VON}/forvaltningen"
HT = f"{FORV}/hemtjanst"
NORR = f"{HT}/hemtjanst-norr"
KFN = "kommun/kultur-och-fritidsnamnden"
FORV_GOAL = f"{FORV}/mål/sjukfranvaro.yaml"
HT_GOAL = f"{HT}/mål/heltid.yaml"
NORR_GOAL = f"{NORR}/mål/kanda-ansikten.yaml"
KFN_GOAL = f"{KFN}/mål/lokaler.yaml"


def swap(path: str, old: str, new: str) -> dict[str, str]:
    return {"fil": path, "från": old, "till": new}


CASES: dict[str, dict[str, Any]] = {
    "K02 verksamhetsmål två nivåer upp (nämndmål)": {
        "byt": [swap(HT_GOAL, "bidrar_till: [VON-F-M1]", "bidrar_till: [VON-M1]")],
        "förväntat": [{"kod": "K02", "fil": HT_GOAL, "rad": 7, "kolumn": 15, "meddelande": "(nämnd)"}],
    },
    "K02 förvaltningsmål två nivåer upp (kommunmål)": {
        "byt": [swap(FORV_GOAL, "bidrar_till: [VON-M1]", "bidrar_till: [KF-M1]")],
        "förväntat": [{"kod": "K02", "fil": FORV_GOAL, "rad": 7, "kolumn": 15}],
    },
    "K02 enhetsmål två nivåer upp (förvaltningsmål)": {
        "byt": [swap(NORR_GOAL, "bidrar_till: [VON-F-HT-M1]", "bidrar_till: [VON-F-M1]")],
        "förväntat": [{"kod": "K02", "fil": NORR_GOAL, "rad": 7, "kolumn": 15}],
    },
    "K03 förvaltningsmål bidrar till en annan nämnds mål": {
        "byt": [swap(FORV_GOAL, "bidrar_till: [VON-M1]", "bidrar_till: [KFN-M1]")],
        "förväntat": [{"kod": "K03", "fil": FORV_GOAL, "rad": 7, "kolumn": 15, "meddelande": "Kultur"}],
    },
    "K05 enhetsmål på femte nivån utan förälder": {
        "byt": [swap(NORR_GOAL, "bidrar_till: [VON-F-HT-M1]\n", "")],
        "förväntat": [{"kod": "K05", "fil": NORR_GOAL, "rad": 1}],
    },
    "K08 nämnd vars mål inte bidrar till något kommunmål": {
        "byt": [swap(KFN_GOAL, "bidrar_till: [KF-M2]\n", "")],
        "förväntat": [{"kod": "K08", "fil": f"{KFN}/styrkort.yaml", "rad": 1, "meddelande": "KFN"},
                      {"kod": "K05", "fil": KFN_GOAL, "rad": 1},
                      {"kod": "K09", "fil": "kommun/mål/ekonomi-i-balans.yaml", "rad": 1}],
    },
    "K08 gäller nämnder, inte förvaltningar (en förvaltning utan mål)": {
        "filer": {FORV_GOAL: None, f"{FORV}/aktiviteter/rehabsamtal.yaml": None},
        "förväntat": [{"kod": "K01", "fil": HT_GOAL, "rad": 7}],
    },
    "O01 förvaltningens styrkort anger nivå verksamhet": {
        "byt": [swap(f"{FORV}/styrkort.yaml", "nivå: förvaltning", "nivå: verksamhet")],
        "förväntat": [{"kod": "O01", "fil": f"{FORV}/styrkort.yaml", "rad": 3, "kolumn": 7,
                       "tips": "nivå: förvaltning"}],
    },
    "O01 verksamhetens styrkort anger nivå förvaltning": {
        "byt": [swap(f"{HT}/styrkort.yaml", "nivå: verksamhet", "nivå: förvaltning")],
        "förväntat": [{"kod": "O01", "fil": f"{HT}/styrkort.yaml", "rad": 3, "tips": "nivå: verksamhet"}],
    },
    "O05 en sjätte nivå under enheten": {
        "filer": {f"{NORR}/team-a/styrkort.yaml": (
            "id: VON-F-HT-N-A\nnamn: Team A\nnivå: enhet\nchef: {namn: Lo Ek, roll: Teamledare, git: \"@lo\"}\n")},
        "förväntat": [{"kod": "O05", "fil": f"{NORR}/team-a/styrkort.yaml", "rad": 1, "meddelande": "5 nivåer"}],
    },
    "F04 perspektivet Verksamhet finns inte i den här styrmodellen": {
        "byt": [swap(NORR_GOAL, "perspektiv: Invånare", "perspektiv: Verksamhet")],
        "förväntat": [{"kod": "F04", "fil": NORR_GOAL, "rad": 6, "kolumn": 13, "tips": "Invånare"}],
    },
    "F04 stavfel i ett av modellens egna perspektiv": {
        "byt": [swap(FORV_GOAL, "perspektiv: Medarbetare", "perspektiv: Medarbetarna")],
        "förväntat": [{"kod": "F04", "fil": FORV_GOAL, "rad": 6, "tips": "'Medarbetare'"}],
    },
    "S05 nämndmål utan beslut; förvaltningsnivån kräver inget": {
        "byt": [swap(KFN_GOAL, 'beslut: {organ: KFN, datum: 2022-11-02, paragraf: "§ 38"}\n', "")],
        "förväntat": [{"kod": "S05", "fil": KFN_GOAL, "rad": 1}],
    },
    "A03 förvaltningens aktivitet kopplad till nämndens mål": {
        "byt": [swap(f"{FORV}/aktiviteter/rehabsamtal.yaml", "mål: [VON-F-M1]", "mål: [VON-F-M1, VON-M1]")],
        "förväntat": [{"kod": "A03", "fil": f"{FORV}/aktiviteter/rehabsamtal.yaml", "rad": 3}],
    },
}


def test_fixture_is_there() -> None:
    assert (FIVE / "styrmodell.yaml").is_file()
    assert len(list(FIVE.rglob("styrkort.yaml"))) >= 5


def test_five_level_repository_validates_without_findings() -> None:
    analysis = analyse(WorkTree(FIVE), TODAY)
    diags = list(analysis.diagnostics)
    assert not [d for d in diags if d.severity is Severity.ERROR], show(diags)
    assert diags == [], show(diags)


def test_every_unit_gets_the_level_of_its_depth() -> None:
    repo = analyse(WorkTree(FIVE), TODAY).repo
    assert repo.config is not None
    assert [lv.id for lv in repo.config.levels] == ["kommun", "nämnd", "förvaltning", "verksamhet", "enhet"]
    assert {p.name for p in repo.config.perspectives} == {"Invånare", "Medarbetare", "Hushållning"}
    for unit in repo.units:
        level = repo.level_of(unit)
        assert level is not None and level.id == unit.level, unit.folder
    assert max(u.depth for u in repo.units) == 4


@pytest.mark.parametrize("name", list(CASES))
def test_rule_on_five_levels(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    root = copy_repo(FIVE, tmp_path / "repo")
    apply_case(root, case)
    check_expectations(run_case(root, case), case)
