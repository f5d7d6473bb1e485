"""Reading one file: its bytes, what they hold (a positioned document checked against its schema, or a Markdown
text) and its problems, as the value that is cached (styr.load.cache) and sent back from a helper process."""

from __future__ import annotations

from collections.abc import Iterator

from styr.load import cache
from styr.load.cache import StatKey
from styr.load.loaded import Derive, LoadedDoc
from styr.load.problems import Problem, ProblemKind
from styr.load.schema_files import DocKind
from styr.load.schemas import check_document
from styr.load.source import Refused, Source, WorkTree, unreadable
from styr.load.yamlio import MAX_TEXT, YList, YMap, parse_yaml

Item = tuple[str, DocKind | None, str]
"""A file to read: its path, its kind (None: Markdown) and its unit's folder."""
Found = tuple[tuple[tuple[str, str, int, int, str], ...], str | None]
"""What reading a file found besides its document: the problems (kind, message, line, column, hint) and a
Markdown file's text."""
NOTHING: Found = ((), None)


class Read:
    """One file read: what it holds besides its document (`found`), the document itself (`doc`, or `blob`: it
    pickled), and the file's identity and SHA-256 when it came from the working tree (then it may be cached). A
    file that could not be read has only `failed`. `text` is the YAML text, kept only where it cannot be read
    again cheaply.

    Sent back from a helper process, the document travels pickled (`__reduce__`): the parent needs the pickle for
    the cache anyway, and keeps it so until the model is built from it (styr.load.loaded.Loaded.documents)."""

    __slots__ = ("blob", "doc", "failed", "found", "key", "settled", "sha", "text")

    def __init__(self, found: Found, doc: YMap | None = None, blob: bytes | memoryview | None = None,
                 failed: tuple[Problem, ...] = (), key: StatKey | None = None, sha: bytes | None = None,
                 settled: bool = False, text: str | None = None) -> None:
        self.found, self.doc, self.blob, self.failed = found, doc, blob, failed
        self.key, self.sha, self.settled, self.text = key, sha, settled, text

    def __reduce__(self) -> tuple[type[Read], tuple[object, ...]]:
        return Read, (self.found, None, self.pickled(), self.failed, self.key, self.sha, self.settled, self.text)

    @property
    def modelled(self) -> object:
        """What the model made of the document where it was read (see `Modelled`); None here."""
        return None

    def pickled(self) -> bytes | memoryview | None:
        """The document pickled (None for a file without one)."""
        if self.blob is None and self.doc is not None:
            self.blob = cache.encode(self.doc)
        return self.blob


class Modelled(Read):
    """A file read whose document was modelled where it was read (`read_items` with `derive`): only the model's
    part is kept and sent back, never the document. Not cached: only a run without a cache reads this way."""

    __slots__ = ("made",)

    def __init__(self, found: Found, made: object, sha: bytes | None, text: str | None) -> None:
        super().__init__(found, sha=sha, text=text)
        self.made = made

    def __reduce__(self) -> tuple[type[Read], tuple[object, ...]]:
        return Modelled, (self.found, self.made, self.sha, self.text)

    @property
    def modelled(self) -> object:
        return self.made


def read_items(source: Source, max_bytes: int, now: int, items: list[tuple[int, Item]], derive: Derive | None = None
               ) -> list[tuple[int, Read]]:
    """Read and parse files (numbered, so that they can be put back in order). A working tree's YAML texts are
    not kept: they are read again only for the few lines a finding shows (styr.load.repo.Loaded.source_line).
    With `derive`, each document is replaced by what the model makes of it, here where it was read: a helper
    process then sends that back, and the document is neither sent nor kept."""
    tree = source if isinstance(source, WorkTree) else None
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
        if derive is not None and doc is not None and kind is not None:
            made = derive(LoadedDoc(path, kind, doc, folder))
            out.append((i, Modelled(found, made, cache.digest(data) if info is not None else None, keep)))
            continue
        if info is None:
            out.append((i, Read(found, doc, text=keep)))
        else:
            out.append((i, Read(found, doc, None, (), cache.stat_key(info), cache.digest(data),
                                cache.settled(info, now), keep)))
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
    problems = (_long_text((1, 1), len(text)),) if len(text) > MAX_TEXT else ()
    return (problems, text), text


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
