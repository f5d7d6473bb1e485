"""User Markdown in reports: rendered with a real parser, sanitised by an allow-list, safe as Markdown too."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from styr.render.site import markdown
from styr.render.site.markdown import full_html, to_html, to_markdown
from styr.wording.escape import markdown_text

INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](jav&#x61;script:alert(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klicka](vbscript:msgbox(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<style>body{display:none}</style>",
    "![bild](https://evil.example/x.png)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<div style=\"position:fixed;top:0\">falsk sida</div>",
    "[ref]: javascript:alert(1)\n\n[länk][ref]",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<!-- <script>alert(1)</script> -->",
    "```\n<script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
]


def assert_safe_html(fragment: str) -> None:
    if not fragment.strip():
        return
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("script", "style", "iframe", "img", "svg", "object", "embed", "math", "link", "div")\
            or el is tree, el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert name in ("href", "title", "rel", "scope", "style", "start"), name
            if name == "href":
                assert re.match(r"(https?:|mailto:|#|[^:]*$)", value.strip(), re.I), value
            if name == "style":
                assert re.fullmatch(r"text-align:\s*(left|right|center)", value), value


@pytest.mark.parametrize("payload", INJECTIONS)
def test_html_rendering_neutralises_injections(payload: str) -> None:
    out = to_html(f"Analys.\n\n{payload}\n\nMer text.", 2)
    assert_safe_html(out)
    assert "<script" not in out.lower()


@pytest.mark.parametrize("payload", INJECTIONS)
def test_markdown_passthrough_neutralises_injections(payload: str) -> None:
    out = to_markdown(f"Analys.\n\n{payload}\n\nMer text.", 2)
    assert_markdown_inert(out)


def assert_markdown_inert(text: str) -> None:
    """Whatever a CommonMark renderer with raw HTML on makes of the text, no tag and no script link."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    for tok in md.parse(text):
        assert tok.type not in ("html_block", "html_inline"), tok.content
        for child in tok.children or []:
            assert child.type not in ("html_inline", "image"), child.content
            if child.type == "link_open":
                href = str(child.attrGet("href")).lower()
                assert href.startswith(("http://", "https://", "mailto:", "#")) or ":" not in href, href


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'&/=:;()[]!#*_`\\ \nabcjsvgonrlt-|~")), max_size=80))
def test_rendering_random_punctuation_stays_safe(text: str) -> None:
    assert_safe_html(to_html(text, 2))
    assert_markdown_inert(to_markdown(text, 2))
    assert_markdown_inert(markdown_text(text))


def test_headings_move_down_and_never_become_h1() -> None:
    out = to_html("# Rubrik\n\nText\n\n## Under\n\n###### Djup", 2)
    assert "<h3>Rubrik</h3>" in out and "<h4>Under</h4>" in out and "<h6>Djup</h6>" in out
    assert "<h1" not in to_html("# Ett", 0)


def test_markdown_headings_move_down_atx_and_setext() -> None:
    out = to_markdown("Titel\n=====\n\n# Ett\n\nUnder\n-----\n\ntext", 2)
    assert out.splitlines() == ["### Titel", "", "### Ett", "", "#### Under", "", "text"]


def test_markdown_keeps_safe_formatting() -> None:
    text = "**Fet** och [länk](https://ekeby.se) och `kod <b>`\n\n- punkt\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert to_markdown(text, 1) == text


def test_an_open_fence_is_closed() -> None:
    out = to_markdown("Text\n\n```\nkod utan slut", 1)
    assert out.endswith("```")
    after = MarkdownIt("commonmark").parse(out + "\n\n# Nästa rubrik")
    assert any(t.type == "heading_open" for t in after)


def test_tables_get_header_scopes_and_keep_alignment() -> None:
    out = to_html("| a | b |\n|--:|---|\n| 1 | 2 |", 1)
    assert '<th style="text-align:right" scope="col">a</th>' in out


def test_links_are_marked_nofollow() -> None:
    assert 'rel="noopener noreferrer nofollow"' in to_html("[x](https://ekeby.se)", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a | b", r"a \| b"), ("1. januari", r"1\. januari"), ("- punkt", r"\- punkt"), ("# rubrik", r"\# rubrik"),
     ("rad\nbrytning", "rad brytning"), ("<b>", "&lt;b&gt;"), ("Barn- och", "Barn- och")],
)
def test_escape_inline(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


_PROSE_ALPHABET = [*"abcåäöéAÅÖZß09 .,;:!?()%/'\"+–—-\n", "\u00a0", "\t", "\r", "*", "_", "<", "&", "#", "1. ", "- ",
                   "  \n", "\u0301", "\u00ad", "[x]", "`", "~~"]

@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PROSE_ALPHABET), max_size=40).map("".join), st.integers(1, 4))
def test_the_short_cut_for_prose_renders_as_the_parser_does(text: str, shift: int) -> None:
    """to_html takes a short cut for plain prose; whenever it does, the result is the parser's and sanitiser's."""
    if not text.strip():
        return
    short = markdown._prose(text)
    if short is not None:
        assert short == str(full_html(text, shift))
    assert str(to_html(text, shift)) == str(full_html(text, shift))


def test_everyday_analysis_text_takes_the_short_cut() -> None:
    text = ("Resultatet för 2025 förklaras främst av ökade volymer (se bilaga 2).\n"
            "Under perioden har vi arbetat med uppföljningen – 85 % av enheterna deltog; nästa steg?\n\n"
            "Vi fortsätter med \"Trygg skolväg\" och de ungas önskemål.\n")
    assert markdown._prose(text) == str(full_html(text))
    assert markdown._prose("En **fet** rad.") is None
