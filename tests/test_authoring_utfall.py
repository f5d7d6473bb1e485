"""`styr utfall`: the textual edit keeps every other byte, in every layout; the command refuses unsafe cases."""

from __future__ import annotations

import difflib
import shutil
from datetime import date
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.commands.utfall import utfall
from styr.diagnostics import Severity
from styr.edit.document import Edit
from styr.edit.document import EntryExists as OutcomeExists
from styr.edit.outcome import set_outcome as set_outcome_value
from styr.edit.scalars import EditError
from styr.edit.values import OutcomeValue
from styr.load.source import WorkTree
from styr.load.yamlio import parse_yaml

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"

app = typer.Typer()
app.command()(utfall)


@app.command()
def _other() -> None:  # a second command makes typer keep the command name in the arguments
    """Inget."""


runner = CliRunner()

HEAD = "id: X-M1\ntitel: Ett mål\nindikatorer:\n"


def set_outcome(text: str, indicator: str, period: str, value: str, *, replace: bool = False) -> Edit:
    """The editor called with a value as YAML text, read the way styr reads it."""
    doc = parse_yaml(f"v: {value}\n".encode()).doc
    assert doc is not None
    return set_outcome_value(text, indicator, period, OutcomeValue(value, doc["v"]), replace=replace)


def outcomes(text: str, index: int = 0) -> dict[str, object]:
    doc = parse_yaml(text.encode()).doc
    assert doc is not None
    return dict(doc["indikatorer"][index].get("utfall") or {})


def changes(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    """The differing line blocks (tag, old lines, new lines), comparing lines with their endings."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def only_inserted(old: str, new: str) -> list[str]:
    """Assert that `new` is `old` with whole lines inserted in one place; return those lines."""
    diff = changes(old, new)
    assert len(diff) == 1 and diff[0][0] == "insert", diff
    return diff[0][2]


def one_line_changed(old: str, new: str) -> tuple[str, str]:
    diff = changes(old, new)
    assert len(diff) == 1 and diff[0][0] == "replace" and len(diff[0][1]) == len(diff[0][2]) == 1, diff
    return diff[0][1][0], diff[0][2][0]


# --- block mappings ------------------------------------------------------------------------------------

BLOCK = HEAD + """\
  - id: I1   # den viktigaste
    namn: Andel
    målvärde:
      2025: 80
      2026: 82
    utfall:
      2025: 79   # preliminärt
      # 2026-Q1 kommer i april
      2026-Q2: 81
    källa: SCB
  - id: I2
    namn: Annan
"""


def test_block_appends_after_the_last_entry_with_same_indent() -> None:
    edit = set_outcome(BLOCK, "I1", "2026-Q3", "87")
    assert only_inserted(BLOCK, edit.text) == ["      2026-Q3: 87\n"]
    assert edit.text.splitlines()[edit.line - 1] == "      2026-Q3: 87"
    assert edit.changed and edit.previous is None
    assert outcomes(edit.text) == {"2025": 79, "2026-Q2": 81, "2026-Q3": 87}


def test_block_keeps_period_order_and_the_comment_with_its_entry() -> None:
    edit = set_outcome(BLOCK, "I1", "2026-Q1", "80.5")
    assert only_inserted(BLOCK, edit.text) == ["      2026-Q1: 80.5\n"]
    lines = edit.text.splitlines()
    assert lines.index("      2026-Q1: 80.5") < lines.index("      # 2026-Q1 kommer i april")
    edit = set_outcome(BLOCK, "I1", "2024", "70")
    lines = edit.text.splitlines()
    assert lines.index("      2024: 70") == lines.index("      2025: 79   # preliminärt") - 1


def test_replace_keeps_the_end_of_line_comment() -> None:
    with pytest.raises(OutcomeExists) as exc:
        set_outcome(BLOCK, "I1", "2025", "80")
    assert exc.value.existing == 79 and exc.value.line == 10
    edit = set_outcome(BLOCK, "I1", "2025", "80", replace=True)
    old, new = one_line_changed(BLOCK, edit.text)
    assert (old, new) == ("      2025: 79   # preliminärt\n", "      2025: 80   # preliminärt\n")
    assert edit.previous == 79


def test_identical_value_changes_nothing() -> None:
    for value in ("79", "79.0"):
        edit = set_outcome(BLOCK, "I1", "2025", value)
        assert not edit.changed and edit.text == BLOCK


def test_second_indicator_without_outcomes_gets_a_block_at_the_end() -> None:
    edit = set_outcome(BLOCK, "I2", "2026", "5")
    assert only_inserted(BLOCK, edit.text) == ["    utfall:\n", "      2026: 5\n"]
    assert edit.text.endswith("    namn: Annan\n    utfall:\n      2026: 5\n")
    assert outcomes(edit.text, 1) == {"2026": 5}


def test_new_block_goes_after_malvarde() -> None:
    text = HEAD + "  - id: I1\n    målvärde:\n      2026: 9\n      # sista\n\n    källa: SCB\n"
    edit = set_outcome(text, "I1", "2026", "8")
    assert only_inserted(text, edit.text) == ["    utfall:\n", "      2026: 8\n"]
    assert edit.text.splitlines()[6:8] == ["    utfall:", "      2026: 8"]


def test_flow_malvarde_gives_a_flow_utfall() -> None:
    text = HEAD + "  - id: I1\n    målvärde: {2025: 1,\n      2026: 2}\n    källa: SCB\n"
    edit = set_outcome(text, "I1", "2026", "3")
    assert only_inserted(text, edit.text) == ["    utfall: {2026: 3}\n"]
    assert edit.text.splitlines()[6] == "    utfall: {2026: 3}"


def test_empty_utfall_key_gets_its_first_entry() -> None:
    text = HEAD + "  - id: I1\n    utfall:   # fylls i varje kvartal\n    källa: SCB\n"
    edit = set_outcome(text, "I1", "2026-Q1", "4")
    assert only_inserted(text, edit.text) == ["      2026-Q1: 4\n"]
    assert outcomes(edit.text) == {"2026-Q1": 4}


def test_quoted_keys_are_matched_and_followed() -> None:
    text = HEAD + "  - id: I1\n    utfall:\n      '2026-Q1': 1\n      \"2026-Q2\": 2\n"
    edit = set_outcome(text, "I1", "2026-Q3", "3")
    assert only_inserted(text, edit.text) == ["      '2026-Q3': 3\n"]
    edit = set_outcome(text, "I1", "2026-Q2", "5", replace=True)
    assert one_line_changed(text, edit.text)[1] == '      "2026-Q2": 5\n'


def test_lower_case_period_key_is_the_same_period() -> None:
    text = HEAD + "  - id: I1\n    utfall:\n      2026-q1: 1\n"
    edit = set_outcome(text, "I1", "2026-Q1", "2", replace=True)
    assert one_line_changed(text, edit.text)[1] == "      2026-q1: 2\n"


def test_quoted_old_value_is_replaced_whole() -> None:
    text = HEAD + "  - id: I1\n    utfall:\n      2026: '1'  # text\n"
    edit = set_outcome(text, "I1", "2026", "2", replace=True)
    assert one_line_changed(text, edit.text)[1] == "      2026: 2  # text\n"


def test_crlf_line_endings_are_kept() -> None:
    text = BLOCK.replace("\n", "\r\n")
    edit = set_outcome(text, "I1", "2026-Q3", "87")
    assert only_inserted(text, edit.text) == ["      2026-Q3: 87\r\n"]
    assert "\n" not in edit.text.replace("\r\n", "")
    edit = set_outcome(text, "I2", "2026", "1")
    assert only_inserted(text, edit.text) == ["    utfall:\r\n", "      2026: 1\r\n"]


def test_missing_final_newline() -> None:
    text = HEAD + "  - id: I1\n    utfall:\n      2025: 1"
    edit = set_outcome(text, "I1", "2026", "2")
    assert edit.text == text + "\n      2026: 2\n"


def test_unicode_and_bom_are_kept() -> None:
    text = "\ufeff" + HEAD + "  - id: I1\n    namn: Åtgärder för äldre – öka\n    utfall: {2025: 1}  # ökning\n"
    edit = set_outcome(text, "I1", "2026", "2")
    assert edit.text.startswith("\ufeff")
    assert one_line_changed(text, edit.text)[1] == "    utfall: {2025: 1, 2026: 2}  # ökning\n"


def test_tab_after_colon_is_kept() -> None:
    text = HEAD + "  - id: I1\n    utfall:\n      2025:\t1\n"
    edit = set_outcome(text, "I1", "2026", "2")
    assert only_inserted(text, edit.text) == ["      2026: 2\n"]


def test_sequence_item_with_wide_indent() -> None:
    text = "id: X\nindikatorer:\n-   id: I1\n    målvärde:\n        2026: 3\n"
    edit = set_outcome(text, "I1", "2026", "2")
    assert only_inserted(text, edit.text) == ["    utfall:\n", "      2026: 2\n"]


# --- flow mappings -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "period", "expected"),
    [
        ("utfall: {2023: 83, 2024: 86}", "2025", "utfall: {2023: 83, 2024: 86, 2025: 9}"),
        ("utfall: {2023: 83, 2025: 86}", "2024", "utfall: {2023: 83, 2024: 9, 2025: 86}"),
        ("utfall: {2025: 86}", "2024", "utfall: {2024: 9, 2025: 86}"),
        ("utfall: {}", "2024", "utfall: {2024: 9}"),
        ("utfall: { }", "2024", "utfall: { 2024: 9 }"),
        ("utfall: {2023: 83,}", "2024", "utfall: {2023: 83, 2024: 9}"),
        ("utfall: { 2023: 83 }  # kommentar", "2024", "utfall: { 2023: 83, 2024: 9 }  # kommentar"),
        ("utfall: {'2023': 83}", "2024", "utfall: {'2023': 83, '2024': 9}"),
        ("utfall: {2023: \"8}3\"}", "2024", "utfall: {2023: \"8}3\", 2024: 9}"),
    ],
)
def test_flow_insertion(line: str, period: str, expected: str) -> None:
    text = HEAD + f"  - id: I1\n    {line}\n    källa: SCB\n"
    edit = set_outcome(text, "I1", period, "9")
    assert one_line_changed(text, edit.text) == (f"    {line}\n", f"    {expected}\n")


def test_flow_replace() -> None:
    text = HEAD + "  - id: I1\n    utfall: {2023: 83, 2024: 86}\n"
    edit = set_outcome(text, "I1", "2023", "84.5", replace=True)
    assert one_line_changed(text, edit.text)[1] == "    utfall: {2023: 84.5, 2024: 86}\n"


def test_multi_line_flow_with_comments() -> None:
    text = HEAD + "  - id: I1\n    utfall: {\n      2023: 83,  # första\n      2024: 86   # andra\n    }\n"
    edit = set_outcome(text, "I1", "2025", "1")
    assert one_line_changed(text, edit.text) == ("      2024: 86   # andra\n", "      2024: 86, 2025: 1   # andra\n")


def test_flow_indicator() -> None:
    text = HEAD + "  - {id: I1, namn: Andel, målvärde: {2026: 1}}\n"
    edit = set_outcome(text, "I1", "2026", "2")
    assert one_line_changed(text, edit.text)[1] == "  - {id: I1, namn: Andel, målvärde: {2026: 1}, utfall: {2026: 2}}\n"


def test_yes_no_values() -> None:
    text = HEAD + "  - id: I1\n    riktning: uppnått\n    utfall: {2025: nej}\n"
    assert not set_outcome(text, "I1", "2025", "false").changed
    edit = set_outcome(text, "I1", "2025", "ja", replace=True)
    assert one_line_changed(text, edit.text)[1] == "    utfall: {2025: ja}\n"


# --- refusals ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        HEAD + "  - id: I1\n    utfall: [1, 2]\n",
        HEAD + "  - id: I1\n    utfall: ~\n",
        HEAD + "  - id: I1\n    utfall:\n      2026: {a: 1}\n",
        "id: X\ntitel: [\n",
        HEAD + "  - id: I9\n",
        "id: X\n",
    ],
)
def test_unsafe_or_unreadable_files_are_refused(text: str) -> None:
    with pytest.raises((EditError, OutcomeExists)):
        set_outcome(text, "I1", "2026", "1", replace=False)


# --- property: generated files -------------------------------------------------------------------------

PERIODS = ["2023", "2023-H1", "2024", "2024-Q2", "2025", "2025-M03", "2026", "2026-Q1", "2026-Q3", "2026/27"]
comment = st.sampled_from(["", "  # ok", "   # ändrat åäö", " #x"])


@st.composite
def indicator_files(draw: st.DrawFn) -> tuple[str, str, str]:
    keys = draw(st.lists(st.sampled_from(PERIODS), unique=True, max_size=5))
    flow = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote = draw(st.sampled_from(["", "'"]))
    lines = ["# Mål" + draw(comment), "id: X-M1", "indikatorer:", "  - id: I1" + draw(comment), "    namn: Test"]
    empty_flow: bool = draw(st.booleans())
    if keys or empty_flow:
        if flow:
            body = ", ".join(f"{quote}{k}{quote}: {i}" for i, k in enumerate(keys))
            lines.append("    utfall: {" + body + "}" + draw(comment))
        elif keys:
            lines.append("    utfall:" + draw(comment))
            for i, k in enumerate(keys):
                if draw(st.booleans()):
                    lines.append("      # om " + k)
                lines.append(f"      {quote}{k}{quote}: {i}" + draw(comment))
    if draw(st.booleans()):
        lines.append("    källa: SCB" + draw(comment))
    lines += ["  - id: I2", "    namn: Annan"]
    period = draw(st.sampled_from(PERIODS))
    value = draw(st.sampled_from(["87", "87.5", "0", "-2", "100"]))
    return newline.join(lines) + newline, period, value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indicator_files())
def test_property_only_the_outcome_changes(case: tuple[str, str, str]) -> None:
    text, period, value = case
    before = outcomes(text)
    edit = set_outcome(text, "I1", period, value, replace=True)
    assert outcomes(edit.text) == {**before, period: float(value)}
    old_lines = text.splitlines(keepends=True)
    new_lines = edit.text.splitlines(keepends=True)
    if edit.changed:
        diff = changes(text, edit.text)
        assert len(diff) == 1
        assert len(new_lines) - len(old_lines) in (0, 1, 2)
    # every original line is still there, in order, except at most the one that was edited
    kept = sum(size for *_, size in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
               .get_matching_blocks())
    assert kept >= len(old_lines) - 1
    # idempotent: the same call again changes nothing
    assert not set_outcome(edit.text, "I1", period, value).changed


# --- the command ---------------------------------------------------------------------------------------

def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(MINIMAL, target)
    return target


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["utfall", *args])
    return result.exit_code, result.output


def test_command_records_and_validates(tmp_path: Path) -> None:
    root = repo(tmp_path)
    before = (root / GOAL).read_text(encoding="utf-8")
    code, out = run("BUN-M1/I1", "2026", "85,5", str(root))
    assert code == 0, out
    assert "Skrev utfallet 85,5 för 2026 i BUN-M1/I1" in out and "rad 20" in out
    after = (root / GOAL).read_text(encoding="utf-8")
    assert one_line_changed(before, after)[1] == "    utfall: {2023: 82, 2024: 83, 2025: 84, 2026: 85.5}\n"
    analysis = analyse(WorkTree(root), date(2027, 3, 1))
    goal = analysis.repo.goal_by_id["BUN-M1"]
    assert goal.indicators[0].outcomes["2026"] == 85.5
    assert not [d for d in analysis.diagnostics if d.severity is Severity.ERROR and d.path == GOAL]
    assert not list((root / "kommun/nämnd/mål").glob(".*styr-tmp*"))


@pytest.mark.parametrize(("typed", "stored"), [("1 250", "1250"), ("−2", "-2"), ("+7,25", "7.25")])
def test_command_takes_numbers_as_people_type_them(tmp_path: Path, typed: str, stored: str) -> None:
    root = repo(tmp_path)
    # a range that takes 1 250 and −2: a share in procent is 0–100 otherwise, and those would be refused (S06)
    goal = root / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "    enhet: procent\n", "    enhet: procent\n    värdeområde: {min: -10, max: 2000}\n"), encoding="utf-8")
    code, out = run("BUN-M1/I1", "2026", typed, str(root))
    assert code == 0, out
    assert f"2026: {stored}}}" in (root / GOAL).read_text(encoding="utf-8")


def test_command_identical_and_replace(tmp_path: Path) -> None:
    root = repo(tmp_path)
    code, out = run("BUN-M1/I1", "2025", "84", str(root))
    assert code == 0 and "redan utfallet 84" in out and "inget ändrades" in out
    before = (root / GOAL).read_bytes()
    code, out = run("BUN-M1/I1", "2025", "90", str(root))
    assert code == 2 and "--ersätt" in out
    assert (root / GOAL).read_bytes() == before
    code, out = run("BUN-M1/I1", "2025", "90", str(root), "--ersatt")
    assert code == 0 and "Ersatte utfallet 84 med 90" in out
    assert "2025: 90}" in (root / GOAL).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("BUN-M1", "2026", "1"), "MÅL-ID/INDIKATOR-ID"),
        (("BUN-M1/I1", "2026-Q5", "1"), "Ogiltig period '2026-Q5'"),
        (("BUN-M1/I1", "2026", "många"), "inget tal"),
        (("BUN-M2/I1", "2026", "1"), "Menade du 'BUN-M1'?"),
        (("BUN-M1/I9", "2026", "1"), "Målet har: I1"),
        (("BUN-M1/I1", "2027", "1"), "utanför målets tid"),
        (("BUN-M1/I1", "2022-Q4", "1"), "--force"),
    ],
)
def test_command_refusals(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    root = repo(tmp_path)
    before = (root / GOAL).read_bytes()
    code, out = run(*args, str(root))
    assert code == 2, out
    assert message in out
    assert (root / GOAL).read_bytes() == before


def test_force_writes_outside_the_goal_time(tmp_path: Path) -> None:
    root = repo(tmp_path)
    code, out = run("BUN-M1/I1", "2027", "1", str(root), "--force")
    assert code == 0, out
    assert "2025: 84, 2027: 1}" in (root / GOAL).read_text(encoding="utf-8")


def test_yes_no_indicator_refuses_numbers(tmp_path: Path) -> None:
    root = repo(tmp_path)
    goal = root / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: uppnått")
                    .replace("enhet: procent", "enhet: ja/nej"), encoding="utf-8")
    code, out = run("BUN-M1/I1", "2026", "87", str(root))
    assert code == 2 and "ja eller nej" in out
    code, out = run("BUN-M1/I1", "2026", "Ja", str(root))
    assert code == 0, out
    assert "2026: ja}" in goal.read_text(encoding="utf-8")


def test_not_a_goal_repository(tmp_path: Path) -> None:
    code, out = run("BUN-M1/I1", "2026", "1", str(tmp_path))
    assert code == 2 and "målrepo" in out


def test_command_says_when_the_outcome_will_not_count(tmp_path: Path) -> None:
    # BUN-M1/I1 is measured per helår: a delår figure is written as asked, and the command says at once what
    # 'styr validate' would (U07), instead of leaving the user to find out from an unchanged colour.
    root = repo(tmp_path)
    code, out = run("BUN-M1/I1", "2026-H1", "84", str(root))
    assert code == 0, out
    assert "Skrev utfallet 84 för 2026-H1" in out
    assert "räknas inte i måluppfyllelsen (U07)" in " ".join(out.split())
    analysis = analyse(WorkTree(root), date(2026, 9, 1))
    assert [d.code for d in analysis.diagnostics if d.path == GOAL and d.code == "U07"] == ["U07"]
    code, out = run("BUN-M1/I1", "2026", "85", str(root))
    assert code == 0 and "U07" not in out
