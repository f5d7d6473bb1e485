"""The one place that renders user Markdown: markdown-it-py, then the nh3 allow-list sanitiser."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import reference
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

from styr.load.yamlio import MAX_TEXT
from styr.render.site.safe import Safe
from styr.wording.escape import markdown_text

# Only what analysis text and verksamhetsplan sections need. No images (a report must not load anything
# from elsewhere), no style beyond table alignment, no id or class a text could use to imitate the page.
_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
})  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope", "style"}, "td": {"style"}}
_SCHEMES = frozenset({"http", "https", "mailto"})
_STYLE = frozenset({"text-align"})

# Only these schemes survive in Markdown output too; a relative link or an anchor has no scheme.
_MD_SCHEMES = _SCHEMES
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")


@lru_cache(maxsize=1)
def _html_parser() -> MarkdownIt:
    # html=False: raw HTML in the text is shown as text. The sanitiser below is the second wall.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # ![alt](url) becomes '!' and a link: nothing is loaded from elsewhere
    return md


_DEFINITIONS = "styr_definitions"
# Fenced code that GitLab or GitHub draw rather than show (diagrams, maps, formulas): shown as code instead.
_DRAWN = frozenset({"mermaid", "plantuml", "puml", "kroki", "geojson", "topojson", "stl", "math", "graphviz",
                    "dot", "nomnoml", "vega", "vega-lite", "wavedrom", "bpmn", "excalidraw", "svgbob", "d2"})


def _watched_reference(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The parser's own rule for link reference definitions, noting where each one begins in the text."""
    found = reference(state, start, end, silent)
    if found and not silent:
        state.env.setdefault(_DEFINITIONS, []).append(state.bMarks[start] + state.tShift[start])
    return found


@lru_cache(maxsize=1)
def _inspecting_parser() -> MarkdownIt:
    # Used to vet Markdown that is passed on as Markdown: sees raw HTML, every link and every definition.
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.block.ruler.at("reference", _watched_reference)
    return md


def too_long(text: str) -> str | None:
    """The note shown instead of a text too long to render (rule Y12), or None."""
    if len(text) <= MAX_TEXT:
        return None
    return (f"Texten visas inte: den är {len(text):,} tecken lång, och en rapport visar högst {MAX_TEXT:,} tecken "
            "(regel Y12).").replace(",", "\u00a0")


def _shift(level: int, shift: int) -> int:
    return max(2, min(6, level + shift))


# A line of plain prose: it starts with a letter, holds letters, digits, spaces and punctuation that mean
# nothing to Markdown or HTML, and does not end in a space (two would be a line break).
_PROSE_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ .,;:!?()%/'\"+–—-])*(?<! )")


def _prose(text: str) -> str | None:
    """Plain prose (no Markdown) as the parser and the sanitiser would render it: each run of lines between
    blank lines a paragraph, lines kept as they are. None for anything else. Most analysis texts are prose,
    and a large report has thousands of them (tests/test_report_markdown.py compares with the full path)."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
        elif _PROSE_LINE.fullmatch(line):
            paragraphs[-1].append(line)
        else:
            return None
    return "".join("<p>" + "\n".join(lines) + "</p>\n" for lines in paragraphs if lines)


def to_html(text: str, shift: int = 1) -> Safe:
    """User Markdown as sanitised HTML. Headings move down `shift` levels (a '#' under an h3 becomes h4) and
    never become h1, which belongs to the page."""
    if not text.strip():
        return Safe("")
    note = too_long(text)
    if note is not None:
        return Safe(f"<p><em>{note}</em></p>")
    prose = _prose(text)
    return Safe(prose) if prose is not None else full_html(text, shift)


def full_html(text: str, shift: int = 1) -> Safe:
    """`to_html` through the parser and the sanitiser, for any text (to_html takes a short cut for prose)."""
    md = _html_parser()
    tokens = md.parse(text)
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{_shift(int(tok.tag[1]), shift)}"
        elif tok.type == "th_open":
            tok.attrSet("scope", "col")
    raw = md.renderer.render(tokens, md.options, {})
    return Safe(sanitise(raw))


def sanitise(html: str) -> str:
    """The allow-list sanitiser; everything not listed is dropped (script and style with their content)."""
    return nh3.clean(
        html,
        tags=set(_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        url_schemes=set(_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        filter_style_properties=set(_STYLE),
    )


def to_markdown(text: str, shift: int = 1) -> Safe:
    """User Markdown passed on as Markdown for GitLab and GitHub, with headings moved down `shift` levels.

    Text with raw HTML, an image, or a link whose scheme is not http, https or mailto is not passed on as
    Markdown at all: it is shown literally, every special character escaped. Link reference definitions
    (`[r]: url`) are shown as text: a report puts many texts in one file, where one text's definition would
    give a link or an image to a reference in another. So nothing a user writes can reach a reader as a tag,
    a script link or an image loaded from elsewhere, whichever Markdown renderer shows the file.
    """
    if not text.strip():
        return Safe("")
    note = too_long(text)
    if note is not None:
        return Safe(f"*{note}*")
    # As the parser sees it (its offsets are into this text): line ends as \n, NUL as U+FFFD.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    parsed = _without_definitions(text)
    if parsed is None or _unsafe(parsed[1]):
        return Safe(_literal(parsed[0] if parsed is not None else text))
    text, tokens = parsed
    lines = _shifted(text.split("\n"), tokens, shift)
    lines.extend(_unclosed_fences(text, tokens))
    return Safe("\n".join(lines).strip("\n"))


def _without_definitions(text: str) -> tuple[str, list[Token]] | None:
    """The text with every link reference definition escaped into plain text, and its tokens; None when the
    escaping does not settle (then the whole text is shown literally)."""
    for _ in range(4):
        env: dict[str, object] = {}
        tokens = _inspecting_parser().parse(text, env)
        spots = env.get(_DEFINITIONS)
        if not isinstance(spots, list) or not spots:
            return text, tokens
        for at in sorted(set(spots), reverse=True):  # a backslash before the '[' makes it text
            text = text[:at] + "\\" + text[at:]
    return None


def _shifted(lines: list[str], tokens: list[Token], shift: int) -> list[str]:
    """Headings moved down `shift` levels, and diagram fences turned into plain code."""
    # Bottom-up, so the line numbers of the ones above stay valid.
    for tok in reversed(tokens):
        if tok.type == "fence" and tok.map is not None and tok.info.strip().split(" ")[0].lower() in _DRAWN:
            start = tok.map[0]
            lines[start] = lines[start].replace(tok.info.strip(), "text", 1)
        if tok.type != "heading_open" or tok.map is None or tok.level != 0:
            continue
        start, end = tok.map
        level = _shift(int(tok.tag[1]), shift)
        if tok.markup.startswith("#"):
            lines[start] = _ATX.sub(_hashes_for(level), lines[start], count=1)
        else:  # setext: the text lines and an underline of '=' or '-'
            body = " ".join(line.strip() for line in lines[start:end - 1])
            lines[start:end] = ["#" * level + " " + body]
    return lines


def _unclosed_fences(text: str, tokens: list[Token]) -> list[str]:
    """The closing fence of a code block left open at the end: it would swallow the rest of the report."""
    written = text.rstrip("\n").split("\n")
    out: list[str] = []
    for tok in tokens:
        if tok.type == "fence" and tok.map is not None and tok.map[1] >= len(written):
            last = written[-1].strip()
            opened_last = tok.map[1] - 1 <= tok.map[0]  # the last line is the opening fence itself
            if opened_last or not (last.startswith(tok.markup) and last.strip(tok.markup[0]) == ""):
                out.append(tok.markup)
    return out


def _hashes_for(level: int) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        return m.group(1) + "#" * level

    return replace


def _unsafe(tokens: list[Token]) -> bool:
    for tok in tokens:
        if tok.type in ("html_block", "html_inline"):
            return True
        if tok.type in ("link_open", "image") and not _safe_url(str(tok.attrGet("href") or tok.attrGet("src") or "")):
            return True
        if tok.type == "image":
            return True  # an image would be loaded from elsewhere
        if tok.children and _unsafe(tok.children):
            return True
    return False


def _safe_url(url: str) -> bool:
    cleaned = "".join(url.split()).lower()
    scheme = urlsplit(cleaned).scheme
    return (scheme == "" and ":" not in cleaned.split("/")[0]) or scheme in _MD_SCHEMES


def _literal(text: str) -> str:
    """Every line as plain text: no Markdown, no HTML, paragraphs kept."""
    return "\n".join(markdown_text(line) for line in text.splitlines()).strip("\n")
