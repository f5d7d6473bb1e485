"""The terminal format: findings grouped by file, with the offending line and a caret under the column."""

from __future__ import annotations

from io import StringIO
from itertools import groupby

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from styr.diagnostics import Diagnostic, Severity
from styr.render.common import Reporter, failure_sentence, source_text, summary_sentence
from styr.render.terminal.console import text_console
from styr.rules.outcome import ValidationOutcome
from styr.wording.terminal import visible

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_WIDTH = max(len(s.swedish) for s in Severity)
_INDENT = 4


class TextReporter(Reporter):
    """For people at a terminal. `color` forces ANSI styles on or off; `width` is the wrap width."""

    name = "text"

    def render(self, outcome: ValidationOutcome) -> str:
        out = StringIO()
        console = text_console(out, self.color, self.width)
        # Outcomes arrive sorted; a stable sort by path keeps one heading per file even if one is not.
        by_file = sorted(outcome.diagnostics, key=lambda d: d.path)
        for path, group in groupby(by_file, key=lambda d: d.path):
            # A file name or a quoted value may hold ESC or a line break: shown as escapes, never obeyed.
            console.print(Text(visible(path) or "(hela målrepositoriet)", style="bold underline"))
            console.print(_file_block(outcome, list(group)), crop=False)
            console.print()
        console.print(Text(summary_sentence(outcome), style="bold"))
        failure = failure_sentence(outcome)
        if failure:
            console.print(Text(failure, style="bold red"))
        # Grid cells pad to their width; trailing blanks only get in the way of copying and diffing.
        return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))


def _file_block(outcome: ValidationOutcome, diagnostics: list[Diagnostic]) -> RenderableType:
    """One file's findings; the position and code columns share their width within the file."""
    pos_width = max(len(f"{d.line}:{d.column}") for d in diagnostics)
    code_width = max(len(d.code) for d in diagnostics)
    gutter = max(len(str(d.line)) for d in diagnostics)
    parts: list[RenderableType] = []
    for d in diagnostics:
        row = Table.grid(padding=(0, 2))
        row.add_column(min_width=pos_width, justify="right", no_wrap=True)
        row.add_column(min_width=_SEVERITY_WIDTH, no_wrap=True)
        row.add_column(min_width=code_width, no_wrap=True)
        row.add_column(overflow="fold")
        row.add_row(
            Text(f"{d.line}:{d.column}", style="dim"),
            Text(d.severity.swedish, style=_SEVERITY_STYLE[d.severity]),
            Text(d.code, style="bold"),
            Text(visible(d.message)),
        )
        parts.append(Padding(row, (0, 0, 0, 2), expand=False))
        parts.extend(_excerpt(outcome, d, gutter))
        if d.hint:
            parts.append(Padding(Text(f"tips: {visible(d.hint)}", style="green"), (0, 0, 0, _INDENT), expand=False))
    return Group(*parts)


def _excerpt(outcome: ValidationOutcome, d: Diagnostic, gutter: int) -> list[RenderableType]:
    """The source line and a caret line; never wrapped, since wrapping would move the caret."""
    line = source_text(outcome, d)
    if not line.strip():
        return []
    # Tabs would expand to a terminal-dependent width and misplace the caret; other control characters are
    # written as escapes, and the caret counts them as written.
    line = line.replace("\t", " ")
    caret_at = cell_len(visible(line[: max(d.column - 1, 0)]))
    line = visible(line)
    pad = " " * _INDENT
    source = Text.assemble(pad, (f"{d.line:>{gutter}} | ", "dim"), line)
    caret = Text.assemble(pad, (f"{'':>{gutter}} | ", "dim"), " " * caret_at, ("^", _SEVERITY_STYLE[d.severity]))
    for t in (source, caret):
        t.no_wrap = True
        t.overflow = "ignore"
    return [source, caret]
