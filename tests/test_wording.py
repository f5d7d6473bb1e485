"""styr.wording: one way to write numbers, values, periods, colours and statuses, and one Markdown escaping."""

from __future__ import annotations

import json
import math
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from styr.cli import app
from styr.model.periods import parse_period
from styr.model.types import ModelConfig, StateWords
from styr.model.vocab import COLOURS, Colour
from styr.render.terminal.status import marker
from styr.wording.activities import STATUS_WORDS, status_words
from styr.wording.escape import markdown_text
from styr.wording.numbers import NBSP, NOT_A_NUMBER, number, share
from styr.wording.periods import day, long_date, moment, month_abbreviation, month_name, report_name, span
from styr.wording.scale import DEFAULT_SCALE, ColourWords, Scale, distribution_text, scale_for
from styr.wording.values import count, direction, value, value_range, yes_no

# -- numbers ------------------------------------------------------------------------------------------------------

NUMBERS = [
    (0, "0"), (85, "85"), (84.1, "84,1"), (1234.5, "1 234,5"), (1250000, "1 250 000"), (-2, "−2"), (-2.5, "−2,5"),
    (-1234.5, "−1 234,5"), (0.333, "0,33"), (999.999, "1 000"), (1e3, "1 000"), (-12345.678, "−12 345,68"),
    # rounding is half up on the number as written, not on its binary neighbour (2.675 is 2.67499… in binary)
    (2.675, "2,68"), (0.125, "0,13"), (-0.125, "−0,13"), (0.005, "0,01"),
    # nothing rounds to a negative zero
    (-0.0, "0"), (-0.004, "0"), (0.004, "0"),
    # huge numbers are written out, never in exponent form
    (1e22, "10 000 000 000 000 000 000 000"), (10**30, "1 000 000 000 000 000 000 000 000 000 000"),
    (float("inf"), "∞"), (float("-inf"), "−∞"), (float("nan"), NOT_A_NUMBER), (True, "1"),
]


@pytest.mark.parametrize(("v", "expected"), NUMBERS, ids=[repr(v) for v, _ in NUMBERS])
def test_number(v: float, expected: str) -> None:
    assert number(v) == expected
    assert number(v, nbsp=True) == re.sub(r"(?<=[0-9]) (?=[0-9])", NBSP, expected)


EXACT = [(100.004, "100,004"), (0.1, "0,1"), (1e-7, "0,0000001"), (-12345.678, "−12 345,678"), (84.125, "84,125"),
         (90.0, "90"), (-3, "−3"), (1.5e16, "15 000 000 000 000 000")]


@pytest.mark.parametrize(("v", "expected"), EXACT, ids=[repr(v) for v, _ in EXACT])
def test_number_with_every_digit(v: float, expected: str) -> None:
    assert number(v, decimals=None) == expected


def test_number_with_fewer_decimals() -> None:
    assert [number(v, decimals=1) for v in (96.65, 96.64, 0.05)] == ["96,7", "96,6", "0,1"]
    assert [number(v, decimals=0) for v in (2.5, -2.5, 2.4)] == ["3", "−3", "2"]


def test_the_largest_float_is_written_in_full() -> None:
    text = number(1.7976931348623157e308)
    assert text.startswith("179 769 313") and len(text.replace(" ", "")) == 309


def _read_back(text: str) -> float:
    return float(text.replace(" ", "").replace(NBSP, "").replace(",", ".").replace("−", "-"))


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_reads_back(v: float) -> None:
    assert _read_back(number(v, decimals=None)) == v
    assert math.isclose(_read_back(number(v)), v, rel_tol=1e-15, abs_tol=0.005 + 1e-12)
    assert "-" not in number(v) and "e" not in number(v).lower()


@pytest.mark.parametrize(("fraction", "expected"), [(0.966, "96,6 %"), (0.1, "10 %"), (1.0, "100 %"),
                                                    (0.99951, "100 %"), (0.0004, "0 %"), (12.5, "1 250 %")])
def test_share(fraction: float, expected: str) -> None:
    assert share(fraction) == expected


# -- values ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("v", "measure", "expected"),
    [(None, None, "–"), (True, None, "ja"), (False, "procent", "nej"), (88, "procent", "88 %"),
     (87.5, None, "87,5"), ((40.0, 60.0), "procent", "40–60 %"), ((-math.inf, 5.0), None, "högst 5"),
     ((80.0, math.inf), "procent", "minst 80 %"), ((-5.0, -2.0), None, "−5–−2"), (1250000, "kronor", "1 250 000 kr"),
     (3, "antal", "3"), (12, "dagar", "12 dagar")],
)
def test_value(v: object, measure: str | None, expected: str) -> None:
    assert value(v, measure) == expected  # type: ignore[arg-type]


def test_value_in_a_report_and_in_a_reason() -> None:
    assert value(1250000, "kronor", nbsp=True) == f"1{NBSP}250{NBSP}000 kr"
    assert value(None, missing="saknas") == "saknas"
    assert value_range(1000, 2000, nbsp=True) == f"1{NBSP}000–2{NBSP}000"


def test_words() -> None:
    assert [yes_no(True), yes_no(False)] == ["ja", "nej"]
    assert [direction(d) for d in ("öka", "minska", "intervall", "uppnått", None, "Öka")] == \
        ["högre är bättre", "lägre är bättre", "inom intervallet", "ska uppnås", "riktning saknas", "riktning saknas"]
    assert [count(n, "indikator", "indikatorer") for n in (0, 1, 2)] == \
        ["0 indikatorer", "1 indikator", "2 indikatorer"]


# -- periods and dates --------------------------------------------------------------------------------------------


def test_months_and_dates() -> None:
    assert [month_name(1), month_name(12), month_abbreviation(10)] == ["januari", "december", "okt"]
    assert long_date(date(2026, 10, 23)) == "23 oktober 2026"
    assert day(date(2026, 1, 2)) == "2026-01-02" and day(None) == "–"
    assert span(date(2023, 1, 1), None) == "2023-01-01 – –" and span(None, None) == "–"
    assert moment(datetime(2026, 10, 3, 14, 5, 59)) == "2026-10-03 14:05"


@pytest.mark.parametrize(("text", "expected"), [("2026-H1", "delårsbokslut 2026"), ("2026", "bokslut 2026"),
                                                ("2026-Q3", "kvartal 3 2026"), ("2026-H2", "halvår 2 2026")])
def test_report_name(text: str, expected: str) -> None:
    assert report_name(parse_period(text)) == expected


# -- colours and statuses -----------------------------------------------------------------------------------------


def test_distribution_text() -> None:
    counts = {Colour.GRON: 3, Colour.GUL: 1}
    assert distribution_text(counts) == "3 grön, 1 gul"
    assert distribution_text(counts, every=True) == "3 grön, 1 gul, 0 röd, 0 svart"
    assert distribution_text({Colour.EJ_AKTUELL: 2}, every=True) == "0 grön, 0 gul, 0 röd, 0 svart, 2 ej aktuell"
    assert distribution_text({}) == ""


def test_default_scale() -> None:
    assert [DEFAULT_SCALE.marker(c) for c in COLOURS] == ["● grön", "▲ gul", "■ röd", "◆ svart", "◌ ej aktuell",
                                                          "◇ ej påbörjat"]
    assert [DEFAULT_SCALE.label(c) for c in COLOURS] == ["uppfylls helt", "uppfylls delvis", "uppfylls inte",
                                                         "inte mätt", "ingen mätning i perioden",
                                                         "målet har inte börjat"]
    assert [DEFAULT_SCALE[c].key for c in COLOURS] == ["gron", "gul", "rod", "svart", "ej_aktuell", "ej_paborjat"]


THREE_WORDS = Scale((
    ColourWords(Colour.GRON, "gron", "uppfyllt", "uppfyllt", "✓", "✅"),
    ColourWords(Colour.GUL, "gul", "delvis uppfyllt", "delvis uppfyllt", "~", "➖"),
    ColourWords(Colour.ROD, "rod", "ej uppfyllt", "ej uppfyllt", "✗", "❌"),
    ColourWords(Colour.SVART, "svart", "kan inte mätas", "kan inte mätas", "?", "❔"),
    *DEFAULT_SCALE.levels[4:],
))


def test_a_scale_of_its_own_changes_the_words_renderers_use() -> None:
    assert distribution_text({Colour.GRON: 2, Colour.ROD: 1}, scale=THREE_WORDS) == "2 uppfyllt, 1 ej uppfyllt"
    assert marker(Colour.GUL, THREE_WORDS).plain == "~ delvis uppfyllt"
    assert marker(Colour.GUL).plain == "▲ gul"


def test_scale_for_reads_skala_from_styrmodell() -> None:
    config = ModelConfig("Ekeby", (), (), None, None, scale=(
        StateWords("grön", "uppfyllt", None, "✓"), StateWords("svart", "kan inte mätas"),
        StateWords("ej_aktuell", None, "mäts vid årets slut")))
    scale = scale_for(config)
    assert [scale.word(c) for c in COLOURS] == ["uppfyllt", "gul", "röd", "kan inte mätas", "ej aktuell",
                                                "ej påbörjat"]
    assert (scale.symbol(Colour.GRON), scale.label(Colour.GRON)) == ("✓", "uppfylls helt")
    assert scale.label(Colour.EJ_AKTUELL) == "mäts vid årets slut"
    assert scale_for(None) is DEFAULT_SCALE and scale_for(ModelConfig("Ekeby", (), (), None, None)) is DEFAULT_SCALE


def test_a_scale_names_each_colour_once_in_order() -> None:
    with pytest.raises(ValueError, match="each colour and state once"):
        Scale(DEFAULT_SCALE.levels[::-1])


def test_status_words() -> None:
    assert [(s.key, s.word, s.symbol) for s in STATUS_WORDS] == [
        ("planerad", "planerad", "○"), ("pagar", "pågår", "◐"), ("genomford", "genomförd", "●"),
        ("forsenad", "försenad", "▲"), ("avbruten", "avbruten", "✕")]
    assert status_words(" Pågår ") == STATUS_WORDS[1]
    assert (status_words("pausad").key, status_words("pausad").word) == ("okand", "pausad")
    assert status_words(None).word == "status saknas"


# -- escaping -----------------------------------------------------------------------------------------------------

HOSTILE = [
    "@all och @karin.ek, (@per) och per@ekeby.se",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "a | b",
    "`kod` och ``mer``",
    "rad ett\nrad två\r\n\nrad tre",
    "[x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![bild](https://evil.example/x.png)",
    "**fet** _kursiv_ ~~struken~~",
    "# rubrik",
    "1. punkt",
    "2) punkt",
    "- punkt",
    "+ punkt",
    "> citat",
    "---",
    "===",
    "```",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;script&#x3E;",
    "slut med \\",
    "{+ tillagt +} och {- borttaget -}",
    "#123 och ett mål",
    "<details open ontoggle=alert(1)>",
]


def _rendered_text(markdown: str) -> tuple[list[str], str]:
    """(the token types a CommonMark renderer with raw HTML on finds inline, the text it shows)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    tokens = md.parse(markdown)
    kinds = [child.type for tok in tokens for child in (tok.children or [])]
    kinds += [tok.type for tok in tokens]
    shown = md.render(markdown)
    text = lxml_html.fragment_fromstring(shown, create_parent="div").text_content() if shown.strip() else ""
    return kinds, text.strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(text: str) -> None:
    escaped = markdown_text(text)
    kinds, shown = _rendered_text(escaped)
    assert set(kinds) <= {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}, kinds
    # what the reader sees is exactly what the user wrote (and a zero-width space after an @ that would mention)
    assert shown.replace("\u200b", "") == " ".join(text.split())
    assert "<" not in escaped and ">" not in escaped and "\n" not in escaped


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_in_its_table_cell(text: str) -> None:
    table = f"| A | B |\n| --- | --- |\n| {markdown_text(text)} | x |\n"
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(table)
    assert [t.type for t in tokens].count("tr_open") == 2
    assert [t.type for t in tokens].count("td_open") == 2
    assert not any(c.type in ("html_inline", "link_open", "image", "code_inline")
                   for t in tokens for c in (t.children or []))


def test_inside_an_html_block_the_text_is_still_inert() -> None:
    # GitLab folds long diffs into <details>; no backslash is honoured there, entities are.
    line = f"<details><summary>{markdown_text('<img src=x onerror=alert(1)>')}</summary>"
    tree = lxml_html.fragment_fromstring(MarkdownIt("commonmark", {"html": True}).render(line),
                                         create_parent="div")
    assert [el.tag for el in tree.iter()] == ["div", "details", "summary"]


def test_line_breaks_can_be_kept_as_br() -> None:
    assert markdown_text("a | b\n<script>*x*", line_breaks=True) == "a \\| b<br>&lt;script&gt;\\*x\\*"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'&/=:;()[]!#*_`\\ \n\t{}|~+-.0123456789abcjsvgonrlt$@%^")),
               max_size=60))
def test_any_punctuation_reads_back_as_written(text: str) -> None:
    kinds, shown = _rendered_text(markdown_text(text))
    assert not {"html_inline", "html_block", "link_open", "image", "code_inline", "em_open", "strong_open",
                "s_open", "heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open", "hr",
                "fence", "code_block", "table_open"} & set(kinds), kinds
    assert shown.replace("\u200b", "") == " ".join(text.split())  # a zero-width space after a mentioning @


def test_the_arshjul_markdown_shows_hostile_titles_as_text(tmp_path: Path) -> None:
    # The årshjul's own cell escaping used to let <img onerror=…> through; it now uses markdown_text.
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal", repo)
    hostile = ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1)) | `kod`"]
    wheel = "".join(f"  - månad: {m}\n    titel: {json.dumps(t)}\n    beskrivning: {json.dumps(t)}\n"
                    for m, t in zip((3, 11), hostile, strict=True))
    model = repo / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "årshjul:\n" + wheel, encoding="utf-8")
    result = CliRunner().invoke(app, ["årshjul", str(repo), "--format", "md", "--date", "2026-11-29"])
    assert result.exit_code == 0, result.output
    kinds, shown = _rendered_text(result.stdout)
    assert not {"html_inline", "html_block", "link_open", "image", "code_inline"} & set(kinds)
    assert "<img src=x onerror=alert(1)>" in shown and "[x](javascript:alert(1)) | `kod`" in shown
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    types = [t.type for t in tokens]
    assert types.count("tr_open") == 3 and types.count("td_open") == 2 * 3  # two events, three columns each


@pytest.mark.parametrize(("text", "mentions"), [("@all ser detta", 1), ("ansvarig: @karin.ek", 1), ("(@per)", 1),
                                                 ("per@ekeby.se", 0), ("@@x", 2)])
def test_an_at_that_would_mention_someone_is_broken(text: str, mentions: int) -> None:
    """GitLab and GitHub notify whoever `@namn` names in a comment that a CI job posts (`styr diff --format md`),
    and GitHub honours no backslash: a zero-width space after the `@` breaks it on both. An e-mail address keeps
    its `@` as it is."""
    escaped = markdown_text(text)
    assert escaped.count("@&#8203;") == mentions
    _, shown = _rendered_text(escaped)
    assert shown.replace("\u200b", "") == text
    assert not re.search(r"(?<!\w)@\w", shown)  # no @ left before a name: nothing a platform would link
