"""The command line speaks Swedish in its own words too: help headings, usage lines and usage errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "No such", "Missing",
           "Try '", "Error", "[OPTIONS]", "Got unexpected", "requires an argument")


def styr(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="100", TERM="dumb")
    return subprocess.run([sys.executable, "-m", "styr", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=False)


def assert_swedish(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


@pytest.mark.parametrize(("args", "expected"), [
    (("validate", "--zzz"), "styr: okänt alternativ --zzz."),  # no option is close enough to suggest
    (("vaidate",), "styr: det finns inget kommando som heter 'vaidate'. Menade du 'validate'?"),
    (("utfall",), "styr: argumentet INDIKATOR saknas."),
    (("status", "--format"), "styr: alternativet --format behöver ett värde."),
    (("explain", "F04", "F05"), "styr: för många argument: F05."),
])
def test_usage_errors_are_swedish_with_a_pointer_to_the_help(args: tuple[str, ...], expected: str) -> None:
    done = styr(*args)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == expected
    assert "för hjälp." in done.stderr
    assert_swedish(done.stderr + done.stdout)


@pytest.mark.parametrize("args", [("--help",), ("validate", "-h"), ("new", "--help"), ("new", "mål", "-h"),
                                  ("årshjul", "-h"), ("arshjul", "--help"), ("import", "-h"),
                                  ("bedömning", "-h"), ("bedomning", "--help"), ("uppföljning", "-h")])
def test_help_is_swedish(args: tuple[str, ...]) -> None:
    done = styr(*args)
    assert done.returncode == 0, done.stderr
    assert "Användning:" in done.stdout and "Visa den här hjälpen och avsluta." in done.stdout
    assert "Alternativ" in done.stdout
    assert_swedish(done.stdout)


def test_styr_alone_shows_the_help_and_exit_codes_stay() -> None:
    bare = styr()
    assert bare.returncode == 2
    assert "Kommandon" in bare.stdout + bare.stderr and "validate" in bare.stdout + bare.stderr
    assert_swedish(bare.stdout + bare.stderr)
    assert styr("validate", "example-repo").returncode == 0
    missing = styr("validate", "finns-inte")
    assert missing.returncode == 2 and missing.stderr.startswith("styr: ")
