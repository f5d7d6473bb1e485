"""The GitHub Actions format: workflow commands that annotate files, and a Markdown job summary."""

from __future__ import annotations

from collections.abc import Mapping

from styr.diagnostics import Diagnostic, Severity
from styr.render.common import Reporter, display_path, failure_sentence, summary_sentence
from styr.rules.outcome import ValidationOutcome
from styr.wording.escape import markdown_text
from styr.wording.terminal import visible

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SUMMARY_LIMIT = 50


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as the Actions runner unescapes it. Control characters other than
    line breaks (ESC would colour or hide text in the log) cannot be escaped for the runner: they are written
    as visible escapes (\\e) instead."""
    text = visible(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value: like data, plus the separators ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """One `::error`/`::warning`/`::notice` line per finding; see `summary_markdown` for the job summary."""

    name = "github"

    def render(self, outcome: ValidationOutcome) -> str:
        return "".join(_command(outcome, d) + "\n" for d in outcome.diagnostics)

    def summary_markdown(self, outcome: ValidationOutcome) -> str:
        return summary_markdown(outcome)


def _command(outcome: ValidationOutcome, d: Diagnostic) -> str:
    rule = outcome.rules.get(d.code)
    props: list[tuple[str, str]] = []
    if d.path:
        file = display_path(d.path, outcome.git_prefix)
        props += [("file", file), ("line", str(max(d.line, 1))), ("col", str(max(d.column, 1)))]
    props.append(("title", f"{d.code} {rule.summary.rstrip('.')}" if rule else d.code))
    message = f"{d.message}\ntips: {d.hint}" if d.hint else d.message
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND[d.severity]} {rendered}::{escape_data(message)}"


def _cell(text: str) -> str:
    """Text safe inside a GitHub Markdown table cell: no HTML, no markup, no cell break; lines as <br>."""
    return markdown_text(text, line_breaks=True)


def summary_markdown(outcome: ValidationOutcome) -> str:
    """A job summary: the verdict, a table of counts and the first findings."""
    s, counts = outcome.summary, outcome.counts
    verdict = failure_sentence(outcome) or "Valideringen gick igenom."
    icon = "❌" if outcome.failed else "✅"
    lines = [
        "## styr validate",
        "",
        f"{icon} {verdict}",
        "",
        "| Enheter | Mål | Indikatorer | Aktiviteter | Filer | Fel | Varningar | Info |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {s.units} | {s.goals} | {s.indicators} | {s.activities} | {s.files} "
        f"| {counts[Severity.ERROR]} | {counts[Severity.WARNING]} | {counts[Severity.INFO]} |",
        "",
    ]
    shown = outcome.diagnostics[:SUMMARY_LIMIT]
    if shown:
        lines += ["| Allvar | Kod | Plats | Meddelande |", "| --- | --- | --- | --- |"]
        for d in shown:
            place = f"{d.path}:{d.line}" if d.path else "(hela målrepositoriet)"
            said = _cell(visible(d.message, keep="\r\n"))
            lines.append(f"| {d.severity.swedish} | {d.code} | {_cell(visible(place))} | {said} |")
        lines.append("")
    rest = len(outcome.diagnostics) - len(shown)
    if rest > 0:
        lines += [f"… och {rest} till. Kör `styr validate` lokalt för att se alla.", ""]
    lines += [summary_sentence(outcome), ""]
    return "\n".join(lines)


def append_step_summary(outcome: ValidationOutcome, env: Mapping[str, str]) -> bool:
    """Append the summary to the file named by GITHUB_STEP_SUMMARY. False when the variable is unset.

    An unwritable file raises OSError; the CLI decides whether that is worth more than a warning.
    """
    target = env.get("GITHUB_STEP_SUMMARY", "")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(summary_markdown(outcome) + "\n")
    return True
