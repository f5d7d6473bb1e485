"""`styr --version` and `styr explain [KOD]` answered before typer is imported: they need no options parsed, and
a user (or an editor asking for a rule's text) should not wait for the whole command line to load.

`answer` takes only these exact forms; anything else (`--help`, an option, a second argument) goes to the full
command line in styr.cli, whose `explain` and `--version` print the same text through the same functions.
"""

from __future__ import annotations

import sys
from typing import TextIO

from styr import __version__


def answer(argv: list[str]) -> int | None:
    """The exit code after answering `argv`, or None when it is not one of the quick forms."""
    if argv == ["--version"]:
        return _written(version_text())
    if argv and argv[0] == "explain" and len(argv) <= 2 and not any(a.startswith("-") for a in argv[1:]):
        from styr.wording.terminal import degrade_unencodable

        degrade_unencodable(sys.stdout, sys.stderr)
        return explain(argv[1] if len(argv) == 2 else None)
    return None


def version_text() -> str:
    return f"styr {__version__}"


def explain(code: str | None) -> int:
    """Print a rule's explanation (without a code: the list of rules) and return the exit code."""
    from styr.app import rulebook
    from styr.app.errors import AppError

    if code is None:
        return _written("\n".join(f"{r.code}  {r.severity.swedish:<8} {r.name:<28} {r.summary}"
                                  for r in rulebook.rules()))
    try:
        r = rulebook.rule(code)
    except AppError as exc:
        return _written(f"styr: {exc}", exc.exit_code, sys.stderr)
    return _written(f"{r.code} {r.name} ({r.severity.swedish} som standard)\n\n{r.summary}\n\n{r.explanation}\n\n"
                    f"Tips: {r.hint}\n\nÄndra allvarlighetsgrad i styrmodell.yaml:\n  regler:\n    {r.code}: info  "
                    "# error, warning, info eller av")


def _written(text: str, code: int = 0, stream: TextIO | None = None) -> int:
    out = stream if stream is not None else sys.stdout
    try:
        out.write(text + "\n")
        out.flush()
    except BrokenPipeError:  # the reader went away (`styr explain | head`): nothing more to say
        return 1
    return code
