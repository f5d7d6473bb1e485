"""Swedish alphabetical order, without a system locale: the key itself, and every output that lists units."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from styr.cli import app
from styr.wording import collation
from styr.wording.collation import sort_key, sorted_swedish

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
runner = CliRunner()

ISSUE = ["Åbynämnden", "Alby", "Äldrenämnden", "bygg-nämnden", "Östernämnden", "Zeta"]
EXPECTED = ["Alby", "bygg-nämnden", "Zeta", "Åbynämnden", "Äldrenämnden", "Östernämnden"]


def test_the_issues_example() -> None:
    assert sorted_swedish(ISSUE) == EXPECTED


@pytest.mark.parametrize(("before", "after"), [
    ("z", "å"), ("å", "ä"), ("ä", "ö"), ("Zorn", "Åre"), ("ål", "ärt"), ("v", "w"),  # w is a letter of its own
    ("BUN-M2", "BUN-M10"), ("V9", "V10"), ("2 mål", "10 mål"),  # numbers by their value
    ("eclair", "éclair"), ("resume", "résumé"),  # an accent only breaks a tie, and sorts with its letter
    ("Ebbe", "Éva"), ("ärlig", "Æsir"),  # é files under e; æ under ä
    ("Mylla", "Müller"), ("Myller", "Mönster"),  # ü under y
    ("Ost", "Øst"), ("öst", "Øst"),  # ø under ö
    ("alby", "Alby"),  # lower case before capitals when nothing else differs
    ("bygg nämnden", "bygg-nämnden"), ("bygg-nämnden", "byggnämnden"),  # punctuation breaks ties only
])
def test_pairs_in_swedish_order(before: str, after: str) -> None:
    assert sort_key(before) < sort_key(after)
    assert sorted_swedish([after, before]) == [before, after]


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöABCÅÄÖéü -0123456789", max_size=12)


@given(st.lists(WORDS, max_size=8))
def test_the_order_is_total_and_independent_of_the_input_order(words: list[str]) -> None:
    once = sorted_swedish(words)
    assert sorted_swedish(list(reversed(words))) == once == sorted_swedish(once)
    for a, b in itertools.pairwise(once):
        assert sort_key(a) <= sort_key(b)
        assert (sort_key(a) == sort_key(b)) == (a == b)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=10))
def test_letter_case_does_not_change_where_a_word_files(word: str) -> None:
    assert sort_key(word)[0] == sort_key(word.upper())[0] == sort_key(word.capitalize())[0]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=8), st.sampled_from("åäöÅÄÖ"),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", max_size=8))
def test_a_word_beginning_with_a_swedish_letter_comes_after_every_a_to_z_word(latin: str, first: str,
                                                                               rest: str) -> None:
    assert sort_key(latin) < sort_key(first + rest)


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_numbers_inside_ids_sort_by_value(a: int, b: int) -> None:
    assert (sort_key(f"BUN-M{a}") < sort_key(f"BUN-M{b}")) == (a < b)


# -- outputs --------------------------------------------------------------------------------------------------

UNITS = {"ABY": "Åbynämnden", "ALB": "Alby", "ALD": "Äldrenämnden", "BYG": "bygg-nämnden", "OST": "Östernämnden",
         "ZET": "Zeta"}
IN_ORDER = ["ALB", "BUN", "BYG", "ZET", "ABY", "ALD", "OST"]  # Barn- och utbildningsnämnden between Alby and bygg-


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal repository with six more nämnder, each with a goal under KF-M1, in folders named so that
    their folder order is not their Swedish order."""
    root = tmp_path_factory.mktemp("ordning") / "repo"
    shutil.copytree(MINIMAL, root)
    template = (root / "kommun/nämnd/mål/bun-m1.yaml").read_text(encoding="utf-8")
    for n, (uid, name) in enumerate(sorted(UNITS.items(), key=lambda kv: kv[0], reverse=True)):
        folder = root / "kommun" / f"a{n}"  # a0 … a5: the reverse of the ids' order
        (folder / "mål").mkdir(parents=True)
        (folder / "styrkort.yaml").write_text(
            f"id: {uid}\nnamn: {name}\nnivå: nämnd\nchef: {{namn: Chef {uid}, roll: Chef, git: \"@{uid.lower()}\"}}\n"
            f"samordnare: {{namn: Samordnare {uid}, git: \"@s-{uid.lower()}\"}}\n", encoding="utf-8")
        (folder / "mål" / "mal.yaml").write_text(template.replace("BUN-M1", f"{uid}-M1"), encoding="utf-8")
    return root


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def order_in(text: str, words: list[str]) -> list[str]:
    return sorted(words, key=text.index)


def test_status_lists_the_nämnder_in_swedish_order(repo: Path) -> None:
    text = run("status", str(repo), "--date", "2026-11-29", "--period", "2025")
    assert order_in(text, [f"{u}-M1" for u in IN_ORDER]) == [f"{u}-M1" for u in IN_ORDER]
    data = json.loads(run("status", str(repo), "--date", "2026-11-29", "--period", "2025", "--format", "json"))
    nämnder = [g["enhet"] for g in data["mål"] if g["nivå"] == "nämnd"]
    assert nämnder == IN_ORDER


def test_codeowners_lists_the_nämnder_in_swedish_order(repo: Path) -> None:
    text = run("codeowners", str(repo), "--out", "-")
    owners = [f" @{u.lower()} " if u != "BUN" else " @karin " for u in IN_ORDER]
    assert order_in(text, owners) == owners
    sections = run("codeowners", str(repo), "--out", "-", "--syntax", "gitlab")
    names = [UNITS.get(u, "Barn- och utbildningsnämnden") for u in IN_ORDER]
    assert order_in(sections, [f"[{n}]" for n in names]) == [f"[{n}]" for n in names]


def test_the_report_lists_the_nämnder_in_swedish_order(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    run("report", str(repo), "--format", "md", "--out", str(out), "--kind", "målrapport", "--unit", "KF", "--quiet",
        "--no-history", "--date", "2026-11-29", "--period", "2025")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md")))
    names = [UNITS.get(u, "Barn- och utbildningsnämnden") for u in IN_ORDER]
    assert order_in(text, names) == names


def test_an_unknown_unit_lists_the_ids_in_swedish_order(repo: Path) -> None:
    result = runner.invoke(app, ["status", str(repo), "--unit", "XYZ", "--date", "2026-11-29"])
    assert result.exit_code == 2
    listed = result.output.split("Enheter: ", 1)[1].split(".")[0].split(", ")
    assert listed == sorted_swedish(listed) and "KF" in listed



@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("abzåäöABZÅÄÖ0129 -.,:;()/&+'!?%éÉüßæ_\u0301\u030a\t")), max_size=24))
def test_the_short_cut_for_plain_text_gives_the_full_key(text: str) -> None:
    """sort_key takes a short cut for texts of plain letters, digits and punctuation; the key is the same."""
    assert sort_key(text) == collation._full_key(text)
