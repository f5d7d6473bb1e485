"""shared(): a small template rendered once per view object, however many pages show it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_report_command import render

from styr.render.site import render as render_module
from styr.render.site import templating
from styr.render.site.safe import Safe


@dataclass(frozen=True)
class View:
    text: str


def _env(tmp_path: Path) -> templating.jinja2.Environment:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "_bit.html.j2").write_text("<b>{{ v.text }}</b>", encoding="utf-8")
    (tmp_path / "html" / "sida.html.j2").write_text('{{ shared("html/_bit.html.j2", v=v) }}|{{ v.text }}',
                                                    encoding="utf-8")
    return templating.environment("html", tmp_path)


def test_the_same_view_object_is_rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = _env(tmp_path)
    calls: list[str] = []
    real = env.get_template

    def counting(name: str, *args: object, **kwargs: object) -> object:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(env, "get_template", counting)
    view = View("<x>")
    first = templating.render(env, "html/sida.html.j2", v=view)
    second = templating.render(env, "html/sida.html.j2", v=view)
    assert first == second == "<b>&lt;x&gt;</b>|&lt;x&gt;"  # escaped once, not twice
    assert calls.count("html/_bit.html.j2") == 1
    # An equal but different object is another view: rendered again, so nothing depends on equality.
    templating.render(env, "html/sida.html.j2", v=View("<x>"))
    assert calls.count("html/_bit.html.j2") == 2
    templating.shared(env).clear()
    templating.render(env, "html/sida.html.j2", v=view)
    assert calls.count("html/_bit.html.j2") == 3


def test_shared_text_is_safe_and_a_missing_name_names_the_small_template(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert isinstance(templating.shared(env)("html/_bit.html.j2", v=View("a")), Safe)
    (tmp_path / "html" / "_bit.html.j2").write_text("{{ page.title }}", encoding="utf-8")
    env = templating.environment("html", tmp_path)
    with pytest.raises(templating.TemplateProblem, match=r"'html/_bit.html.j2'.*bara v"):
        templating.render(env, "html/sida.html.j2", v=View("a"))


MACROS = ('{% macro bold(v) %}<b>{{ v.text }}</b>{% endmacro %}'
          '{% macro box(v) %}[{{ caller() }}]{% endmacro %}')
PAGE = ('{% from "html/_m.html.j2" import bold, box %}{{ bold(a) }}{{ bold(a) }}{{ bold(b) }}'
        '{% call box(a) %}{{ n }}{% endcall %}')


def test_a_macro_given_the_same_objects_runs_once_in_styrs_own_templates(tmp_path: Path) -> None:
    """styr's macros show their arguments and nothing else: the same argument objects give the text made the first
    time. A macro that takes a caller, or different objects, runs again; a municipality's templates (sandboxed)
    run every call."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "_m.html.j2").write_text(MACROS, encoding="utf-8")
    (tmp_path / "html" / "sida.html.j2").write_text(PAGE, encoding="utf-8")
    a, b = View("<a>"), View("b")
    env = templating.environment("html", tmp_path)
    assert templating.render(env, "html/sida.html.j2", a=a, b=b, n=1) == "<b>&lt;a&gt;</b>" * 2 + "<b>b</b>[1]"
    memo = templating.shared(env).macros
    assert len(memo) == 2  # bold(a) and bold(b); box takes a caller
    assert templating.render(env, "html/sida.html.j2", a=a, b=b, n=2).endswith("[2]")
    templating.shared(env).clear()
    assert not memo
    own = tmp_path / "egna"
    own.mkdir()
    sandboxed = templating.environment("html", tmp_path, own)
    assert templating.render(sandboxed, "html/sida.html.j2", a=a, b=b, n=3).endswith("<b>b</b>[3]")
    assert not templating.shared(sandboxed).macros


class _Html:
    """Something that is already HTML, as MarkupSafe and Jinja understand it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return self.text


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(),
                 st.text().map(Safe), st.text().map(templating.markupsafe.Markup), st.text().map(_Html)))
def test_styrs_escaping_gives_what_markupsafe_gives(value: object) -> None:
    """styr's own templates escape each value without making a Markup of it; the text is MarkupSafe's."""
    assert templating._escape(value) == str(templating.markupsafe.escape(value))


def test_styrs_own_templates_escape_their_values_and_keep_safe_text(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "sida.html.j2").write_text("{{ a }}|{{ b }}|{{ n }}|{% macro m(x) %}<i>{{ x }}</i>"
                                                    "{% endmacro %}{{ m(a) }}", encoding="utf-8")
    for own in (None, tmp_path / "egna"):  # styr's environment, and a municipality's (Jinja's own escaping)
        if own is not None:
            own.mkdir()
        env = templating.environment("html", tmp_path, own)
        assert (templating.render(env, "html/sida.html.j2", a="<&\"'>", b=Safe("<br>"), n=3)
                == "&lt;&amp;&#34;&#39;&gt;|<br>|3|<i>&lt;&amp;&#34;&#39;&gt;</i>")


def test_a_unit_part_is_rendered_once_for_the_pages_of_its_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    """A målrapport shows the part of each unit one level down, which is also on that unit's own målrapport: made
    once (the pages of a unit with no units below are made with its parent's, see render.groups)."""
    rendered: list[str] = []
    real = templating.Shared.__call__

    def counting(self: templating.Shared, name: str, **views: object) -> Safe:
        before = len(self.done)
        made = real(self, name, **views)
        if name.endswith("_part.html.j2") and len(self.done) > before:  # made now, not taken from before
            rendered.append(name)
        return made

    monkeypatch.setattr(templating.Shared, "__call__", counting)
    monkeypatch.setenv(render_module.JOBS_ENV, "1")
    render(tmp_path / "ut", "--kind", "målrapport", "--period", "2026-H1")
    shown = 0
    for page in (tmp_path / "ut" / "malrapport").glob("*.html"):
        shown += page.read_text(encoding="utf-8").count('<section class="enhet"')
    assert rendered and len(rendered) < shown  # a leaf unit's part: on its page and its parent's, made once
