"""Text that is already safe for its output format (sanitised HTML, generated SVG, escaped Markdown)."""

from __future__ import annotations


class Safe(str):
    """A string that the template engine must not escape again.

    It speaks the `__html__` protocol that Jinja's autoescaping honours, so only the modules that produce
    trusted output (svg.py, markdown.py) need to know about it — and none of them imports jinja2.
    """

    __slots__ = ()

    def __html__(self) -> str:
        # Itself, not a copy: the escaper wraps what this returns, and a page nests fragments kilobytes long.
        return self


def join(parts: list[Safe], sep: str = "") -> Safe:
    """Concatenate safe fragments; the separator is fixed text from our own code."""
    return Safe(sep.join(parts))
