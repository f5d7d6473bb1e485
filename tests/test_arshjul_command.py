"""`styr årshjul`: text, Markdown and iCalendar output of the example repository, --out and the errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from styr.commands.arshjul import arshjul
from styr.render.calendar.ics import event_uid, fold_line, ics_escape
from styr.render.calendar.markdown import md_cell
from styr.wording.periods import MONTHS

app = typer.Typer()
app.command(name="årshjul")(arshjul)
runner = CliRunner()

EXAMPLE = Path(__file__).parent.parent / "example-repo"
DATE = ["--date", "2026-11-29"]
TITLES = [
    "Bokslut och uppföljning av föregående år",
    "Bokslut och målrapport",
    "Årsredovisning och kvartalsuppföljning",
    "Årsredovisningen i fullmäktige",
    "Budgetdialog",
    "Kvartalsuppföljning och budgetbeslut",
    "Semesterperiod",
    "Delårsbokslut",
    "Delårsbokslutet behandlas och målarbetet startar",
    "Trend- och omvärldsanalys, beslut om mål",
    "Verksamhets- och enhetsmål, medarbetarsamtal",
    "Verksamhetsplaner och information om antagna mål",
]


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, [*args], env=env or {"STYR_DATUM": ""})


def ics(*extra: str) -> bytes:
    result = run(str(EXAMPLE), "--format", "ics", *DATE, *extra)
    assert result.exit_code == 0, result.output
    data: bytes = result.stdout_bytes
    return data


def unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def test_text_lists_every_item_in_month_order_and_marks_the_month_of_date() -> None:
    result = run(str(EXAMPLE), *DATE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    positions = [out.index(f"• {title}") for title in TITLES]
    assert positions == sorted(positions)
    year_part = out[: out.index("Nu och härnäst")]
    month_lines = [line for line in year_part.splitlines() if line.strip().removesuffix(" (nu)").split(" ")[-1]
                   in MONTHS]
    assert [line.strip().removeprefix("▶ ").removesuffix(" (nu)") for line in month_lines] == list(MONTHS)
    assert "▶ november (nu)" in out.splitlines()
    assert out.count("(nu)") == 2  # the month heading and the line in Nu och härnäst
    now_next = out[out.index("Nu och härnäst"):]
    assert f"november (nu): {TITLES[10]}" in now_next
    assert f"december (härnäst): {TITLES[11]}" in now_next
    assert "Ekeby kommun" in out and "29 november 2026" in out


def test_text_date_from_styr_datum_and_december_wraps_to_january() -> None:
    result = run(str(EXAMPLE), env={"STYR_DATUM": "2026-12-05"})
    assert result.exit_code == 0, result.output
    assert "▶ december (nu)" in result.stdout
    assert f"januari (härnäst): {TITLES[0]}" in result.stdout


def test_markdown_is_a_table_with_every_item_and_the_current_month() -> None:
    result = run(str(EXAMPLE), "--format", "md", *DATE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# Årshjul – Ekeby kommun"
    assert "| Månad | Händelse | Beskrivning |" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith(("| Månad", "| ---"))]
    assert len(rows) == len(TITLES)
    assert [row.split(" | ")[1] for row in rows] == TITLES
    assert rows[10].startswith("| **november (nu)** |")
    assert "## Nu och härnäst" in lines
    assert f"- **december (härnäst):** {TITLES[11]}" in lines


def test_ics_lines_are_crlf_folded_at_75_octets_and_unfold_to_the_content() -> None:
    data = ics()
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical), "the descriptions should need folding"
    for line in physical:
        assert not line.startswith(b"  "), "a continuation starts with exactly one space"
        line.decode("utf-8")  # each physical line is whole UTF-8: no character split by a fold
    content = unfold(data)
    assert content[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and content[-1] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") and "styr" in line for line in content)
    assert "SUMMARY:Årsredovisning och kvartalsuppföljning" in content
    description = ("DESCRIPTION:Målrapporten med måluppfyllelse och analys sammanställs nivå för nivå och "
                   "lämnas med bokslutet till nämnderna.")
    assert description in content


def test_ics_one_all_day_month_long_event_per_item() -> None:
    content = unfold(ics("--year", "2027"))
    assert content.count("BEGIN:VEVENT") == content.count("END:VEVENT") == len(TITLES)
    starts = [line for line in content if line.startswith("DTSTART")]
    ends = [line for line in content if line.startswith("DTEND")]
    assert starts == [f"DTSTART;VALUE=DATE:2027{m:02d}01" for m in range(1, 13)]
    assert ends[:11] == [f"DTEND;VALUE=DATE:2027{m:02d}01" for m in range(2, 13)]
    assert ends[11] == "DTEND;VALUE=DATE:20280101"
    assert set(line for line in content if line.startswith("DTSTAMP")) == {"DTSTAMP:20261129T000000Z"}
    assert "SUMMARY:Trend- och omvärldsanalys\\, beslut om mål" in content


def test_ics_uids_are_unique_stable_and_follow_year_month_and_title() -> None:
    first, second = ics(), ics()
    assert first == second
    uids = [line for line in unfold(first) if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == len(TITLES)
    assert all(re.fullmatch(r"UID:[0-9a-f]{40}@styr", uid) for uid in uids)
    assert uids[0] == f"UID:{event_uid(2026, 1, TITLES[0])}"
    other_year = [line for line in unfold(ics("--year", "2027")) if line.startswith("UID:")]
    assert not set(uids) & set(other_year)
    assert event_uid(2026, 5, "Budgetdialog", 2) != event_uid(2026, 5, "Budgetdialog")


def test_ics_escape_backslash_semicolon_comma_and_line_breaks() -> None:
    assert ics_escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert ics_escape("Mål: 1,5 %; se C:\\mål") == "Mål: 1\\,5 %\\; se C:\\\\mål"
    assert ics_escape("ren\x07text") == "rentext"


def test_fold_keeps_multibyte_characters_whole() -> None:
    line = "DESCRIPTION:" + "åäö" * 40
    folded = fold_line(line)
    pieces = folded.encode("utf-8").split(b"\r\n")
    assert len(pieces) > 1
    assert all(len(p) <= 75 for p in pieces)
    assert all(p.startswith(b" ") for p in pieces[1:])
    assert [p.decode("utf-8") for p in pieces]  # no piece ends or starts inside a character
    assert folded.replace("\r\n ", "") == line
    assert fold_line("kort rad") == "kort rad"
    exact = "X" * 75
    assert fold_line(exact) == exact
    blank_at_fold = "X" * 75 + " nästa ord"
    assert fold_line(blank_at_fold) == "X" * 74 + "\r\n X nästa ord"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_fold_property_unfolds_to_the_input_within_75_octets(text: str) -> None:
    line = "DESCRIPTION:" + ics_escape(text)
    pieces = fold_line(line).encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in pieces)
    assert all(p.startswith(b" ") for p in pieces[1:])
    assert b"".join(p[1:] if i else p for i, p in enumerate(pieces)).decode("utf-8") == line


def test_markdown_cell_stays_one_cell_on_one_line() -> None:
    assert md_cell("a | b\nc  d\\e") == "a \\| b c d\\\\e"


def test_out_writes_and_refuses_to_overwrite_a_different_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "kalender" / "arshjul.ics"
    result = run(str(EXAMPLE), "-f", "ics", "--out", str(target), *DATE)
    assert result.exit_code == 0, result.output
    assert "Skrev" in result.stdout
    assert target.read_bytes() == ics()  # CRLF kept on disk, same bytes as on stdout
    again = run(str(EXAMPLE), "-f", "ics", "--out", str(target), *DATE)
    assert again.exit_code == 0 and "redan aktuell" in again.stdout
    target.write_text("något annat\n", encoding="utf-8")
    refused = run(str(EXAMPLE), "-f", "ics", "--out", str(target), *DATE)
    assert refused.exit_code == 2
    assert "--force" in refused.stderr and "Traceback" not in refused.output
    assert target.read_text(encoding="utf-8") == "något annat\n"
    forced = run(str(EXAMPLE), "-f", "ics", "--out", str(target), "--force", *DATE)
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() == ics()
    assert sorted(p.name for p in target.parent.iterdir()) == ["arshjul.ics"]  # no temporary file left


def test_unknown_format_bad_year_and_not_a_repository_are_swedish_usage_errors(tmp_path: Path) -> None:
    unknown = run(str(EXAMPLE), "--format", "icss", *DATE)
    assert unknown.exit_code == 2
    assert "okänt format 'icss'" in unknown.stderr and "Menade du 'ics'?" in unknown.stderr
    for bad in ("26", "tjugo", "0000"):
        result = run(str(EXAMPLE), "-f", "ics", "--year", bad, *DATE)
        assert result.exit_code == 2 and "ogiltigt år" in result.stderr, bad
    outside = run(str(tmp_path), *DATE)
    assert outside.exit_code == 2 and "målrepo" in outside.stderr
    assert all("Traceback" not in r.output for r in (unknown, outside))


def test_model_without_arshjul_prints_where_to_add_it(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    shutil.copy(EXAMPLE / "styrmodell.yaml", tmp_path / "repo" / "styrmodell.yaml")
    model = tmp_path / "repo" / "styrmodell.yaml"
    text = model.read_text(encoding="utf-8")
    start = text.index("\nårshjul:")
    end = text.index("\nregler:", start)
    model.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run(str(tmp_path / "repo"), *DATE)
    assert result.exit_code == 0, result.output
    assert "inget årshjul" in result.stdout and "årshjul:" in result.stdout and "styrmodell.yaml" in result.stdout
    as_ics = run(str(tmp_path / "repo"), "-f", "ics", *DATE)
    assert as_ics.exit_code == 0 and as_ics.stdout == "" and "inget årshjul" in as_ics.stderr


def test_the_file_name_chooses_the_format(tmp_path: Path) -> None:
    # `--out årshjul.ics` is a calendar file that Outlook can open, not the terminal's text under an .ics name.
    result = run(str(EXAMPLE), *DATE, "--out", str(tmp_path / "årshjul.ics"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "årshjul.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    result = run(str(EXAMPLE), *DATE, "--out", str(tmp_path / "årshjul.md"))
    assert result.exit_code == 0 and (tmp_path / "årshjul.md").read_text(encoding="utf-8").startswith("#")
    result = run(str(EXAMPLE), *DATE, "--format", "text", "--out", str(tmp_path / "fel.ics"))
    assert result.exit_code == 2 and "passar inte filnamnet" in " ".join(result.output.split())
    assert not (tmp_path / "fel.ics").exists()
