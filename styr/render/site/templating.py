"""The only module that imports jinja2: sandboxed environments with autoescaping on for every template."""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any, Literal

import jinja2
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment

from styr.load.cache import code_fingerprint
from styr.render.site.safe import Safe
from styr.wording.escape import markdown_text

if TYPE_CHECKING:
    from styr.load.cache import Memos

Format = Literal["html", "md"]

Environment = jinja2.Environment
"""The template environment type, so other modules need not import jinja2."""


_C_ESCAPE = hasattr(markupsafe, "_escape_inner")  # MarkupSafe 3's C escaper, without the Markup around it
_escape_inner: Any = getattr(markupsafe, "_escape_inner", None) or (lambda text: str(markupsafe.escape(text)))


def _escape(value: Any) -> str:
    """What Jinja's autoescaping does to each `{{ … }}`, without making a Markup of every result: what the
    escaper returns is only ever joined into the template's output (a large report escapes millions of values)."""
    if type(value) is str:
        return _escape_inner(value)  # type: ignore[no-any-return]
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()  # type: ignore[no-any-return]  # already safe
    return _escape_inner(str(value))  # type: ignore[no-any-return]


class _Template(jinja2.Template):
    """A compiled template of styr's own, whose output is escaped by `_escape`."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any, uptodate: Any = None) -> Any:
        made = super().from_code(environment, code, globals, uptodate)
        if _C_ESCAPE:  # with an older MarkupSafe, Jinja's own (its escape was then in C already)
            # The template's functions (body, blocks and macros) look `escape` up in the module they were compiled
            # into, where Jinja put MarkupSafe's.
            made.root_render_func.__globals__["escape"] = _escape
        return made


class _Environment(jinja2.Environment):
    """The environment of styr's own templates: Jinja's, made cheaper where a large report calls it millions of
    times."""

    template_class = _Template

    def make_globals(self, d: Any) -> Any:
        # Jinja chains a template's globals to the environment's, and every render then copies the chain into a
        # new context key by key, in Python. styr sets the environment's globals once, before any template loads.
        return {**self.globals, **(d or {})}


class TemplateProblem(Exception):
    """A template is missing or broken; the message is Swedish and names the template."""


def _markdown_finalize(value: Any) -> Any:
    # Autoescaping applies markupsafe.escape to what finalize returns. A value that is not already safe is
    # escaped for Markdown here and handed on as Safe, so the HTML escaper leaves it alone: in Markdown
    # output the escaping that protects the reader is Markdown's, not HTML's.
    if hasattr(value, "__html__"):
        return value
    return Safe(markdown_text(str(value)))


class Shared:
    """`shared(name, **views)` in a template: the template `name` rendered with just those views, once for
    the same view objects however many pages show them (a goal is on its styrkort, its verksamhetsplan, its
    målrapport and the målrapport one level up).

    Views are immutable and shared between the pages that show them (see ViewBuilder), so the same objects
    give the same text. The cache holds the views themselves, so an id is never reused while its text is
    cached; the renderer empties it between groups of pages to keep memory bounded."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.done: dict[tuple[object, ...], tuple[tuple[object, ...], Safe]] = {}
        self.macros: dict[tuple[object, ...], tuple[tuple[object, ...], Any]] = {}
        """What a macro of styr's own templates gave for the same argument objects (see _Context.call)."""

    def __call__(self, name: str, **views: object) -> Safe:
        key = (name, *((k, id(v)) for k, v in views.items()))
        hit = self.done.get(key)
        if hit is None:
            try:
                text = self.env.get_template(name).render(views)
            except jinja2.UndefinedError as exc:  # name the small template, not the page that took it in
                given = ", ".join(views)
                raise TemplateProblem(f"mallen '{name}' använder något som inte finns i vymodellen (den får bara "
                                      f"{given}): {exc.message}") from exc
            hit = self.done[key] = (tuple(views.values()), Safe(text))
        return hit[1]

    def clear(self) -> None:
        self.done.clear()
        self.macros.clear()


class _Context(jinja2.runtime.Context):
    """Jinja's context with a short way to call a macro. Every `{{ badge(c) }}` goes through `Context.call`,
    which asks each callable whether it wants the context or the environment passed in; a macro never does,
    and a large report calls hundreds of thousands of them. Anything else takes Jinja's own way.

    Only styr's own templates run with this context (a municipality's run in Jinja's sandbox), and their macros
    show their arguments and nothing else. So a macro called again with the same argument objects (views are
    immutable and shared, like a colour's words on every goal of a report) gives what it gave before, and is not
    run again; like `Shared`, the cache holds the arguments themselves, so an id is never reused while cached."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is not jinja2.runtime.Macro:
            return super().call(__obj, *args, **kwargs)
        # What Context.call does for a macro: drop the loop and block variables, call, and turn a
        # StopIteration into an undefined value.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        # Not a `{% call %}` body (it shows the calling page's variables) nor a macro that takes one.
        memo = None if kwargs or __obj.caller or __obj.name in (None, "caller") else shared(__self.environment).macros
        key = (__obj._func, *map(id, args)) if memo is not None else ()
        if memo is not None and (hit := memo.get(key)) is not None:
            return hit[1]
        try:
            made = __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")
        if memo is not None:
            memo[key] = (args, made)
        return made


def shared(env: jinja2.Environment) -> Shared:
    found = env.globals["shared"]
    assert isinstance(found, Shared)
    return found


class KeptCode(jinja2.BytecodeCache):
    """The compiled templates, kept beside the parse cache for the next report: compiling styr's templates took a
    tenth of a second of every report. A compiled template is code, so it is kept in a signed file as the cache is
    (styr.load.cache.Memos), and only what this user's styr signed is run; in CI, only what the job's key signed.
    Each is keyed by its template's name, file and source, and by everything else its code depends on: the format,
    the sandbox, and Jinja's, Python's and styr's versions."""

    def __init__(self, memos: Memos, tag: str) -> None:
        self.memos, self.tag = memos, tag
        found = memos.recall(_KEPT_NAME, _KEPT_SUFFIX)
        self.code: dict[str, tuple[str, bytes]] = found if isinstance(found, dict) else {}
        self.used: set[str] = set()
        self.changed = False

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self.tag}\0{name}\0{filename or ''}".encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.used.add(bucket.key)
        entry = self.code.get(bucket.key)
        if type(entry) is tuple and len(entry) == 2 and entry[0] == bucket.checksum and type(entry[1]) is bytes:
            try:
                code = marshal.loads(entry[1])
            except (EOFError, ValueError, TypeError):  # not what marshal wrote: compile instead
                return
            if isinstance(code, CodeType):  # anything else that marshal reads is no template
                bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.code[bucket.key] = (bucket.checksum, marshal.dumps(bucket.code))
            self.changed = True

    def keep(self) -> None:
        """Keep what was compiled anew in this run (in this process: a helper's compiling is not kept), with the
        rest this run used: what another styr or other templates compiled goes."""
        if self.changed:
            used = {key: code for key, code in self.code.items() if key in self.used}
            self.memos.remember(_KEPT_NAME, used, keep=1, suffix=_KEPT_SUFFIX)
            self.changed = False


_KEPT_NAME = "mallar"
_KEPT_SUFFIX = ".mallar"


def keep_compiled(env: jinja2.Environment) -> None:
    """Keep the templates compiled so far for the next report (nothing without a KeptCode)."""
    kept = env.bytecode_cache
    if isinstance(kept, KeptCode):
        kept.keep()


def environment(fmt: Format, shipped: Path, override: Path | None = None, kept: Memos | None = None
                ) -> jinja2.Environment:
    """Templates for `fmt` from the shipped folder, each one replaceable by a file of the same name in the
    municipality's own folder (`--templates DIR`, laid out like the shipped one: html/…, md/…).

    With `override` the environment is sandboxed and immutable: a municipality's template can only show the
    prepared view model. Undefined
    names are errors, so a misspelt field is found the first time the template is used."""
    folders = [str(override), str(shipped)] if override is not None else [str(shipped)]
    # Only a municipality's own templates need the sandbox; styr's own run without its cost.
    kind = ImmutableSandboxedEnvironment if override is not None else _Environment
    # The compiled code depends on the environment as well as the source: all of it is in the key.
    tag = f"{fmt}\0{kind.__name__}\0{jinja2.__version__}\0{sys.version}\0{code_fingerprint()}\0{_C_ESCAPE}"
    env = kind(
        loader=jinja2.FileSystemLoader(folders, encoding="utf-8"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a run: no file check for every include
        finalize=_markdown_finalize if fmt == "md" else None,
        bytecode_cache=KeptCode(kept, tag) if kept is not None else None,
    )
    if override is None:  # a municipality's templates run in the sandbox, entirely Jinja's own way
        env.context_class = _Context
    env.globals["shared"] = Shared(env)
    return env


def load(env: jinja2.Environment, name: str) -> jinja2.Template:
    """Load (and so compile and check) a template."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"mallen '{exc.name}' finns inte.") from exc
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name
        raise TemplateProblem(f"syntaxfel i mallen '{where}', rad {exc.lineno}: {exc.message}") from exc


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; a template error becomes a TemplateProblem with a Swedish message."""
    try:
        return load(env, name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"mallen '{exc.name}' finns inte.") from exc
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name
        raise TemplateProblem(f"syntaxfel i mallen '{where}', rad {exc.lineno}: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"mallen '{name}' använder något som inte finns i vymodellen: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(f"mallen '{name}' försöker göra något som inte är tillåtet: {exc}") from exc
