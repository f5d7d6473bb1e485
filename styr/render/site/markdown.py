"""The one place that renders user Markdown: markdown-it-py, then the nh3 allow-list sanitiser."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

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


@lru_cache(maxsize=1)
def _inspecting_parser() -> MarkdownIt:
    # Used to vet Markdown that is passed on as Markdown: sees raw HTML and every link as written.
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _shift(level: int, shift: int) -> int:
    return max(2, min(6, level + shift))


def to_html(text: str, shift: int = 1) -> Safe:
    """User Markdown as sanitised HTML. Headings move down `shift` levels (a '#' under an h3 becomes h4) and
    never become h1, which belongs to the page."""
    if not text.strip():
        return Safe("")
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

    Text with raw HTML or with a link whose scheme is not http, https or mailto is not passed on as
    Markdown at all: it is shown literally, every special character escaped. So nothing a user writes can
    reach a reader as a tag or a script link, whichever Markdown renderer shows the file.
    """
    if not text.strip():
        return Safe("")
    tokens = _inspecting_parser().parse(text)
    if _unsafe(tokens):
        return Safe(_literal(text))
    lines = text.splitlines()
    # Rewrite headings bottom-up, so the line numbers of the ones above stay valid.
    for tok in reversed(tokens):
        if tok.type != "heading_open" or tok.map is None or tok.level != 0:
            continue
        start, end = tok.map
        level = _shift(int(tok.tag[1]), shift)
        if tok.markup.startswith("#"):
            lines[start] = _ATX.sub(_hashes_for(level), lines[start], count=1)
        else:  # setext: the text lines and an underline of '=' or '-'
            body = " ".join(line.strip() for line in lines[start:end - 1])
            lines[start:end] = ["#" * level + " " + body]
    for tok in tokens:  # a fence left open would swallow the rest of the report
        if tok.type == "fence" and tok.map is not None and tok.map[1] >= len(text.splitlines()):
            last = text.splitlines()[-1].strip()
            if not (last.startswith(tok.markup) and last.strip(tok.markup[0]) == ""):
                lines.append(tok.markup)
    return Safe("\n".join(lines).strip("\n"))


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
