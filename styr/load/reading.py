"""Reading one file: its bytes, what they hold (a positioned document checked against its schema, or a Markdown
text) and its problems, as the value that is cached (styr.load.cache) and sent back from a helper process."""

from __future__ import annotations

import os
from collections.abc import Iterator

from styr.characters import shown
from styr.load import cache
from styr.load.cache import StatKey
from styr.load.loaded import Derive, LoadedDoc
from styr.load.problems import Problem, ProblemKind
from styr.load.schema_files import DocKind
from styr.load.schemas import check_document
from styr.load.source import Refused, Source, WorkTree, unreadable
from styr.load.yamlio import MAX_TEXT, YList, YMap, control_problem, parse_yaml

Item = tuple[str, DocKind | None, str]
"""A file to read: its path, its kind (None: Markdown) and its unit's folder."""
Found = tuple[tuple[tuple[str, str, int, int, str], ...], str | None]
"""What reading a file found besides its document: the problems (kind, message, line, column, hint) and a
Markdown file's text."""
NOTHING: Found = ((), None)


class Read:
    """One file read: what it holds besides its document (`found`), the document itself (`doc`, or `blob`: it
    pickled), what the model made of it (`made`, when it was modelled where it was read: see `read_items`), and the
    file's identity and SHA-256 when it came from the working tree (then it may be cached). A file that could not be
    read has only `failed`. `text` is the YAML text, kept only where it cannot be read again cheaply.

    Sent back from a helper process, the document travels pickled (`__reduce__`): the parent needs the pickle for
    the cache anyway, and keeps it so until the model is built from it (styr.load.loaded.Loaded.documents)."""

    __slots__ = ("blob", "doc", "failed", "found", "key", "made", "settled", "sha", "text")

    def __init__(self, found: Found, doc: YMap | None = None, blob: bytes | memoryview | None = None,  # noqa: PLR0913, PLR0917 — one per field, as pickle gives them
                 failed: tuple[Problem, ...] = (), key: StatKey | None = None, sha: bytes | None = None,
                 settled: bool = False, text: str | None = None, made: object = None) -> None:
        self.found, self.doc, self.blob, self.failed = found, doc, blob, failed
        self.key, self.sha, self.settled, self.text, self.made = key, sha, settled, text, made

    def __reduce__(self) -> tuple[type[Read], tuple[object, ...]]:
        return Read, (self.found, None, self.pickled(), self.failed, self.key, self.sha, self.settled, self.text,
                      self.made)

    @property
    def modelled(self) -> object:
        """What the model made of the document where it was read (None when it was not modelled there)."""
        return self.made

    def pickled(self) -> bytes | memoryview | None:
        """The document pickled (None for a file without one, or whose document was not kept)."""
        if self.blob is None and self.doc is not None:
            self.blob = cache.encode(self.doc)
        return self.blob

    def release(self) -> None:
        """Let the document, its pickle and its model go: handed on to what was loaded (and to the cache)."""
        self.doc = self.blob = self.made = None


def read_items(source: Source, max_bytes: int, now: int, items: list[tuple[int, Item]],
               derive: Derive | None = None, modelled_in: int | None = None) -> list[tuple[int, Read]]:
    """Read and parse files (numbered, so that they can be put back in order). A working tree's YAML texts are
    not kept: they are read again only for the few lines a finding shows (styr.load.repo.Loaded.source_line).

    With `derive`, each document is modelled where it was read, and is not kept: a helper process then sends what
    the model made of it, smaller than the document. With `modelled_in` as well (a process id; the parse cache
    is being filled), only that process models the documents it reads, and keeps them pickled for the cache: a
    helper sends the pickle, which the cache needs anyway, and is modelled where it arrives."""
    tree = source if isinstance(source, WorkTree) else None
    here = derive if modelled_in is None or modelled_in == os.getpid() else None
    out: list[tuple[int, Read]] = []
    for i, (path, kind, folder) in items:
        try:
            if tree is not None:
                data, info = tree.read_with_identity(path)
            else:
                data, info = source.read_bytes(path), None
        except OSError as exc:
            r = exc.refusal if isinstance(exc, Refused) else unreadable(path, exc, folder=False)
            out.append((i, Read(NOTHING, failed=(Problem(r.kind, r.message, path, 1, 1, r.hint),))))
            continue
        doc, found, text = parse(kind, data, max_bytes)
        keep = None if (tree is not None or kind is None) else text
        made = None
        if here is not None and doc is not None and kind is not None:
            made = here(LoadedDoc(path, kind, doc, folder))
        if made is not None and modelled_in is None:  # not cached: the document goes
            out.append((i, Read(found, sha=cache.digest(data) if info is not None else None, text=keep, made=made)))
        elif info is None:
            out.append((i, Read(found, doc, text=keep, made=made)))
        else:
            blob = cache.encode(doc) if made is not None and doc is not None else None
            out.append((i, Read(found, None if blob is not None else doc, blob, (), cache.stat_key(info),
                                cache.digest(data), cache.settled(info, now), keep, made)))
    return out


def parse(kind: DocKind | None, data: bytes, max_bytes: int) -> tuple[YMap | None, Found, str]:
    """What one file's bytes hold: a YAML document checked against its kind's schema, or a Markdown text; and the
    text itself."""
    if kind is None:
        found, text = _markdown(data, max_bytes)
        return None, found, text
    parsed = parse_yaml(data, max_bytes)
    problems = [(p.kind.value, p.message, p.line, p.column, p.hint) for p in parsed.problems]
    if parsed.doc is None:
        return None, (tuple(problems), None), parsed.text
    if len(parsed.text) > MAX_TEXT:  # only a file longer than the limit can hold a text longer than it
        problems.extend(_long_text(pos, n) for pos, n in _long_strings(parsed.doc, parsed.doc.pos))
    for sp in check_document(kind, parsed.doc):
        line, col = locate(parsed.doc, sp.path, sp.key_problem)
        problems.append((sp.kind.value, sp.message, line, col, sp.hint))
    return parsed.doc, (tuple(problems), None), parsed.text


def _markdown(data: bytes, max_bytes: int) -> tuple[Found, str]:
    if len(data) > max_bytes:
        return (((ProblemKind.TOO_LARGE.value, f"Filen är större än gränsen {max_bytes // 1024} KiB.", 1, 1,
                  "Korta texten eller dela upp den i flera avsnitt."),), None), ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (((ProblemKind.NOT_UTF8.value, "Filen är inte giltig UTF-8.", line, 1,
                  "Spara filen som UTF-8 i din editor."),), None), ""
    text = text.removeprefix("\ufeff")
    problems = [_long_text((1, 1), len(text))] if len(text) > MAX_TEXT else []
    clean, bad = shown(text)
    if bad is not None:  # a Markdown file is read as it is: here it may hold them without any escape
        first = text.index(bad)
        p = control_problem(bad, text.count("\n", 0, first) + 1, first - (text.rfind("\n", 0, first) + 1) + 1,
                            "Ta bort tecknet ur texten (det kommer ofta med när text klistras in från ett annat "
                            "program).")
        problems.append((p.kind.value, p.message, p.line, p.column, p.hint))
    return (tuple(problems), clean), text


def _long_text(pos: tuple[int, int], length: int) -> tuple[str, str, int, int, str]:
    return (ProblemKind.LONG_TEXT.value, f"Texten är {length} tecken lång; en rapport visar högst {MAX_TEXT} "
            "tecken och visar en anteckning i stället.", pos[0], pos[1],
            "Korta texten, dela upp den, eller lägg en lång bilaga (till exempel en tabell) någon annanstans "
            "och länka till den.")


def _long_strings(node: object, pos: tuple[int, int]) -> Iterator[tuple[tuple[int, int], int]]:
    """(position, length) of every text in a document longer than a report renders."""
    if isinstance(node, str):
        if len(node) > MAX_TEXT:
            yield pos, len(node)
    elif isinstance(node, YMap):
        for key, value in node.items():
            yield from _long_strings(value, node.where(key))
    elif isinstance(node, YList):
        for i, value in enumerate(node):
            yield from _long_strings(value, node.where(i))


def locate(doc: YMap, path: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
    """Line and column of the value (or, with `key`, the key) at `path` inside a document."""
    node: object = doc
    pos = doc.pos
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, YMap) and isinstance(step, str) and step in node:
            pos = node.where_key(step) if (last and key) else node.where(step)
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.where(step)
            node = node[step]
        else:
            break
    return pos
