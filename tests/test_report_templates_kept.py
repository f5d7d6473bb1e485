"""The compiled templates kept beside the parse cache (styr.render.site.templating.KeptCode): a second report
compiles none of styr's templates and writes the same site as a report without a cache; a kept file that is
damaged, or holds what is not the code of that template's source, is not run; a kommun's changed template is
compiled again; without the cache nothing is kept."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import pytest
from test_report_incremental import report, tree

from styr.render.site import templating
from styr.resources import data_dir

EXAMPLE = Path(__file__).resolve().parent.parent / "example-repo"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STYR_CACHE_DIR", str(tmp_path / "cache"))
    dest = tmp_path / "repo"
    shutil.copytree(EXAMPLE, dest)
    return dest


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from here on (in this process)."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(name or "")
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def _kept_files(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.mallar"))


def test_a_second_report_compiles_no_template_and_writes_the_same_site(repo: Path, tmp_path: Path,
                                                                         compiled: list[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    report(repo, tmp_path / "ut")
    first = list(compiled)
    assert any(name.startswith("html/") for name in first)
    assert _kept_files(tmp_path / "cache")
    compiled.clear()
    report(repo, tmp_path / "ut", "--full")
    assert compiled == []
    monkeypatch.setenv("STYR_CACHE", "0")
    report(repo, tmp_path / "utan-cache")
    assert tree(tmp_path / "ut") == tree(tmp_path / "utan-cache")


def test_a_damaged_kept_file_is_not_run(repo: Path, tmp_path: Path, compiled: list[str]) -> None:
    report(repo, tmp_path / "ut")
    (kept,) = _kept_files(tmp_path / "cache")
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    compiled.clear()
    report(repo, tmp_path / "ut", "--full")
    assert any(name.startswith("html/") for name in compiled)  # compiled again, not run from the damaged file
    shutil.rmtree(tmp_path / "ut")
    report(repo, tmp_path / "ut")
    assert (tmp_path / "ut" / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_kommuns_changed_template_is_compiled_again(repo: Path, tmp_path: Path) -> None:
    own = tmp_path / "mallar" / "html"
    own.mkdir(parents=True)
    base = (data_dir("templates") / "html" / "base.html.j2").read_text(encoding="utf-8")
    (own / "base.html.j2").write_text(base.replace("</body>", "<p>Version ett</p></body>"), encoding="utf-8")
    report(repo, tmp_path / "ut", "--templates", str(tmp_path / "mallar"))
    assert "Version ett" in (tmp_path / "ut" / "index.html").read_text(encoding="utf-8")
    (own / "base.html.j2").write_text(base.replace("</body>", "<p>Version två</p></body>"), encoding="utf-8")
    report(repo, tmp_path / "ut", "--templates", str(tmp_path / "mallar"))
    page = (tmp_path / "ut" / "index.html").read_text(encoding="utf-8")
    assert "Version två" in page and "Version ett" not in page


def test_without_the_cache_nothing_is_kept(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYR_CACHE", "0")
    report(repo, tmp_path / "ut")
    assert _kept_files(tmp_path / "cache") == []


class _Memos:
    """What KeptCode needs of styr.load.cache.Memos: a value recalled and one remembered."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.remembered: list[object] = []

    def recall(self, name: str, suffix: str = ".memo") -> object:
        return self.value

    def remember(self, name: str, value: object, keep: int = 8, suffix: str = ".memo") -> None:
        self.remembered.append(value)


def _environment(memos: _Memos) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({"a.j2": "{{ 1 + 1 }}"}))
    env.bytecode_cache = templating.KeptCode(memos, "test")  # type: ignore[arg-type]
    return env


@pytest.mark.parametrize("entry", [
    ("fel kontrollsumma", marshal.dumps(compile("x = 1", "a", "exec"))),  # another source's code
    (None, b"inte kod"),  # the right checksum (filled in below) but no code
    "inte ett par",
])
def test_a_kept_entry_that_is_not_this_templates_code_is_compiled_again(entry: object) -> None:
    probe = _Memos({})
    env = _environment(probe)
    assert env.get_template("a.j2").render() == "2"
    kept = env.bytecode_cache
    assert isinstance(kept, templating.KeptCode)
    ((key, (checksum, _)),) = kept.code.items()
    if isinstance(entry, tuple) and entry[0] is None:
        entry = (checksum, entry[1])
    memos = _Memos({key: entry, "gammal": ("en annan mall", b"")})
    env = _environment(memos)
    assert env.get_template("a.j2").render() == "2"
    templating.keep_compiled(env)
    (value,) = memos.remembered
    assert isinstance(value, dict) and list(value) == [key]  # what this run did not use goes
    checksum_written, code = value[key]
    assert checksum_written == checksum and isinstance(marshal.loads(code), CodeType)  # the code compiled again


def test_kept_code_of_the_same_source_is_run_and_nothing_is_written_again() -> None:
    probe = _Memos({})
    env = _environment(probe)
    env.get_template("a.j2")
    kept = env.bytecode_cache
    assert isinstance(kept, templating.KeptCode)
    templating.keep_compiled(env)
    (value,) = probe.remembered
    assert isinstance(value, dict)
    memos = _Memos({**value, "gammal": ("x", b"y")})
    again = _environment(memos)
    compile_calls: list[str] = []
    original = again.compile

    def counted(*args: Any, **kwargs: Any) -> Any:
        compile_calls.append("x")
        return original(*args, **kwargs)

    again.compile = counted  # type: ignore[method-assign]
    assert again.get_template("a.j2").render() == "2"
    assert compile_calls == []
    templating.keep_compiled(again)
    assert memos.remembered == []  # nothing compiled anew: nothing written
