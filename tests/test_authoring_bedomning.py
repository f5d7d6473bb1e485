"""`styr bedömning`: the textual edit keeps every other byte, texts round-trip, the command refuses and advises."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_authoring_utfall import only_inserted
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.commands.bedomning import bedomning
from styr.diagnostics import Severity
from styr.edit.document import EntryExists as AssessmentExists
from styr.edit.period_entry import NewAssessment, report_order, set_assessment
from styr.edit.scalars import EditError
from styr.edit.scalars import text_lines as scalar_lines
from styr.edit.text import TextProblem, clean_text
from styr.load.source import WorkTree
from styr.load.yamlio import parse_yaml
from styr.model.periods import parse_period

ROOT = Path(__file__).resolve().parent
MINIMAL = ROOT / "fixtures" / "minimal"
EXAMPLE = ROOT.parent / "example-repo"
BUN_M1 = "kommun/nämnd/mål/bun-m1.yaml"
KF_M1 = "kommun/mål/kf-m1.yaml"
TRYGGHET = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"

app = typer.Typer()
app.command(name="bedömning")(bedomning)


@app.command()
def _other() -> None:  # a second command makes typer keep the command name in the arguments
    """Inget."""


runner = CliRunner()


def doc_of(text: str) -> Any:
    parsed = parse_yaml(text.encode("utf-8"))
    assert parsed.doc is not None and not parsed.problems, parsed.problems
    return parsed.doc


def assessments(text: str) -> dict[str, Any]:
    return {k: dict(v) for k, v in (doc_of(text).get("bedömning") or {}).items()}




GUL = NewAssessment("gul", "Delvis.", "grön")

BLOCK = """\
id: X-M1   # mål
titel: Ett mål
bedömning:
  # första halvåret
  2025-H1:
    färg: grön
    analys: Bra.
    prognos: grön
  2025:   # bokslut
    färg: gul
    analys: |
      Rad ett.

      # inte en kommentar
    # granskad av Per
  # delåret 2026 skrivs i augusti
  2026-H1:
    färg: röd
    motivering: Se bilaga.
# slut på bedömningarna
ansvarig: Per
"""


# --- new entries in an existing block ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("period", "after"),
    [
        ("2025-H2", "    prognos: grön\n"),            # ends with 2025 but is shorter: before the bokslut
        ("2026-Q1", "    # granskad av Per\n"),        # after 2025 and its own comment, before 2026-H1's
        ("2026", "    motivering: Se bilaga.\n"),     # after the last entry, before the comment at column 0
    ],
)
def test_new_entry_goes_in_period_order(period: str, after: str) -> None:
    edit = set_assessment(BLOCK, period, GUL)
    entry = f"  {period}:\n    färg: gul\n    analys: Delvis.\n    prognos: grön\n"
    assert BLOCK.count(after) == 1 and edit.text == BLOCK.replace(after, after + entry)
    assert edit.text.splitlines()[edit.line - 1] == f"  {period}:"
    keys = list(assessments(edit.text))
    assert keys == sorted(keys, key=lambda k: report_order(parse_period(k)))
    assert assessments(edit.text)[period] == {"färg": "gul", "analys": "Delvis.", "prognos": "grön"}
    assert edit.changed and not edit.replaced


def test_first_entry_goes_above_the_comment_of_the_old_first() -> None:
    edit = set_assessment(BLOCK, "2024", GUL)
    inserted = only_inserted(BLOCK, edit.text)
    lines = edit.text.splitlines(keepends=True)
    assert lines[2:4] == ["bedömning:\n", "  2024:\n"]
    assert lines[2 + len(inserted) + 1] == "  # första halvåret\n"
    assert next(iter(assessments(edit.text))) == "2024"


def test_example_goal_gets_a_new_period_with_nothing_else_changed() -> None:
    text = (EXAMPLE / TRYGGHET).read_text(encoding="utf-8")
    edit = set_assessment(text, "2025-H2", NewAssessment("gul", "Oron på rasterna kvarstår."))
    inserted = only_inserted(text, edit.text)
    assert inserted == ["  2025-H2:\n", "    färg: gul\n", "    analys: Oron på rasterna kvarstår.\n"]
    keys = list(assessments(edit.text))
    assert keys[keys.index("2025-H2") - 1:keys.index("2025-H2") + 2] == ["2025-H1", "2025-H2", "2025"]


def test_indentation_of_the_existing_entries_is_followed() -> None:
    text = "id: X\nbedömning:\n    2025:\n        färg: gul\n"
    edit = set_assessment(text, "2026", NewAssessment("grön", "Ok."))
    assert only_inserted(text, edit.text) == ["    2026:\n", "        färg: grön\n", "        analys: Ok.\n"]


def test_quoted_and_lower_case_keys() -> None:
    text = "id: X\nbedömning:\n  '2025':\n    färg: gul\n  2026-h1:   # ny\n    färg: gul\n"
    edit = set_assessment(text, "2025-H2", NewAssessment("röd"))
    assert only_inserted(text, edit.text) == ["  '2025-H2':\n", "    färg: röd\n"]
    with pytest.raises(AssessmentExists) as exc:
        set_assessment(text, "2026-H1", NewAssessment("röd"))
    assert exc.value.line == 5 and exc.value.key == "2026-h1"
    edit = set_assessment(text, "2026-H1", NewAssessment("röd"), replace=True)
    assert edit.text.endswith("  2026-h1:   # ny\n    färg: röd\n") and edit.replaced


def test_blank_line_separated_entries_stay_separated() -> None:
    text = "id: X\nbedömning:\n  2024:\n    färg: gul\n\n  2025:\n    färg: gul\n\nansvarig: P\n"
    edit = set_assessment(text, "2025-H1", NewAssessment("grön"))
    assert edit.text == text.replace("  2025:", "  2025-H1:\n    färg: grön\n\n  2025:")
    assert edit.text.splitlines()[edit.line - 1] == "  2025-H1:"
    edit = set_assessment(text, "2023", NewAssessment("grön"))
    assert edit.text == text.replace("  2024:", "  2023:\n    färg: grön\n\n  2024:")


def test_empty_bedomning_key_gets_its_first_entry() -> None:
    text = "id: X\nbedömning:   # fylls i vid delåret\n  # ingen ännu\nansvarig: P\n"
    edit = set_assessment(text, "2026-H1", GUL)
    assert only_inserted(text, edit.text)[0] == "  2026-H1:\n"
    assert edit.text.splitlines()[3] == "  2026-H1:" and edit.line == 4
    assert assessments(edit.text) == {"2026-H1": GUL.mapping()}


# --- a goal without bedömning -------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_goal_without_bedomning_gets_a_block_at_the_end(newline: str, bom: str) -> None:
    text = bom + "id: X-M1\ntitel: Å\nindikatorer:\n  - id: I1\n    namn: Andel   # slut\n".replace("\n", newline)
    edit = set_assessment(text, "2026", NewAssessment("gul", "Rad ett.\nRad två.\n"))
    assert edit.text.startswith(text)
    assert edit.text[len(text):] == newline.join(
        ["bedömning:", "  2026:", "    färg: gul", "    analys: |", "      Rad ett.", "      Rad två.", ""])
    assert edit.line == 7
    if newline == "\r\n":
        assert "\n" not in edit.text.replace("\r\n", "")
    assert assessments(edit.text[len(bom):])["2026"]["analys"] == "Rad ett.\nRad två.\n"


def test_missing_final_newline_is_added() -> None:
    text = "id: X\ntitel: Y"
    edit = set_assessment(text, "2026", NewAssessment("gul"))
    assert edit.text == "id: X\ntitel: Y\nbedömning:\n  2026:\n    färg: gul\n"


def test_indented_root_mapping() -> None:
    text = "  id: X\n  titel: Y\n"
    edit = set_assessment(text, "2026", NewAssessment("gul"))
    assert edit.text.endswith("  bedömning:\n    2026:\n      färg: gul\n")


# --- texts --------------------------------------------------------------------------------------------

MARKDOWN = "\n\n# Rubrik  \n\n- punkt ett\t\n- punkt: två # inte kommentar\n\n    kod med indrag\n\n> citat\n\n\n"


def test_multi_line_markdown_round_trips() -> None:
    cleaned = clean_text(MARKDOWN, "analysen")
    assert cleaned == ("# Rubrik\n\n- punkt ett\n- punkt: två # inte kommentar\n\n    kod med indrag\n\n"
                       "> citat\n")
    edit = set_assessment(BLOCK, "2026", NewAssessment("gul", cleaned, "gul"))
    assert assessments(edit.text)["2026"]["analys"] == cleaned
    block = edit.text.split("  2026:\n")[1]
    assert block.startswith("    färg: gul\n    analys: |\n      # Rubrik\n\n      - punkt ett\n")


def test_first_line_indented_gets_an_indentation_indicator() -> None:
    value = clean_text("    kod\n  mer\nslut", "analysen")
    lines = scalar_lines("analys", value, 4)
    assert lines[0] == "    analys: |2"
    edit = set_assessment(BLOCK, "2026", NewAssessment("gul", value))
    assert assessments(edit.text)["2026"]["analys"] == "    kod\n  mer\nslut\n"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("  en rad  ", "en rad"), ("a\r\nb\r\n", "a\nb\n"), ("a\rb", "a\nb\n"), ("a\u2028b", "a\nb\n"),
     ("\n\n", ""), ("ett\n\n", "ett")],
)
def test_clean_text(raw: str, stored: str) -> None:
    assert clean_text(raw, "analysen") == stored


@pytest.mark.parametrize("raw", ["a\x07b", "a\x00", "\udce5t", "a\ufffe"])
def test_clean_text_refuses_what_yaml_cannot_hold(raw: str) -> None:
    with pytest.raises(TextProblem):
        clean_text(raw, "analysen")


@pytest.mark.parametrize(
    "value",
    ["ja", "nej", "Ja", "null", "~", "12", "1.5", "-3", "1_000", "1:20", "0x1F", ".inf", "2026-06-30", "true",
     "- punkt", "-", "# rubrik", "*stjärna", "&a", "!viktigt", "{a}", "[1]", "'citat'", '"citat"', "%", "@per",
     "`kod`", "? fråga", "| rör", "> pil", "a: b", "a #b", "slutar med:", "yes", "on", "flik\there",
     "Resultat: se ovan", "Åtgärd #1 klar"],
)
def test_values_that_need_quotes(value: str) -> None:
    line = scalar_lines("motivering", value, 4)
    assert len(line) == 1 and line[0].startswith('    motivering: "'), line
    edit = set_assessment(BLOCK, "2026", NewAssessment("gul", motivation=value))
    stored = assessments(edit.text)["2026"]["motivering"]
    assert stored == value and type(stored) is str


@pytest.mark.parametrize("value", ["Bra arbete, men (delvis) klart.", "Åtgärd nr 1 och 50 % – klart", "Per-Olof",
                                   "Resultat:se ovan", "12 av 14 skolor", "https://ekeby.se/a#b", 'a\\b "c"'])
def test_safe_values_stay_plain(value: str) -> None:
    assert scalar_lines("analys", value, 4) == [f"    analys: {value}"]


# --- existing entries ---------------------------------------------------------------------------------

def test_existing_entry_is_refused_with_its_line() -> None:
    with pytest.raises(AssessmentExists) as exc:
        set_assessment(BLOCK, "2025", GUL)
    assert exc.value.line == 9


def test_identical_entry_changes_nothing() -> None:
    edit = set_assessment(BLOCK, "2025-H1", NewAssessment("grön", "Bra.", "grön"))
    assert not edit.changed and edit.text == BLOCK and edit.line == 5


def test_replace_takes_exactly_the_entry_lines() -> None:
    edit = set_assessment(BLOCK, "2025", NewAssessment("grön", "Ny analys.\nAndra raden.\n"), replace=True)
    old = ("    färg: gul\n    analys: |\n      Rad ett.\n\n      # inte en kommentar\n"
           "    # granskad av Per\n")
    assert edit.text == BLOCK.replace(old, "    färg: grön\n    analys: |\n      Ny analys.\n      Andra raden.\n")
    # the key line with its comment stays, as do the following entry and the comment that belongs to it
    assert "  2025:   # bokslut\n  " in edit.text
    assert edit.text.endswith(BLOCK[BLOCK.index("  # delåret 2026"):])
    assert edit.replaced and edit.line == 9
    got = assessments(edit.text)
    assert got["2025"] == {"färg": "grön", "analys": "Ny analys.\nAndra raden.\n"}
    assert got["2026-H1"] == assessments(BLOCK)["2026-H1"]


def test_replace_the_last_entry_keeps_what_follows_the_block() -> None:
    edit = set_assessment(BLOCK, "2026-H1", GUL, replace=True)
    assert edit.text.endswith("  2026-H1:\n    färg: gul\n    analys: Delvis.\n    prognos: grön\n"
                              "# slut på bedömningarna\nansvarig: Per\n")


def test_replace_a_flow_entry_inside_a_block() -> None:
    text = "id: X\nbedömning:\n  2025: {färg: gul,\n    analys: x}\n  2026: {färg: gul}\n"
    edit = set_assessment(text, "2025", NewAssessment("röd"), replace=True)
    assert edit.text == "id: X\nbedömning:\n  2025:\n    färg: röd\n  2026: {färg: gul}\n"


# --- refusals -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: X\nbedömning: {2025: {färg: gul}}\n", "flödesstil"),
        ("id: X\nbedömning: {}\n", "flödesstil"),
        ("id: X\nbedömning:\n  {2025: {färg: gul}}\n", "flödesstil"),
        ("{id: X, titel: Y}\n", "flödesstil"),
        ("id: X\nbedömning: ~\n", "inte en mappning"),
        ("id: X\nbedömning: [2025]\n", "inte en mappning"),
        ("id: X\nbedömning: text\n", "inte en mappning"),
        ("id: X\nbedömning:\n  2026-H1: {färg: gul}\n  2026-h1: {färg: röd}\n", "flera poster"),
        ("id: X\ntitel: [\n", "kan inte läsas"),
        ("id: X\ntitel: Y\n...\n", "säkert"),
    ],
)
def test_unsafe_or_unreadable_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(EditError) as exc:
        set_assessment(text, "2026-H1", GUL, replace=True)
    assert message in str(exc.value)


# --- property: arbitrary texts round-trip -------------------------------------------------------------

letters = st.characters(exclude_categories=("Cs", "Cc", "Cn"))
texts = st.text(alphabet=st.one_of(letters, st.sampled_from("\n\n\t   #-:'\"|>{}[]&*!%@`\r\u2028\ufeff")),
                max_size=60)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Found by hypothesis: a CJK compatibility ideograph that NFC turns into another character.
@example(analysis="", motivation="\U0002f800", spaced=False, period="2024")
@given(analysis=texts, motivation=texts, spaced=st.booleans(), period=st.sampled_from(["2024", "2025-H2", "2027"]))
def test_property_any_text_round_trips(analysis: str, motivation: str, spaced: bool, period: str) -> None:
    a, m = clean_text(analysis, "analysen"), clean_text(motivation, "motiveringen")
    assert clean_text(a, "analysen") == a  # cleaning twice changes nothing
    text = BLOCK.replace("  # delåret", "\n  # delåret") if spaced else BLOCK
    edit = set_assessment(text, period, NewAssessment("gul", a, None, m), replace=True)
    got = assessments(edit.text)
    assert got[period] == NewAssessment("gul", a, None, m).mapping()
    assert {k: v for k, v in got.items() if k != period} == assessments(text)
    assert set_assessment(edit.text, period, NewAssessment("gul", a, None, m)).changed is False


# --- the command --------------------------------------------------------------------------------------

def repo(tmp_path: Path, source: Path = MINIMAL) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(source, target)
    return target


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["bedömning", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_command_writes_a_new_period_in_the_example_repo(tmp_path: Path) -> None:
    root = repo(tmp_path, EXAMPLE)
    before = (root / TRYGGHET).read_text(encoding="utf-8")
    code, out, err = run("BUN-M2", "2025-h2", str(root), "--färg", "Gul", "--analys", "Två rader.\nAndra.")
    assert code == 0, out + err
    after = (root / TRYGGHET).read_text(encoding="utf-8")
    inserted = only_inserted(before, after)
    line = after.splitlines().index("  2025-H2:") + 1
    assert out == f"Skrev bedömningen gul för 2025-H2 i BUN-M2 ({TRYGGHET}, rad {line}).\n"
    assert inserted[0] == "  2025-H2:\n" and err == ""  # H2 is no report period: no advice
    analysis = analyse(WorkTree(root), date(2026, 9, 1))
    goal = analysis.repo.goal_by_id["BUN-M2"]
    assert goal.assessments["2025-H2"].colour == "gul"
    assert assessments(after)["2025-H2"] == {"färg": "gul", "analys": "Två rader.\nAndra.\n"}
    assert not [d for d in analysis.diagnostics if d.severity is Severity.ERROR and d.path == TRYGGHET]
    assert not list((root / TRYGGHET).parent.glob(".*styr-tmp*"))


def test_command_existing_period_is_refused_then_replaced(tmp_path: Path) -> None:
    root = repo(tmp_path)
    before = (root / BUN_M1).read_bytes()
    line = before.decode("utf-8").splitlines().index("  2025:") + 1
    code, out, err = run("BUN-M1", "2025", str(root), "--färg", "gul", "--analys", "Ny.")
    assert code == 2 and "BUN-M1 har redan en bedömning för 2025" in err and f"{BUN_M1}, rad {line})" in err
    assert "--ersätt" in err and (root / BUN_M1).read_bytes() == before
    for flag in ("--ersätt", "--ersatt", "--replace"):
        code, out, err = run("BUN-M1", "2025", str(root), "--färg", "gul", "--analys", f"Ny {flag}.", flag)
        assert code == 0, err
        assert out == f"Ersatte bedömningen med gul för 2025 i BUN-M1 ({BUN_M1}, rad {line}).\n"
    text = (root / BUN_M1).read_text(encoding="utf-8")
    assert assessments(text)["2025"] == {"färg": "gul", "analys": "Ny --replace."}
    assert text.endswith("  2026-H1:\n    färg: grön\n    analys: |\n      Utfallen under första halvåret ligger "
                         "över årets målvärde.\n    prognos: grön\n")
    code, out, err = run("BUN-M1", "2025", str(root), "--farg", "GUL", "--analys", "Ny --replace.")
    assert code == 0 and "inget ändrades" in out


def test_command_appends_to_a_crlf_goal_with_bom(tmp_path: Path) -> None:
    root = repo(tmp_path)
    goal = root / KF_M1
    head = goal.read_text(encoding="utf-8").split("bedömning:")[0]
    original = ("\ufeff" + head.replace("\n", "\r\n")).encode("utf-8")
    goal.write_bytes(original)
    code, out, err = run("KF-M1", "2026-H1", str(root), "--färg", "röd", "--prognos", "rod",
                         "--motivering", "ja", "--analys", "Första.\n\n- punkt\n")
    assert code == 0, err
    written = goal.read_bytes()
    assert written.startswith(original)
    assert written[len(original):].decode("utf-8") == (
        "bedömning:\r\n  2026-H1:\r\n    färg: röd\r\n    analys: |\r\n      Första.\r\n\r\n      - punkt\r\n"
        "    prognos: röd\r\n    motivering: \"ja\"\r\n")
    assert f"({KF_M1}, rad {head.count(chr(10)) + 2})." in out


def test_command_reads_the_analysis_from_a_file_and_from_stdin(tmp_path: Path) -> None:
    root = repo(tmp_path)
    source = tmp_path / "analys.md"
    source.write_bytes("\ufeff# Läget\r\n\r\nÅtgärderna har gett effekt.\r\n".encode())
    code, out, err = run("BUN-M1", "2026", str(root), "--färg", "grön", "--analys-fil", str(source))
    assert code == 0 and out.startswith("Skrev bedömningen grön för 2026 i BUN-M1"), err
    assert assessments((root / BUN_M1).read_text(encoding="utf-8"))["2026"]["analys"] == (
        "# Läget\n\nÅtgärderna har gett effekt.\n")
    code, _out, err = run("BUN-M1", "2026", str(root), "--färg", "grön", "--analys-fil", "-", "--ersätt",
                         stdin="Från standard in.\nRad två.\n".encode())
    assert code == 0, err
    assert assessments((root / BUN_M1).read_text(encoding="utf-8"))["2026"]["analys"] == (
        "Från standard in.\nRad två.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("BUN-M1", "2026", "--färg", "blå"), "ogiltig färg 'blå'"),
        (("BUN-M1", "2026", "--färg", "grönt"), "Menade du 'grön'?"),
        (("BUN-M1", "2026", "--färg", "gul", "--prognos", "lila"), "för --prognos"),
        (("BUN-M1", "2026"), "ange den bedömda färgen med --färg"),
        (("BUN-M1", "2026-Q5", "--färg", "gul"), "Ogiltig period '2026-Q5'"),
        (("BUN-M2", "2026", "--färg", "gul"), "Menade du 'BUN-M1'?"),
        (("BUN-M1", "2026", "--färg", "gul", "--analys", "a", "--analys-fil", "-"), "inte båda"),
        (("BUN-M1", "2026", "--färg", "gul", "--analys-fil", "finns-inte.md"), "finns inte"),
        (("BUN-M1", "2026", "--färg", "gul", "--analys", "a\x07b"), "styrtecknet U+0007"),
        (("BUN-M1", "2025-H1", "--färg", "gul", "--analys", "x"), "har redan en bedömning"),
    ],
)
def test_command_refusals(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    root = repo(tmp_path)
    before = (root / BUN_M1).read_bytes()
    code, out, err = run(*args[:2], str(root), *args[2:])
    assert code == 2, out + err
    assert message in err and "Traceback" not in err
    assert (root / BUN_M1).read_bytes() == before


def test_command_refuses_analysis_that_is_not_utf8(tmp_path: Path) -> None:
    root = repo(tmp_path)
    source = tmp_path / "latin1.md"
    source.write_bytes("Forsta raden\nÅtgärder".encode("latin-1"))
    code, out, err = run("BUN-M1", "2026", str(root), "--färg", "gul", "--analys-fil", str(source))
    assert code == 2 and "inte UTF-8 (rad 2)" in err and out == ""
    code, _out, err = run("BUN-M1", "2026", str(root), "--färg", "gul", "--analys-fil", str(tmp_path))
    assert code == 2 and "är en mapp" in err


def test_command_refuses_flow_style(tmp_path: Path) -> None:
    root = repo(tmp_path)
    goal = root / BUN_M1
    goal.write_text(goal.read_text(encoding="utf-8").split("bedömning:")[0]
                    + "bedömning: {2025: {färg: grön, analys: Klart.}}\n", encoding="utf-8")
    before = goal.read_bytes()
    code, _out, err = run("BUN-M1", "2026", str(root), "--färg", "gul")
    assert code == 2 and f"{BUN_M1}: bedömning: är skriven i flödesstil" in err and "för hand" in err
    assert goal.read_bytes() == before


# --- the rules' advice --------------------------------------------------------------------------------

def test_advice_u03_u04_u05(tmp_path: Path) -> None:
    root = repo(tmp_path)
    # 2025: I1's outcome 84 meets the target 83, so the indicator colour is grön; röd is two steps away
    code, out, err = run("BUN-M1", "2025", str(root), "--färg", "röd", "--ersätt")
    assert code == 0, err
    assert err.splitlines() == [
        "obs! U03: analys saknas för 2025 (helår 2025); delårsbokslutet och bokslutet ska ha en analys. "
        "Skriv den med --analys eller --analys-fil och --ersätt.",
        "obs! U04: bedömningen röd ligger två steg från indikatorfärgen grön för 2025; en motivering krävs. "
        "Skriv den med --motivering och --ersätt.",
    ]
    code, out, err = run("BUN-M1", "2025", str(root), "--färg", "röd", "--ersätt", "--analys", "A.",
                         "--motivering", "Skälet.")
    assert code == 0 and err == ""
    code, out, err = run("BUN-M1", "2026-H1", str(root), "--färg", "gul", "--ersätt", "--analys", "A.")
    assert code == 0 and out.startswith("Ersatte bedömningen med gul") and err.splitlines() == [
        "obs! U05: prognos för helåret saknas i delårsbokslutet 2026-H1; lägg till --prognos grön|gul|röd|svart "
        "och --ersätt."]
    code, _out, err = run("BUN-M1", "2026-Q1", str(root), "--färg", "gul")
    assert code == 0 and err == ""  # a quarter needs neither analysis nor prognos


def test_advice_follows_rules_turned_off(tmp_path: Path) -> None:
    root = repo(tmp_path)
    model = root / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "regler:\n  U04: av\n  U03: av\n", encoding="utf-8")
    code, _out, err = run("BUN-M1", "2025", str(root), "--färg", "röd", "--ersätt")
    assert code == 0 and err == ""
