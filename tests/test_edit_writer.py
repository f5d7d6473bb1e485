"""edit/: the one line model, the one scalar writer and the one check that every editor shares."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styr.edit import scalars
from styr.edit.document import Change, checked, parse
from styr.edit.lines import Lines
from styr.edit.outcome import set_outcome
from styr.edit.period_entry import NewAssessment, set_assessment
from styr.edit.scalars import EditError
from styr.edit.values import OutcomeValue
from styr.load.yamlio import parse_yaml

GOAL = "id: X-M1\ntitel: Ett mål\nindikatorer:\n  - id: I1\n    utfall:\n      2025: 1\n    källa: SCB\n"


def read(text: str) -> dict[str, object]:
    parsed = parse_yaml(text.encode("utf-8"))
    assert parsed.doc is not None and not parsed.problems, parsed.problems
    return dict(parsed.doc)


# --- the line model ------------------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\x85", "\u2028"])
def test_lines_count_as_the_parser_does(newline: str) -> None:
    text = "\ufeff" + "a: 1\nb: {c: 2}\nd: 3\n".replace("\n", newline)
    t = Lines.of(text)
    doc = parse(t.body)
    assert t.bom == "\ufeff" and t.body + "" == text[1:]
    assert [t.lines[doc.where_key(k)[0] - 1] for k in doc] == ["a: 1", "b: {c: 2}", "d: 3"]
    assert t.char(doc.where("b")) == "{"
    if newline in ("\n", "\r\n", "\r"):
        assert t.newline == newline


def test_lines_keep_each_line_end_and_add_in_the_files_style() -> None:
    t = Lines.of("a: 1\r\nb: 2\r\nc: 3\nd: 4")  # mixed, most CRLF, no final line end
    assert t.ends == ("\r\n", "\r\n", "\n", "") and t.newline == "\r\n"
    assert t.splice(4, 4, ["e: 5"]) == "a: 1\r\nb: 2\r\nc: 3\nd: 4\r\ne: 5\r\n"
    assert t.splice(1, 2, ["x: 9"]) == "a: 1\r\nx: 9\r\nc: 3\nd: 4"


# --- the scalar writer ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "written", "meant"), [
    ("00042", "42", 42), ("42.0", "42", 42), ("-0.0", "0", 0), ("0.050", "0.05", 0.05), ("-5.5", "-5.5", -5.5),
    ("100", "100", 100), ("1234567.5", "1234567.5", 1234567.5), ("0.000001", "0.000001", 0.000001),
])
def test_numbers_are_written_canonically(given: str, written: str, meant: float) -> None:
    assert scalars.number(Decimal(given)) == (written, meant)
    # what a YAML 1.1 tool would misread: a leading zero (octal), an exponent without a point, a sign on zero
    assert not written.startswith(("0", "-0")) or written.startswith("0.") or written == "0"
    assert "e" not in written.casefold()


@pytest.mark.parametrize("value", ["Nämnd", "Barn- och utbildningsnämnden", "Per-Olof", "12 av 14"])
def test_plain_text_stays_plain(value: str) -> None:
    assert scalars.text(value) == value


@pytest.mark.parametrize("value", ["ja", "no", "2026-06-30", "00042", "a: b", "@per", "Berg, Anna", "x\u2028y",
                                   "tab\there", "a #b", "[1]"])
def test_text_that_would_read_as_something_else_is_quoted(value: str) -> None:
    for flow in (False, True):
        written = scalars.text(value, flow=flow)
        assert written.startswith('"') or (not flow and value == "Berg, Anna")
        assert scalars.reads_back(written, value, flow=flow)


@pytest.mark.parametrize("value", ["\u0085", "ring\x07", "\x1b[2J", "x\ufffey"])
def test_text_that_styrs_reader_would_not_read_back_is_refused(value: str) -> None:
    """A control character or a noncharacter can be written as an escape, but styr's reader reads it as U+FFFD
    (rule Y14): the writer refuses it rather than store a text that reads back changed. (The authoring commands
    never get this far: they refuse such input, or make a NEL a line break, first.)"""
    for flow in (False, True):
        with pytest.raises(EditError):
            scalars.text(value, flow=flow)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30), st.booleans())
def test_property_any_text_reads_back_or_is_refused(value: str, flow: bool) -> None:
    try:
        written = scalars.text(value, flow=flow)
    except EditError:
        # only what styr's reader itself changes (NFC, and characters no output can carry: Y14) may be refused;
        # never a text it could hold
        import unicodedata

        from styr.characters import shown
        assert unicodedata.normalize("NFC", value) != value or shown(value)[1] is not None
        return
    assert "\n" not in written and "\r" not in written
    assert scalars.reads_back(written, value, flow=flow)


# --- the one check -------------------------------------------------------------------------------------

def test_the_check_refuses_an_edit_that_moves_anything_else() -> None:
    t = Lines.of(GOAL)
    doc = parse(t.body)
    change = Change(("indikatorer", 0, "utfall"), "2026", 2)
    good = t.splice(6, 6, ["      2026: 2"])
    assert checked(t, good, doc, change, "utfallet", line=7).text == good
    for bad in (good.replace("källa: SCB", "källa: SCB2"),   # another value changed too
                good.replace("2025: 1", "2025: 1.0"),          # a type changed
                good.replace("      2026: 2\n", "      2026: '2'\n"),  # the value is text, not a number
                t.splice(5, 5, ["      2026: 2"])):            # the new key in the wrong place
        with pytest.raises(EditError, match="skriv in utfallet för hand"):
            checked(t, bad, doc, change, "utfallet", line=7)


@pytest.mark.parametrize("newline", ["\r", "\x85", "\u2028"])
def test_files_with_uncommon_line_ends_are_edited_in_their_style(newline: str) -> None:
    text = GOAL.replace("\n", newline)
    edit = set_outcome(text, "I1", "2026-Q1", OutcomeValue("5", 5))
    assert edit.text == text.replace("2025: 1" + newline, "2025: 1" + newline + "      2026-Q1: 5" +
                                     (newline if newline == "\r" else "\n"))
    edit = set_assessment(text, "2026", NewAssessment("gul", "Rad ett.\nRad två.\n"))
    assert read(edit.text)["bedömning"] == {"2026": {"färg": "gul", "analys": "Rad ett.\nRad två.\n"}}
    assert edit.text.startswith(text)
