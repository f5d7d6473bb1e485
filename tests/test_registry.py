"""The output registry: every `--format` of every command is looked up in styr.render.registry, with one Swedish
refusal ("okänt format … Menade du …? Välj …"), aliases in any letter case, and the choices listed in --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from styr.cli import app
from styr.render.registry import REGISTRY, Formats, UnknownFormat, or_list

runner = CliRunner()
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
OPTIONS = ("--format", "--syntax")
# What each command needs besides the option to get as far as looking its format up.
ARGUMENTS: dict[str, list[str]] = {"log": ["KF-M1", str(MINIMAL)], "report": [str(MINIMAL), "--out", "ut"]}


def _commands() -> dict[str, Any]:
    """The visible commands of the real CLI (typer's own click classes), by name."""
    group: Any = typer.main.get_command(app)
    return {name: cmd for name, cmd in group.commands.items() if not cmd.hidden}


def _format_option(command: Any) -> Any:
    found = [p for p in command.params if p.param_type_name == "option" and set(p.opts) & set(OPTIONS)]
    return found[0] if found else None


def test_every_command_with_a_format_option_is_in_the_registry_and_nothing_else() -> None:
    with_formats = {name for name, cmd in _commands().items() if _format_option(cmd) is not None}
    assert with_formats == set(REGISTRY), "register the command's formats in styr/render/registry.py"


@pytest.mark.parametrize("command", sorted(REGISTRY))
def test_help_lists_every_format_of_the_command(command: str) -> None:
    option = _format_option(_commands()[command])
    assert option is not None and option.help is not None
    formats = REGISTRY[command]
    assert option.help == formats.help()
    for name in formats.listed():
        assert name in option.help


@pytest.mark.parametrize("command", sorted(REGISTRY))
def test_an_unknown_format_is_refused_the_same_way_by_every_command(command: str, tmp_path: Path) -> None:
    formats = REGISTRY[command]
    option = next(o for o in OPTIONS if o in _format_option(_commands()[command]).opts)
    args = [a.replace("ut", str(tmp_path / "ut")) if a == "ut" else a for a in ARGUMENTS.get(command, [])]
    result = runner.invoke(app, [command, *args, option, "docx"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    expected = f"styr: {formats.unknown} 'docx'. Välj {or_list(formats.listed())}.\n"
    assert result.stderr == expected
    assert not (tmp_path / "ut").exists()


@pytest.mark.parametrize(("command", "typed", "meant"), [
    ("status", "jsno", "json"), ("log", "mdd", "md"), ("diff", "markdwn", "markdown"), ("årshjul", "icss", "ics"),
    ("report", "htm", "html"), ("validate", "sarf", "sarif"), ("codeowners", "gitlb", "gitlab"),
])
def test_a_near_miss_names_what_was_meant(command: str, typed: str, meant: str) -> None:
    with pytest.raises(UnknownFormat) as info:
        REGISTRY[command].entry(typed)
    assert f"Menade du '{meant}'?" in str(info.value)
    assert str(info.value).startswith(f"{REGISTRY[command].unknown} '{typed}'. Menade du")


@pytest.mark.parametrize("command", sorted(REGISTRY))
def test_names_and_aliases_find_their_format_in_any_letter_case(command: str) -> None:
    formats: Formats[Any] = REGISTRY[command]
    spellings = [name for o in formats.outputs for name in (o.name, *o.aliases)]
    assert len(spellings) == len(set(spellings)), "a name or alias names two formats"
    for output in formats.outputs:
        for spelling in (output.name, *output.aliases):
            assert formats.entry(f" {spelling.upper()} ") is output
        loaded = output.load()  # every renderer can be imported, and is a function or a writer
        assert callable(getattr(loaded, "write", loaded))


def test_extra_names_are_choices_without_a_renderer() -> None:
    validate = REGISTRY["validate"]
    assert validate.names()[0] == "auto" and validate.listed()[-1] == "auto"
    with pytest.raises(UnknownFormat):
        validate.entry("auto")  # resolved by get_reporter before the lookup


def test_a_command_does_not_load_renderers_it_does_not_use() -> None:
    # The registry loads a renderer when it is chosen: start-up stays free of the site, rich and Git.
    code = ("import sys, styr.cli; heavy = ('jinja2', 'rich', 'git', 'markdown_it', 'nh3', 'styr.render.site.render',"
            " 'styr.render.terminal.status', 'styr.history.log'); print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


def _loaded_after_a_validation(expression: str) -> str:
    """What `expression` (over `sys.modules`) says once `styr validate example-repo` has run, in a new process."""
    code = (f"import atexit, runpy, sys; atexit.register(lambda: print('MODULER', {expression}, file=sys.stderr)); "
            "sys.argv = ['styr', 'validate', 'example-repo', '--format', 'json']; "
            "runpy.run_module('styr', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         cwd=Path(__file__).resolve().parents[1], env={**os.environ, "STYR_CACHE": "0"})
    assert out.returncode in (0, 1), out.stderr
    return out.stderr


def test_a_validation_does_not_load_the_form_of_export_mall() -> None:
    # Every command's options are declared when styr starts; the form of `export mall` (and its workbook writer)
    # is loaded only when a form is made (about 5 ms of a small validation's 200).
    form = "('styr.exchange.form', 'styr.exchange.xlsx', 'styr.exchange.table')"
    assert "MODULER []" in _loaded_after_a_validation(f"[m for m in {form} if m in sys.modules]")


def test_a_validation_converts_its_options_without_pydantic() -> None:
    # typer 0.29 checks every option through pydantic: 0.1 s of each command, a third of a small validation. The
    # declared range of typer excludes it; this says so if a typer that does it slips in.
    assert "MODULER False" in _loaded_after_a_validation("'pydantic' in sys.modules")
